// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of tools/qualify_msg.c on the host, TAP output: RS and RA
 * round trips, and every way an RA or RS is refused, each on a datagram
 * spoiled in exactly one place.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "../../tools/qualify_msg.h"
#include <teredo/wire.h>

static int n, failed;

static void ok(int cond, const char *what)
{
	n++;
	if (!cond)
		failed++;
	printf("%sok %d %s\n", cond ? "" : "not ", n, what);
}

static const uint8_t nonce[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
#define SERVER	0xc633640aU	/* 198.51.100.10 */
#define MAPPED	0xc6336415U	/* 198.51.100.21 */

/* An RA for our nonce, mapping MAPPED:40000; returns its length. */
static size_t good_ra(uint8_t *b)
{
	struct teredo_rs rs;
	uint8_t rsb[TEREDO_QMSG_MAX];
	size_t len = teredo_rs_build(rsb, nonce, false);

	if (teredo_rs_parse(rsb, len, &rs))
		return 0;
	return teredo_ra_build(b, &rs, MAPPED, 40000, SERVER);
}

/* Offset of the ICMPv6 message in a datagram with auth and origin. */
#define ICMP_OFF (TEREDO_AUTH_MIN + TEREDO_ORIGIN_LEN + TEREDO_IPV6_HLEN)

static enum teredo_qmsg_err parse(const uint8_t *b, size_t len)
{
	struct teredo_ra ra;

	return teredo_ra_parse(b, len, nonce, SERVER, &ra);
}

/* Recompute the checksum after a deliberate change. */
static void fix_csum(uint8_t *b)
{
	uint8_t *ip6 = b + TEREDO_AUTH_MIN + TEREDO_ORIGIN_LEN;
	uint16_t c;

	ip6[42] = ip6[43] = 0;
	c = teredo_icmp6_csum(ip6);
	ip6[42] = c >> 8;
	ip6[43] = c;
}

/*
 * The RS in @b (@len bytes, auth header first) from @src instead, its
 * checksum made again: the cone flag is read from any link-local source.
 */
static void cone_case(uint8_t *b, size_t len, const char *src, bool cone)
{
	uint8_t *ip6 = b + 13, *icmp = ip6 + 40;
	struct teredo_rs rs;
	char name[96];
	uint16_t sum;

	inet_pton(AF_INET6, src, ip6 + 8);
	icmp[2] = icmp[3] = 0;
	sum = teredo_icmp6_csum(ip6);
	icmp[2] = sum >> 8;
	icmp[3] = sum & 0xff;
	snprintf(name, sizeof(name), "an RS from %s asks for the cone test: %s",
		 src, cone ? "yes" : "no");
	ok(teredo_rs_parse(b, len, &rs) == TEREDO_QMSG_OK && rs.cone == cone,
	   name);
}

int main(void)
{
	uint8_t b[TEREDO_QMSG_MAX + 64], c[sizeof(b)];
	struct teredo_hdrs h;
	struct teredo_rs rs;
	struct teredo_ra ra;
	size_t len, rlen;

	printf("TAP version 13\n");

	len = teredo_rs_build(b, nonce, false);
	ok(len == 13 + 40 + 8, "RS is auth + IPv6 + 8 bytes of ICMPv6");
	ok(teredo_parse(b, len, &h) == TEREDO_PARSE_OK && h.has_auth &&
	   !memcmp(h.nonce, nonce, 8) && !h.has_origin,
	   "RS parses as Teredo with our nonce, no origin indication");
	ok(teredo_rs_parse(b, len, &rs) == TEREDO_QMSG_OK && rs.has_auth &&
	   !rs.cone && !memcmp(rs.nonce, nonce, 8) && rs.src[0] == 0xfe,
	   "server side reads the RS back");
	len = teredo_rs_build(b, nonce, true);
	ok(teredo_rs_parse(b, len, &rs) == TEREDO_QMSG_OK && rs.cone,
	   "the cone source fe80::8000:5445:5245:444f is recognised");
	b[len - 1] ^= 1;
	ok(teredo_rs_parse(b, len, &rs) == TEREDO_QMSG_BAD_CHECKSUM,
	   "RS with a bad checksum is refused");
	b[len - 1] ^= 1;
	cone_case(b, len, "fe80::8000:ffff:ffff:fffd", true);
	cone_case(b, len, "fe80::8000:0:0:1", true);
	cone_case(b, len, "fe80::ffff:ffff:ffff:ffff", true);
	cone_case(b, len, "fe80::7fff:ffff:ffff:ffff", false);
	cone_case(b, len, "fe80::ffff:ffff:ffff", false);

	len = good_ra(b);
	ok(len > 0 && teredo_ra_parse(b, len, nonce, SERVER, &ra) == TEREDO_QMSG_OK,
	   "RA round trip");
	ok(ra.mapped_addr == MAPPED && ra.mapped_port == 40000 &&
	   ra.server == SERVER && ra.mtu == 1280,
	   "RA gives mapping, server and MTU");

	memcpy(c, b, len);
	c[4] ^= 0xff;
	ok(parse(c, len) == TEREDO_QMSG_BAD_NONCE, "RA with another nonce is refused");
	ok(teredo_ra_parse(b, len, nonce, SERVER + 1, &ra) == TEREDO_QMSG_WRONG_SERVER,
	   "RA whose prefix names another server is refused");
	ok(parse(b, len - 1) == TEREDO_QMSG_MALFORMED, "truncated RA is refused");
	ok(parse(b + TEREDO_AUTH_MIN, len - TEREDO_AUTH_MIN) == TEREDO_QMSG_NO_AUTH,
	   "RA without auth header is refused");

	/* Drop the origin indication. */
	memcpy(c, b, TEREDO_AUTH_MIN);
	memcpy(c + TEREDO_AUTH_MIN, b + TEREDO_AUTH_MIN + 8, len - TEREDO_AUTH_MIN - 8);
	ok(parse(c, len - 8) == TEREDO_QMSG_NO_ORIGIN,
	   "RA without origin indication is refused");

	memcpy(c, b, len);
	c[ICMP_OFF] = 136;
	fix_csum(c);
	ok(parse(c, len) == TEREDO_QMSG_WRONG_TYPE, "neighbour advertisement is not an RA");
	memcpy(c, b, len);
	c[ICMP_OFF - 40 + 7] = 64;
	ok(parse(c, len) == TEREDO_QMSG_WRONG_TYPE, "RA with hop limit 64 is refused");
	memcpy(c, b, len);
	c[ICMP_OFF - 40 + 6] = 17;
	ok(parse(c, len) == TEREDO_QMSG_NOT_ICMPV6, "UDP is not an RA");
	memcpy(c, b, len);
	c[ICMP_OFF - 40 + 8] = 0x20;
	fix_csum(c);
	ok(parse(c, len) == TEREDO_QMSG_NOT_LINK_LOCAL, "RA from a global source is refused");
	memcpy(c, b, len);
	c[len - 1] ^= 0x55;
	ok(parse(c, len) == TEREDO_QMSG_BAD_CHECKSUM, "RA with a bad checksum is refused");

	/* Options: the prefix starts at ICMP_OFF + 16, the MTU at + 48. */
	memcpy(c, b, len);
	c[ICMP_OFF + 16 + 1] = 0;
	fix_csum(c);
	ok(parse(c, len) == TEREDO_QMSG_BAD_OPTION, "zero-length option is refused");
	memcpy(c, b, len);
	c[ICMP_OFF + 48 + 1] = 9;
	fix_csum(c);
	ok(parse(c, len) == TEREDO_QMSG_BAD_OPTION, "option past the end is refused");
	memcpy(c, b, len);
	c[ICMP_OFF + 16 + 2] = 48;
	fix_csum(c);
	ok(parse(c, len) == TEREDO_QMSG_NO_PREFIX, "a /48 prefix is not a Teredo prefix");
	memcpy(c, b, len);
	c[ICMP_OFF + 48 + 6] = 0x04;	/* MTU 1024 + low byte */
	c[ICMP_OFF + 48 + 7] = 0x00;
	fix_csum(c);
	ok(parse(c, len) == TEREDO_QMSG_BAD_MTU, "MTU below 1280 is refused");

	/* An RA without auth (server answering an RS without one). */
	rs.has_auth = false;
	rlen = teredo_ra_build(c, &rs, MAPPED, 1, SERVER);
	ok(rlen == len - TEREDO_AUTH_MIN && parse(c, rlen) == TEREDO_QMSG_NO_AUTH,
	   "server omits auth when the RS had none; the client refuses it");

	/* Every prefix of a good RA fails cleanly (no over-read under ASan). */
	{
		int bad = 0;

		for (size_t l = 0; l < len; l++)
			bad += parse(b, l) == TEREDO_QMSG_OK;
		for (size_t l = 0; l < len; l++)
			bad += teredo_rs_parse(b, l, &rs) == TEREDO_QMSG_OK;
		ok(!bad, "no truncation of an RA is accepted");
	}

	printf("1..%d\n", n);
	return failed ? 1 : 0;
}
