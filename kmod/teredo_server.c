// SPDX-License-Identifier: GPL-2.0
/*
 * Teredo server, fast path (RFC 4380 5.3.1): a device in server mode
 * answers a plain Router Solicitation on its socket itself, from the
 * softirq that received it, with the Router Advertisement teredoctl
 * server would have sent: the client's mapping as the origin
 * indication, prefix 2001:0:<server>::/64 and MTU 1280, the nonce
 * echoed. Nothing is kept: the answer is made from the solicitation
 * alone. What needs more than that goes up the socket as before:
 * secure qualification (a client identifier: the keys are userland's),
 * the cone test (answered from the other address, another socket), and
 * everything else a server does.
 */
#include "device.h"
#include "../include/teredo/qualify.h"

#include <linux/ip.h>
#include <linux/udp.h>
#include <net/inet_sock.h>

/* Auth header with the nonce alone, origin indication, the RA. */
#define TEREDO_SERVER_RA_LEN	(TEREDO_AUTH_MIN + TEREDO_ORIGIN_LEN + \
				 TEREDO_RA_LEN)

int teredo_server_rcv(struct teredo_dev *td, struct sock *sk,
		      struct sk_buff *skb, const struct teredo_hdrs *h)
{
	unsigned int head = LL_MAX_HEADER + sizeof(struct iphdr) +
			    sizeof(struct udphdr);
	/* The socket's address is the server's: the one the RA's prefix names. */
	__be32 server = inet_sk(sk)->inet_saddr;
	const u8 *p, *ip6;
	struct sk_buff *ra;
	__be32 daddr;
	__be16 dport;
	u8 *q;

	if (!h->has_auth || h->id_len || h->au_len || h->has_origin ||
	    h->trailer_len || !server)
		return 1;
	if (!pskb_may_pull(skb, sizeof(struct udphdr) + h->ipv6_off +
			   h->ipv6_len))
		return 1;
	p = skb->data + sizeof(struct udphdr);
	ip6 = p + h->ipv6_off;
	if (teredo_nd_check(ip6, h->ipv6_len, TEREDO_ICMPV6_RS,
			    TEREDO_RS_HLEN) != TEREDO_ND_OK ||
	    teredo_rs_cone(ip6 + 8))
		return 1;

	ra = alloc_skb(head + TEREDO_SERVER_RA_LEN, GFP_ATOMIC);
	if (!ra)
		return 1;	/* userland answers it, more slowly */
	skb_reserve(ra, head);
	q = skb_put(ra, TEREDO_SERVER_RA_LEN);
	/* Indicator, lengths (no identifier, no value), nonce; confirmation 0. */
	memcpy(q, p, TEREDO_AUTH_MIN - 1);
	q[TEREDO_AUTH_MIN - 1] = 0;
	daddr = ip_hdr(skb)->saddr;
	dport = udp_hdr(skb)->source;
	teredo_origin_build(q + TEREDO_AUTH_MIN, ntohl(daddr), ntohs(dport));
	teredo_ra_put(q + TEREDO_AUTH_MIN + TEREDO_ORIGIN_LEN, ip6 + 8,
		      ntohl(server));
	ra->protocol = htons(ETH_P_IPV6);
	consume_skb(skb);
	teredo_count_event(td->counters, TEREDO_STATS_RS_ANSWERED);
	teredo_send(td, ra, daddr, dport);
	return 0;
}
