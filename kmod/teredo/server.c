// SPDX-License-Identifier: GPL-2.0
/*
 * Teredo server, fast path (RFC 4380 5.3.1). A device in server mode
 * does, from the softirq that received the datagram, what teredoctl
 * server would have done with it, and keeps nothing:
 *   - a plain Router Solicitation gets the Router Advertisement
 *     teredoctl server would have sent: the client's mapping as the
 *     origin indication, prefix 2001:0:<server>::/64 and MTU 1280, the
 *     nonce echoed;
 *   - a bubble or small ICMPv6 packet for one of the server's clients
 *     goes on to the client's mapping, with an origin indication saying
 *     who sent it and any RFC 6081 trailers (include/teredo/server.h
 *     decides, for userland too).
 * What needs more than that goes up the socket as before: secure
 * qualification (a client identifier: the keys are userland's), the
 * cone test (answered from the other address, another socket), a
 * client's connectivity test (out to native IPv6), and every drop, which
 * userland counts by reason.
 */
#include "device.h"
#include "../../include/teredo/qualify.h"
#include "../../include/teredo/server.h"

#include <linux/ip.h>
#include <linux/udp.h>
#include <net/inet_sock.h>

/* Auth header with the nonce alone, origin indication, the RA. */
#define TEREDO_SERVER_RA_LEN	(TEREDO_AUTH_MIN + TEREDO_ORIGIN_LEN + \
				 TEREDO_RA_LEN)

/* @out goes to @daddr:@dport in place of @skb, counted as @event. */
static void teredo_server_send(struct teredo_dev *td, struct sk_buff *skb,
			       struct sk_buff *out, enum teredo_stats_attr event,
			       __be32 daddr, __be16 dport)
{
	consume_skb(skb);
	teredo_count_event(td->counters, event);
	teredo_send(td, out, daddr, dport);
}

/* A plain Router Solicitation in @skb: answer it; 0 if it was one. */
static int teredo_server_answer_rs(struct teredo_dev *td, __be32 server,
				   struct sk_buff *skb,
				   const struct teredo_hdrs *h)
{
	const u8 *p, *ip6;
	struct sk_buff *ra;
	__be32 daddr;
	__be16 dport;
	u8 *q;

	if (h->id_len || h->au_len || h->has_origin || h->trailer_len)
		return 1;
	p = skb->data + sizeof(struct udphdr);
	ip6 = p + h->ipv6_off;
	if (teredo_nd_check(ip6, h->ipv6_len, TEREDO_ICMPV6_RS,
			    TEREDO_RS_HLEN) != TEREDO_ND_OK ||
	    teredo_rs_cone(ip6 + 8))
		return 1;

	ra = teredo_alloc_datagram(TEREDO_SERVER_RA_LEN, &q);
	if (!ra)
		return 1;	/* userland answers it, more slowly */
	/* Indicator, lengths (no identifier, no value), nonce; confirmation 0. */
	memcpy(q, p, TEREDO_AUTH_MIN - 1);
	q[TEREDO_AUTH_MIN - 1] = 0;
	daddr = ip_hdr(skb)->saddr;
	dport = udp_hdr(skb)->source;
	teredo_origin_build(q + TEREDO_AUTH_MIN, ntohl(daddr), ntohs(dport));
	teredo_ra_put(q + TEREDO_AUTH_MIN + TEREDO_ORIGIN_LEN, ip6 + 8,
		      ntohl(server));
	teredo_server_send(td, skb, ra, TEREDO_STATS_RS_ANSWERED, daddr, dport);
	return 0;
}

/* A bubble or ICMPv6 for a client of ours: forward it; 0 if it was one. */
static int teredo_server_forward(struct teredo_dev *td, __be32 server,
				 struct sk_buff *skb,
				 const struct teredo_hdrs *h)
{
	unsigned int len = h->ipv6_len + h->trailer_len;
	__be32 saddr = ip_hdr(skb)->saddr;
	__be16 sport = udp_hdr(skb)->source;
	struct teredo_addr_info dst;
	struct sk_buff *fwd;
	const u8 *ip6;
	u8 *q;

	ip6 = skb->data + sizeof(struct udphdr) + h->ipv6_off;
	/* Not a plain one (else it had an auth header): userland's. */
	if (teredo_server_is_rs(ip6, h))
		return 1;
	if (teredo_server_classify(ip6, h, ntohl(saddr), ntohs(sport),
				   ntohl(server), &dst) !=
	    TEREDO_SERVER_TO_CLIENT)
		return 1;

	/* A copy: at most 40 + 88 + 256 bytes, and a clean skb to send. */
	fwd = teredo_alloc_datagram(TEREDO_ORIGIN_LEN + len, &q);
	if (!fwd)
		return 1;	/* userland forwards it, more slowly */
	teredo_origin_build(q, ntohl(saddr), ntohs(sport));
	memcpy(q + TEREDO_ORIGIN_LEN, ip6, len);
	teredo_server_send(td, skb, fwd, TEREDO_STATS_SERVER_FORWARDED,
			   htonl(dst.addr), htons(dst.port));
	return 0;
}

int teredo_server_rcv(struct teredo_dev *td, struct sock *sk,
		      struct sk_buff *skb, const struct teredo_hdrs *h)
{
	/* The socket's address is the server's: the one the RA's prefix names. */
	__be32 server = inet_sk(sk)->inet_saddr;

	if (!server ||
	    !pskb_may_pull(skb, sizeof(struct udphdr) + h->ipv6_off +
			   h->ipv6_len + h->trailer_len))
		return 1;
	if (h->has_auth)
		return teredo_server_answer_rs(td, server, skb, h);
	return teredo_server_forward(td, server, skb, h);
}
