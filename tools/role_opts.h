/* SPDX-License-Identifier: GPL-2.0 */
/* A role's command line: client, relay and server share their parser. */
#ifndef TEREDOCTL_ROLE_OPTS_H
#define TEREDOCTL_ROLE_OPTS_H

#include "conf.h"

#include <stdbool.h>

struct role_opts {
	struct conf conf;	/* the config file, then the command line */
	bool daemonize;		/* --daemon: fork, log to syslog */
	bool syslog;		/* --syslog */
	const char *pidfile;	/* --pidfile */
};

/*
 * Parse a role's command line: the config file (-c FILE) first, then the
 * options, which override it, and DEV (client and relay). Returns 0, -1
 * after --help (exit 0), or the exit status after an error.
 */
int role_parse(struct role_opts *ro, enum role role, int argc, char **argv,
	       const char *usage);

#endif
