/* SPDX-License-Identifier: (GPL-2.0 OR BSD-3-Clause) */
/*
 * Teredo wire formats (RFC 4380 sections 4 and 5.1.1), written once and
 * compiled both into teredo.ko and into userland (teredoctl, the host
 * unit tests, the fuzzers). Pure functions over byte buffers: no
 * allocation, no kernel or libc state, every length checked.
 */
#ifndef _TEREDO_WIRE_H
#define _TEREDO_WIRE_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/string.h>
#else
#include <linux/types.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#endif

/* RFC 4380: the prefix 2001:0::/32 (its first 32 bits), a server's port, the MTU. */
#define TEREDO_PREFIX		0x20010000U
#define TEREDO_PORT		3544
#define TEREDO_MTU		1280	/* IPv6's least, as RFC 4380 5.2 asks */

#define TEREDO_IPV6_HLEN	40
#define TEREDO_NEXTHDR_NONE	59	/* what a bubble carries */
#define TEREDO_FLAG_CONE	0x8000
#define TEREDO_FLAG_UG		0x0300	/* U and G: must be zero */
#define TEREDO_FLAG_RANDOM	0x3cff	/* RFC 5991: random bits */
#define TEREDO_AUTH_MIN		13	/* auth header without id/value */
#define TEREDO_NONCE_LEN	8	/* the auth header's nonce */
#define TEREDO_ORIGIN_LEN	8

/* What a Teredo address says, in host byte order and de-obfuscated. */
struct teredo_addr_info {
	__u32 server;		/* the client's server */
	__u16 flags;
	__u16 port;		/* the client's mapped port */
	__u32 addr;		/* the client's mapped IPv4 address */
};

static inline __u32 teredo_get32(const __u8 *p)
{
	return (__u32)p[0] << 24 | (__u32)p[1] << 16 | (__u32)p[2] << 8 | p[3];
}

