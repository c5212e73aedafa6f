// SPDX-License-Identifier: GPL-2.0
/*
 * teredoctl peer DEV [show [ADDR]]
 * teredoctl peer DEV add ADDR [mapping A:PORT] [trusted on|off] [local on|off]
 * teredoctl peer DEV del ADDR
 * teredoctl peer DEV flush
 *
 * The peer list of a teredo device: who it talks to, through which
 * mapping, and whether that mapping has been proven.
 */
#include "nl_policy.h"
#include "print.h"

#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <linux/teredo.h>

int peer_parse(struct nlattr **tb, struct nlattr **p)
{
	if (!tb[TEREDO_A_PEER] ||
	    nla_parse_nested(p, TEREDO_PEER_A_MAX, tb[TEREDO_A_PEER],
			     teredo_peer_policy) < 0 || !p[TEREDO_PEER_A_ADDR6])
		return -EPROTO;
	return 0;
}

static uint32_t get_u32(struct nlattr **p, int attr)
{
	return p[attr] ? nla_get_u32(p[attr]) : 0;
}

static uint64_t get_u64(struct nlattr **p, int attr)
{
	return p[attr] ? nla_get_u64(p[attr]) : 0;
}

int peer_print(struct print_ctx *c, struct nlattr **tb, const char *event)
{
	struct nlattr *p[TEREDO_PEER_A_MAX + 1];
	char a6[INET6_ADDRSTRLEN], a4[INET_ADDRSTRLEN] = "";
	bool trusted, local;

	if (peer_parse(tb, p)) {
		fprintf(stderr, "%s: kernel reply lacks the peer\n", progname);
		return -EPROTO;
	}
	inet_ntop(AF_INET6, nla_data(p[TEREDO_PEER_A_ADDR6]), a6, sizeof(a6));
	if (p[TEREDO_PEER_A_MAPPED_ADDR]) {
		uint32_t v = nla_get_u32(p[TEREDO_PEER_A_MAPPED_ADDR]);

		inet_ntop(AF_INET, &v, a4, sizeof(a4));
	}
	trusted = p[TEREDO_PEER_A_TRUSTED] && nla_get_u8(p[TEREDO_PEER_A_TRUSTED]);
	local = p[TEREDO_PEER_A_LOCAL] && nla_get_u8(p[TEREDO_PEER_A_LOCAL]);
	open_json_object(c, NULL);
	if (event) {
		print_string(c, "event", "%s", event);
		print_u64(c, "ifindex", " ifindex %" PRIu64 ": ",
			  get_u32(tb, TEREDO_A_IFINDEX));
	}
	print_string(c, "address", "%s", a6);
	if (*a4) {
		open_json_object(c, "mapping");
		print_string(c, "address", " mapping %s", a4);
		print_u64(c, "port", ":%" PRIu64,
			  get_u32(p, TEREDO_PEER_A_MAPPED_PORT) & 0xffff);
		close_json_object(c);
	}
	print_bool(c, "trusted", " %s", trusted, "trusted", "untrusted");
	print_bool(c, "local", "%s", local, " local", "");
	if (p[TEREDO_PEER_A_LAST_RX])
		print_u64(c, "last_rx_ms", " rx %" PRIu64 "ms ago",
			  get_u32(p, TEREDO_PEER_A_LAST_RX));
	if (p[TEREDO_PEER_A_LAST_TX])
		print_u64(c, "last_tx_ms", " tx %" PRIu64 "ms ago",
			  get_u32(p, TEREDO_PEER_A_LAST_TX));
	print_u64(c, "queued", " queued %" PRIu64, get_u32(p, TEREDO_PEER_A_QUEUE_LEN));
	print_u64(c, "probes", " probes %" PRIu64, get_u32(p, TEREDO_PEER_A_BUBBLES));
	print_u64(c, "rx_packets", " packets rx %" PRIu64,
		  get_u64(p, TEREDO_PEER_A_RX_PACKETS));
	print_u64(c, "tx_packets", " tx %" PRIu64 "\n",
		  get_u64(p, TEREDO_PEER_A_TX_PACKETS));
	close_json_object(c);
	return 0;
}

static int show_peer(struct nlattr **tb, void *arg)
{
	return peer_print(arg, tb, NULL);
}

