// SPDX-License-Identifier: GPL-2.0
/*
 * teredoctl -b FILE: many configuration commands from one process, as
 * with ip -batch. A relay's static peers or a test's churn then cost one
 * program start, not one per line.
 */
#include "teredoctl.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define BATCH_MAX_WORDS	64

/* Split line into blank-separated words; -1 when there are too many. */
static int split_words(char *line, char **argv)
{
	int argc = 0;
	char *save, *w;

	for (w = strtok_r(line, " \t\r\n", &save); w;
	     w = strtok_r(NULL, " \t\r\n", &save)) {
		if (argc == BATCH_MAX_WORDS)
			return -1;
		argv[argc++] = w;
	}
	argv[argc] = NULL;
	return argc;
}

/* A line may start with the output options, as a command line does. */
static int run_line(struct options *opt, int argc, char **argv)
{
	for (; argc > 0 && argv[0][0] == '-'; argc--, argv++) {
		if (!strcmp(argv[0], "-j") || !strcmp(argv[0], "--json")) {
			opt->json = true;
		} else if (!strcmp(argv[0], "-s") || !strcmp(argv[0], "--stats")) {
			opt->stats = true;
		} else {
			fprintf(stderr, "%s: unknown option '%s' in a batch (-j and -s are)\n",
				progname, argv[0]);
			return 2;
		}
	}
	if (!argc) {
		fprintf(stderr, "%s: options but no command\n", progname);
		return 2;
	}
	return run_command(opt, argc, argv, true);
}

int run_batch(const struct options *opt, const char *file, bool force)
{
	char *argv[BATCH_MAX_WORDS + 1], *line = NULL;
	const char *name = strcmp(file, "-") ? file : "<stdin>";
	unsigned long lineno = 0;
	size_t cap = 0;
	int argc, r, status = 0;
	FILE *in;

	in = strcmp(file, "-") ? fopen(file, "r") : stdin;
	if (!in) {
		fprintf(stderr, "%s: %s: %s\n", progname, file, strerror(errno));
		return 1;
	}
	while (getline(&line, &cap, in) >= 0) {
		struct options line_opt = *opt;	/* a line's -j stays its own */

		lineno++;
		argc = split_words(line, argv);
		if (argc == 0 || (argc > 0 && argv[0][0] == '#'))
			continue;
		if (argc < 0) {
			fprintf(stderr, "%s: %s:%lu: more than %d words\n",
				progname, name, lineno, BATCH_MAX_WORDS);
			r = 2;
		} else {
			r = run_line(&line_opt, argc, argv);
		}
		fflush(stdout);
		if (r) {
			fprintf(stderr, "%s: %s:%lu: command failed\n",
				progname, name, lineno);
			if (!status)
				status = r;
			if (!force)
				break;
		}
	}
	if (ferror(in)) {
		fprintf(stderr, "%s: %s: read error\n", progname, name);
		status = status ?: 1;
	}
	free(line);
	if (in != stdin)
		fclose(in);
	return status;
}
