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
	int (*fn)(const struct options *opt, int argc, char **argv);
	const char *usage;
};

static const struct command commands[] = {
	{ "show", cmd_show, "show [DEV]            list teredo and stf devices" },
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
		"  -h, --help       this help\n"
		"  -V, --version    print the version\n"
		"\n"
		"See teredoctl(8).\n");
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json",	no_argument, NULL, 'j' },
		{ "stats",	no_argument, NULL, 's' },
		{ "help",	no_argument, NULL, 'h' },
		{ "version",	no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct options opt = { 0 };
	int c;

	while ((c = getopt_long(argc, argv, "+jshV", longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			opt.json = true;
			break;
		case 's':
			opt.stats = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("teredoctl %s\n", TEREDO_VERSION);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind == argc) {
		usage(stderr);
		return 2;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[optind], commands[i].name))
			return commands[i].fn(&opt, argc - optind, argv + optind);
	fprintf(stderr, "%s: unknown command '%s' (see %s --help)\n",
		progname, argv[optind], progname);
	return 2;
}
