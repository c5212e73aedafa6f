// SPDX-License-Identifier: GPL-2.0
/*
 * What a role's event loop is made of: signals as a file descriptor,
 * poll, a budget per socket and a monotonic clock.
 */
#include "log.h"
#include "loop.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

int signals_open(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGUSR1);
	signal(SIGPIPE, SIG_IGN);
	if (sigprocmask(SIG_BLOCK, &set, NULL))
		return -1;
	return signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
}

int role_poll(struct pollfd *pfd, unsigned int n, int timeout)
{
	struct signalfd_siginfo si;

	if (poll(pfd, n, timeout) < 0) {
		if (errno == EINTR)
			return 0;
		logmsg(LOG_ERR, "poll: %s", strerror(errno));
		return -1;
	}
	if (!pfd[0].revents || read(pfd[0].fd, &si, sizeof(si)) != sizeof(si))
		return 0;
	return (int)si.ssi_signo;
}

uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

unsigned int drain(int fd)
{
	unsigned int n = 0;
	char buf[2048];

	while (n < READ_BUDGET && recv(fd, buf, sizeof(buf), MSG_DONTWAIT) >= 0)
		n++;
	return n;
}
