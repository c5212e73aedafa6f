/* SPDX-License-Identifier: GPL-2.0 */
/* A role's messages: to stderr, or to syslog once log_to_syslog() ran. */
#ifndef TEREDOCTL_LOG_H
#define TEREDOCTL_LOG_H

#include <syslog.h>

void logmsg(int prio, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* From now on to syslog, as progname, with @facility (LOG_DAEMON...). */
void log_to_syslog(int facility);
void log_close(void);

#endif
