// SPDX-License-Identifier: GPL-2.0
/* teredoctl run: the role a config file names, as its own command would. */
#include "conf.h"
#include "teredoctl.h"

#include <stdio.h>
#include <string.h>

/* teredoctl run -c FILE [options]: the role the file names. */
int cmd_run(struct options *opt, int argc, char **argv)
{
	const char *path = NULL;
	char err[512];
	struct conf c;

	for (int i = 1; i < argc; i++) {
		if ((!strcmp(argv[i], "-c") || !strcmp(argv[i], "--config")) && i + 1 < argc)
			path = argv[i + 1];
		else if (!strncmp(argv[i], "--config=", 9))
			path = argv[i] + 9;
	}
	if (!path) {
		fprintf(stderr, "%s: usage: run -c FILE [--daemon] [--syslog] [--pidfile FILE]\n",
			progname);
		return 2;
	}
	conf_init(&c);
	if (conf_read(path, &c, err, sizeof(err))) {
		fprintf(stderr, "%s: %s\n", progname, err);
		return 1;
	}
	switch (c.role) {
	case ROLE_CLIENT:
		return cmd_client(opt, argc, argv);
	case ROLE_RELAY:
		return cmd_relay(opt, argc, argv);
	default:
		return cmd_server(opt, argc, argv);
	}
}
