/* SPDX-License-Identifier: GPL-2.0 */
/* What teredoctl's subcommands share. */
#ifndef TEREDOCTL_H
#define TEREDOCTL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

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
int cmd_stf(struct options *opt, int argc, char **argv);
int cmd_dev(struct options *opt, int argc, char **argv);
int cmd_peer(struct options *opt, int argc, char **argv);
int cmd_monitor(struct options *opt, int argc, char **argv);
int cmd_client(struct options *opt, int argc, char **argv);
int cmd_relay(struct options *opt, int argc, char **argv);
int cmd_server(struct options *opt, int argc, char **argv);
int cmd_run(struct options *opt, int argc, char **argv);
int cmd_check_config(struct options *opt, int argc, char **argv);

/*
 * Run one command line (argv[0] is the command); in a batch, commands
 * that run until stopped are refused. Returns the exit status.
 */
int run_command(struct options *opt, int argc, char **argv, bool in_batch);
/* batch.c: the commands in file ("-": stdin), one a line. */
int run_batch(const struct options *opt, const char *file, bool force);

/* show.c: show one device (NULL: all), as "teredoctl show" does. */
int show_devices(const struct options *opt, const char *dev);

/*
 * peer.c: one peer in a request (TEREDO_A_PEER): the address, and for
 * peer-add its mapping (0: none) and flags (-1: not given).
 */
struct nl_msg;
struct peer_spec {
	const struct in6_addr *addr;
	uint32_t map_addr;		/* network order */
	uint16_t map_port;
	int trusted, local;
};
int peer_nest_put(struct nl_msg *msg, const struct peer_spec *s);
/* The peer of a reply into @p (TEREDO_PEER_A_MAX + 1); -EPROTO if none. */
struct nlattr;
int peer_parse(struct nlattr **tb, struct nlattr **p);

/* stf.c: print the stf options of a dev-get reply; -EPROTO if malformed. */
struct print_ctx;
int stf_show(struct print_ctx *c, struct nlattr *nest);

/*
 * Parse the global options among a subcommand's arguments; returns the
 * index of the first other argument, 0 when -h or -V was handled (exit 0),
 * or -1 after printing an error (exit 2).
 */
int parse_common_options(struct options *opt, int argc, char **argv);

/* args.c: command-line values; -1 after printing what was wrong. */
int arg_onoff(const char *cmd, const char *key, const char *v, bool *out);
/* One of the names @name gives @lo..@hi (@choices, as the error lists them). */
int arg_enum(const char *cmd, const char *key, const char *v, unsigned int lo,
	     unsigned int hi, const char *(*name)(unsigned int),
	     const char *choices, unsigned int *out);
int arg_ipv4(const char *cmd, const char *key, const char *v, uint32_t *out);
int arg_ipv6(const char *cmd, const char *key, const char *v,
	     struct in6_addr *out);
int arg_u32(const char *cmd, const char *key, const char *v, uint32_t min,
	    uint32_t max, uint32_t *out);
int arg_mapping(const char *cmd, const char *v, uint32_t *addr, uint16_t *port);

/* Names of UAPI enumeration values, "?" for unknown ones. */
const char *kind_name(unsigned int kind);
const char *mode_name(unsigned int mode);
const char *prediction_name(unsigned int prediction);
const char *state_name(unsigned int state);
/* Counter names for JSON keys ("tx_not_ipv6"); NULL for unknown ones. */
const char *stat_name(unsigned int stat);

#endif
