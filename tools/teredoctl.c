// SPDX-License-Identifier: GPL-2.0
/*
 * teredoctl: inspect and configure kteredo's teredo and stf devices.
 */
#include "teredoctl.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#ifndef TEREDO_VERSION
#define TEREDO_VERSION "unknown"
#endif

const char *progname = "teredoctl";

struct command {
	const char *name;
	int (*fn)(struct options *opt, int argc, char **argv);
	const char *usage;
	bool long_running;	/* runs until stopped: not in a batch */
};

static const struct command commands[] = {
	{ "show", cmd_show, "show [DEV]                 list teredo and stf devices", false },
	{ "stf", cmd_stf,   "stf DEV show               an stf device and its 6to4 options\n"
			    "  stf DEV set OPTION VALUE...  change 6to4 options: relay ADDR|none,\n"
			    "                             ttl N|inherit, permit-rfc1918, output-only,\n"
			    "                             ecn, ingress-check, no-ingress-check,\n"
			    "                             link0, link1, link2 (each on|off)", false },
	{ "dev", cmd_dev,   "dev DEV set KEY VALUE...   mode client|relay|server, server ADDR,\n"
			    "                             server2 ADDR, mapping ADDR:PORT, address IPV6,\n"
			    "                             qualified on|off, inbound on|off,\n"
			    "                             peer-max N, peer-expiry SECONDS,\n"
			    "                             bubble-rate N, mapping-peers N,\n"
			    "                             load-reduction on|off, open-mapping on|off,\n"
			    "                             prediction none|port-preserving|sequential\n"
			    "  dev DEV attach FD          hand the device a bound UDP/IPv4 socket\n"
			    "  dev DEV detach             give the socket back", false },
	{ "peer", cmd_peer, "peer DEV [show [ADDR]]     the peers of a teredo device\n"
			    "  peer DEV add ADDR [mapping A:PORT] [trusted on|off]\n"
			    "                 [local on|off]\n"
			    "                             add or change a peer\n"
			    "  peer DEV del ADDR          forget a peer\n"
			    "  peer DEV flush             forget them all", false },
	{ "monitor", cmd_monitor,
			    "monitor [DEV] [count N]    print peer events: trusted, expired,\n"
			    "                             evicted, queue-full (with -j: JSON lines)", true },
	{ "client", cmd_client,
			    "client [DEV] --server HOST [--server2 HOST] [--bind ADDR] [--port N]\n"
			    "           [--mtu N] [--refresh SECONDS] [--inbound on|off]\n"
			    "           [--local-discovery on|off ...] [--socket-netns NS]\n"
			    "           [-c FILE]\n"
			    "                             run a Teredo client: qualify, keep the\n"
			    "                             mapping, manage DEV's address and routes", true },
	{ "relay", cmd_relay,
			    "relay [DEV] [--bind ADDR] [--port N] [--mtu N] [--socket-netns NS]\n"
			    "           [--route on|off] [-c FILE]\n"
			    "                             run a Teredo relay for 2001::/32", true },
	{ "server", cmd_server,
			    "server --primary ADDR [--secondary ADDR] [-c FILE]\n"
			    "                             run a Teredo server on UDP 3544", true },
	{ "run", cmd_run,      "run -c FILE                the role the file's RelayType names\n"
			    "  (client, relay, server also take --daemon, --syslog, --pidfile FILE)", true },
	{ "check-config", cmd_check_config,
			    "check-config FILE          validate a miredo.conf-style file", false },
};

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: %s [OPTIONS] COMMAND [ARGS]\n"
		"\n"
		"Commands:\n", progname);
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %s\n", commands[i].usage);
	fprintf(out,
		"\n"
		"Options:\n"
		"  -j, --json       JSON output\n"
		"  -s, --stats      include counters\n"
		"  -b, --batch FILE read commands from FILE (- for stdin), one a line;\n"
		"                   stop at the first that fails\n"
		"  -f, --force      with -b: go on after a failed command\n"
		"  -h, --help       this help\n"
		"  -V, --version    print the version\n"
		"\n"
		"See teredoctl(8).\n");
}

/*
 * Options before a command's name; after it, the same less the first two
 * (-b and -f are for what runs the commands).
 */
static const struct option main_longopts[] = {
	{ "batch",	required_argument, NULL, 'b' },
	{ "force",	no_argument, NULL, 'f' },
	{ "json",	no_argument, NULL, 'j' },
	{ "stats",	no_argument, NULL, 's' },
	{ "help",	no_argument, NULL, 'h' },
	{ "version",	no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

static const struct option *const common_longopts = main_longopts + 2;

/* Returns 0 to go on, 1 for a finished -h/-V, -1 for an error. */
static int common_option(struct options *opt, int c)
{
	switch (c) {
	case 'j':
		opt->json = true;
		return 0;
	case 's':
		opt->stats = true;
		return 0;
	case 'h':
		usage(stdout);
		return 1;
	case 'V':
		printf("teredoctl %s\n", TEREDO_VERSION);
		return 1;
	default:
		return -1;
	}
}

int parse_common_options(struct options *opt, int argc, char **argv)
{
	int c, r;

	optind = 0;	/* 0: GNU getopt starts afresh */
	opterr = 0;
	while ((c = getopt_long(argc, argv, "jshV", common_longopts, NULL)) != -1) {
		r = common_option(opt, c);
		if (r > 0)
			return 0;
		if (r < 0) {
			fprintf(stderr, "%s: %s: unknown option '%s' (see %s --help)\n",
				progname, argv[0], argv[optind - 1], progname);
			return -1;
		}
	}
	return optind;
}

int run_command(struct options *opt, int argc, char **argv, bool in_batch)
{
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(argv[0], commands[i].name))
			continue;
		if (in_batch && commands[i].long_running) {
			fprintf(stderr, "%s: '%s' runs until stopped: not in a batch\n",
				progname, argv[0]);
			return 2;
		}
		return commands[i].fn(opt, argc, argv);
	}
	fprintf(stderr, "%s: unknown command '%s' (see %s --help)\n",
		progname, argv[0], progname);
	return 2;
}

int main(int argc, char **argv)
{
	struct options opt = { 0 };
	const char *batch = NULL;
	bool force = false;
	int c, r;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+jshVb:f", main_longopts, NULL)) != -1) {
		if (c == 'b') {
			batch = optarg;
			continue;
		}
		if (c == 'f') {
			force = true;
			continue;
		}
		r = common_option(&opt, c);
		if (r > 0)
			return 0;
		if (r < 0) {
			if (optopt == 'b')
				fprintf(stderr, "%s: -b needs a FILE (- for stdin)\n", progname);
			else
				fprintf(stderr, "%s: unknown option '%s' (see %s --help)\n",
					progname, argv[optind - 1], progname);
			return 2;
		}
	}
	if (batch) {
		if (optind != argc) {
			fprintf(stderr, "%s: -b takes its commands from %s, not the command line\n",
				progname, batch);
			return 2;
		}
		return run_batch(&opt, batch, force);
	}
	if (force) {
		fprintf(stderr, "%s: -f goes with -b\n", progname);
		return 2;
	}
	if (optind == argc) {
		usage(stderr);
		return 2;
	}
	return run_command(&opt, argc - optind, argv + optind, false);
}