static inline void teredo_put32(__u8 *p, __u32 v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

/* Whether the 16 bytes at @a are in 2001:0::/32. */
static inline bool teredo_addr_is_teredo(const __u8 *a)
{
	return teredo_get32(a) == TEREDO_PREFIX;
}

/* Read a Teredo address; false (and @info untouched) if it is not one. */
static inline bool teredo_addr_parse(const __u8 *a,
				     struct teredo_addr_info *info)
{
	if (!teredo_addr_is_teredo(a))
		return false;
	info->server = teredo_get32(a + 4);
	info->flags = (__u16)(a[8] << 8 | a[9]);
	info->port = (__u16)~(a[10] << 8 | a[11]);
	info->addr = ~teredo_get32(a + 12);
	return true;
}

/* A unicast IPv4 address (host order): not 0/8, 127/8, 224/4 or 240/4. */
static inline bool teredo_ipv4_unicast(__u32 a)
{
	return a >> 24 != 0 && a >> 24 != 127 && a >> 28 < 14;
}

/*
 * Whether a Teredo address names somewhere to send to: its mapping and
 * its server unicast IPv4 addresses, a port, the U and G bits clear
 * (RFC 4380 4). Whoever sends a packet to an address could otherwise aim
 * our bubbles, or a server's forwarding, at our own loopback, multicast
 * groups or broadcast.
 */
static inline bool teredo_mapping_usable(const struct teredo_addr_info *info)
{
	return !(info->flags & TEREDO_FLAG_UG) && info->port &&
	       teredo_ipv4_unicast(info->addr) &&
	       teredo_ipv4_unicast(info->server);
}

static inline void teredo_addr_build(const struct teredo_addr_info *info,
				     __u8 *a)
{
	teredo_put32(a, TEREDO_PREFIX);
	teredo_put32(a + 4, info->server);
	a[8] = info->flags >> 8;
	a[9] = info->flags;
	a[10] = (__u8)(~info->port >> 8);
	a[11] = (__u8)~info->port;
	teredo_put32(a + 12, ~info->addr);
}

/* Write an origin indication for @addr:@port (host order) at @p. */
static inline void teredo_origin_build(__u8 *p, __u32 addr, __u16 port)
{
	p[0] = 0;
	p[1] = 0;
	p[2] = (__u8)(~port >> 8);
	p[3] = (__u8)~port;
	teredo_put32(p + 4, ~addr);
}

/* The optional headers in front of the IPv6 packet in a Teredo datagram. */
struct teredo_hdrs {
	bool has_auth;
	bool has_origin;
	__u8 id_len, au_len;
	__u16 auth_off;		/* offset of the authentication header */
	__u8 nonce[TEREDO_NONCE_LEN];
	__u8 confirm;
	__u16 origin_port;	/* de-obfuscated, host order */
	__u32 origin_addr;	/* de-obfuscated, host order */
	__u16 ipv6_off;		/* where the IPv6 packet starts */
	__u16 ipv6_len;		/* its length: 40 + payload length */
	__u16 trailer_len;	/* RFC 6081 trailers after it, unchecked */
	bool bubble;		/* no payload, next header 59 */
};

enum teredo_parse_err {
	TEREDO_PARSE_OK,
	TEREDO_PARSE_TRUNCATED,		/* a header runs past the datagram */
	TEREDO_PARSE_BAD_INDICATOR,	/* 0x00 0xNN with NN not 0 or 1 */
	TEREDO_PARSE_NOT_IPV6,		/* the packet's version is not 6 */
	TEREDO_PARSE_BAD_LENGTH,	/* IPv6 packet longer than the datagram */
	TEREDO_PARSE_BAD_TRAILER,	/* trailers that do not fill the rest */
};

/*
 * Parse a Teredo UDP payload: [auth header] [origin indication] IPv6
 * [trailers]. RFC 6081 section 3 lets the IPv6 packet end before the
 * datagram does: what follows are trailers (nonces, alternate addresses
 * and the like of its extensions), which @h->trailer_len counts. Reads
 * the headers only, never the trailers: check those with
 * teredo_parse_trailers() once they can be read.
 */
static inline enum teredo_parse_err
teredo_parse(const __u8 *p, size_t len, struct teredo_hdrs *h)
{
	size_t off = 0, ip6_len;

	memset(h, 0, sizeof(*h));
	if (len >= 2 && p[0] == 0 && p[1] == 1) {
		size_t alen;

		if (len < TEREDO_AUTH_MIN)
			return TEREDO_PARSE_TRUNCATED;
		h->id_len = p[2];
		h->au_len = p[3];
		alen = TEREDO_AUTH_MIN + h->id_len + h->au_len;
		if (len < alen)
			return TEREDO_PARSE_TRUNCATED;
		memcpy(h->nonce, p + 4 + h->id_len + h->au_len,
		       TEREDO_NONCE_LEN);
		h->confirm = p[alen - 1];
		h->has_auth = true;
		h->auth_off = 0;
		off = alen;
	}
	if (len - off >= 2 && p[off] == 0 && p[off + 1] == 0) {
		if (len - off < TEREDO_ORIGIN_LEN)
			return TEREDO_PARSE_TRUNCATED;
		h->origin_port = (__u16)~(p[off + 2] << 8 | p[off + 3]);
		h->origin_addr = ~teredo_get32(p + off + 4);
		h->has_origin = true;
		off += TEREDO_ORIGIN_LEN;
	}
	if (len - off >= 2 && p[off] == 0)
		return TEREDO_PARSE_BAD_INDICATOR;
	if (len - off < TEREDO_IPV6_HLEN)
		return TEREDO_PARSE_TRUNCATED;
	if ((p[off] >> 4) != 6)
		return TEREDO_PARSE_NOT_IPV6;
	ip6_len = TEREDO_IPV6_HLEN + (size_t)(p[off + 4] << 8 | p[off + 5]);
	if (ip6_len > len - off)
		return TEREDO_PARSE_BAD_LENGTH;
	h->ipv6_off = (__u16)off;
	h->ipv6_len = (__u16)ip6_len;
	h->trailer_len = (__u16)(len - off - ip6_len);
	h->bubble = h->ipv6_len == TEREDO_IPV6_HLEN &&
		    p[off + 6] == TEREDO_NEXTHDR_NONE;
	return TEREDO_PARSE_OK;
}

/*
 * The @len bytes of trailers after a Teredo IPv6 packet: each a type, a
 * length and that many bytes of value, the last ending where the
 * datagram does. The trailer at *@off, or NULL when no whole one starts
 * there; *@off moves past it. Every reader of trailers walks with this.
 */
static inline const __u8 *teredo_trailer_next(const __u8 *t, size_t len,
					      size_t *off)
{
	const __u8 *tr = t + *off;

	if (len - *off < 2 || len - *off - 2 < tr[1])
		return NULL;
	*off += 2 + (size_t)tr[1];
	return tr;
}

/*
 * Types we do not implement are skipped, as RFC 6081 asks; a trailer
 * that runs past the end (or a stray byte) is not a trailer, and its
 * datagram is malformed.
 */
static inline enum teredo_parse_err
teredo_parse_trailers(const __u8 *t, size_t len)
{
	size_t off = 0;

	while (teredo_trailer_next(t, len, &off))
		;
	return off == len ? TEREDO_PARSE_OK : TEREDO_PARSE_BAD_TRAILER;
}

/*
 * The first trailer of @type among @len bytes of trailers that
 * teredo_parse_trailers() passed, or NULL. The readers of one kind of
 * trailer start here and check its length themselves.
 */
static inline const __u8 *teredo_trailer_find(const __u8 *t, size_t len,
					      __u8 type)
{
	const __u8 *tr;
	size_t off = 0;

	while ((tr = teredo_trailer_next(t, len, &off)))
		if (tr[0] == type)
			return tr;
	return NULL;
}

/* The RFC 6081 trailers we act on; the others are skipped. */
#define TEREDO_TRAILER_NONCE	0x01	/* nonce: symmetric NAT support */
#define TEREDO_TRAILER_ALT	0x03	/* alternate addresses: hairpinning */
#define TEREDO_TRAILER_ND	0x04	/* neighbor discovery: server load reduction */
#define TEREDO_TRAILER_RANDOM_PORT 0x05	/* port-preserving, sequential NATs */
#define TEREDO_TRAILER_ALT_LEN	10	/* one with a single address */
#define TEREDO_ALT_MAX		4	/* the most one trailer holds */

/* An alternate address and port (host order). */
struct teredo_alt {
	__u32 addr;
	__u16 port;
};

/*
 * The usable addresses (unicast, port not 0) in the alternate address
 * trailers among @len bytes of trailers that teredo_parse_trailers()
 * passed: the first @max of them into @alt. Returns how many. A trailer
 * whose length is not 2 bytes plus whole entries is skipped.
 */
static inline unsigned int
teredo_trailer_alts(const __u8 *t, size_t len, struct teredo_alt *alt,
		    unsigned int max)
{
	unsigned int n = 0;
	const __u8 *tr;
	size_t off = 0, i;

	while ((tr = teredo_trailer_next(t, len, &off))) {
		if (tr[0] != TEREDO_TRAILER_ALT || tr[1] < 8 ||
		    (tr[1] - 2) % 6)
			continue;
		/* Two bytes reserved, then entries of address and port. */
		for (i = 4; i < 2 + (size_t)tr[1] && n < max; i += 6) {
			__u32 a = teredo_get32(tr + i);
			__u16 port = (__u16)(tr[i + 4] << 8 | tr[i + 5]);

			if (teredo_ipv4_unicast(a) && port) {
				alt[n].addr = a;
				alt[n].port = port;
				n++;
			}
		}
	}
	return n;
}

/* Write an alternate address trailer for @addr:@port (host order) at @p. */
static inline void teredo_trailer_alt_build(__u8 *p, __u32 addr, __u16 port)
{
	p[0] = TEREDO_TRAILER_ALT;
	p[1] = TEREDO_TRAILER_ALT_LEN - 2;
	p[2] = 0;
	p[3] = 0;
	teredo_put32(p + 4, addr);
	p[8] = (__u8)(port >> 8);
	p[9] = (__u8)port;
}

/*
 * RFC 6081 Server Load Reduction: a direct bubble carrying a neighbor
 * discovery option trailer (type, length 4, the discovery type, 3 bytes
 * reserved) asks a peer to answer directly, so that refreshing a quiet
 * peer needs no indirect bubble through its server.
 */
#define TEREDO_TRAILER_ND_LEN	6
enum teredo_nd_type {
	TEREDO_ND_NONE = -1,		/* no such trailer */
	TEREDO_ND_SOLICIT = 0,		/* TeredoDiscoverySolicitation */
	TEREDO_ND_ADVERT = 1,		/* TeredoDiscoveryAdvertisement */
};

/*
 * The discovery type of the first neighbor discovery trailer among @len
 * bytes of trailers that teredo_parse_trailers() passed; TEREDO_ND_NONE
 * when there is none, or it has another length or an unknown type.
 */
static inline enum teredo_nd_type teredo_trailer_nd(const __u8 *t, size_t len)
{
	const __u8 *tr = teredo_trailer_find(t, len, TEREDO_TRAILER_ND);

	if (!tr || tr[1] != TEREDO_TRAILER_ND_LEN - 2 || tr[2] > TEREDO_ND_ADVERT)
		return TEREDO_ND_NONE;
	return (enum teredo_nd_type)tr[2];
}

/* Write a neighbor discovery trailer of @type at @p. */
static inline void teredo_trailer_nd_build(__u8 *p, enum teredo_nd_type type)
{
	p[0] = TEREDO_TRAILER_ND;
	p[1] = TEREDO_TRAILER_ND_LEN - 2;
	p[2] = (__u8)type;
	p[3] = 0;
	p[4] = 0;
	p[5] = 0;
}

/*
 * RFC 6081 Symmetric NAT Support: an indirect bubble carries a nonce
 * trailer (type, length 4, 4 random bytes), and the direct bubble that
 * answers it echoes the nonce, which proves to a sender behind a NAT
 * that the answer, whatever mapping it comes from, is the peer's. The
 * nonce of the first such trailer among @len bytes of trailers that
 * teredo_parse_trailers() passed, or NULL when there is none or it has
 * another length.
 */
#define TEREDO_TRAILER_NONCE_LEN	6
#define TEREDO_TRAILER_NONCE_SIZE	4
static inline const __u8 *teredo_trailer_nonce(const __u8 *t, size_t len)
{
	const __u8 *tr = teredo_trailer_find(t, len, TEREDO_TRAILER_NONCE);

	return tr && tr[1] == TEREDO_TRAILER_NONCE_SIZE ? tr + 2 : NULL;
}

/* Write a nonce trailer carrying @nonce at @p. */
static inline void teredo_trailer_nonce_build(__u8 *p, const __u8 *nonce)
{
	p[0] = TEREDO_TRAILER_NONCE;
	p[1] = TEREDO_TRAILER_NONCE_SIZE;
	p[2] = nonce[0];
	p[3] = nonce[1];
	p[4] = nonce[2];
	p[5] = nonce[3];
}

/*
 * RFC 6081 port-preserving and sequential port-symmetric NATs: a client
 * behind one names, in a random port trailer (type, length 2, the port
 * in network order) on its indirect bubble, the port its NAT gives it
 * for us, where our direct bubble gets in. The port of the first such
 * trailer among @len bytes of trailers that teredo_parse_trailers()
 * passed (host order); 0 when there is none, or it has another length
 * or names port 0.
 */
#define TEREDO_TRAILER_RANDOM_PORT_LEN	4
static inline __u16 teredo_trailer_random_port(const __u8 *t, size_t len)
{
	const __u8 *tr = teredo_trailer_find(t, len, TEREDO_TRAILER_RANDOM_PORT);

	if (!tr || tr[1] != TEREDO_TRAILER_RANDOM_PORT_LEN - 2)
		return 0;
	return (__u16)(tr[2] << 8 | tr[3]);
}

/* Write a random port trailer naming @port (host order) at @p. */
static inline void teredo_trailer_random_port_build(__u8 *p, __u16 port)
{
	p[0] = TEREDO_TRAILER_RANDOM_PORT;
	p[1] = TEREDO_TRAILER_RANDOM_PORT_LEN - 2;
	p[2] = (__u8)(port >> 8);
	p[3] = (__u8)port;
}

/* Headers and trailers at once, for a caller holding the whole datagram. */
static inline enum teredo_parse_err
teredo_parse_datagram(const __u8 *p, size_t len, struct teredo_hdrs *h)
{
	enum teredo_parse_err err = teredo_parse(p, len, h);

	if (err == TEREDO_PARSE_OK && h->trailer_len)
		err = teredo_parse_trailers(p + h->ipv6_off + h->ipv6_len,
					    h->trailer_len);
	return err;
}

#endif /* _TEREDO_WIRE_H */
