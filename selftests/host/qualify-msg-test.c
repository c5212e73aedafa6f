// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of tools/qualify_msg.c on the host, TAP output: RS and RA
 * round trips, and every way an RA or RS is refused, each on a datagram
 * spoiled in exactly one place; secure qualification's values and the
 * secrets' files (tools/auth.c).
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../tools/auth.h"
#include "../../tools/qualify_msg.h"
#include <teredo/wire.h>

#include "tap.h"


static const uint8_t nonce[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
#define SERVER	0xc633640aU	/* 198.51.100.10 */
#define MAPPED	0xc6336415U	/* 198.51.100.21 */

/* An RA for our nonce, mapping MAPPED:40000; returns its length. */
static size_t good_ra(uint8_t *b)
{
	struct teredo_rs rs;
	uint8_t rsb[TEREDO_QMSG_MAX];
	size_t len = teredo_rs_build(rsb, nonce, false, NULL);

	if (teredo_rs_parse(rsb, len, &rs))
		return 0;
	return teredo_ra_build(b, &rs, MAPPED, 40000, SERVER, NULL);
}

/* Offset of the ICMPv6 message in a datagram with auth and origin. */
#define ICMP_OFF (TEREDO_AUTH_MIN + TEREDO_ORIGIN_LEN + TEREDO_IPV6_HLEN)

static enum teredo_qmsg_err parse(const uint8_t *b, size_t len)
{
	struct teredo_ra ra;

	return teredo_ra_parse(b, len, nonce, SERVER, NULL, &ra);
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

static const struct teredo_auth key = {
	.id = (const uint8_t *)"client", .id_len = 6,
	.key = (const uint8_t *)"secret", .key_len = 6,
};

/*
 * HMAC-SHA1("secret", "client" | nonce 1..8 | 0 | the plain RS's IPv6
 * packet, from fe80::ffff:ffff), computed apart from this code with
 * Python's hmac module.
 */
static const uint8_t rs_value[TEREDO_AUTH_VALUE_LEN] = {
	0x54, 0xb2, 0xfe, 0x34, 0x47, 0x60, 0x62, 0xe9, 0x6e, 0xb0,
	0x5b, 0x5a, 0xd9, 0xc8, 0x8e, 0xe4, 0x01, 0x46, 0xb7, 0x69,
};

static void secure_qualification(void)
{
	struct teredo_auth other = key, wrong = key;
	uint8_t b[TEREDO_QMSG_MAX], c[TEREDO_QMSG_MAX];
	struct teredo_rs rs, rs2;
	struct teredo_ra ra;
	size_t len, rlen;

	other.id = (const uint8_t *)"clienu";
	wrong.key = (const uint8_t *)"secreu";
	len = teredo_rs_build(b, nonce, false, &key);
	ok(len == 13 + 6 + 20 + 40 + 8 && b[2] == 6 && b[3] == 20 &&
	   !memcmp(b + 4, "client", 6),
	   "an authenticated RS carries the identifier and a 20-byte value");
	ok(!memcmp(b + 10, rs_value, sizeof(rs_value)),
	   "... HMAC-SHA1 over identifier, nonce, confirmation and IPv6 (known answer)");
	ok(teredo_rs_parse(b, len, &rs) == TEREDO_QMSG_OK && rs.id_len == 6 &&
	   !memcmp(rs.id, "client", 6) && rs.au_len == 20,
	   "the server reads the identifier");
	ok(teredo_qmsg_auth_ok(b, len, &rs, &key), "... and takes the value with the key");
	ok(!teredo_qmsg_auth_ok(b, len, &rs, &wrong), "another key is refused");
	ok(!teredo_qmsg_auth_ok(b, len, &rs, &other), "another identifier is refused");
	memcpy(c, b, len);
	c[len - 5] ^= 1;
	ok(!teredo_qmsg_auth_ok(c, len, &rs, &key), "a changed IPv6 packet is refused");
	memcpy(c, b, len);
	c[30] ^= 1;
	ok(!teredo_qmsg_auth_ok(c, len, &rs, &key), "a changed nonce is refused");
	memcpy(c, b, len);
	c[10] ^= 1;
	ok(!teredo_qmsg_auth_ok(c, len, &rs, &key), "a changed value is refused");
	ok(teredo_rs_parse(b + 39, len - 39, &rs2) == TEREDO_QMSG_OK &&
	   !teredo_qmsg_auth_ok(b + 39, len - 39, &rs2, &key) &&
	   !teredo_qmsg_auth_ok(c, 13, &rs, &key),
	   "no value, or a truncated one, is refused");

	rlen = teredo_ra_build(c, &rs, MAPPED, 40000, SERVER, &key);
	ok(teredo_ra_parse(c, rlen, nonce, SERVER, &key, &ra) == TEREDO_QMSG_OK &&
	   ra.mapped_addr == MAPPED && ra.mapped_port == 40000,
	   "the authenticated RA round trip");
	ok(teredo_ra_parse(c, rlen, nonce, SERVER, &wrong, &ra) == TEREDO_QMSG_BAD_AUTH,
	   "an RA under another key is refused");
	c[13 + 6 + 20 + 3] ^= 1;	/* the origin indication's port */
	ok(teredo_ra_parse(c, rlen, nonce, SERVER, &key, &ra) == TEREDO_QMSG_BAD_AUTH,
	   "an RA whose mapping was changed on the way is refused");
	rlen = teredo_ra_build(c, &rs, MAPPED, 40000, SERVER, NULL);
	ok(teredo_ra_parse(c, rlen, nonce, SERVER, &key, &ra) == TEREDO_QMSG_BAD_AUTH,
	   "a client with a key refuses a server's RA without a value");
}

/* A file under /tmp with @text and @mode; its path in @path. */
static void file_with(char *path, const char *text, mode_t mode)
{
	int fd;

	strcpy(path, "/tmp/qualify-msg-test.XXXXXX");
	fd = mkstemp(path);
	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text)) {
		perror("mkstemp");
		exit(1);
	}
	fchmod(fd, mode);
	close(fd);
}

