// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of include/teredo/wire.h on the host, TAP output: the
 * address vector of RFC 4380 as the facts sheet gives it, round trips,
 * and every parse error on hand-made datagrams; then every verdict of
 * the server's forwarding rules (include/teredo/server.h).
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "../../include/teredo/server.h"
#include "tap.h"

/* An IPv6 header with @plen bytes of payload and next header @nh. */
static size_t ipv6(unsigned char *p, unsigned int plen, unsigned char nh)
{
	memset(p, 0, TEREDO_IPV6_HLEN + plen);
	p[0] = 0x60;
	p[4] = plen >> 8;
	p[5] = plen;
	p[6] = nh;
	p[7] = 64;
	return TEREDO_IPV6_HLEN + plen;
}

#define SRV	0xc6336446	/* 198.51.100.70, the server's primary */
#define NAT	0xc6336428	/* 198.51.100.40, where the clients are */

/*
 * A datagram in @d from a Teredo address (server @srv, mapped NAT:@sport)
 * to one mapped to NAT:40002 under @dsrv, @plen bytes of payload of next
 * header @nh (the first byte @type), @tlen bytes of trailer; parsed into
 * @h. Returns the server's verdict on it, coming from NAT:@from.
 */
static enum teredo_server_verdict
verdict(unsigned char *d, struct teredo_hdrs *h, uint32_t srv, uint16_t sport,
	uint32_t dsrv, unsigned int plen, unsigned char nh, unsigned char type,
	unsigned int tlen, uint16_t from, struct teredo_addr_info *dst)
{
	struct teredo_addr_info a = { .server = srv, .port = sport, .addr = NAT };
	size_t len;

	len = ipv6(d, plen, nh);
	teredo_addr_build(&a, d + 8);
	a.server = dsrv;
	a.port = 40002;
	teredo_addr_build(&a, d + 24);
	if (plen)
		d[TEREDO_IPV6_HLEN] = type;
	memset(d + len, 0, tlen);
	if (teredo_parse(d, len + tlen, h) != TEREDO_PARSE_OK)
		return TEREDO_SERVER_MALFORMED;
	return teredo_server_classify(d, h, NAT, from, SRV, dst);
}


