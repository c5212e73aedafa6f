/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A role run as a service: in the background if asked, with a pid file
 * and syslog, and telling systemd (Type=notify) how it is doing.
 */
#ifndef TEREDOCTL_DAEMON_H
#define TEREDOCTL_DAEMON_H

#include "role_opts.h"

/* Fork if asked, write the pid file, open syslog; 0 or -1. */
int daemon_start(struct role_opts *ro);
void daemon_stop(struct role_opts *ro);

/* Tell systemd (NOTIFY_SOCKET), if it asked: "READY=1", "STATUS=...". */
void sd_notifyf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
