/* SPDX-License-Identifier: (GPL-2.0 OR BSD-3-Clause) */
/*
 * The neighbour discovery part of Teredo qualification (RFC 4380 5.2.1,
 * 5.3.1): the Router Solicitation's checks and the server's Router
 * Advertisement, written once for teredo.ko (whose server mode answers
 * plain solicitations itself) and teredoctl (which does the rest, secure
 * qualification included). Pure functions over byte buffers, as in
 * wire.h, which this builds on.
 */
#ifndef _TEREDO_QUALIFY_H
#define _TEREDO_QUALIFY_H

#include "wire.h"

#define TEREDO_ICMPV6		58
#define TEREDO_ICMPV6_RS	133
#define TEREDO_ICMPV6_RA	134
#define TEREDO_ND_OPT_PREFIX	3
#define TEREDO_ND_OPT_MTU	5
#define TEREDO_RS_HLEN		8	/* type .. reserved */
#define TEREDO_RA_HLEN		16	/* type .. retrans timer */
/* The server's RA: IPv6 header, RA, prefix and MTU options. */
#define TEREDO_RA_LEN		(TEREDO_IPV6_HLEN + TEREDO_RA_HLEN + 32 + 8)

/*
 * The link-local address a client asking for the cone test solicits
 * from (RFC 4380 5.2.1: the cone bit set), which servers also answer
 * from: fe80::8000:5445:5245:444f, "TEREDO".
 */
static inline void teredo_ll_cone(__u8 *a)
{
	static const __u8 tail[8] = { 0x80, 0, 'T', 'E', 'R', 'E', 'D', 'O' };

	memset(a, 0, 8);
	a[0] = 0xfe;
	a[1] = 0x80;
	memcpy(a + 8, tail, sizeof(tail));
}

static inline __u32 teredo_sum16(__u32 sum, const __u8 *p, size_t len)
{
	for (; len > 1; p += 2, len -= 2)
		sum += (__u32)p[0] << 8 | p[1];
	if (len)
		sum += (__u32)p[0] << 8;
	return sum;
}

/*
 * The ICMPv6 checksum of the IPv6 packet at @ip6 (its payload length
 * read from it): 0 when the packet's own checksum is right.
 */
static inline __u16 teredo_icmp6_csum(const __u8 *ip6)
{
	size_t plen = (size_t)ip6[4] << 8 | ip6[5];
	__u32 sum;

	/* Pseudo header: source, destination, length, next header. */
	sum = teredo_sum16(0, ip6 + 8, 32);
	sum += (__u32)plen + TEREDO_ICMPV6;
	sum = teredo_sum16(sum, ip6 + TEREDO_IPV6_HLEN, plen);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (__u16)~sum;
}

/* Fill in the checksum of the ICMPv6 packet at @ip6. */
static inline void teredo_icmp6_seal(__u8 *ip6)
{
	__u8 *icmp = ip6 + TEREDO_IPV6_HLEN;
	__u16 c;

	icmp[2] = 0;
	icmp[3] = 0;
	c = teredo_icmp6_csum(ip6);
	icmp[2] = (__u8)(c >> 8);
	icmp[3] = (__u8)c;
}

/*
 * An IPv6 header for @plen bytes of ICMPv6 with hop limit 255, as
 * neighbour discovery wants; returns where the payload goes.
 */
static inline __u8 *teredo_nd_ipv6_put(__u8 *p, const __u8 *src,
				       const __u8 *dst, size_t plen)
{
	memset(p, 0, TEREDO_IPV6_HLEN);
	p[0] = 0x60;
	p[4] = (__u8)(plen >> 8);
	p[5] = (__u8)plen;
	p[6] = TEREDO_ICMPV6;
	p[7] = 255;
	memcpy(p + 8, src, 16);
	memcpy(p + 24, dst, 16);
	return p + TEREDO_IPV6_HLEN;
}

enum teredo_nd_err {
	TEREDO_ND_OK,
	TEREDO_ND_NOT_ICMPV6,		/* next header is not 58 */
	TEREDO_ND_WRONG_TYPE,		/* another type, or hop limit not 255 */
	TEREDO_ND_NOT_LINK_LOCAL,	/* source is not fe80::/10 */
	TEREDO_ND_BAD_CHECKSUM,
};

