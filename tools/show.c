// SPDX-License-Identifier: GPL-2.0
/* teredoctl show [DEV]: devices, their state and, with -s, counters. */
#include "print.h"

#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/teredo.h>

static struct nla_policy stats_policy[TEREDO_STATS_MAX + 1];

/* Drops come first in the enum, but for those added after the events. */
static bool stat_is_drop(int i)
{
	return (i > TEREDO_STATS_TX_BYTES && i < TEREDO_STATS_BUBBLES_SENT) ||
	       i == TEREDO_STATS_RX_MAPPING_FULL ||
	       i == TEREDO_STATS_TX_MAPPING_FULL;
}

static void show_stats_text(FILE *out, struct nlattr **st)
{
	const char *sep = "";

	fprintf(out, "    RX: packets %" PRIu64 " bytes %" PRIu64 "\n",
		st[TEREDO_STATS_RX_PACKETS] ? nla_get_u64(st[TEREDO_STATS_RX_PACKETS]) : 0,
		st[TEREDO_STATS_RX_BYTES] ? nla_get_u64(st[TEREDO_STATS_RX_BYTES]) : 0);
	fprintf(out, "    TX: packets %" PRIu64 " bytes %" PRIu64 "\n",
		st[TEREDO_STATS_TX_PACKETS] ? nla_get_u64(st[TEREDO_STATS_TX_PACKETS]) : 0,
		st[TEREDO_STATS_TX_BYTES] ? nla_get_u64(st[TEREDO_STATS_TX_BYTES]) : 0);
	fprintf(out, "    dropped:");
	for (int i = TEREDO_STATS_TX_BYTES + 1; i <= TEREDO_STATS_MAX; i++) {
		if (!stat_is_drop(i) || !st[i] || !stat_name(i))
			continue;
		fprintf(out, "%s %s %" PRIu64, sep, stat_name(i),
			nla_get_u64(st[i]));
		sep = ",";
	}
	fprintf(out, "\n");
	sep = "";
	for (int i = TEREDO_STATS_BUBBLES_SENT; i <= TEREDO_STATS_MAX; i++) {
		if (stat_is_drop(i) || !st[i] || !stat_name(i))
			continue;
		fprintf(out, "%s%s %" PRIu64, *sep ? sep : "    events: ",
			stat_name(i), nla_get_u64(st[i]));
		sep = ", ";
	}
	if (*sep)
		fprintf(out, "\n");
}

static void show_stats_json(struct json *j, struct nlattr **st)
{
	json_open_object(j, "stats");
	for (int i = TEREDO_STATS_RX_PACKETS; i <= TEREDO_STATS_MAX; i++)
		if (st[i] && stat_name(i))
			json_u64(j, stat_name(i), nla_get_u64(st[i]));
	json_close_object(j);
}

