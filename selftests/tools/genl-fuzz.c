// SPDX-License-Identifier: GPL-2.0
/*
 * genl-fuzz COUNT SEED IFINDEX...
 *
 * Sends COUNT random requests to the teredo generic netlink family: every
 * command number (and a few past the last), do and dump, with random,
 * missing, duplicated, wrongly sized, oversized and nested attributes,
 * aimed at the devices IFINDEX... (teredo and stf devices of the caller's
 * netns), at ones that do not exist, or at none. Socket attributes carry
 * a real bound UDP socket some of the time, so attach and detach happen
 * too. The requests are built with libnl; the kernel must answer each
 * with a reply it can parse or an error.
 *
 * Requests the family does not implement (unknown commands, dumps of
 * do-only ones) must be refused by genetlink itself with EOPNOTSUPP.
 * For the others it prints one line per outcome ("ok N", "ERRNO N") and,
 * on stderr, the first errors that came without an extack message, with
 * the attributes sent. Exits 1 if a reply did not parse, the socket
 * failed or genetlink let an unimplemented request through, else 0.
 */
#include "../../tools/nl.h"
#include "../../tools/teredoctl.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/teredo.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

const char *progname = "genl-fuzz";

#define MAX_ERRNO	4096
#define OVERSIZED	3000

static uint64_t rng;
static char sent[512];	/* "type:len ..." of the request being built */
static unsigned long outcome[MAX_ERRNO + 1];	/* [0] = ok */
static unsigned long silent[MAX_ERRNO + 1];	/* errors without a message */

static uint32_t rnd(uint32_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return n ? (uint32_t)(rng % n) : 0;
}

static int udp_fd = -1;

/* A fresh bound UDP socket, closed and replaced now and then. */
static int some_udp_fd(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET,
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };

	if (udp_fd >= 0 && !rnd(8)) {
		close(udp_fd);
		udp_fd = -1;
	}
	if (udp_fd < 0) {
		udp_fd = socket(AF_INET, SOCK_DGRAM, 0);
		if (udp_fd >= 0 && rnd(4) &&
		    bind(udp_fd, (struct sockaddr *)&a, sizeof(a)) < 0) {
			close(udp_fd);
			udp_fd = -1;
		}
	}
	return udp_fd;
}

static void note(int type, const char *what)
{
	size_t n = strlen(sent);

	snprintf(sent + n, sizeof(sent) - n, " %d:%s", type, what);
}

/* A payload for attribute @type: mostly the right shape, often not. */
static int put_random(struct nl_msg *msg, int type, int depth, int nl_fd)
{
	unsigned char buf[OVERSIZED];
	char what[16];
	size_t len;
	uint32_t v;

	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (unsigned char)rnd(256);
	switch (rnd(10)) {
	case 0:		/* a nest of more random attributes */
		if (depth < 2) {
			struct nlattr *nest = nla_nest_start(msg, type);
			int n = (int)rnd(6);

			if (!nest)
				return -1;
			note(type, "{");
			for (int i = 0; i < n; i++)
				if (put_random(msg, (int)rnd(20), depth + 1, nl_fd))
					return -1;
			nla_nest_end(msg, nest);
			note(type, "}");
			return 0;
		}
		/* fall through */
	case 1:		/* a wrong small size */
		len = rnd(24);
		break;
	case 2:		/* oversized */
		len = 64 + rnd(OVERSIZED - 64);
		break;
	case 3:		/* a string, terminated or not */
		len = 1 + rnd(24);
		for (size_t i = 0; i < len; i++)
			buf[i] = (unsigned char)('a' + rnd(26));
		if (rnd(2))
			buf[len - 1] = '\0';
		break;
	case 4:		/* a file descriptor: UDP, netlink, stdin or junk */
		v = rnd(4) ? (uint32_t)some_udp_fd() : rnd(3) ? (uint32_t)nl_fd : rnd(1000);
		note(type, "fd");
		return nla_put_u32(msg, type, v);
	case 5:
		note(type, "u8");
		return nla_put_u8(msg, type, (uint8_t)(rnd(3) ? rnd(4) : rnd(256)));
	case 6:
		note(type, "u16");
		return nla_put_u16(msg, type, (uint16_t)rnd(65536));
	case 7:		/* u32: small, boundary or random */
		v = rnd(3) ? rnd(8) : rnd(2) ? 0xffffffffu - rnd(4) : (uint32_t)rng;
		note(type, "u32");
		return nla_put_u32(msg, type, v);
	case 8:
		len = 16;	/* an IPv6 address */
		break;
	default:
		note(type, "flag");
		return nla_put_flag(msg, type);
	}
	snprintf(what, sizeof(what), "%zu", len);
	note(type, what);
	return nla_put(msg, type, (int)len, buf);
}