/*
 * Whether the IPv6 packet @ip6 (@len bytes, as teredo_parse() measured
 * it) is an ICMPv6 message of @type, code 0, at least @min bytes, with
 * hop limit 255 from a link-local source and a right checksum.
 */
static inline enum teredo_nd_err teredo_nd_check(const __u8 *ip6, size_t len,
						 __u8 type, size_t min)
{
	if (ip6[6] != TEREDO_ICMPV6)
		return TEREDO_ND_NOT_ICMPV6;
	if (len < TEREDO_IPV6_HLEN + min || ip6[40] != type ||
	    ip6[41] != 0 || ip6[7] != 255)
		return TEREDO_ND_WRONG_TYPE;
	if (ip6[8] != 0xfe || (ip6[9] & 0xc0) != 0x80)
		return TEREDO_ND_NOT_LINK_LOCAL;
	if (teredo_icmp6_csum(ip6) != 0)
		return TEREDO_ND_BAD_CHECKSUM;
	return TEREDO_ND_OK;
}

/*
 * A client's Router Solicitation (RFC 4380 5.2.1) at @ip6, TEREDO_RS_LEN
 * bytes, to ff02::2: from fe80::ffff:ffff:fffe, or with @cone from the
 * cone address above, which asks the server to answer from its other
 * address.
 */
#define TEREDO_RS_LEN		(TEREDO_IPV6_HLEN + TEREDO_RS_HLEN)
static inline void teredo_rs_put(__u8 *ip6, bool cone)
{
	static const __u8 plain[16] = {
		0xfe, 0x80, [12] = 0xff, 0xff, 0xff, 0xff };
	static const __u8 all_routers[16] = { 0xff, 0x02, [15] = 2 };
	__u8 src[16], *p;

	teredo_ll_cone(src);
	p = teredo_nd_ipv6_put(ip6, cone ? src : plain, all_routers,
			       TEREDO_RS_HLEN);
	memset(p, 0, TEREDO_RS_HLEN);
	p[0] = TEREDO_ICMPV6_RS;
	teredo_icmp6_seal(ip6);
}

/*
 * The cone flag of a solicitation's source @src: the top bit of its
 * interface identifier, as in a Teredo address (RFC 4380 5.2.1). What
 * follows varies by client (Windows sends fe80::8000:ffff:ffff:fffd).
 */
static inline bool teredo_rs_cone(const __u8 *src)
{
	return src[8] & 0x80;
}

/*
 * The server's Router Advertisement to @dst (the solicitation's source)
 * at @ip6, TEREDO_RA_LEN bytes: from fe80::8000:5445:5245:444f, prefix
 * 2001:0:<@server>::/64 (host order), autonomous, infinite lifetimes,
 * and MTU 1280.
 */
static inline void teredo_ra_put(__u8 *ip6, const __u8 *dst, __u32 server)
{
	__u8 src[16], *p;

	teredo_ll_cone(src);
	p = teredo_nd_ipv6_put(ip6, src, dst, TEREDO_RA_LEN - TEREDO_IPV6_HLEN);
	memset(p, 0, TEREDO_RA_LEN - TEREDO_IPV6_HLEN);
	p[0] = TEREDO_ICMPV6_RA;
	p += TEREDO_RA_HLEN;
	p[0] = TEREDO_ND_OPT_PREFIX;
	p[1] = 4;
	p[2] = 64;
	p[3] = 0x40;
	memset(p + 4, 0xff, 8);		/* valid and preferred: forever */
	p[16] = 0x20;			/* 2001:0::/32 */
	p[17] = 0x01;
	teredo_put32(p + 20, server);
	p += 32;
	p[0] = TEREDO_ND_OPT_MTU;
	p[1] = 1;
	p[6] = TEREDO_MTU >> 8;
	p[7] = TEREDO_MTU & 0xff;
	teredo_icmp6_seal(ip6);
}

#endif /* _TEREDO_QUALIFY_H */
