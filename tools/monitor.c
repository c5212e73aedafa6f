// SPDX-License-Identifier: GPL-2.0
/*
 * teredoctl [-j] monitor [DEV] [count N]
 *
 * Print peer events as the kernel sends them (the "events" multicast
 * group): a peer trusted, expired or evicted, a queue overflowing. One
 * line each, or one JSON object per line with -j.
 */
#include "print.h"

#include <errno.h>
#include <net/if.h>
#include <string.h>
#include <linux/teredo.h>

static const char *const event_names[] = {
	[TEREDO_EVENT_PEER_TRUSTED]	= "trusted",
	[TEREDO_EVENT_PEER_EXPIRED]	= "expired",
	[TEREDO_EVENT_PEER_EVICTED]	= "evicted",
	[TEREDO_EVENT_QUEUE_FULL]	= "queue-full",
};

struct monitor {
	struct print_ctx print;
	unsigned int ifindex;	/* 0: every device */
	uint32_t left;		/* events still to print; 0: no limit */
};

static int on_event(struct nlattr **tb, void *arg)
{
	struct monitor *m = arg;
	unsigned int ev;
	int err;

	if (!tb[TEREDO_A_EVENT] || !tb[TEREDO_A_IFINDEX])
		return 0;
	if (m->ifindex && nla_get_u32(tb[TEREDO_A_IFINDEX]) != m->ifindex)
		return 0;
	ev = nla_get_u8(tb[TEREDO_A_EVENT]);
	json_init(&m->print.json, stdout);
	err = peer_print(&m->print, tb,
			 ev <= TEREDO_EVENT_MAX && event_names[ev] ?
			 event_names[ev] : "unknown");
	if (err)
		return err;
	if (m->print.opt->json)
		json_finish(&m->print.json);
	fflush(stdout);
	return m->left && !--m->left;
}

int cmd_monitor(struct options *opt, int argc, char **argv)
{
	struct monitor m = { .print = { .opt = opt, .out = stdout } };
	struct tnl t;
	int i, err;

	i = parse_common_options(opt, argc, argv);
	if (i <= 0)
		return i ? 2 : 0;
	if (i < argc && strcmp(argv[i], "count")) {
		m.ifindex = if_nametoindex(argv[i]);
		if (!m.ifindex) {
			fprintf(stderr, "%s: monitor: no such device '%s'\n",
				progname, argv[i]);
			return 2;
		}
		i++;
	}
	if (i + 2 == argc && !strcmp(argv[i], "count")) {
		if (arg_u32("monitor", "count", argv[i + 1], 1, UINT32_MAX, &m.left))
			return 2;
		i += 2;
	}
	if (i < argc) {
		fprintf(stderr, "%s: usage: monitor [DEV] [count N]\n", progname);
		return 2;
	}
	if (tnl_open(&t) < 0)
		return 1;
	err = tnl_listen(&t, TEREDO_MCGRP_EVENTS, on_event, &m);
	if (err < 0)
		tnl_perror(&t, "monitor", err);
	tnl_close(&t);
	return err < 0 ? 1 : 0;
}
