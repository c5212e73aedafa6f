// SPDX-License-Identifier: GPL-2.0
/*
 * peer-scale DEV N SECONDS
 *
 * The peer table at scale, for make bench. Pushes N trusted peers into
 * teredo device DEV over genl (peer-add, no ack per message: errors
 * still come back and are counted), then sends 64-byte UDP datagrams
 * through DEV for about SECONDS each way, to one peer and spread over
 * all N, in alternating one-second rounds (the guest's speed drifts: a
 * ratio is only fair between neighbouring rounds), and prints one JSON
 * object:
 *   {"peers": N, "inserted": n, "insert_s": t, "slab_bytes": b,
 *    "pps_one": x, "pps_all": y, "all_over_one": r}
 * the medians over the rounds of each rate and of the ratio within a
 * round.
 * Peer i is 2001:db8:HHHH:LLLL::1 (i split in two 16-bit halves), a
 * native address trusted at 203.0.113.1:(1024 + i % 60000); the caller
 * routes 2001:db8::/32 to DEV and 203.0.113.1 to a sink.
 */
#include "../tools/nl.h"

#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <linux/teredo.h>

const char *progname = "peer-scale";

enum { MAX_ROUNDS = 15 };

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static long slab_kb(void)
{
	char line[256];
	long kb = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "Slab: %ld kB", &kb) == 1)
			break;
	if (f)
		fclose(f);
	return kb;
}

static void peer_addr(unsigned int i, struct in6_addr *a)
{
	memset(a, 0, sizeof(*a));
	a->s6_addr[0] = 0x20;
	a->s6_addr[1] = 0x01;
	a->s6_addr[2] = 0x0d;
	a->s6_addr[3] = 0xb8;
	a->s6_addr[4] = i >> 24;
	a->s6_addr[5] = i >> 16;
	a->s6_addr[6] = i >> 8;
	a->s6_addr[7] = i;
	a->s6_addr[15] = 1;
}

static int count_error(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	(void)nla;
	if (e->error)
		(*(unsigned int *)arg)++;
	return NL_SKIP;
}

/* Pushes peers 0..n-1; returns how many the kernel refused. */
static unsigned int push(struct tnl *t, int ifindex, unsigned int n)
{
	unsigned int errors = 0;
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);

	nl_cb_err(cb, NL_CB_CUSTOM, count_error, &errors);
	nl_socket_disable_auto_ack(t->sk);
	nl_socket_set_buffer_size(t->sk, 1 << 20, 1 << 22);
	for (unsigned int i = 0; i < n; i++) {
		struct nl_msg *msg = tnl_msg(t, TEREDO_CMD_PEER_ADD, 0);
		struct in6_addr a;
		struct nlattr *nest;

		peer_addr(i, &a);
		nla_put_u32(msg, TEREDO_A_IFINDEX, ifindex);
		nest = nla_nest_start(msg, TEREDO_A_PEER);
		nla_put(msg, TEREDO_PEER_A_ADDR6, sizeof(a), &a);
		nla_put_u32(msg, TEREDO_PEER_A_MAPPED_ADDR, htonl(0xcb007101));
		nla_put_u16(msg, TEREDO_PEER_A_MAPPED_PORT, 1024 + i % 60000);
		nla_put_u8(msg, TEREDO_PEER_A_TRUSTED, 1);
		nla_nest_end(msg, nest);
		if (nl_send_auto(t->sk, msg) < 0)
			errors++;
		nlmsg_free(msg);
		/* Errors queue up on our socket: read them now and then. */
		if (i % 4096 == 4095) {
			nl_socket_set_nonblocking(t->sk);
			while (nl_recvmsgs(t->sk, cb) > 0)
				;
		}
	}
	nl_socket_set_nonblocking(t->sk);
	while (nl_recvmsgs(t->sk, cb) > 0)
		;
	nl_cb_put(cb);
	return errors;
}

/* Datagrams per second through the device to peers 0..spread-1. */
static double blast(unsigned int spread, double seconds)
{
	enum { BATCH = 64 };
	struct sockaddr_in6 to[BATCH];
	struct mmsghdr msgs[BATCH];
	struct iovec iov = { "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", 64 };
	int fd = socket(AF_INET6, SOCK_DGRAM, 0);
	unsigned long sent = 0;
	unsigned int next = 0;
	double t0, t;

	if (fd < 0)
		return -1;
	t0 = now();
	do {
		for (int i = 0; i < BATCH; i++) {
			to[i] = (struct sockaddr_in6){ .sin6_family = AF_INET6,
						       .sin6_port = htons(9) };
			peer_addr(next, &to[i].sin6_addr);
			next = (next + 1) % spread;
			msgs[i] = (struct mmsghdr){ .msg_hdr = {
				.msg_name = &to[i], .msg_namelen = sizeof(to[i]),
				.msg_iov = &iov, .msg_iovlen = 1 } };
		}
		int r = sendmmsg(fd, msgs, BATCH, 0);

		if (r > 0)
			sent += r;
		t = now();
	} while (t - t0 < seconds);
	close(fd);
	return sent / (t - t0);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int main(int argc, char **argv)
{
	double one[MAX_ROUNDS], all[MAX_ROUNDS], ratio[MAX_ROUNDS];
	unsigned int n, errors;
	double t0, t1, secs;
	int rounds;
	long s0, s1;
	struct tnl t;
	int ifindex;

	if (argc != 4) {
		fprintf(stderr, "usage: peer-scale DEV N SECONDS\n");
		return 2;
	}
	ifindex = if_nametoindex(argv[1]);
	n = strtoul(argv[2], NULL, 10);
	secs = strtod(argv[3], NULL);
	if (!ifindex || !n || secs <= 0) {
		fprintf(stderr, "peer-scale: bad device, count or duration\n");
		return 2;
	}
	if (tnl_open(&t) < 0)
		return 1;
	s0 = slab_kb();
	t0 = now();
	errors = push(&t, ifindex, n);
	t1 = now();
	s1 = slab_kb();
	tnl_close(&t);
	rounds = secs < 1 ? 1 : secs > MAX_ROUNDS ? MAX_ROUNDS : (int)secs;
	for (int r = 0; r < rounds; r++) {
		one[r] = blast(1, secs / rounds);
		all[r] = blast(n, secs / rounds);
		ratio[r] = one[r] > 0 ? all[r] / one[r] : 0;
	}
	printf("{\"peers\": %u, \"inserted\": %u, \"insert_s\": %.3f, "
	       "\"slab_bytes\": %ld, \"pps_one\": %.0f, \"pps_all\": %.0f, "
	       "\"all_over_one\": %.3f}\n",
	       n, n - errors, t1 - t0, (s1 - s0) * 1024, median(one, rounds),
	       median(all, rounds), median(ratio, rounds));
	return errors ? 1 : 0;
}