/* A request on DEV: cmd with a TEREDO_A_PEER nest built from the args. */
struct peer_req {
	const char *dev;
	uint8_t cmd;
	int flags;
	struct peer_spec p;		/* p.addr NULL: none (dump) */
};

int peer_nest_put(struct nl_msg *msg, const struct peer_spec *s)
{
	struct nlattr *nest = nla_nest_start(msg, TEREDO_A_PEER);

	if (!nest || nla_put(msg, TEREDO_PEER_A_ADDR6, 16, s->addr) ||
	    (s->map_addr &&
	     (nla_put_u32(msg, TEREDO_PEER_A_MAPPED_ADDR, s->map_addr) ||
	      nla_put_u16(msg, TEREDO_PEER_A_MAPPED_PORT, s->map_port))) ||
	    (s->trusted >= 0 &&
	     nla_put_u8(msg, TEREDO_PEER_A_TRUSTED, s->trusted)) ||
	    (s->local >= 0 && nla_put_u8(msg, TEREDO_PEER_A_LOCAL, s->local)))
		return -ENOMEM;
	nla_nest_end(msg, nest);
	return 0;
}

static int check_kind(struct nlattr **tb, void *arg)
{
	*(int *)arg = tb[TEREDO_A_KIND] ? nla_get_u8(tb[TEREDO_A_KIND]) : -1;
	return 0;
}

/*
 * A dump's errors reach us without the kernel's reason on older kernels
 * (6.1 has no extack at dump start): ask for the device first.
 */
static int check_teredo_dev(struct tnl *t, const char *dev)
{
	struct nl_msg *msg = tnl_msg(t, TEREDO_CMD_DEV_GET, 0);
	int kind = -1, err;

	if (!msg || nla_put_string(msg, TEREDO_A_IFNAME, dev) < 0) {
		nlmsg_free(msg);
		fprintf(stderr, "%s: out of memory\n", progname);
		return -1;
	}
	err = tnl_request(t, msg, check_kind, &kind);
	if (err < 0) {
		tnl_perror(t, dev, err);
		return -1;
	}
	if (kind != TEREDO_KIND_TEREDO) {
		fprintf(stderr, "%s: %s: not a teredo device\n", progname, dev);
		return -1;
	}
	return 0;
}

static int peer_request(const struct options *opt, const struct peer_req *r)
{
	struct nl_msg *msg;
	struct tnl t;
	int err;

	if (tnl_open(&t) < 0)
		return 1;
	if ((r->flags & NLM_F_DUMP) && check_teredo_dev(&t, r->dev)) {
		tnl_close(&t);
		return 1;
	}
	msg = tnl_msg(&t, r->cmd, r->flags);
	err = !msg || nla_put_string(msg, TEREDO_A_IFNAME, r->dev);
	if (!err && r->p.addr)
		err = peer_nest_put(msg, &r->p);
	if (err) {
		fprintf(stderr, "%s: out of memory\n", progname);
		nlmsg_free(msg);
		tnl_close(&t);
		return 1;
	}
	err = print_request(&t, msg, opt,
			    r->cmd == TEREDO_CMD_PEER_GET ? show_peer : NULL,
			    r->dev);
	tnl_close(&t);
	return err;
}

/* The addresses a dump returned, for flush. */
struct addr_list {
	struct in6_addr *a;
	size_t n, cap;
};

static int collect_addr(struct nlattr **tb, void *arg)
{
	struct nlattr *p[TEREDO_PEER_A_MAX + 1];
	struct addr_list *l = arg;

	if (peer_parse(tb, p))
		return -EPROTO;
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 256;
		struct in6_addr *a = realloc(l->a, cap * sizeof(*a));

		if (!a)
			return -ENOMEM;
		l->a = a;
		l->cap = cap;
	}
	memcpy(&l->a[l->n++], nla_data(p[TEREDO_PEER_A_ADDR6]), 16);
	return 0;
}

static int del_one(struct tnl *t, const char *dev, const struct in6_addr *a)
{
	struct peer_spec s = { .addr = a, .trusted = -1, .local = -1 };
	struct nl_msg *msg = tnl_msg(t, TEREDO_CMD_PEER_DEL, 0);

	if (!msg || nla_put_string(msg, TEREDO_A_IFNAME, dev) ||
	    peer_nest_put(msg, &s)) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	return tnl_request(t, msg, NULL, NULL);
}

