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

/*
 * Each subcommand: argv[0] is its name; returns the exit status. The
 * global options may also follow the subcommand's name.
 */
int cmd_show(struct options *opt, int argc, char **argv);

/*
 * Parse the global options among a subcommand's arguments; returns the
 * index of the first other argument, 0 when -h or -V was handled (exit 0),
 * or -1 after printing an error (exit 2).
 */
int parse_common_options(struct options *opt, int argc, char **argv);

/* Names of UAPI enumeration values, "?" for unknown ones. */
const char *kind_name(unsigned int kind);
const char *mode_name(unsigned int mode);
const char *state_name(unsigned int state);
/* Counter names for JSON keys ("tx_not_ipv6"); NULL for unknown ones. */
const char *stat_name(unsigned int stat);

#endif
