// SPDX-License-Identifier: GPL-2.0
/*
 * A role run as a service: in the background if asked (fork, pid file,
 * syslog) and telling systemd how it is doing.
 */
#include "daemon.h"
#include "log.h"

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

int daemon_start(struct role_opts *ro)
{
	FILE *f;

	if (ro->daemonize && daemon(0, 0)) {
		logmsg(LOG_ERR, "cannot daemonize: %s", strerror(errno));
		return -1;
	}
	if (ro->daemonize || ro->syslog)
		log_to_syslog(ro->conf.facility >= 0 ? ro->conf.facility :
			      LOG_DAEMON);
	if (ro->pidfile) {
		f = fopen(ro->pidfile, "w");
		if (!f) {
			logmsg(LOG_ERR, "%s: %s", ro->pidfile, strerror(errno));
			return -1;
		}
		fprintf(f, "%ld\n", (long)getpid());
		fclose(f);
	}
	return 0;
}

void daemon_stop(struct role_opts *ro)
{
	if (ro->pidfile)
		unlink(ro->pidfile);
	log_close();
}

void sd_notifyf(const char *fmt, ...)
{
	const char *path = getenv("NOTIFY_SOCKET");
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	socklen_t len;
	char msg[256];
	va_list ap;
	int fd;

	if (!path || (path[0] != '/' && path[0] != '@') ||
	    strlen(path) >= sizeof(sun.sun_path))
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	strcpy(sun.sun_path, path);
	if (path[0] == '@')	/* abstract namespace */
		sun.sun_path[0] = '\0';
	len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(path));
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return;
	if (sendto(fd, msg, strlen(msg), MSG_NOSIGNAL, (struct sockaddr *)&sun, len) < 0)
		logmsg(LOG_WARNING, "cannot notify systemd: %s", strerror(errno));
	close(fd);
}
