/* SPDX-License-Identifier: GPL-2.0 */
/* What teredoctl's subcommands share. */
#ifndef TEREDOCTL_H
#define TEREDOCTL_H

#include <stdbool.h>

extern const char *progname;

struct options {
	bool json;	/* -j */
	bool stats;	/* -s */
};

/* Each subcommand: argv[0] is its name; returns the exit status. */
int cmd_show(const struct options *opt, int argc, char **argv);

/* Names of UAPI enumeration values, "?" for unknown ones. */
const char *kind_name(unsigned int kind);
const char *mode_name(unsigned int mode);
const char *state_name(unsigned int state);
/* Counter names for JSON keys ("tx_not_ipv6"); NULL for unknown ones. */
const char *stat_name(unsigned int stat);

#endif
