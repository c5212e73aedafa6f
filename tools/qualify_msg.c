// SPDX-License-Identifier: GPL-2.0
/*
 * Router Solicitation and Advertisement of Teredo qualification. The
 * outer headers (auth, origin) are parsed by include/teredo/wire.h, the
 * same code teredo.ko runs; this file adds the ICMPv6 part.
 */
#include "qualify_msg.h"

#include <string.h>
#include <nettle/hmac.h>
#include <nettle/memops.h>
#include <teredo/wire.h>

#define ICMPV6_RS		133
#define ICMPV6_RA		134
#define ND_OPT_PREFIX		3
#define ND_OPT_MTU		5
#define RA_HLEN			16	/* type .. retrans timer */
#define RS_HLEN			8

/* The link-local sources of RFC 4380 5.2.1: plain, and with the cone bit. */
static const uint8_t rs_src_plain[16] = {
	0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff };
static const uint8_t rs_src_cone[16] = {
	0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0x80, 0, 'T', 'E', 'R', 'E', 'D', 'O' };
static const uint8_t all_routers[16] = { 0xff, 0x02, [15] = 2 };

static const char *const errors[__TEREDO_QMSG_MAX] = {
	[TEREDO_QMSG_OK]		= "ok",
	[TEREDO_QMSG_MALFORMED]		= "not a valid Teredo datagram",
	[TEREDO_QMSG_NO_AUTH]		= "no authentication header",
	[TEREDO_QMSG_BAD_NONCE]		= "nonce does not match",
	[TEREDO_QMSG_NO_ORIGIN]		= "no origin indication",
	[TEREDO_QMSG_NOT_ICMPV6]	= "not ICMPv6",
	[TEREDO_QMSG_WRONG_TYPE]	= "not a router solicitation/advertisement",
	[TEREDO_QMSG_NOT_LINK_LOCAL]	= "source is not link-local",
	[TEREDO_QMSG_BAD_CHECKSUM]	= "bad ICMPv6 checksum",
	[TEREDO_QMSG_BAD_OPTION]	= "malformed option",
	[TEREDO_QMSG_NO_PREFIX]		= "no Teredo prefix",
	[TEREDO_QMSG_WRONG_SERVER]	= "prefix names another server",
	[TEREDO_QMSG_BAD_MTU]		= "MTU below 1280",
	[TEREDO_QMSG_BAD_AUTH]		= "authentication failed",
};

const char *teredo_qmsg_strerror(enum teredo_qmsg_err err)
{
	return err < __TEREDO_QMSG_MAX ? errors[err] : "?";
}

static uint32_t sum16(uint32_t sum, const uint8_t *p, size_t len)
{
	for (; len > 1; p += 2, len -= 2)
		sum += (uint32_t)p[0] << 8 | p[1];
	if (len)
		sum += (uint32_t)p[0] << 8;
	return sum;
}