static void secrets(void)
{
	struct auth_secret sec;
	struct auth_keys keys;
	struct auth_replay rep;
	struct teredo_auth a;
	struct teredo_rs rs = { .id_len = 1, .id = "a" };
	char path[64], link[80], err[512];

	file_with(path, "s3cret\n", 0600);
	ok(!auth_secret_read(path, &sec, err, sizeof(err)) && sec.len == 6 &&
	   !memcmp(sec.key, "s3cret", 6),
	   "a 0600 secret file is read, its newline dropped");
	chmod(path, 0640);
	ok(auth_secret_read(path, &sec, err, sizeof(err)) && strstr(err, "chmod 600"),
	   "a secret file others can read is refused and says how to fix it");
	chmod(path, 0600);
	snprintf(link, sizeof(link), "%s.link", path);
	ok(!symlink(path, link) && auth_secret_read(link, &sec, err, sizeof(err)),
	   "a symbolic link to it is refused");
	unlink(link);
	unlink(path);
	file_with(path, "\n", 0600);
	ok(auth_secret_read(path, &sec, err, sizeof(err)) && strstr(err, "empty"),
	   "an empty secret is refused");
	unlink(path);

	file_with(path, "# clients\nalice k1\n\nbob   k2 # the second\n", 0600);
	ok(!auth_keys_read(path, &keys, err, sizeof(err)) && keys.n == 2 &&
	   auth_keys_find(&keys, (const uint8_t *)"bob", 3, &a) && a.key_len == 2 &&
	   !memcmp(a.key, "k2", 2) && !auth_keys_find(&keys, (const uint8_t *)"bo", 2, &a),
	   "a keys file gives each identifier its key");
	auth_keys_free(&keys);
	unlink(path);
	file_with(path, "alice k1\nalice k2\n", 0600);
	ok(auth_keys_read(path, &keys, err, sizeof(err)) && strstr(err, "twice"),
	   "an identifier listed twice is refused");
	unlink(path);
	file_with(path, "alice k1\nbob\n", 0600);
	ok(auth_keys_read(path, &keys, err, sizeof(err)) && strstr(err, ":2:"),
	   "a line without a secret is refused, naming its line");
	unlink(path);
	file_with(path, "alice k1\n", 0604);
	ok(auth_keys_read(path, &keys, err, sizeof(err)) && strstr(err, "chmod 600"),
	   "a keys file others can read is refused");
	unlink(path);

	if (auth_replay_init(&rep))
		exit(1);
	memcpy(rs.nonce, nonce, sizeof(nonce));
	ok(auth_replay_fresh(&rep, &rs, 1000), "a nonce is fresh the first time");
	ok(!auth_replay_fresh(&rep, &rs, 5000), "... and a replay within 120 s");
	rs.id[0] = 'b';
	ok(auth_replay_fresh(&rep, &rs, 5000), "... another client's same nonce is not");
	rs.id[0] = 'a';
	ok(auth_replay_fresh(&rep, &rs, 1000 + AUTH_REPLAY_S * 1000),
	   "... and after 120 s the slot is forgotten");
	{
		unsigned int fresh = 0;

		/* Twice the memory's size: it stays bounded, and keeps working. */
		for (unsigned int i = 0; i < 2 * AUTH_REPLAY_SLOTS; i++) {
			memcpy(rs.nonce, &i, sizeof(i));
			fresh += auth_replay_fresh(&rep, &rs, 200000);
		}
		memcpy(rs.nonce, &(unsigned int){ 2 * AUTH_REPLAY_SLOTS - 1 }, sizeof(unsigned int));
		ok(fresh == 2 * AUTH_REPLAY_SLOTS && !auth_replay_fresh(&rep, &rs, 200001),
		   "131072 nonces into 65536 slots: the newest still counts as a replay");
	}
	auth_replay_free(&rep);
}