/*
 * Delete every peer: dump, delete each, again while the wire adds new
 * ones, 10 rounds at most (as ip neigh flush). A peer gone meanwhile
 * (expired, evicted) is not an error.
 */
#define FLUSH_ROUNDS	10
static int peer_flush(const char *dev)
{
	struct addr_list l = { 0 };
	struct nl_msg *msg;
	int round, err = 0;
	struct tnl t;

	if (tnl_open(&t) < 0)
		return 1;
	if (check_teredo_dev(&t, dev)) {
		tnl_close(&t);
		return 1;
	}
	for (round = 0; round < FLUSH_ROUNDS; round++) {
		l.n = 0;
		msg = tnl_msg(&t, TEREDO_CMD_PEER_GET, NLM_F_DUMP);
		if (!msg || nla_put_string(msg, TEREDO_A_IFNAME, dev)) {
			nlmsg_free(msg);
			err = -ENOMEM;
			break;
		}
		err = tnl_request(&t, msg, collect_addr, &l);
		if (err < 0 || !l.n)
			break;
		for (size_t i = 0; i < l.n && err >= 0; i++) {
			err = del_one(&t, dev, &l.a[i]);
			if (err == -ENOENT)
				err = 0;
		}
		if (err < 0)
			break;
	}
	free(l.a);
	if (err < 0)
		tnl_perror(&t, dev, err);
	else if (round == FLUSH_ROUNDS)
		fprintf(stderr, "%s: %s: peers still arriving after %d rounds of flush\n",
			progname, dev, FLUSH_ROUNDS);
	tnl_close(&t);
	return err < 0 || round == FLUSH_ROUNDS;
}

int cmd_peer(struct options *opt, int argc, char **argv)
{
	struct peer_req r = { .p = { .trusted = -1, .local = -1 } };
	struct in6_addr addr;
	const char *action;
	int i, n;

	i = parse_common_options(opt, argc, argv);
	if (i <= 0)
		return i ? 2 : 0;
	if (argc - i < 1)
		goto usage;
	r.dev = argv[i++];
	if (!*r.dev || strlen(r.dev) >= IFNAMSIZ) {
		fprintf(stderr, "%s: invalid device name '%s'\n", progname, r.dev);
		return 2;
	}
	action = i < argc ? argv[i++] : "show";
	n = argc - i;
	if (!strcmp(action, "show") && n <= 1) {
		r.cmd = TEREDO_CMD_PEER_GET;
		r.flags = n ? 0 : NLM_F_DUMP;
		if (n) {
			if (arg_ipv6("peer", "show", argv[i], &addr))
				return 2;
			r.p.addr = &addr;
		}
		return peer_request(opt, &r);
	}
	if (!strcmp(action, "del") && n == 1) {
		if (arg_ipv6("peer", "del", argv[i], &addr))
			return 2;
		r.cmd = TEREDO_CMD_PEER_DEL;
		r.p.addr = &addr;
		return peer_request(opt, &r);
	}
	if (!strcmp(action, "flush") && !n)
		return peer_flush(r.dev);
	if (!strcmp(action, "add") && n >= 1 && n % 2) {
		if (arg_ipv6("peer", "add", argv[i++], &addr))
			return 2;
		r.cmd = TEREDO_CMD_PEER_ADD;
		r.p.addr = &addr;
		for (; i < argc; i += 2) {
			bool on;

			if (!strcmp(argv[i], "mapping")) {
				if (arg_mapping("peer", argv[i + 1], &r.p.map_addr,
						&r.p.map_port))
					return 2;
			} else if (!strcmp(argv[i], "trusted")) {
				if (arg_onoff("peer", "trusted", argv[i + 1], &on))
					return 2;
				r.p.trusted = on;
			} else if (!strcmp(argv[i], "local")) {
				if (arg_onoff("peer", "local", argv[i + 1], &on))
					return 2;
				r.p.local = on;
			} else {
				fprintf(stderr, "%s: peer: unknown setting '%s'\n",
					progname, argv[i]);
				return 2;
			}
		}
		return peer_request(opt, &r);
	}
usage:
	fprintf(stderr, "%s: usage: peer DEV [show [ADDR]] | peer DEV add ADDR [mapping A:PORT] [trusted on|off] [local on|off] | peer DEV del ADDR | peer DEV flush\n",
		progname);
	return 2;
}
