// SPDX-License-Identifier: GPL-2.0
/* teredoctl show [DEV]: devices, their state and, with -s, counters. */
#include "nl_policy.h"
#include "print.h"

#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/teredo.h>

/* Drops come first in the enum, but for those added after the events. */
static bool stat_is_drop(int i)
{
	return (i > TEREDO_STATS_TX_BYTES && i < TEREDO_STATS_BUBBLES_SENT) ||
	       i == TEREDO_STATS_RX_MAPPING_FULL ||
	       i == TEREDO_STATS_TX_MAPPING_FULL;
}

static uint64_t u64_or_0(struct nlattr *a)
{
	return a ? nla_get_u64(a) : 0;
}

static uint32_t u32_or_0(struct nlattr *a)
{
	return a ? nla_get_u32(a) : 0;
}

/*
 * -s: text groups the counters as ip -s does (packets and bytes, then
 * drops by reason, then protocol events); JSON has them in one object.
 */
static void show_stats(struct print_ctx *c, struct nlattr **st)
{
	const char *sep = "";
	int i;

	open_json_object(c, "stats");
	print_u64(c, stat_name(TEREDO_STATS_RX_PACKETS), "    RX: packets %" PRIu64,
		  u64_or_0(st[TEREDO_STATS_RX_PACKETS]));
	print_u64(c, stat_name(TEREDO_STATS_RX_BYTES), " bytes %" PRIu64 "\n",
		  u64_or_0(st[TEREDO_STATS_RX_BYTES]));
	print_u64(c, stat_name(TEREDO_STATS_TX_PACKETS), "    TX: packets %" PRIu64,
		  u64_or_0(st[TEREDO_STATS_TX_PACKETS]));
	print_u64(c, stat_name(TEREDO_STATS_TX_BYTES), " bytes %" PRIu64 "\n",
		  u64_or_0(st[TEREDO_STATS_TX_BYTES]));
	print_text(c, "    dropped:");
	for (i = TEREDO_STATS_TX_BYTES + 1; i <= TEREDO_STATS_MAX; i++) {
		if (!stat_is_drop(i) || !st[i] || !stat_name(i))
			continue;
		print_text(c, "%s %s ", sep, stat_name(i));
		print_u64(c, stat_name(i), "%" PRIu64, nla_get_u64(st[i]));
		sep = ",";
	}
	print_text(c, "\n");
	sep = "";
	for (i = TEREDO_STATS_BUBBLES_SENT; i <= TEREDO_STATS_MAX; i++) {
		if (stat_is_drop(i) || !st[i] || !stat_name(i))
			continue;
		print_text(c, "%s%s ", *sep ? sep : "    events: ", stat_name(i));
		print_u64(c, stat_name(i), "%" PRIu64, nla_get_u64(st[i]));
		sep = ", ";
	}
	if (*sep)
		print_text(c, "\n");
	close_json_object(c);
}

/* Its servers, mapping and Teredo address: one line of text. */
static void show_addresses(struct print_ctx *c, struct nlattr **tb)
{
	/* server2 alone makes no line of text, but a member of JSON. */
	bool line = tb[TEREDO_A_SERVER] || tb[TEREDO_A_MAPPED_ADDR] ||
		    tb[TEREDO_A_ADDR6];

	if (line)
		print_text(c, "   ");
	if (tb[TEREDO_A_SERVER])
		print_ipv4(c, "server", " server %s",
			   nla_get_u32(tb[TEREDO_A_SERVER]));
	if (tb[TEREDO_A_SERVER2])
		print_ipv4(c, "server2", line ? " server2 %s" : NULL,
			   nla_get_u32(tb[TEREDO_A_SERVER2]));
	if (tb[TEREDO_A_MAPPED_ADDR] && tb[TEREDO_A_MAPPED_PORT]) {
		open_json_object(c, "mapping");
		print_ipv4(c, "address", " mapping %s",
			   nla_get_u32(tb[TEREDO_A_MAPPED_ADDR]));
		print_u64(c, "port", ":%" PRIu64,
			  nla_get_u16(tb[TEREDO_A_MAPPED_PORT]));
		close_json_object(c);
	}
	if (tb[TEREDO_A_ADDR6])
		print_ipv6(c, "address", " address %s", nla_data(tb[TEREDO_A_ADDR6]));
	if (line)
		print_text(c, "\n");
}