int main(void)
{
	uint8_t b[TEREDO_QMSG_MAX + 64], c[sizeof(b)];
	struct teredo_hdrs h;
	struct teredo_rs rs;
	struct teredo_ra ra;
	size_t len, rlen;

	tap_start();

	len = teredo_rs_build(b, nonce, false, NULL);
	ok(len == 13 + 40 + 8, "RS is auth + IPv6 + 8 bytes of ICMPv6");
	ok(teredo_parse(b, len, &h) == TEREDO_PARSE_OK && h.has_auth &&
	   !memcmp(h.nonce, nonce, 8) && !h.has_origin,
	   "RS parses as Teredo with our nonce, no origin indication");
	ok(teredo_rs_parse(b, len, &rs) == TEREDO_QMSG_OK && rs.has_auth &&
	   !rs.cone && !memcmp(rs.nonce, nonce, 8) && rs.src[0] == 0xfe,
	   "server side reads the RS back");
	len = teredo_rs_build(b, nonce, true, NULL);
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
	ok(len > 0 && teredo_ra_parse(b, len, nonce, SERVER, NULL, &ra) == TEREDO_QMSG_OK,
	   "RA round trip");
	ok(ra.mapped_addr == MAPPED && ra.mapped_port == 40000 &&
	   ra.server == SERVER && ra.mtu == 1280,
	   "RA gives mapping, server and MTU");

	memcpy(c, b, len);
	c[4] ^= 0xff;
	ok(parse(c, len) == TEREDO_QMSG_BAD_NONCE, "RA with another nonce is refused");
	ok(teredo_ra_parse(b, len, nonce, SERVER + 1, NULL, &ra) == TEREDO_QMSG_WRONG_SERVER,
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
	rlen = teredo_ra_build(c, &rs, MAPPED, 1, SERVER, NULL);
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

	secure_qualification();
	secrets();

	return tap_done();
}
