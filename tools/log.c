// SPDX-License-Identifier: GPL-2.0
/* Where a role's messages go: stderr, or syslog once it runs as a daemon. */
#include "log.h"
#include "teredoctl.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

static bool use_syslog;

void log_to_syslog(int facility)
{
	openlog(progname, LOG_PID, facility);
	use_syslog = true;
}

void log_close(void)
{
	if (use_syslog)
		closelog();
	use_syslog = false;
}

void logmsg(int prio, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (use_syslog) {
		vsyslog(prio, fmt, ap);
	} else {
		fprintf(stderr, "%s: ", progname);
		vfprintf(stderr, fmt, ap);
		fputc('\n', stderr);
	}
	va_end(ap);
}

