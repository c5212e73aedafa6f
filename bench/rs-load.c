// SPDX-License-Identifier: GPL-2.0
/*
 * rs-load [--bubbles] SERVER RATE SECONDS
 *
 * Load for a Teredo server: Router Solicitations to SERVER port 3544
 * from SOCKETS source ports (clients, as far as a stateless server can
 * tell), RATE a second for SECONDS, or as fast as they go with RATE 0.
 * Each RS carries its send time as its nonce, which the RA echoes, and
 * the kernel stamps each answer as it arrives (SO_TIMESTAMPNS), so every
 * answer gives its round trip however late it is read. Prints one JSON object: sent,
 * answered (valid RAs with one of our nonces), bad (anything else that
 * came back), answered per second, and the round trip's 50th and 99th
 * percentiles in microseconds.
 *
 * Paced, it sends a burst every millisecond (sendmmsg, each from the next
 * socket), as udp-pace does, since a timer per datagram would cost the
 * sender more than the server under TCG. Flat out, it sends a batch from
 * every socket and then takes what has come back, so that answers are
 * not lost to its own receive buffers.
 *
 * --bubbles loads the server's other task instead: each socket sends
 * bubbles for a client of the server mapped to that very socket, which
 * the server forwards back to it with an origin indication. The send
 * time rides in the bubble's traffic class and flow label (28 bits of
 * microseconds), which the server passes on untouched; "answered" then
 * counts the bubbles forwarded.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "../tools/qualify_msg.h"
#include <teredo/wire.h>

#define SOCKETS		64
#define BATCH		32
#define TICK_NS		1000000L	/* a burst every millisecond */
#define HIST_US		1000000		/* round trips up to 1 s, in 1 us steps */
#define NONCE_OFF	4		/* auth header without identifier or value */
/* A bubble, and as it comes back: after an origin indication. */
#define BUBBLE_LEN	TEREDO_IPV6_HLEN
#define FWD_LEN		(TEREDO_ORIGIN_LEN + BUBBLE_LEN)
#define STAMP_MASK	0x0fffffffU	/* traffic class and flow label */

static bool bubbles;

static unsigned int hist[HIST_US + 1];

static long parse(const char *s, const char *what, long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || end == s || v < min || v > max) {
		fprintf(stderr, "rs-load: bad %s '%s' (%ld..%ld)\n", what, s, min, max);
		exit(2);
	}
	return v;
}

static uint64_t ns(const struct timespec *ts)
{
	return (uint64_t)ts->tv_sec * 1000000000ULL + (uint64_t)ts->tv_nsec;
}

/* The clock of SO_TIMESTAMPNS. */
static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ns(&ts);
}

/* When the kernel took the datagram of @msg in, or now if it did not say. */
static uint64_t rx_ns(struct msghdr *msg)
{
	struct cmsghdr *c;

	for (c = CMSG_FIRSTHDR(msg); c; c = CMSG_NXTHDR(msg, c))
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPNS)
			return ns((const struct timespec *)CMSG_DATA(c));
	return now_ns();
}

struct load {
	int fd[SOCKETS];
	/* --bubbles: each socket's bubble, its own Teredo address both ends */
	uint8_t bubble[SOCKETS][BUBBLE_LEN];
	uint32_t server;		/* host order */
	unsigned long long sent, answered, bad;
	unsigned int next_fd;
};

/* Up to @n RSs, each stamped now, from the next socket; returns how many went. */
static int send_batch(struct load *l, int n)
{
	static uint8_t buf[BATCH][TEREDO_QMSG_MAX];
	static struct iovec iov[BATCH];
	static struct mmsghdr msgs[BATCH];
	uint8_t nonce[TEREDO_NONCE_LEN];
	unsigned int s = l->next_fd++ % SOCKETS;
	int fd = l->fd[s], i, sent;
	uint64_t t = now_ns();
	uint32_t us = (uint32_t)(t / 1000) & STAMP_MASK;

	for (i = 0; i < n; i++) {
		iov[i].iov_base = buf[i];
		if (bubbles) {
			memcpy(buf[i], l->bubble[s], BUBBLE_LEN);
			teredo_put32(buf[i], 6U << 28 | us);
			iov[i].iov_len = BUBBLE_LEN;
		} else {
			memcpy(nonce, &t, sizeof(nonce));
			iov[i].iov_len = teredo_rs_build(buf[i], nonce, false, NULL);
		}
		msgs[i].msg_hdr = (struct msghdr){ .msg_iov = &iov[i], .msg_iovlen = 1 };
	}
	sent = sendmmsg(fd, msgs, n, MSG_DONTWAIT);
	/* Full buffers lose those datagrams, as a busy host would. */
	if (sent < 0)
		sent = 0;
	l->sent += sent;
	return sent;
}