int main(void)
{
	struct teredo_addr_info info, back;
	unsigned char a[16], b[16], d[512];
	struct teredo_hdrs h;
	size_t len;

	tap_start();

	/* 2001:0:c000:201:8000:cfc6:3fff:fd74: server 192.0.2.1, cone,
	 * mapped port 12345, mapped IPv4 192.0.2.139.
	 */
	inet_pton(AF_INET6, "2001:0:c000:201:8000:cfc6:3fff:fd74", a);
	ok(teredo_addr_parse(a, &info), "the worked vector is a Teredo address");
	ok(info.server == 0xc0000201, "server 192.0.2.1");
	ok(info.flags == TEREDO_FLAG_CONE, "cone flag set");
	ok(info.port == 12345, "mapped port 12345 (de-obfuscated)");
	ok(info.addr == 0xc000028b, "mapped IPv4 192.0.2.139 (de-obfuscated)");
	teredo_addr_build(&info, b);
	ok(!memcmp(a, b, 16), "building it back gives the same address");
	back = (struct teredo_addr_info){ 0xcb007101, 0x1234 & TEREDO_FLAG_RANDOM, 65535, 0 };
	teredo_addr_build(&back, b);
	ok(teredo_addr_parse(b, &info) && info.server == back.server &&
	   info.flags == back.flags && info.port == 65535 && info.addr == 0,
	   "round trip with extreme port and address");
	back = (struct teredo_addr_info){ 0xc0000201, 0, 3544, 0xc6336401 };
	ok(teredo_mapping_usable(&back), "198.51.100.1:3544 via 192.0.2.1: usable");
	back.addr = 0x0a000001;
	ok(teredo_mapping_usable(&back), "a private mapping (10.0.0.1): usable");
	back.addr = 0x7f000001;
	ok(!teredo_mapping_usable(&back), "a loopback mapping: not usable");
	back.addr = 0x00000001;
	ok(!teredo_mapping_usable(&back), "a mapping in 0/8: not usable");
	back.addr = 0xe0000001;
	ok(!teredo_mapping_usable(&back), "a multicast mapping: not usable");
	back.addr = 0xfffffffe;
	ok(!teredo_mapping_usable(&back), "a mapping in 240/4: not usable");
	back.addr = 0xc6336401;
	back.port = 0;
	ok(!teredo_mapping_usable(&back), "port 0: not usable");
	back.port = 3544;
	back.flags = 0x0100;
	ok(!teredo_mapping_usable(&back), "the U bit set: not usable");
	back.flags = 0;
	back.server = 0x7f000001;
	ok(!teredo_mapping_usable(&back), "a loopback server: not usable");
	inet_pton(AF_INET6, "2002:c000:201::1", a);
	ok(!teredo_addr_parse(a, &info), "a 6to4 address is not Teredo");
	inet_pton(AF_INET6, "3ffe:831f::1", a);
	ok(!teredo_addr_parse(a, &info), "the obsolete 3ffe:831f::/32 prefix is not Teredo");

	len = ipv6(d, 0, TEREDO_NEXTHDR_NONE);
	ok(teredo_parse(d, len, &h) == TEREDO_PARSE_OK && h.bubble &&
	   !h.has_auth && !h.has_origin && h.ipv6_off == 0,
	   "a plain bubble parses as a bubble");
	len = ipv6(d, 8, 58);
	ok(teredo_parse(d, len, &h) == TEREDO_PARSE_OK && !h.bubble &&
	   h.ipv6_len == 48, "a packet with payload is not a bubble");
	ok(teredo_parse(d, len - 1, &h) == TEREDO_PARSE_BAD_LENGTH,
	   "one byte short of its payload length: refused");
	ok(teredo_parse(d, 39, &h) == TEREDO_PARSE_TRUNCATED,
	   "shorter than an IPv6 header: refused");
	d[0] = 0x45;
	ok(teredo_parse(d, len, &h) == TEREDO_PARSE_NOT_IPV6, "version 4: refused");

	/* RFC 6081 trailers: a nonce (type 1, 4 bytes), an unknown type 0x7f. */
	len = ipv6(d, 0, TEREDO_NEXTHDR_NONE);
	memcpy(d + len, "\x01\x04\xde\xad\xbe\xef\x7f\x00", 8);
	ok(teredo_parse_datagram(d, len + 8, &h) == TEREDO_PARSE_OK && h.bubble &&
	   h.ipv6_len == 40 && h.trailer_len == 8,
	   "a bubble with two trailers, one of an unknown type: accepted");
	ok(teredo_parse(d, len + 7, &h) == TEREDO_PARSE_OK && h.trailer_len == 7 &&
	   teredo_parse_trailers(d + len, 7) == TEREDO_PARSE_BAD_TRAILER,
	   "the headers alone parse; a stray last byte is no trailer");
	ok(teredo_parse_datagram(d, len + 7, &h) == TEREDO_PARSE_BAD_TRAILER,
	   "... and refuses the datagram");
	d[len + 1] = 9;
	ok(teredo_parse_datagram(d, len + 8, &h) == TEREDO_PARSE_BAD_TRAILER,
	   "a trailer running past the datagram: refused");
	d[len + 1] = 6;
	ok(teredo_parse_datagram(d, len + 8, &h) == TEREDO_PARSE_OK && h.trailer_len == 8,
	   "one trailer ending with the datagram: accepted");

	/* Alternate address trailers (hairpinning). */
	teredo_trailer_alt_build(d, 0x0a070002, 3545);
	ok(teredo_parse_trailers(d, TEREDO_TRAILER_ALT_LEN) == TEREDO_PARSE_OK &&
	   !memcmp(d, "\x03\x08\x00\x00\x0a\x07\x00\x02\x0d\xd9", 10),
	   "an alternate address trailer: type 3, length 8, reserved, address, port");
	{
		struct teredo_alt alt[TEREDO_ALT_MAX];
		/* A nonce, then three entries: 127.0.0.1 and port 0 are unusable. */
		static const unsigned char t[] =
			"\x01\x04\xde\xad\xbe\xef"
			"\x03\x14\x00\x00"
			"\x7f\x00\x00\x01\x0d\xd9"
			"\xc0\xa8\x01\x02\x00\x00"
			"\xc0\xa8\x01\x03\x0d\xda";

		ok(teredo_parse_trailers(t, sizeof(t) - 1) == TEREDO_PARSE_OK &&
		   teredo_trailer_alts(t, sizeof(t) - 1, alt, TEREDO_ALT_MAX) == 1 &&
		   alt[0].addr == 0xc0a80103 && alt[0].port == 3546,
		   "alternates after a nonce: loopback and port 0 left out");
		ok(teredo_trailer_alts(d, TEREDO_TRAILER_ALT_LEN, alt, 0) == 0,
		   "... no more than asked for");
		d[1] = 9;
		ok(teredo_trailer_alts(d, 11, alt, TEREDO_ALT_MAX) == 0,
		   "... a length that is not whole entries: skipped");
		d[1] = 8;
		ok(teredo_trailer_alts(d, 9, alt, TEREDO_ALT_MAX) == 0,
		   "... one running past the end: not read");
	}

	/* Neighbor discovery trailers (server load reduction). */
	teredo_trailer_nd_build(d, TEREDO_ND_SOLICIT);
	ok(!memcmp(d, "\x04\x04\x00\x00\x00\x00", 6) &&
	   teredo_trailer_nd(d, TEREDO_TRAILER_ND_LEN) == TEREDO_ND_SOLICIT,
	   "a discovery solicitation trailer: type 4, length 4, type 0");
	teredo_trailer_nd_build(d, TEREDO_ND_ADVERT);
	ok(teredo_trailer_nd(d, TEREDO_TRAILER_ND_LEN) == TEREDO_ND_ADVERT,
	   "... an advertisement: type 1");
	{
		static const unsigned char t[] =
			"\x01\x04\xde\xad\xbe\xef\x04\x04\x01\x00\x00\x00";

		ok(teredo_trailer_nd(t, sizeof(t) - 1) == TEREDO_ND_ADVERT,
		   "... after a nonce trailer: found");
		ok(teredo_trailer_nd(t, 6) == TEREDO_ND_NONE,
		   "... a nonce alone: none");
	}
	{
		struct teredo_alt alt[TEREDO_ALT_MAX];
		/* Both kinds in one datagram: each reader passes the other. */
		static const unsigned char t[] =
			"\x03\x08\x00\x00\xc0\xa8\x01\x03\x0d\xda"
			"\x04\x04\x00\x00\x00\x00"
			"\x03\x08\x00\x00\xc0\xa8\x01\x04\x0d\xdb";

		ok(teredo_parse_trailers(t, sizeof(t) - 1) == TEREDO_PARSE_OK &&
		   teredo_trailer_nd(t, sizeof(t) - 1) == TEREDO_ND_SOLICIT &&
		   teredo_trailer_alts(t, sizeof(t) - 1, alt, TEREDO_ALT_MAX) == 2 &&
		   alt[1].addr == 0xc0a80104 && alt[1].port == 3547,
		   "... and alternates around it: each reader finds its own");
	}
	{
		/* Nonce trailers (symmetric NAT support). */
		static const unsigned char t[] =
			"\x05\x02\x1b\x6d\x01\x04\xde\xad\xbe\xef";
		static const unsigned char bad[] = "\x01\x05\xde\xad\xbe\xef\x00";
		unsigned char b[TEREDO_TRAILER_NONCE_LEN];
		const unsigned char *n = teredo_trailer_nonce(t, sizeof(t) - 1);

		ok(n && !memcmp(n, "\xde\xad\xbe\xef", 4),
		   "a nonce trailer after a random port trailer: type 1, its 4 bytes");
		ok(!teredo_trailer_nonce(t, 4), "... a random port alone: none");
		ok(!teredo_trailer_nonce(bad, sizeof(bad) - 1),
		   "... a length other than 4: none");
		teredo_trailer_nonce_build(b, n);
		ok(!memcmp(b, t + 4, sizeof(b)), "... built back the same");
	}
	{
		/* Random port trailers (port-preserving, sequential NATs). */
		static const unsigned char t[] =
			"\x01\x04\xde\xad\xbe\xef\x05\x02\x1b\x6d";
		static const unsigned char zero[] = "\x05\x02\x00\x00";
		static const unsigned char longer[] = "\x05\x03\x1b\x6d\x00";

		ok(teredo_parse_trailers(t, sizeof(t) - 1) == TEREDO_PARSE_OK &&
		   teredo_trailer_random_port(t, sizeof(t) - 1) == 7021,
		   "a random port trailer after a nonce: type 5, length 2, port 7021");
		ok(teredo_trailer_random_port(t, 6) == 0,
		   "... a nonce alone: none");
		ok(teredo_trailer_random_port(zero, 4) == 0,
		   "... naming port 0: none");
		ok(teredo_trailer_random_port(longer, 5) == 0,
		   "... a length other than 2: none");
		ok(teredo_trailer_random_port(t, sizeof(t) - 2) == 0,
		   "... one running past the end: not read");
		{
			unsigned char b[TEREDO_TRAILER_RANDOM_PORT_LEN];

			teredo_trailer_random_port_build(b, 7021);
			ok(!memcmp(b, t + 6, sizeof(b)), "... built back the same");
		}
	}
	d[2] = 2;
	ok(teredo_trailer_nd(d, TEREDO_TRAILER_ND_LEN) == TEREDO_ND_NONE,
	   "... an unknown discovery type: none");
	d[2] = 0;
	d[1] = 3;
	ok(teredo_trailer_nd(d, 5) == TEREDO_ND_NONE,
	   "... a length other than 4: none");
	d[1] = 4;
	ok(teredo_trailer_nd(d, 5) == TEREDO_ND_NONE,
	   "... one running past the end: not read");

	/* Origin indication: port 3544 and 192.0.2.1, obfuscated. */
	d[0] = 0;
	d[1] = 0;
	d[2] = (unsigned char)~(3544 >> 8);
	d[3] = (unsigned char)~3544;
	teredo_put32(d + 4, ~0xc0000201U);
	len = 8 + ipv6(d + 8, 0, TEREDO_NEXTHDR_NONE);
	ok(teredo_parse(d, len, &h) == TEREDO_PARSE_OK && h.has_origin &&
	   h.origin_port == 3544 && h.origin_addr == 0xc0000201 &&
	   h.ipv6_off == 8 && h.bubble, "origin indication, then a bubble");
	ok(teredo_parse(d, 6, &h) == TEREDO_PARSE_TRUNCATED,
	   "a cut origin indication: refused");

	/* Auth header, id 2 bytes, value 3 bytes, nonce, confirmation, then
	 * the origin indication and an RA-sized packet.
	 */
	memset(d, 0, sizeof(d));
	d[0] = 0;
	d[1] = 1;
	d[2] = 2;
	d[3] = 3;
	memcpy(d + 9, "NONCE123", 8);
	d[17] = 0;
	d[18] = 0;
	d[19] = 0;
	d[20] = 0xff;
	d[21] = 0xff;
	teredo_put32(d + 22, 0xffffffff);
	len = 26 + ipv6(d + 26, 16, 58);
	ok(teredo_parse(d, len, &h) == TEREDO_PARSE_OK && h.has_auth &&
	   h.id_len == 2 && h.au_len == 3 && !memcmp(h.nonce, "NONCE123", 8) &&
	   h.has_origin && h.origin_port == 0 && h.origin_addr == 0 &&
	   h.ipv6_off == 26, "auth header, origin indication and packet");
	ok(teredo_parse(d, 12, &h) == TEREDO_PARSE_TRUNCATED,
	   "an auth header shorter than 13 bytes: refused");
	d[3] = 200;
	ok(teredo_parse(d, len, &h) == TEREDO_PARSE_TRUNCATED,
	   "an auth value running past the datagram: refused");
	d[3] = 3;
	d[19] = 7;
	ok(teredo_parse(d, len, &h) == TEREDO_PARSE_BAD_INDICATOR,
	   "an unknown indicator after the auth header: refused");
	d[0] = 0;
	d[1] = 2;
	ok(teredo_parse(d, len, &h) == TEREDO_PARSE_BAD_INDICATOR,
	   "an unknown indicator first: refused");
	ok(teredo_parse(d, 0, &h) == TEREDO_PARSE_TRUNCATED, "an empty datagram: refused");

	/* The server's forwarding rules (RFC 4380 5.3.1). */
	ok(verdict(d, &h, SRV, 40001, SRV, 0, 59, 0, 0, 40001, &info) ==
	   TEREDO_SERVER_TO_CLIENT && info.addr == NAT && info.port == 40002,
	   "server: a bubble for a client of ours goes to its mapping");
	ok(!teredo_server_is_rs(d, &h), "... and is not a solicitation");
	ok(verdict(d, &h, SRV, 40001, SRV, 0, 59, 0, 256, 40001, &info) ==
	   TEREDO_SERVER_TO_CLIENT, "... with 256 bytes of trailers too");
	ok(verdict(d, &h, SRV, 40001, SRV, 0, 59, 0, 257, 40001, &info) ==
	   TEREDO_SERVER_POLICY, "... but not with 257");
	ok(verdict(d, &h, SRV, 40001, SRV, 0, 59, 0, 0, 40003, &info) ==
	   TEREDO_SERVER_SPOOFED, "a Teredo source from another port: spoofed");
	ok(verdict(d, &h, SRV, 40001, SRV, 88, 58, 128, 0, 40001, &info) ==
	   TEREDO_SERVER_TO_CLIENT, "88 bytes of ICMPv6 for a client: forwarded");
	ok(verdict(d, &h, SRV, 40001, SRV, 89, 58, 128, 0, 40001, &info) ==
	   TEREDO_SERVER_POLICY, "89 bytes: not");
	ok(verdict(d, &h, SRV, 40001, SRV, 20, 6, 0, 0, 40001, &info) ==
	   TEREDO_SERVER_POLICY, "TCP for a client: not");
	ok(verdict(d, &h, SRV, 40001, SRV + 1, 0, 59, 0, 0, 40001, &info) ==
	   TEREDO_SERVER_NOT_OURS, "a bubble for another server's client: not ours");
	verdict(d, &h, SRV, 40001, SRV, 0, 59, 0, 0, 40001, &info);
	h.has_origin = true;
	ok(teredo_server_classify(d, &h, NAT, 40001, SRV, &info) ==
	   TEREDO_SERVER_MALFORMED, "an origin indication to a server: malformed");
	/* A native destination: 2001:db8::1. */
	verdict(d, &h, SRV, 40001, SRV, 8, 58, 128, 0, 40001, &info);
	memset(d + 24, 0, 16);
	d[24] = 0x20;
	d[25] = 0x01;
	d[26] = 0x0d;
	d[27] = 0xb8;
	d[39] = 1;
	ok(teredo_server_classify(d, &h, NAT, 40001, SRV, &info) ==
	   TEREDO_SERVER_TO_NATIVE, "a client's Echo Request to a native host: out");
	d[TEREDO_IPV6_HLEN] = 129;
	ok(teredo_server_classify(d, &h, NAT, 40001, SRV, &info) ==
	   TEREDO_SERVER_POLICY, "... an Echo Reply: not");
	d[TEREDO_IPV6_HLEN] = 128;
	d[12]++;	/* the source's server: another */
	ok(teredo_server_classify(d, &h, NAT, 40001, SRV, &info) ==
	   TEREDO_SERVER_POLICY, "... another server's client's: not");
	memset(d + 8, 0, 16);
	d[8] = 0xfe;
	d[9] = 0x80;
	ok(teredo_server_is_rs(d, &h), "ICMPv6 from a link-local address: a solicitation's business");

	return tap_done();
}