/* The peer table's size and knobs, and the bubble rate limit. */
static void show_peers(struct print_ctx *c, struct nlattr **tb)
{
	bool inbound = tb[TEREDO_A_INBOUND_OPEN] &&
		       nla_get_u8(tb[TEREDO_A_INBOUND_OPEN]);
	uint32_t n;

	if (tb[TEREDO_A_PEER_COUNT]) {
		open_json_object(c, "peers");
		print_u64(c, "count", "    peers %" PRIu64,
			  nla_get_u32(tb[TEREDO_A_PEER_COUNT]));
		print_u64(c, "max", " max %" PRIu64, u32_or_0(tb[TEREDO_A_PEER_MAX]));
		print_u64(c, "expiry", " expiry %" PRIu64 "s",
			  u32_or_0(tb[TEREDO_A_PEER_EXPIRY]));
		print_u64(c, "bytes_each", " (%" PRIu64 " bytes each)",
			  u32_or_0(tb[TEREDO_A_PEER_SIZE]));
		if (tb[TEREDO_A_MAPPING_PEERS])
			print_u64(c, "per_mapping", NULL,
				  nla_get_u32(tb[TEREDO_A_MAPPING_PEERS]));
		close_json_object(c);
		print_text(c, " inbound %s\n", inbound ? "open" : "closed");
	}
	if (tb[TEREDO_A_INBOUND_OPEN])
		print_bool(c, "inbound_open", NULL, inbound, NULL, NULL);
	if (tb[TEREDO_A_BUBBLE_RATE]) {
		n = nla_get_u32(tb[TEREDO_A_BUBBLE_RATE]);
		print_u64(c, "bubble_rate",
			  n ? "    bubbles %" PRIu64 "/s at most to one address\n" : NULL, n);
		if (!n)
			print_text(c, "    bubbles not rate-limited\n");
	}
	if (tb[TEREDO_A_MAPPING_PEERS]) {
		n = nla_get_u32(tb[TEREDO_A_MAPPING_PEERS]);
		if (n)
			print_text(c, "    peers %u at most of one mapping\n", n);
		else
			print_text(c, "    peers of one mapping not bounded\n");
	}
	if (tb[TEREDO_A_LOAD_REDUCTION])
		print_bool(c, "load_reduction", "    server load reduction %s\n",
			   nla_get_u8(tb[TEREDO_A_LOAD_REDUCTION]), "on", "off");
	if (tb[TEREDO_A_OPEN_MAPPING]) {
		bool open = nla_get_u8(tb[TEREDO_A_OPEN_MAPPING]);

		print_bool(c, "open_mapping", NULL, open, NULL, NULL);
		if (open)
			print_text(c, "    mapping open to all (UPnP)\n");
	}
	if (tb[TEREDO_A_PREDICTION]) {
		unsigned int p = nla_get_u8(tb[TEREDO_A_PREDICTION]);

		print_string(c, "prediction", NULL, prediction_name(p));
		if (p != TEREDO_PREDICTION_NONE)
			print_text(c, "    ports predicted per peer (%s NAT)\n",
				   prediction_name(p));
	}
}

static int show_one(struct nlattr **tb, void *arg)
{
	struct print_ctx *c = arg;
	struct nlattr *st[TEREDO_STATS_MAX + 1] = { 0 };

	if (!tb[TEREDO_A_IFINDEX] || !tb[TEREDO_A_IFNAME] ||
	    !tb[TEREDO_A_KIND] || !tb[TEREDO_A_STATE]) {
		fprintf(stderr, "%s: kernel reply lacks device attributes\n",
			progname);
		return -EPROTO;
	}
	if (tb[TEREDO_A_STATS] &&
	    nla_parse_nested(st, TEREDO_STATS_MAX, tb[TEREDO_A_STATS],
			     teredo_stats_policy) < 0) {
		fprintf(stderr, "%s: kernel reply has malformed counters\n",
			progname);
		return -EPROTO;
	}
	open_json_object(c, NULL);
	print_u64(c, "ifindex", "%" PRIu64 ": ", nla_get_u32(tb[TEREDO_A_IFINDEX]));
	print_string(c, "ifname", "%s: ", nla_get_string(tb[TEREDO_A_IFNAME]));
	print_string(c, "kind", "%s", kind_name(nla_get_u8(tb[TEREDO_A_KIND])));
	if (tb[TEREDO_A_MODE])
		print_string(c, "mode", " mode %s",
			     mode_name(nla_get_u8(tb[TEREDO_A_MODE])));
	print_string(c, "state", " state %s\n",
		     state_name(nla_get_u8(tb[TEREDO_A_STATE])));
	show_addresses(c, tb);
	if (tb[TEREDO_A_SOCK_ADDR] && tb[TEREDO_A_SOCK_PORT]) {
		open_json_object(c, "socket");
		print_ipv4(c, "address", "    socket %s",
			   nla_get_u32(tb[TEREDO_A_SOCK_ADDR]));
		print_u64(c, "port", ":%" PRIu64 "\n",
			  nla_get_u16(tb[TEREDO_A_SOCK_PORT]));
		close_json_object(c);
	}
	show_peers(c, tb);
	if (tb[TEREDO_A_STF]) {
		int err = stf_show(c, tb[TEREDO_A_STF]);

		if (err)
			return err;
	}
	if (c->opt->stats)
		show_stats(c, st);
	close_json_object(c);
	return 0;
}

int cmd_show(struct options *opt, int argc, char **argv)
{
	const char *dev = NULL;
	int i;

	i = parse_common_options(opt, argc, argv);
	if (i <= 0)
		return i ? 2 : 0;
	if (i < argc)
		dev = argv[i++];
	if (i < argc) {
		fprintf(stderr, "%s: show: unexpected argument '%s'\n",
			progname, argv[i]);
		return 2;
	}
	return show_devices(opt, dev);
}

int show_devices(const struct options *opt, const char *dev)
{
	struct nl_msg *msg;
	struct tnl t;
	int rc;

	if (dev && (!*dev || strlen(dev) >= IFNAMSIZ)) {
		fprintf(stderr, "%s: invalid device name '%s'\n", progname, dev);
		return 2;
	}
	if (tnl_open(&t) < 0)
		return 1;
	msg = tnl_msg(&t, TEREDO_CMD_DEV_GET, dev ? 0 : NLM_F_DUMP);
	if (!msg || (dev && nla_put_string(msg, TEREDO_A_IFNAME, dev) < 0)) {
		nlmsg_free(msg);
		tnl_close(&t);
		fprintf(stderr, "%s: out of memory\n", progname);
		return 1;
	}
	rc = print_request(&t, msg, opt, show_one, dev ? dev : "show");
	tnl_close(&t);
	return rc;
}
