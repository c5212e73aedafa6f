// SPDX-License-Identifier: GPL-2.0
/*
 * teredoctl dev DEV set [mode client|relay|server] [server A] [server2 A]
 *                       [mapping A:PORT] [address X] [qualified on|off]
 *                       [inbound on|off] [peer-max N] [peer-expiry SECONDS]
 *                       [bubble-rate N] [mapping-peers N]
 *                       [load-reduction on|off] [open-mapping on|off]
 *                       [prediction none|port-preserving|sequential]
 * teredoctl dev DEV attach FD | detach
 *
 * Low-level configuration of a teredo device, for tests and experts; the
 * client, relay and server commands do this themselves.
 */
#include "nl.h"
#include "teredoctl.h"

#include <arpa/inet.h>
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
	err = msg ? nla_put_string(msg, TEREDO_A_IFNAME, dev) : -1;
	if (!err)
		err = put(msg, arg);
	if (err) {
		/* -2: the arguments were wrong, and put() said why. */
		if (err != -2)
			fprintf(stderr, "%s: out of memory\n", progname);
		nlmsg_free(msg);
		tnl_close(&t);
		return err == -2 ? 2 : 1;
	}
	err = tnl_request(&t, msg, NULL, NULL);
	if (err)
		tnl_perror(&t, dev, err);
	tnl_close(&t);
	return err ? 1 : 0;
}

struct set_args {
	int argc;
	char **argv;
};

/* Every "KEY VALUE" of "dev DEV set" into one request. */
static int put_settings(struct nl_msg *msg, void *arg)
{
	const struct set_args *a = arg;

	for (int i = 0; i < a->argc; i += 2) {
		const char *k = a->argv[i], *v = a->argv[i + 1];
		struct in6_addr a6;
		uint32_t addr;
		uint16_t port;
		unsigned int m;
		uint32_t n;
		bool on;
		int err = 0;

		if (!strcmp(k, "mode")) {
			if (arg_enum("dev", k, v, TEREDO_MODE_CLIENT,
				     TEREDO_MODE_MAX, mode_name,
				     "client, relay or server", &m))
				return -2;
			err = nla_put_u8(msg, TEREDO_A_MODE, m);
		} else if (!strcmp(k, "server") || !strcmp(k, "server2")) {
			if (arg_ipv4("dev", k, v, &addr))
				return -2;
			err = nla_put_u32(msg, k[6] ? TEREDO_A_SERVER2 : TEREDO_A_SERVER, addr);
		} else if (!strcmp(k, "mapping")) {
			if (arg_mapping("dev", v, &addr, &port))
				return -2;
			err = nla_put_u32(msg, TEREDO_A_MAPPED_ADDR, addr) ?:
			      nla_put_u16(msg, TEREDO_A_MAPPED_PORT, port);
		} else if (!strcmp(k, "address")) {
			if (arg_ipv6("dev", k, v, &a6))
				return -2;
			err = nla_put(msg, TEREDO_A_ADDR6, sizeof(a6), &a6);
		} else if (!strcmp(k, "qualified") || !strcmp(k, "inbound") ||
			   !strcmp(k, "load-reduction") ||
			   !strcmp(k, "open-mapping")) {
			if (arg_onoff("dev", k, v, &on))
				return -2;
			err = nla_put_u8(msg, k[0] == 'q' ? TEREDO_A_QUALIFIED :
					 k[0] == 'i' ? TEREDO_A_INBOUND_OPEN :
					 k[0] == 'o' ? TEREDO_A_OPEN_MAPPING :
					 TEREDO_A_LOAD_REDUCTION, on);
		} else if (!strcmp(k, "prediction")) {
			if (arg_enum("dev", k, v, 0, TEREDO_PREDICTION_MAX,
				     prediction_name,
				     "none, port-preserving or sequential", &m))
				return -2;
			err = nla_put_u8(msg, TEREDO_A_PREDICTION, m);
		} else if (!strcmp(k, "peer-max")) {
			if (arg_u32("dev", k, v, TEREDO_PEER_MAX_MIN,
				    TEREDO_PEER_MAX_MAX, &n))
				return -2;
			err = nla_put_u32(msg, TEREDO_A_PEER_MAX, n);
		} else if (!strcmp(k, "peer-expiry")) {
			if (arg_u32("dev", k, v, TEREDO_PEER_EXPIRY_MIN,
				    TEREDO_PEER_EXPIRY_MAX, &n))
				return -2;
			err = nla_put_u32(msg, TEREDO_A_PEER_EXPIRY, n);
		} else if (!strcmp(k, "bubble-rate")) {
			if (arg_u32("dev", k, v, 0, TEREDO_BUBBLE_RATE_MAX, &n))
				return -2;
			err = nla_put_u32(msg, TEREDO_A_BUBBLE_RATE, n);
		} else if (!strcmp(k, "mapping-peers")) {
			if (arg_u32("dev", k, v, 0, TEREDO_MAPPING_PEERS_MAX, &n))
				return -2;
			err = nla_put_u32(msg, TEREDO_A_MAPPING_PEERS, n);
		} else {
			fprintf(stderr, "%s: dev: unknown setting '%s'\n", progname, k);
			return -2;
		}
		if (err)
			return -1;
	}
	return 0;
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
	if (!strcmp(action, "set")) {
		struct set_args a = { argc - i - 2, argv + i + 2 };

		if (a.argc == 0 || a.argc % 2) {
			fprintf(stderr, "%s: dev %s set: %s\n", progname, dev,
				a.argc ? "every setting needs a value" : "nothing to set");
			return 2;
		}
		return dev_request(dev, put_settings, &a);
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
	fprintf(stderr, "%s: usage: dev DEV set KEY VALUE... | dev DEV attach FD | dev DEV detach\n",
		progname);
	return 2;
}
