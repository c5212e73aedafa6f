/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The messages of Teredo qualification (RFC 4380 5.2.1 and 5.3.1): the
 * client's Router Solicitation and the server's Router Advertisement,
 * built and checked here for both ends. Pure functions over byte
 * buffers, so the host tests and the fuzzers use them as they are.
 */
#ifndef TEREDOCTL_QUALIFY_MSG_H
#define TEREDOCTL_QUALIFY_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <teredo/qualify.h>

/* Secure qualification's authentication value: HMAC-SHA1 (RFC 4380 5.1.1). */
#define TEREDO_AUTH_VALUE_LEN	20
#define TEREDO_AUTH_ID_MAX	255
/* Longest RS or RA we build: auth, origin, IPv6, RA, prefix, MTU. */
#define TEREDO_QMSG_MAX		(TEREDO_AUTH_MIN + TEREDO_AUTH_ID_MAX + \
				 TEREDO_AUTH_VALUE_LEN + TEREDO_ORIGIN_LEN + TEREDO_RA_LEN)

/*
 * Secure qualification (RFC 4380 5.1.1, 5.2.1): the client names itself
 * with @id and proves it holds @key, which its server holds too. The
 * value is HMAC-SHA1 under @key over the client identifier, the nonce,
 * the confirmation byte and everything after the authentication header
 * (origin indication, IPv6 packet, trailers), in both directions.
 */
struct teredo_auth {
	const uint8_t *id;
	uint8_t id_len;
	const uint8_t *key;
	size_t key_len;
};

/* What a server needs from a Router Solicitation. */
struct teredo_rs {
	bool has_auth;			/* echo the nonce in the RA */
	uint8_t nonce[TEREDO_NONCE_LEN];
	uint8_t id_len;			/* the client identifier, if any */
	uint8_t id[TEREDO_AUTH_ID_MAX];
	uint8_t au_len;			/* and its authentication value's length */
	bool cone;			/* the cone flag: source fe80::8000:... */
	uint8_t src[16];		/* the RA goes back to this address */
};

/* What a client learns from a Router Advertisement (host byte order). */
struct teredo_ra {
	uint32_t mapped_addr;		/* from the origin indication */
	uint16_t mapped_port;
	uint32_t server;		/* from the prefix 2001:0:<server>::/64 */
	uint16_t mtu;			/* 0 when the RA has no MTU option */
};

enum teredo_qmsg_err {
	TEREDO_QMSG_OK,
	TEREDO_QMSG_MALFORMED,		/* not a Teredo datagram (wire.h) */
	TEREDO_QMSG_NO_AUTH,		/* no authentication header */
	TEREDO_QMSG_BAD_NONCE,		/* not the nonce we sent */
	TEREDO_QMSG_NO_ORIGIN,		/* no origin indication */
	TEREDO_QMSG_NOT_ICMPV6,		/* next header is not 58 */
	TEREDO_QMSG_WRONG_TYPE,		/* not an RS/RA, or hop limit not 255 */
	TEREDO_QMSG_NOT_LINK_LOCAL,	/* source is not fe80::/10 */
	TEREDO_QMSG_BAD_CHECKSUM,
	TEREDO_QMSG_BAD_OPTION,		/* an option runs past the end or is 0 long */
	TEREDO_QMSG_NO_PREFIX,		/* no 2001:0:<server>::/64 prefix */
	TEREDO_QMSG_WRONG_SERVER,	/* the prefix names another server */
	TEREDO_QMSG_BAD_MTU,		/* MTU option below 1280 */
	TEREDO_QMSG_BAD_AUTH,		/* wrong client identifier or value */
	__TEREDO_QMSG_MAX
};

const char *teredo_qmsg_strerror(enum teredo_qmsg_err err);

/*
 * The client's RS with an auth header carrying @nonce, and @auth's
 * identifier and value unless it is NULL; returns its length.
 */
size_t teredo_rs_build(uint8_t *buf, const uint8_t nonce[TEREDO_NONCE_LEN],
		       bool cone, const struct teredo_auth *auth);

/*
 * Check a server's RA against the @nonce we sent and the @server we sent
 * it to (host order), and against @auth unless it is NULL; on success
 * fill @ra. The caller checks that it came from the server's address and
 * port 3544.
 */
enum teredo_qmsg_err teredo_ra_parse(const uint8_t *p, size_t len,
				     const uint8_t nonce[TEREDO_NONCE_LEN],
				     uint32_t server, const struct teredo_auth *auth,
				     struct teredo_ra *ra);

/* Server side: is this datagram a Router Solicitation, and from whom. */
enum teredo_qmsg_err teredo_rs_parse(const uint8_t *p, size_t len,
				     struct teredo_rs *rs);

/*
 * Whether the datagram @p, an RS that teredo_rs_parse() took into @rs,
 * carries @auth's identifier and a valid value under its key.
 */
bool teredo_qmsg_auth_ok(const uint8_t *p, size_t len,
			 const struct teredo_rs *rs,
			 const struct teredo_auth *auth);

/*
 * The RA answering @rs: the client's mapping as the origin indication
 * (host order), prefix 2001:0:<server>::/64 and MTU 1280, authenticated
 * with @auth (the client's identifier and key) unless it is NULL.
 * Returns its length; @buf holds TEREDO_QMSG_MAX bytes.
 */
size_t teredo_ra_build(uint8_t *buf, const struct teredo_rs *rs,
		       uint32_t mapped_addr, uint16_t mapped_port,
		       uint32_t server, const struct teredo_auth *auth);

#endif