struct count {
	unsigned long replies;
};

/* Does the family implement @cmd as a do (or a dump)? */
static bool implemented(int cmd, bool dump)
{
	switch (cmd) {
	case TEREDO_CMD_DEV_GET:
	case TEREDO_CMD_PEER_GET:
		return true;
	case TEREDO_CMD_DEV_SET:
	case TEREDO_CMD_STF_SET:
	case TEREDO_CMD_PEER_ADD:
	case TEREDO_CMD_PEER_DEL:
		return !dump;
	default:
		return false;
	}
}

static int on_reply(struct nlattr **tb, void *arg)
{
	(void)tb;
	((struct count *)arg)->replies++;
	return 0;
}

int main(int argc, char **argv)
{
	unsigned long count, replies = 0, bad = 0, refused = 0, told = 0;
	struct tnl t;
	int ndev = argc - 3;
	int *devs;

	if (argc < 3) {
		fprintf(stderr, "usage: genl-fuzz COUNT SEED IFINDEX...\n");
		return 2;
	}
	count = strtoul(argv[1], NULL, 10);
	rng = strtoull(argv[2], NULL, 10) * 2654435761u + 88172645463325252ull;
	devs = calloc((size_t)(ndev > 0 ? ndev : 1), sizeof(*devs));
	if (!devs)
		return 1;
	for (int i = 0; i < ndev; i++)
		devs[i] = atoi(argv[3 + i]);
	if (tnl_open(&t) < 0)
		return 1;

	for (unsigned long n = 0; n < count; n++) {
		struct count c = { 0 };
		int cmd = (int)rnd(TEREDO_CMD_MAX + 3);
		int flags = rnd(4) ? 0 : NLM_F_DUMP;
		int nattr = (int)rnd(7);
		struct nl_msg *msg = tnl_msg(&t, (uint8_t)cmd, flags);
		int err = 0, e;

		if (!msg)
			return 1;
		sent[0] = '\0';
		/* The device: one of ours, a missing one, a name, both, none. */
		switch (rnd(6)) {
		case 0:
		case 1:
		case 2:
			if (ndev)
				err = nla_put_u32(msg, TEREDO_A_IFINDEX,
						  (uint32_t)devs[rnd((uint32_t)ndev)]);
			note(TEREDO_A_IFINDEX, "dev");
			break;
		case 3:
			err = nla_put_u32(msg, TEREDO_A_IFINDEX, rnd(2) ? 0 : (uint32_t)rng);
			note(TEREDO_A_IFINDEX, "junk");
			break;
		case 4:
			err = nla_put_string(msg, TEREDO_A_IFNAME, rnd(2) ? "lo" : "no-such-dev");
			note(TEREDO_A_IFNAME, "name");
			break;
		default:
			break;
		}
		/* Stops when the message is full: it goes out as it is. */
		for (int i = 0; i < nattr && !err; i++)
			err = put_random(msg, (int)rnd(TEREDO_A_MAX + 4), 0,
					 nl_socket_get_fd(t.sk));
		e = tnl_request(&t, msg, on_reply, &c);
		replies += c.replies;
		if (e == -EPROTO || e == -EIO) {
			fprintf(stderr, "genl-fuzz: request %lu (cmd %d): %s\n",
				n, cmd, t.extack);
			bad++;
			if (e == -EIO)
				return 1;
			continue;
		}
		if (!implemented(cmd, flags)) {
			if (e != -EOPNOTSUPP) {
				fprintf(stderr, "genl-fuzz: cmd %d%s was not refused: %d\n",
					cmd, flags ? " (dump)" : "", e);
				bad++;
			}
			refused++;
			continue;
		}
		e = -e;
		if (e < 0 || e > MAX_ERRNO)
			e = MAX_ERRNO;
		outcome[e]++;
		if (e && !t.extack[0]) {
			silent[e]++;
			if (told++ < 10)
				fprintf(stderr, "genl-fuzz: cmd %d%s: %s without a message:%s\n",
					cmd, flags ? " (dump)" : "",
					strerrorname_np(e), sent);
		}
	}
	if (udp_fd >= 0)
		close(udp_fd);
	tnl_close(&t);

	for (int e = 0; e <= MAX_ERRNO; e++) {
		if (!outcome[e])
			continue;
		printf("%s %lu\n", e ? strerrorname_np(e) : "ok", outcome[e]);
		if (silent[e])
			fprintf(stderr, "genl-fuzz: %lu %s errors without a message\n",
				silent[e], strerrorname_np(e));
	}
	printf("refused %lu\n", refused);
	printf("replies %lu\n", replies);
	printf("unparsable %lu\n", bad);
	free(devs);
	return bad ? 1 : 0;
}