/* Takes every answer waiting on every socket. */
static void drain(struct load *l)
{
	static uint8_t buf[BATCH][TEREDO_QMSG_MAX];
	static uint8_t ctl[BATCH][CMSG_SPACE(sizeof(struct timespec))];
	static struct iovec iov[BATCH];
	static struct mmsghdr msgs[BATCH];
	struct teredo_ra ra;
	int s, i, n;

	for (s = 0; s < SOCKETS; s++) {
		do {
			for (i = 0; i < BATCH; i++) {
				iov[i] = (struct iovec){ buf[i], sizeof(buf[i]) };
				msgs[i].msg_hdr = (struct msghdr){
					.msg_iov = &iov[i], .msg_iovlen = 1,
					.msg_control = ctl[i], .msg_controllen = sizeof(ctl[i]),
				};
			}
			n = recvmmsg(l->fd[s], msgs, BATCH, MSG_DONTWAIT, NULL);
			for (i = 0; i < n; i++) {
				uint64_t sent_at, rtt;
				size_t len = msgs[i].msg_len;

				if (bubbles) {
					const uint8_t *ip6 = buf[i] + TEREDO_ORIGIN_LEN;
					uint32_t us;

					if (len != FWD_LEN || buf[i][0] || buf[i][1] ||
					    ip6[6] != 59) {
						l->bad++;
						continue;
					}
					us = (uint32_t)(rx_ns(&msgs[i].msg_hdr) / 1000);
					rtt = (us - teredo_get32(ip6)) & STAMP_MASK;
					hist[rtt < HIST_US ? rtt : HIST_US]++;
					l->answered++;
					continue;
				}
				if (len < NONCE_OFF + TEREDO_NONCE_LEN ||
				    teredo_ra_parse(buf[i], len, buf[i] + NONCE_OFF,
						    l->server, NULL, &ra) != TEREDO_QMSG_OK) {
					l->bad++;
					continue;
				}
				memcpy(&sent_at, buf[i] + NONCE_OFF, sizeof(sent_at));
				rtt = (rx_ns(&msgs[i].msg_hdr) - sent_at) / 1000;
				hist[rtt < HIST_US ? rtt : HIST_US]++;
				l->answered++;
			}
		} while (n == BATCH);
	}
}

static unsigned long percentile(unsigned long long total, double q)
{
	unsigned long long want = (unsigned long long)(total * q), seen = 0;
	unsigned long us;

	for (us = 0; us <= HIST_US; us++) {
		seen += hist[us];
		if (seen > want)
			return us;
	}
	return HIST_US;
}

/*
 * Socket @i's bubble: from and to the Teredo address of a client of the
 * server mapped to the socket itself (so the source is where it says),
 * its first word (the send time) filled in as it goes.
 */
static void make_bubble(struct load *l, int i)
{
	struct sockaddr_in me;
	socklen_t len = sizeof(me);
	struct teredo_addr_info a = { .server = l->server };
	uint8_t *b = l->bubble[i];

	if (getsockname(l->fd[i], (struct sockaddr *)&me, &len) < 0) {
		perror("rs-load: getsockname");
		exit(1);
	}
	a.addr = ntohl(me.sin_addr.s_addr);
	a.port = ntohs(me.sin_port);
	memset(b, 0, BUBBLE_LEN);
	b[0] = 0x60;
	b[6] = 59;		/* no next header, no payload */
	b[7] = 64;
	teredo_addr_build(&a, b + 8);
	teredo_addr_build(&a, b + 24);
}

static void open_sockets(struct load *l, const char *server)
{
	struct sockaddr_in to = {
		.sin_family = AF_INET,
		.sin_port = htons(TEREDO_PORT),
	};
	int i, on = 1;

	if (inet_pton(AF_INET, server, &to.sin_addr) != 1) {
		fprintf(stderr, "rs-load: bad server address '%s'\n", server);
		exit(2);
	}
	l->server = ntohl(to.sin_addr.s_addr);
	for (i = 0; i < SOCKETS; i++) {
		l->fd[i] = socket(AF_INET, SOCK_DGRAM, 0);
		if (l->fd[i] < 0 ||
		    setsockopt(l->fd[i], SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof(on)) < 0 ||
		    connect(l->fd[i], (struct sockaddr *)&to, sizeof(to)) < 0) {
			perror("rs-load: socket");
			exit(1);
		}
		if (bubbles)
			make_bubble(l, i);
	}
}

int main(int argc, char **argv)
{
	struct load l = { 0 };
	uint64_t start, end, next, t;
	long rate, secs, tick = 0;

	if (argc == 5 && !strcmp(argv[1], "--bubbles")) {
		bubbles = true;
		argc--;
		argv++;
	}
	if (argc != 4) {
		fprintf(stderr, "usage: rs-load [--bubbles] SERVER RATE SECONDS\n");
		return 2;
	}
	rate = parse(argv[2], "rate", 0, 10000000);
	secs = parse(argv[3], "duration", 1, 3600);
	open_sockets(&l, argv[1]);

	start = now_ns();
	end = start + (uint64_t)secs * 1000000000ULL;
	next = start;
	while ((t = now_ns()) < end) {
		if (!rate) {
			/* A batch from every socket, then what came back. */
			for (int i = 0; i < SOCKETS; i++)
				send_batch(&l, BATCH);
		} else if (t >= next) {
			/* Spread the remainder so that the total is exact. */
			long owed = rate * (tick + 1) / 1000 - rate * tick / 1000;

			while (owed > 0) {
				int n = send_batch(&l, owed < BATCH ? owed : BATCH);

				if (!n)
					break;	/* buffers full: those are lost */
				owed -= n;
			}
			tick++;
			next = start + (uint64_t)tick * TICK_NS;
		} else {
			struct timespec ts = { 0, (long)(next - t) };

			/* Answers carry their arrival time: reading them can wait. */
			nanosleep(&ts, NULL);
		}
		drain(&l);
	}
	/* Stragglers: what is still on its way after the last send. */
	usleep(200000);
	drain(&l);
	printf("{\"rate\": %ld, \"seconds\": %ld, \"sent\": %llu, \"answered\": %llu, "
	       "\"bad\": %llu, \"answered_per_s\": %.0f, \"p50_us\": %lu, \"p99_us\": %lu}\n",
	       rate, secs, l.sent, l.answered, l.bad, (double)l.answered / secs,
	       percentile(l.answered, 0.50), percentile(l.answered, 0.99));
	return 0;
}
