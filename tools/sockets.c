// SPDX-License-Identifier: GPL-2.0
/* The UDP sockets of the roles, and the namespace a tunnel's is bound in. */
#include "conf.h"
#include "log.h"
#include "sockets.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int udp_socket(uint32_t addr, uint16_t port)
{
	struct sockaddr_in sin = {
		.sin_family = AF_INET,
		.sin_addr.s_addr = addr,
		.sin_port = htons(port),
	};
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);

	if (fd < 0)
		return -1;
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin))) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

/* The namespace file of @name: a path, or a name under /run/netns. */
static int netns_open(const char *name)
{
	char path[PATH_MAX];

	if (strchr(name, '/'))
		return open(name, O_RDONLY | O_CLOEXEC);
	snprintf(path, sizeof(path), "/run/netns/%s", name);
	return open(path, O_RDONLY | O_CLOEXEC);
}

int role_socket(const struct conf *cf)
{
	const char *name = cf->socket_netns;
	int ns = -1, self = -1, fd, err;

	if (*name) {
		ns = netns_open(name);
		if (ns < 0) {
			logmsg(LOG_ERR, "namespace %s: %s", name, strerror(errno));
			return -1;
		}
		self = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
		if (self < 0 || setns(ns, CLONE_NEWNET)) {
			logmsg(LOG_ERR, "cannot enter namespace %s: %s", name,
			       strerror(errno));
			fd = -1;
			goto out;
		}
	}
	fd = udp_socket(cf->bind_addr, cf->bind_port);
	err = errno;
	/* Back home: every other socket of ours belongs to the device's. */
	if (*name && setns(self, CLONE_NEWNET)) {
		logmsg(LOG_ERR, "cannot return from namespace %s: %s", name,
		       strerror(errno));
		exit(1);
	}
	if (fd < 0)
		logmsg(LOG_ERR, "cannot bind the UDP socket%s%s: %s",
		       *name ? " in namespace " : "", name, strerror(err));
out:
	if (self >= 0)
		close(self);
	if (ns >= 0)
		close(ns);
	return fd;
}
