// SPDX-License-Identifier: GPL-2.0
/*
 * udp-pace ADDR PORT PPS SECONDS
 *
 * Sends 64-byte UDP datagrams to ADDR (IPv4 or IPv6) PORT at PPS a
 * second for SECONDS, then prints how many the stack took. For the CPU
 * cost per packet in make bench: the sender must cost little and nearly
 * the same for every contender, so it sleeps between bursts (one every
 * 10 ms, sent with one sendmmsg) instead of pacing each datagram, whose
 * timer calls alone cost more than a tunnel under TCG.
 */
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define PAYLOAD		64
#define TICK_NS		10000000L	/* a burst every 10 ms */
#define BURST_MAX	1024

static long parse(const char *s, const char *what, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < 1 || v > max) {
		fprintf(stderr, "udp-pace: bad %s '%s' (1..%ld)\n", what, s, max);
		exit(2);
	}
	return v;
}

static int open_socket(const char *addr, const char *port)
{
	struct addrinfo hints = {
		.ai_socktype = SOCK_DGRAM,
		.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV,
	}, *ai;
	int fd, err;

	err = getaddrinfo(addr, port, &hints, &ai);
	if (err) {
		fprintf(stderr, "udp-pace: %s port %s: %s\n", addr, port,
			gai_strerror(err));
		exit(2);
	}
	fd = socket(ai->ai_family, SOCK_DGRAM, 0);
	if (fd < 0 || connect(fd, ai->ai_addr, ai->ai_addrlen) < 0) {
		perror("udp-pace: socket");
		exit(1);
	}
	freeaddrinfo(ai);
	return fd;
}

int main(int argc, char **argv)
{
	static char payload[PAYLOAD];
	static struct mmsghdr msgs[BURST_MAX];
	struct iovec iov = { .iov_base = payload, .iov_len = sizeof(payload) };
	struct timespec next;
	long pps, ticks, burst, owed, t;
	unsigned long long sent = 0;
	int fd, i, n;

	if (argc != 5) {
		fprintf(stderr, "usage: udp-pace ADDR PORT PPS SECONDS\n");
		return 2;
	}
	fd = open_socket(argv[1], argv[2]);
	pps = parse(argv[3], "rate", BURST_MAX * (1000000000L / TICK_NS));
	ticks = parse(argv[4], "duration", 3600) * (1000000000L / TICK_NS);
	for (i = 0; i < BURST_MAX; i++) {
		msgs[i].msg_hdr.msg_iov = &iov;
		msgs[i].msg_hdr.msg_iovlen = 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &next);
	for (t = 0; t < ticks; t++) {
		/* Spread the remainder so that the total is exact. */
		owed = pps * (t + 1) / (1000000000L / TICK_NS) -
		       pps * t / (1000000000L / TICK_NS);
		for (burst = 0; burst < owed; burst += n) {
			n = sendmmsg(fd, msgs, owed - burst, 0);
			/* An ICMP error for an earlier one: carry on. */
			if (n < 0 && errno == ECONNREFUSED)
				n = sendmmsg(fd, msgs, owed - burst, 0);
			if (n <= 0)
				break;	/* buffers full: those are lost */
			sent += n;
		}
		next.tv_nsec += TICK_NS;
		if (next.tv_nsec >= 1000000000L) {
			next.tv_nsec -= 1000000000L;
			next.tv_sec++;
		}
		clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL);
	}
	printf("%llu\n", sent);
	return 0;
}