uint16_t teredo_icmp6_csum(const uint8_t *ip6)
{
	size_t plen = (size_t)ip6[4] << 8 | ip6[5];
	uint32_t sum;

	/* Pseudo header: source, destination, length, next header 58. */
	sum = sum16(0, ip6 + 8, 32);
	sum += (uint32_t)plen + 58;
	sum = sum16(sum, ip6 + TEREDO_IPV6_HLEN, plen);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static void put_csum(uint8_t *ip6)
{
	uint8_t *icmp = ip6 + TEREDO_IPV6_HLEN;
	uint16_t c;

	icmp[2] = icmp[3] = 0;
	c = teredo_icmp6_csum(ip6);
	icmp[2] = c >> 8;
	icmp[3] = c;
}

/* An IPv6 header for ICMPv6 with hop limit 255, as neighbour discovery wants. */
static uint8_t *put_ipv6(uint8_t *p, const uint8_t *src, const uint8_t *dst,
			 size_t plen)
{
	memset(p, 0, TEREDO_IPV6_HLEN);
	p[0] = 0x60;
	p[4] = plen >> 8;
	p[5] = plen;
	p[6] = 58;
	p[7] = 255;
	memcpy(p + 8, src, 16);
	memcpy(p + 24, dst, 16);
	return p + TEREDO_IPV6_HLEN;
}

/*
 * The authentication value of the datagram @p, whose auth header holds
 * an identifier of @id_len bytes and a value of @au_len: HMAC-SHA1 over
 * identifier, nonce, confirmation byte and all that follows the header
 * (see struct teredo_auth).
 */
static void auth_value(const struct teredo_auth *auth, const uint8_t *p,
		       size_t len, uint8_t id_len, uint8_t au_len,
		       uint8_t out[TEREDO_AUTH_VALUE_LEN])
{
	size_t end = TEREDO_AUTH_MIN + id_len + au_len;
	struct hmac_sha1_ctx ctx;

	hmac_sha1_set_key(&ctx, auth->key_len, auth->key);
	hmac_sha1_update(&ctx, id_len, p + 4);
	hmac_sha1_update(&ctx, TEREDO_NONCE_LEN + 1, p + end - TEREDO_NONCE_LEN - 1);
	hmac_sha1_update(&ctx, len - end, p + end);
	hmac_sha1_digest(&ctx, TEREDO_AUTH_VALUE_LEN, out);
}

/*
 * Auth header: indicator, lengths, @auth's identifier and room for its
 * value (filled by auth_seal() once the datagram is whole), the nonce,
 * confirmation byte 0.
 */
static uint8_t *put_auth(uint8_t *p, const uint8_t *nonce,
			 const struct teredo_auth *auth)
{
	uint8_t id_len = auth ? auth->id_len : 0;
	uint8_t au_len = auth ? TEREDO_AUTH_VALUE_LEN : 0;

	p[0] = 0;
	p[1] = 1;
	p[2] = id_len;
	p[3] = au_len;
	if (id_len)
		memcpy(p + 4, auth->id, id_len);
	memset(p + 4 + id_len, 0, au_len);
	p += 4 + id_len + au_len;
	memcpy(p, nonce, TEREDO_NONCE_LEN);
	p[TEREDO_NONCE_LEN] = 0;
	return p + TEREDO_NONCE_LEN + 1;
}

/* Write the authentication value into the whole datagram @buf. */
static void auth_seal(uint8_t *buf, size_t len, const struct teredo_auth *auth)
{
	auth_value(auth, buf, len, auth->id_len, TEREDO_AUTH_VALUE_LEN,
		   buf + 4 + auth->id_len);
}

/*
 * Whether the datagram @p, whose auth header's lengths were parsed as
 * @id_len and @au_len (both 0 without one), carries @auth's identifier
 * and a right value.
 */
static bool auth_check(const uint8_t *p, size_t len, uint8_t id_len,
		       uint8_t au_len, const struct teredo_auth *auth)
{
	uint8_t want[TEREDO_AUTH_VALUE_LEN];

	if (id_len != auth->id_len || au_len != TEREDO_AUTH_VALUE_LEN ||
	    len < (size_t)TEREDO_AUTH_MIN + id_len + au_len ||
	    memcmp(p + 4, auth->id, auth->id_len))
		return false;
	auth_value(auth, p, len, id_len, au_len, want);
	/* In constant time: the value is a secret until it matches. */
	return memeql_sec(want, p + 4 + id_len, TEREDO_AUTH_VALUE_LEN);
}

size_t teredo_rs_build(uint8_t *buf, const uint8_t nonce[TEREDO_NONCE_LEN],
		       bool cone, const struct teredo_auth *auth)
{
	uint8_t *p = put_auth(buf, nonce, auth), *ip6 = p;
	size_t len;

	p = put_ipv6(p, cone ? rs_src_cone : rs_src_plain, all_routers, RS_HLEN);
	memset(p, 0, RS_HLEN);
	p[0] = ICMPV6_RS;
	put_csum(ip6);
	len = (size_t)(p + RS_HLEN - buf);
	if (auth)
		auth_seal(buf, len, auth);
	return len;
}

/*
 * The ICMPv6 message of a parsed datagram: checks next header, type, code,
 * hop limit, link-local source and checksum.
 */
static enum teredo_qmsg_err icmp_check(const uint8_t *p, const struct teredo_hdrs *h,
				       uint8_t type, size_t min)
{
	const uint8_t *ip6 = p + h->ipv6_off;

	if (ip6[6] != 58)
		return TEREDO_QMSG_NOT_ICMPV6;
	if (h->ipv6_len < TEREDO_IPV6_HLEN + min || ip6[40] != type ||
	    ip6[41] != 0 || ip6[7] != 255)
		return TEREDO_QMSG_WRONG_TYPE;
	if (ip6[8] != 0xfe || (ip6[9] & 0xc0) != 0x80)
		return TEREDO_QMSG_NOT_LINK_LOCAL;
	if (teredo_icmp6_csum(ip6) != 0)
		return TEREDO_QMSG_BAD_CHECKSUM;
	return TEREDO_QMSG_OK;
}

enum teredo_qmsg_err teredo_ra_parse(const uint8_t *p, size_t len,
				     const uint8_t nonce[TEREDO_NONCE_LEN],
				     uint32_t server, const struct teredo_auth *auth,
				     struct teredo_ra *ra)
{
	const uint8_t *ip6, *opt, *end;
	enum teredo_qmsg_err err;
	struct teredo_hdrs h;
	bool prefix = false;

	if (teredo_parse_datagram(p, len, &h) != TEREDO_PARSE_OK)
		return TEREDO_QMSG_MALFORMED;
	if (!h.has_auth)
		return TEREDO_QMSG_NO_AUTH;
	if (memcmp(h.nonce, nonce, TEREDO_NONCE_LEN))
		return TEREDO_QMSG_BAD_NONCE;
	if (auth && !auth_check(p, len, h.id_len, h.au_len, auth))
		return TEREDO_QMSG_BAD_AUTH;
	if (!h.has_origin)
		return TEREDO_QMSG_NO_ORIGIN;
	err = icmp_check(p, &h, ICMPV6_RA, RA_HLEN);
	if (err)
		return err;
	memset(ra, 0, sizeof(*ra));
	ra->mapped_addr = h.origin_addr;
	ra->mapped_port = h.origin_port;
	ip6 = p + h.ipv6_off;
	end = ip6 + h.ipv6_len;
	for (opt = ip6 + TEREDO_IPV6_HLEN + RA_HLEN; opt < end; opt += opt[1] * 8) {
		if (end - opt < 2 || opt[1] == 0 || end - opt < opt[1] * 8)
			return TEREDO_QMSG_BAD_OPTION;
		if (opt[0] == ND_OPT_PREFIX && opt[1] == 4 && opt[2] == 64 &&
		    teredo_addr_is_teredo(opt + 16)) {
			/* Several prefixes: one of them must be our server's. */
			if (teredo_get32(opt + 20) == server) {
				ra->server = server;
				prefix = true;
			} else if (!prefix) {
				ra->server = teredo_get32(opt + 20);
			}
		} else if (opt[0] == ND_OPT_MTU && opt[1] == 1) {
			ra->mtu = teredo_get32(opt + 4) > 65535 ? 65535 :
				  (uint16_t)teredo_get32(opt + 4);
			if (ra->mtu < TEREDO_MTU)
				return TEREDO_QMSG_BAD_MTU;
		}
	}
	if (!prefix)
		return ra->server ? TEREDO_QMSG_WRONG_SERVER : TEREDO_QMSG_NO_PREFIX;
	return TEREDO_QMSG_OK;
}

enum teredo_qmsg_err teredo_rs_parse(const uint8_t *p, size_t len,
				     struct teredo_rs *rs)
{
	enum teredo_qmsg_err err;
	struct teredo_hdrs h;

	if (teredo_parse_datagram(p, len, &h) != TEREDO_PARSE_OK)
		return TEREDO_QMSG_MALFORMED;
	err = icmp_check(p, &h, ICMPV6_RS, RS_HLEN);
	if (err)
		return err;
	memset(rs, 0, sizeof(*rs));
	rs->has_auth = h.has_auth;
	memcpy(rs->nonce, h.nonce, TEREDO_NONCE_LEN);
	rs->id_len = h.id_len;
	memcpy(rs->id, p + 4, h.id_len);
	rs->au_len = h.au_len;
	memcpy(rs->src, p + h.ipv6_off + 8, 16);
	/*
	 * The cone flag is the top bit of the interface identifier, as in a
	 * Teredo address (RFC 4380 5.2.1): what follows varies by client
	 * (Windows sends fe80::8000:ffff:ffff:fffd, Miredo ours).
	 */
	rs->cone = rs->src[8] & 0x80;
	return TEREDO_QMSG_OK;
}

bool teredo_qmsg_auth_ok(const uint8_t *p, size_t len,
			 const struct teredo_rs *rs,
			 const struct teredo_auth *auth)
{
	return auth_check(p, len, rs->id_len, rs->au_len, auth);
}

size_t teredo_ra_build(uint8_t *buf, const struct teredo_rs *rs,
		       uint32_t mapped_addr, uint16_t mapped_port,
		       uint32_t server, const struct teredo_auth *auth)
{
	uint8_t *p = buf, *ip6;

	if (rs->has_auth)
		p = put_auth(p, rs->nonce, auth);
	/* Origin indication: the client's mapping. */
	teredo_origin_build(p, mapped_addr, mapped_port);
	p += TEREDO_ORIGIN_LEN;
	ip6 = p;
	p = put_ipv6(p, rs_src_cone, rs->src, RA_HLEN + 32 + 8);
	memset(p, 0, RA_HLEN + 32 + 8);
	p[0] = ICMPV6_RA;
	p += RA_HLEN;
	/* Prefix information: 2001:0:<server>::/64, autonomous, lifetimes. */
	p[0] = ND_OPT_PREFIX;
	p[1] = 4;
	p[2] = 64;
	p[3] = 0x40;
	teredo_put32(p + 4, 0xffffffff);
	teredo_put32(p + 8, 0xffffffff);
	teredo_put32(p + 16, 0x20010000);
	teredo_put32(p + 20, server);
	p += 32;
	p[0] = ND_OPT_MTU;
	p[1] = 1;
	teredo_put32(p + 4, TEREDO_MTU);
	p += 8;
	put_csum(ip6);
	if (rs->has_auth && auth)
		auth_seal(buf, (size_t)(p - buf), auth);
	return (size_t)(p - buf);
}
