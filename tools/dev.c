// SPDX-License-Identifier: GPL-2.0
/*
 * teredoctl dev DEV set mode client|relay|server
 * teredoctl dev DEV attach FD | detach
 *
 * Low-level configuration of a teredo device, for tests and experts; the
 * client, relay and server commands do this themselves.
 */
#include "nl.h"
#include "teredoctl.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/teredo.h>

static int dev_request(const char *dev, int (*put)(struct nl_msg *, void *),
		       void *arg)
{
	struct nl_msg *msg;
	struct tnl t;
	int err;

	if (tnl_open(&t) < 0)
		return 1;
	msg = tnl_msg(&t, TEREDO_CMD_DEV_SET, 0);
	if (!msg || nla_put_string(msg, TEREDO_A_IFNAME, dev) < 0 ||
	    put(msg, arg) < 0) {
		fprintf(stderr, "%s: out of memory\n", progname);
		nlmsg_free(msg);
		tnl_close(&t);
		return 1;
	}
	err = tnl_request(&t, msg, NULL, NULL);
	if (err)
		tnl_perror(&t, dev, err);
	tnl_close(&t);
	return err ? 1 : 0;
}

static int put_mode(struct nl_msg *msg, void *arg)
{
	return nla_put_u8(msg, TEREDO_A_MODE, *(unsigned int *)arg);
}

static int put_fd(struct nl_msg *msg, void *arg)
{
	return nla_put_u32(msg, TEREDO_A_SOCK_FD, *(unsigned int *)arg);
}

static int put_detach(struct nl_msg *msg, void *arg)
{
	(void)arg;
	return nla_put_flag(msg, TEREDO_A_SOCK_DETACH);
}

int cmd_dev(struct options *opt, int argc, char **argv)
{
	const char *dev, *action;
	unsigned int v;
	char *end;
	int i;

	i = parse_common_options(opt, argc, argv);
	if (i <= 0)
		return i ? 2 : 0;
	if (argc - i < 2)
		goto usage;
	dev = argv[i];
	action = argv[i + 1];
	if (!*dev || strlen(dev) >= 16) {
		fprintf(stderr, "%s: invalid device name '%s'\n", progname, dev);
		return 2;
	}
	if (!strcmp(action, "set") && argc - i == 4 && !strcmp(argv[i + 2], "mode")) {
		for (v = TEREDO_MODE_CLIENT; v <= TEREDO_MODE_MAX; v++)
			if (!strcmp(argv[i + 3], mode_name(v)))
				return dev_request(dev, put_mode, &v);
		fprintf(stderr, "%s: dev: mode is client, relay or server, not '%s'\n",
			progname, argv[i + 3]);
		return 2;
	}
	if (!strcmp(action, "attach") && argc - i == 3) {
		errno = 0;
		v = strtoul(argv[i + 2], &end, 10);
		if (errno || !*argv[i + 2] || *end) {
			fprintf(stderr, "%s: dev: attach takes a file descriptor number, not '%s'\n",
				progname, argv[i + 2]);
			return 2;
		}
		return dev_request(dev, put_fd, &v);
	}
	if (!strcmp(action, "detach") && argc - i == 2)
		return dev_request(dev, put_detach, NULL);
usage:
	fprintf(stderr, "%s: usage: dev DEV set mode client|relay|server | dev DEV attach FD | dev DEV detach\n",
		progname);
	return 2;
}