static int show_one(struct nlattr **tb, void *arg)
{
	struct print_ctx *c = arg;
	struct nlattr *st[TEREDO_STATS_MAX + 1] = { 0 };
	const char *name, *kind, *state;

	if (!tb[TEREDO_A_IFINDEX] || !tb[TEREDO_A_IFNAME] ||
	    !tb[TEREDO_A_KIND] || !tb[TEREDO_A_STATE]) {
		fprintf(stderr, "%s: kernel reply lacks device attributes\n",
			progname);
		return -EPROTO;
	}
	if (tb[TEREDO_A_STATS] &&
	    nla_parse_nested(st, TEREDO_STATS_MAX, tb[TEREDO_A_STATS],
			     stats_policy) < 0) {
		fprintf(stderr, "%s: kernel reply has malformed counters\n",
			progname);
		return -EPROTO;
	}
	name = nla_get_string(tb[TEREDO_A_IFNAME]);
	kind = kind_name(nla_get_u8(tb[TEREDO_A_KIND]));
	state = state_name(nla_get_u8(tb[TEREDO_A_STATE]));

	if (c->opt->json) {
		struct json *j = &c->json;
		int err;

		json_open_object(j, NULL);
		json_u64(j, "ifindex", nla_get_u32(tb[TEREDO_A_IFINDEX]));
		json_string(j, "ifname", name);
		json_string(j, "kind", kind);
		if (tb[TEREDO_A_MODE])
			json_string(j, "mode", mode_name(nla_get_u8(tb[TEREDO_A_MODE])));
		json_string(j, "state", state);
		if (tb[TEREDO_A_SERVER] || tb[TEREDO_A_SERVER2] ||
		    tb[TEREDO_A_MAPPED_ADDR] || tb[TEREDO_A_ADDR6]) {
			char a[INET6_ADDRSTRLEN];
			uint32_t v;

			if (tb[TEREDO_A_SERVER]) {
				v = nla_get_u32(tb[TEREDO_A_SERVER]);
				json_string(j, "server", inet_ntop(AF_INET, &v, a, sizeof(a)));
			}
			if (tb[TEREDO_A_SERVER2]) {
				v = nla_get_u32(tb[TEREDO_A_SERVER2]);
				json_string(j, "server2", inet_ntop(AF_INET, &v, a, sizeof(a)));
			}
			if (tb[TEREDO_A_MAPPED_ADDR] && tb[TEREDO_A_MAPPED_PORT]) {
				v = nla_get_u32(tb[TEREDO_A_MAPPED_ADDR]);
				json_open_object(j, "mapping");
				json_string(j, "address", inet_ntop(AF_INET, &v, a, sizeof(a)));
				json_u64(j, "port", nla_get_u16(tb[TEREDO_A_MAPPED_PORT]));
				json_close_object(j);
			}
			if (tb[TEREDO_A_ADDR6])
				json_string(j, "address", inet_ntop(AF_INET6,
					    nla_data(tb[TEREDO_A_ADDR6]), a, sizeof(a)));
		}
		if (tb[TEREDO_A_INBOUND_OPEN])
			json_bool(j, "inbound_open", nla_get_u8(tb[TEREDO_A_INBOUND_OPEN]));
		if (tb[TEREDO_A_PEER_COUNT]) {
			json_open_object(j, "peers");
			json_u64(j, "count", nla_get_u32(tb[TEREDO_A_PEER_COUNT]));
			if (tb[TEREDO_A_PEER_MAX])
				json_u64(j, "max", nla_get_u32(tb[TEREDO_A_PEER_MAX]));
			if (tb[TEREDO_A_PEER_EXPIRY])
				json_u64(j, "expiry", nla_get_u32(tb[TEREDO_A_PEER_EXPIRY]));
			if (tb[TEREDO_A_PEER_SIZE])
				json_u64(j, "bytes_each", nla_get_u32(tb[TEREDO_A_PEER_SIZE]));
			if (tb[TEREDO_A_MAPPING_PEERS])
				json_u64(j, "per_mapping",
					 nla_get_u32(tb[TEREDO_A_MAPPING_PEERS]));
			json_close_object(j);
		}
		if (tb[TEREDO_A_BUBBLE_RATE])
			json_u64(j, "bubble_rate", nla_get_u32(tb[TEREDO_A_BUBBLE_RATE]));
		if (tb[TEREDO_A_SOCK_ADDR] && tb[TEREDO_A_SOCK_PORT]) {
			char a[INET_ADDRSTRLEN];
			uint32_t v = nla_get_u32(tb[TEREDO_A_SOCK_ADDR]);

			json_open_object(j, "socket");
			json_string(j, "address", inet_ntop(AF_INET, &v, a, sizeof(a)));
			json_u64(j, "port", nla_get_u16(tb[TEREDO_A_SOCK_PORT]));
			json_close_object(j);
		}
		if (tb[TEREDO_A_STF]) {
			err = stf_show_json(j, tb[TEREDO_A_STF]);
			if (err)
				return err;
		}
		if (c->opt->stats)
			show_stats_json(j, st);
		json_close_object(j);
		return 0;
	}
	fprintf(c->out, "%" PRIu32 ": %s: %s", nla_get_u32(tb[TEREDO_A_IFINDEX]),
		name, kind);
	if (tb[TEREDO_A_MODE])
		fprintf(c->out, " mode %s", mode_name(nla_get_u8(tb[TEREDO_A_MODE])));
	fprintf(c->out, " state %s\n", state);
	if (tb[TEREDO_A_SERVER] || tb[TEREDO_A_MAPPED_ADDR] || tb[TEREDO_A_ADDR6]) {
		char a[INET6_ADDRSTRLEN];
		uint32_t v;

		fprintf(c->out, "   ");
		if (tb[TEREDO_A_SERVER]) {
			v = nla_get_u32(tb[TEREDO_A_SERVER]);
			fprintf(c->out, " server %s", inet_ntop(AF_INET, &v, a, sizeof(a)));
		}
		if (tb[TEREDO_A_SERVER2]) {
			v = nla_get_u32(tb[TEREDO_A_SERVER2]);
			fprintf(c->out, " server2 %s", inet_ntop(AF_INET, &v, a, sizeof(a)));
		}
		if (tb[TEREDO_A_MAPPED_ADDR] && tb[TEREDO_A_MAPPED_PORT]) {
			v = nla_get_u32(tb[TEREDO_A_MAPPED_ADDR]);
			fprintf(c->out, " mapping %s:%u", inet_ntop(AF_INET, &v, a, sizeof(a)),
				nla_get_u16(tb[TEREDO_A_MAPPED_PORT]));
		}
		if (tb[TEREDO_A_ADDR6])
			fprintf(c->out, " address %s",
				inet_ntop(AF_INET6, nla_data(tb[TEREDO_A_ADDR6]), a, sizeof(a)));
		fprintf(c->out, "\n");
	}
	if (tb[TEREDO_A_SOCK_ADDR] && tb[TEREDO_A_SOCK_PORT]) {
		char a[INET_ADDRSTRLEN];
		uint32_t v = nla_get_u32(tb[TEREDO_A_SOCK_ADDR]);

		fprintf(c->out, "    socket %s:%u\n",
			inet_ntop(AF_INET, &v, a, sizeof(a)),
			nla_get_u16(tb[TEREDO_A_SOCK_PORT]));
	}
	if (tb[TEREDO_A_PEER_COUNT])
		fprintf(c->out, "    peers %u max %u expiry %us (%u bytes each) inbound %s\n",
			nla_get_u32(tb[TEREDO_A_PEER_COUNT]),
			tb[TEREDO_A_PEER_MAX] ? nla_get_u32(tb[TEREDO_A_PEER_MAX]) : 0,
			tb[TEREDO_A_PEER_EXPIRY] ? nla_get_u32(tb[TEREDO_A_PEER_EXPIRY]) : 0,
			tb[TEREDO_A_PEER_SIZE] ? nla_get_u32(tb[TEREDO_A_PEER_SIZE]) : 0,
			tb[TEREDO_A_INBOUND_OPEN] &&
			nla_get_u8(tb[TEREDO_A_INBOUND_OPEN]) ? "open" : "closed");
	if (tb[TEREDO_A_BUBBLE_RATE]) {
		uint32_t r = nla_get_u32(tb[TEREDO_A_BUBBLE_RATE]);

		if (r)
			fprintf(c->out, "    bubbles %u/s at most to one address\n", r);
		else
			fprintf(c->out, "    bubbles not rate-limited\n");
	}
	if (tb[TEREDO_A_MAPPING_PEERS]) {
		uint32_t n = nla_get_u32(tb[TEREDO_A_MAPPING_PEERS]);

		if (n)
			fprintf(c->out, "    peers %u at most of one mapping\n", n);
		else
			fprintf(c->out, "    peers of one mapping not bounded\n");
	}
	if (tb[TEREDO_A_STF] && stf_show_text(c->out, tb[TEREDO_A_STF]))
		return -EPROTO;
	if (c->opt->stats)
		show_stats_text(c->out, st);
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
	for (int i = TEREDO_STATS_RX_PACKETS; i <= TEREDO_STATS_MAX; i++)
		stats_policy[i].type = NLA_U64;
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
