// SPDX-License-Identifier: GPL-2.0
/*
 * teredo-flood DST_IPV4 DST_PORT DST_IPV6 COUNT [MODE]
 *
 * Sends COUNT bubbles to a Teredo client or relay, each from another
 * spoofed peer: a random outer IPv4 source in 100.64.0.0/10 and port, and
 * the Teredo address that carries exactly that mapping, so that every one
 * passes the receive rules and asks for a peer entry. MODE:
 *   --from A:P        every bubble from the one mapping A:P, the Teredo
 *                     addresses differing in their server and flag bits
 *                     (one sender making peers without end)
 *   --peers N MS      the same N peers (server 198.51.100.77, mappings
 *                     100.100.x.y) over and over, a round every MS ms:
 *                     established peers that stay active
 * Raw socket, headers built here; the outer source is never ours to use
 * outside the test netns.
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
#include <time.h>
#include <unistd.h>

#include "../../include/teredo/wire.h"
#include "rawip.h"

int main(int argc, char **argv)
{
	struct sockaddr_in to = { .sin_family = AF_INET };
	uint8_t pkt[20 + 8 + TEREDO_IPV6_HLEN] = { 0 };
	struct iphdr *ip = (struct iphdr *)pkt;
	struct udphdr *udp = (struct udphdr *)(pkt + 20);
	uint8_t *ip6 = pkt + 28;
	struct teredo_addr_info info = { .server = 0xc633640a };
	unsigned long count, peers = 0, every_ms = 0;
	struct in_addr from = { 0 };
	unsigned int from_port = 0;
	struct in6_addr dst6;
	char *colon;
	int s;

	if (argc == 7 && !strcmp(argv[5], "--from") &&
	    (colon = strrchr(argv[6], ':'))) {
		*colon = '\0';
		from_port = atoi(colon + 1);
		if (inet_pton(AF_INET, argv[6], &from) != 1 || !from_port || from_port > 65535)
			argc = 0;
	} else if (argc == 8 && !strcmp(argv[5], "--peers")) {
		peers = strtoul(argv[6], NULL, 10);
		every_ms = strtoul(argv[7], NULL, 10);
		if (!peers || peers > 65536)
			argc = 0;
	} else if (argc != 5) {
		argc = 0;
	}
	if (!argc || inet_pton(AF_INET, argv[1], &to.sin_addr) != 1 ||
	    inet_pton(AF_INET6, argv[3], &dst6) != 1) {
		fprintf(stderr, "usage: teredo-flood DST_IPV4 DST_PORT DST_IPV6 COUNT "
			"[--from A:P | --peers N MS]\n");
		return 2;
	}
	count = strtoul(argv[4], NULL, 10);
	s = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);
	if (s < 0) {
		perror("socket");
		return 1;
	}
	srandom(getpid());
	ip->version = 4;
	ip->ihl = 5;
	ip->tot_len = htons(sizeof(pkt));
	ip->ttl = 64;
	ip->protocol = IPPROTO_UDP;
	ip->daddr = to.sin_addr.s_addr;
	udp->dest = htons(atoi(argv[2]));
	udp->len = htons(8 + TEREDO_IPV6_HLEN);
	udp->check = 0;		/* allowed over IPv4 */
	ip6[0] = 0x60;
	ip6[6] = TEREDO_NEXTHDR_NONE;
	ip6[7] = 64;
	memcpy(ip6 + 24, &dst6, 16);
	for (unsigned long i = 0; i < count; i++) {
		if (from_port) {
			info.addr = ntohl(from.s_addr);
			info.port = from_port;
			info.server = 0xc0000200 | (random() & 0xff);
			info.flags = random() & 0x3cff;
		} else if (peers) {
			if (i && i % peers == 0 && every_ms) {
				struct timespec ts = {
					.tv_sec = every_ms / 1000,
					.tv_nsec = (every_ms % 1000) * 1000000L,
				};

				nanosleep(&ts, NULL);
			}
			info.server = 0xc633644d;
			info.addr = 0x64640000 | (i % peers);
			info.port = 20000 + i % peers;
		} else {
			info.addr = 0x64400000 | (random() & 0x3fffff);
			info.port = 1024 + random() % 64000;
		}
		ip->saddr = htonl(info.addr);
		ip->check = 0;
		ip->check = ip_csum(pkt, 20);
		udp->source = htons(info.port);
		teredo_addr_build(&info, ip6 + 8);
		if (sendto(s, pkt, sizeof(pkt), 0, (struct sockaddr *)&to,
			   sizeof(to)) < 0) {
			perror("sendto");
			return 1;
		}
	}
	return 0;
}
