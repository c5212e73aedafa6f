/* SPDX-License-Identifier: (GPL-2.0 OR BSD-3-Clause) */
/*
 * What a Teredo server does with a datagram that is not a Router
 * Solicitation (RFC 4380 5.3.1), written once for teredo.ko (whose
 * server mode forwards to its clients itself) and teredoctl server
 * (which does the rest). A pure function over the parsed headers, as in
 * wire.h, which this builds on.
 */
#ifndef _TEREDO_SERVER_H
#define _TEREDO_SERVER_H

#include "wire.h"

/* Miredo's and Microsoft's limit on the ICMPv6 a server forwards. */
#define TEREDO_SERVER_ICMP_MAX		88
/* RFC 6081's trailers take a few dozen bytes; more is not forwarded. */
#define TEREDO_SERVER_TRAILERS_MAX	256

enum teredo_server_verdict {
	/* to the destination's mapping, with an origin indication */
	TEREDO_SERVER_TO_CLIENT,
	/* a client's connectivity test: out to native IPv6 */
	TEREDO_SERVER_TO_NATIVE,
	/* an auth header or origin indication: clients send plain IPv6 */
	TEREDO_SERVER_MALFORMED,
	/* a Teredo source that is not where its address says */
	TEREDO_SERVER_SPOOFED,
	/* a Teredo destination that is not this server's client */
	TEREDO_SERVER_NOT_OURS,
	/* anything else: not a bubble or small ICMPv6, or no mapping */
	TEREDO_SERVER_POLICY,
};

static inline bool teredo_is_echo_request(const __u8 *ip6, size_t ip6_len)
{
	return ip6[6] == 58 && ip6_len > TEREDO_IPV6_HLEN &&
	       ip6[TEREDO_IPV6_HLEN] == 128;
}

/*
 * A link-local source and not a bubble: the datagram is a Router
 * Solicitation or nothing (Miredo sends its bubbles from link-local
 * addresses, and those are forwarded like any other).
 */
static inline bool teredo_server_is_rs(const __u8 *ip6,
				       const struct teredo_hdrs *h)
{
	return ip6[8] == 0xfe && (ip6[9] & 0xc0) == 0x80 && !h->bubble;
}

/*
 * The verdict on the IPv6 packet @ip6 of @h (what teredo_parse() made of
 * the datagram), which came from @addr:@port (host order) to the server
 * whose primary address is @primary (host order). For TO_CLIENT, @dst is
 * the destination's mapping.
 */
static inline enum teredo_server_verdict
teredo_server_classify(const __u8 *ip6, const struct teredo_hdrs *h,
		       __u32 addr, __u16 port, __u32 primary,
		       struct teredo_addr_info *dst)
{
	size_t payload = h->ipv6_len - TEREDO_IPV6_HLEN;
	struct teredo_addr_info src;
	bool src_teredo;

	if (h->has_auth || h->has_origin)
		return TEREDO_SERVER_MALFORMED;
	src_teredo = teredo_addr_parse(ip6 + 8, &src);
	if (src_teredo && (src.addr != addr || src.port != port))
		return TEREDO_SERVER_SPOOFED;
	if (teredo_addr_parse(ip6 + 24, dst)) {
		if (dst->server != primary || (dst->flags & TEREDO_FLAG_UG))
			return TEREDO_SERVER_NOT_OURS;
		if ((!h->bubble &&
		     (ip6[6] != 58 || payload > TEREDO_SERVER_ICMP_MAX)) ||
		    h->trailer_len > TEREDO_SERVER_TRAILERS_MAX ||
		    !teredo_mapping_usable(dst))
			return TEREDO_SERVER_POLICY;
		return TEREDO_SERVER_TO_CLIENT;
	}
	/* A native destination: only our own clients' connectivity tests. */
	if (!src_teredo || src.server != primary ||
	    !teredo_is_echo_request(ip6, h->ipv6_len) ||
	    payload > TEREDO_SERVER_ICMP_MAX)
		return TEREDO_SERVER_POLICY;
	return TEREDO_SERVER_TO_NATIVE;
}

#endif
