// SPDX-License-Identifier: GPL-2.0
/*
 * rs-load SERVER RATE SECONDS
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

#define SOCKETS		64
#define BATCH		32
#define TICK_NS		1000000L	/* a burst every millisecond */
#define HIST_US		1000000		/* round trips up to 1 s, in 1 us steps */
#define NONCE_OFF	4		/* auth header without identifier or value */

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
	int fd = l->fd[l->next_fd++ % SOCKETS], i, sent;
	uint64_t t = now_ns();

	for (i = 0; i < n; i++) {
		memcpy(nonce, &t, sizeof(nonce));
		iov[i].iov_base = buf[i];
		iov[i].iov_len = teredo_rs_build(buf[i], nonce, false, NULL);
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
	}
}

int main(int argc, char **argv)
{
	struct load l = { 0 };
	uint64_t start, end, next, t;
	long rate, secs, tick = 0;

	if (argc != 4) {
		fprintf(stderr, "usage: rs-load SERVER RATE SECONDS\n");
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
