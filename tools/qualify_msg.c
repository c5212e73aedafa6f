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
	uint8_t *p = put_auth(buf, nonce, auth);
	size_t len = (size_t)(p - buf) + TEREDO_RS_LEN;

	teredo_rs_put(p, cone);
	if (auth)
		auth_seal(buf, len, auth);
	return len;
}

/* The ICMPv6 message of a parsed datagram, in our errors' terms. */
static enum teredo_qmsg_err icmp_check(const uint8_t *p, const struct teredo_hdrs *h,
				       uint8_t type, size_t min)
{
	static const enum teredo_qmsg_err err[] = {
		[TEREDO_ND_OK]			= TEREDO_QMSG_OK,
		[TEREDO_ND_NOT_ICMPV6]		= TEREDO_QMSG_NOT_ICMPV6,
		[TEREDO_ND_WRONG_TYPE]		= TEREDO_QMSG_WRONG_TYPE,
		[TEREDO_ND_NOT_LINK_LOCAL]	= TEREDO_QMSG_NOT_LINK_LOCAL,
		[TEREDO_ND_BAD_CHECKSUM]	= TEREDO_QMSG_BAD_CHECKSUM,
	};

	return err[teredo_nd_check(p + h->ipv6_off, h->ipv6_len, type, min)];
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
	err = icmp_check(p, &h, TEREDO_ICMPV6_RA, TEREDO_RA_HLEN);
	if (err)
		return err;
	memset(ra, 0, sizeof(*ra));
	ra->mapped_addr = h.origin_addr;
	ra->mapped_port = h.origin_port;
	ip6 = p + h.ipv6_off;
	end = ip6 + h.ipv6_len;
	for (opt = ip6 + TEREDO_IPV6_HLEN + TEREDO_RA_HLEN; opt < end; opt += opt[1] * 8) {
		if (end - opt < 2 || opt[1] == 0 || end - opt < opt[1] * 8)
			return TEREDO_QMSG_BAD_OPTION;
		if (opt[0] == TEREDO_ND_OPT_PREFIX && opt[1] == 4 && opt[2] == 64 &&
		    teredo_addr_is_teredo(opt + 16)) {
			/* Several prefixes: one of them must be our server's. */
			if (teredo_get32(opt + 20) == server) {
				ra->server = server;
				prefix = true;
			} else if (!prefix) {
				ra->server = teredo_get32(opt + 20);
			}
		} else if (opt[0] == TEREDO_ND_OPT_MTU && opt[1] == 1) {
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
	err = icmp_check(p, &h, TEREDO_ICMPV6_RS, TEREDO_RS_HLEN);
	if (err)
		return err;
	memset(rs, 0, sizeof(*rs));
	rs->has_auth = h.has_auth;
	memcpy(rs->nonce, h.nonce, TEREDO_NONCE_LEN);
	rs->id_len = h.id_len;
	memcpy(rs->id, p + 4, h.id_len);
	rs->au_len = h.au_len;
	memcpy(rs->src, p + h.ipv6_off + 8, 16);
	rs->cone = teredo_rs_cone(rs->src);
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
	uint8_t *p = buf;

	if (rs->has_auth)
		p = put_auth(p, rs->nonce, auth);
	/* Origin indication: the client's mapping. */
	teredo_origin_build(p, mapped_addr, mapped_port);
	p += TEREDO_ORIGIN_LEN;
	teredo_ra_put(p, rs->src, server);
	p += TEREDO_RA_LEN;
	if (rs->has_auth && auth)
		auth_seal(buf, (size_t)(p - buf), auth);
	return (size_t)(p - buf);
}
