// SPDX-License-Identifier: GPL-2.0
/*
 * storm udp DST_IPV4 DST_PORT COUNT SEED
 * storm 6in4 DST_IPV4 COUNT SEED
 *
 * Sends COUNT datagrams that are almost right: valid Teredo datagrams
 * (bubbles, bubbles with an origin indication, solicitations with an
 * authentication header, data) or 6in4 packets, each mutated (bytes
 * flipped, cut short, grown, indicator or length fields rewritten, or
 * replaced by noise), from random sources in 100.64.0.0/10. Raw socket,
 * headers built here; for the hardening tests, inside test namespaces.
 * Prints how many were sent.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/udp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../../include/teredo/wire.h"
#include "rawip.h"

#define MAX_PAYLOAD 1400

static uint64_t rng;

static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)rng;
}

static size_t ipv6(uint8_t *p, const uint8_t *src, const uint8_t *dst,
		   uint8_t nh, size_t plen)
{
	memset(p, 0, TEREDO_IPV6_HLEN);
	p[0] = 0x60;
	p[4] = plen >> 8;
	p[5] = plen;
	p[6] = nh;
	p[7] = 64;
	memcpy(p + 8, src, 16);
	memcpy(p + 24, dst, 16);
	for (size_t i = 0; i < plen; i++)
		p[TEREDO_IPV6_HLEN + i] = rnd();
	return TEREDO_IPV6_HLEN + plen;
}

/* A valid Teredo payload from @saddr:@sport (host order). */
static size_t teredo_template(uint8_t *p, uint32_t saddr, uint16_t sport)
{
	struct teredo_addr_info me = { 0xc633640a, 0, sport, saddr };
	struct teredo_addr_info peer = { 0xc633640a, rnd() & 0x3cff, rnd(), rnd() };
	uint8_t src[16], dst[16];
	size_t off = 0;

	teredo_addr_build(&me, src);
	teredo_addr_build(&peer, dst);
	switch (rnd() % 4) {
	case 0:		/* direct bubble */
		return ipv6(p, src, dst, TEREDO_NEXTHDR_NONE, 0);
	case 1:		/* indirect bubble: origin indication */
		p[0] = 0;
		p[1] = 0;
		teredo_put32(p + 2, rnd());
		teredo_put32(p + 4, rnd());
		return TEREDO_ORIGIN_LEN + ipv6(p + 8, src, dst, TEREDO_NEXTHDR_NONE, 0);
	case 2: {	/* solicitation: auth header, ICMPv6 */
		uint8_t id = rnd() % 8, au = rnd() % 8;

		p[0] = 0;
		p[1] = 1;
		p[2] = id;
		p[3] = au;
		for (int i = 4; i < TEREDO_AUTH_MIN + id + au; i++)
			p[i] = rnd();
		off = TEREDO_AUTH_MIN + id + au;
		src[0] = 0xfe;
		src[1] = 0x80;
		return off + ipv6(p + off, src, dst, 58, 8);
	}
	default:	/* data */
		return ipv6(p, src, dst, 17, rnd() % 200);
	}
}

static size_t sixin4_template(uint8_t *p, uint32_t saddr, uint32_t daddr)
{
	uint8_t src[16] = { 0x20, 0x02 }, dst[16] = { 0x20, 0x02 };

	teredo_put32(src + 2, saddr);
	teredo_put32(dst + 2, daddr);
	src[15] = dst[15] = 1;
	return ipv6(p, src, dst, rnd() % 2 ? 17 : 58, rnd() % 200);
}

static size_t mutate(uint8_t *p, size_t len)
{
	switch (rnd() % 7) {
	case 0:		/* a few bytes flipped */
		for (int n = 1 + rnd() % 8; n; n--)
			p[rnd() % len] ^= 1 << (rnd() % 8);
		return len;
	case 1:		/* cut short */
		return rnd() % len;
	case 2: {	/* grown with noise */
		size_t n = len + rnd() % 64;

		if (n > MAX_PAYLOAD)
			n = MAX_PAYLOAD;
		for (size_t i = len; i < n; i++)
			p[i] = rnd();
		return n;
	}
	case 3:		/* indicator bytes rewritten */
		p[0] = rnd() % 3;
		p[1] = rnd() % 3;
		return len;
	case 4:		/* a length field (IPv6 payload length, id/au len) */
		p[rnd() % 6] = rnd();
		return len;
	case 5:		/* noise */
		for (size_t i = 0; i < len; i++)
			p[i] = rnd();
		return len;
	default:	/* as it was */
		return len;
	}
}

int main(int argc, char **argv)
{
	uint8_t pkt[20 + 8 + MAX_PAYLOAD + 64];
	struct sockaddr_in to = { .sin_family = AF_INET };
	struct iphdr *ip = (struct iphdr *)pkt;
	struct udphdr *udp = (struct udphdr *)(pkt + 20);
	bool sixin4 = argc == 5 && !strcmp(argv[1], "6in4");
	unsigned long count, sent = 0;
	uint16_t dport = 0;
	int s;

	if (!(sixin4 || (argc == 6 && !strcmp(argv[1], "udp"))) ||
	    inet_pton(AF_INET, argv[2], &to.sin_addr) != 1) {
		fprintf(stderr, "usage: storm udp DST_IPV4 DST_PORT COUNT SEED | storm 6in4 DST_IPV4 COUNT SEED\n");
		return 2;
	}
	if (!sixin4)
		dport = atoi(argv[3]);
	count = strtoul(argv[sixin4 ? 3 : 4], NULL, 10);
	rng = strtoull(argv[sixin4 ? 4 : 5], NULL, 10) * 2654435761u + 1;
	s = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);
	if (s < 0) {
		perror("socket");
		return 1;
	}
	for (unsigned long i = 0; i < count; i++) {
		uint32_t saddr = 0x64400000 | (rnd() & 0x3fffff);
		uint16_t sport = 1024 + rnd() % 64000;
		size_t hlen = sixin4 ? 20 : 28, len;
		uint8_t *payload = pkt + hlen;

		len = sixin4 ? sixin4_template(payload, saddr, ntohl(to.sin_addr.s_addr)) :
			       teredo_template(payload, saddr, sport);
		len = mutate(payload, len);
		memset(pkt, 0, hlen);
		ip->version = 4;
		ip->ihl = 5;
		ip->tot_len = htons(hlen + len);
		ip->ttl = 64;
		ip->protocol = sixin4 ? 41 : IPPROTO_UDP;
		ip->saddr = htonl(saddr);
		ip->daddr = to.sin_addr.s_addr;
		ip->check = ip_csum(pkt, 20);
		if (!sixin4) {
			udp->source = htons(sport);
			udp->dest = htons(dport);
			udp->len = htons(8 + len);
		}
		if (sendto(s, pkt, hlen + len, 0, (struct sockaddr *)&to, sizeof(to)) >= 0)
			sent++;
	}
	printf("%lu\n", sent);
	return 0;
}
