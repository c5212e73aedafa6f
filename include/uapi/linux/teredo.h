/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/*
 * kteredo: Teredo (RFC 4380, RFC 5991, RFC 6081) and 6to4 (RFC 3056)
 * tunnel devices.
 *
 * This is the one interface between teredo.ko and userland: the generic
 * netlink family, its commands and attributes, the enumerations they carry
 * and the protocol constants both sides need. The family is described in
 * Documentation/netlink/specs/teredo.yaml; keep the two in step.
 *
 * Device lookup: every per-device command takes TEREDO_A_IFINDEX or
 * TEREDO_A_IFNAME (exactly one) and acts in the caller's network namespace.
 */
#ifndef _UAPI_LINUX_TEREDO_H
#define _UAPI_LINUX_TEREDO_H

#include <linux/types.h>

#define TEREDO_GENL_NAME	"teredo"
#define TEREDO_GENL_VERSION	1

/* rtnl link kinds: "ip link add NAME type teredo|stf" */
#define TEREDO_LINK_KIND	"teredo"
#define STF_LINK_KIND		"stf"

/* ---- protocol constants (RFC 4380, RFC 3056) ---- */

#define TEREDO_PREFIX		0x20010000U	/* 2001:0::/32, bits 0..31 */
#define TEREDO_PORT		3544		/* server UDP port */
#define TEREDO_MTU		1280		/* RFC 4380 sec 5.2 */
#define TEREDO_MIN_MTU		1280		/* IPv6 minimum link MTU */

#define STF_PREFIX		0x2002		/* 2002::/16, first 16 bits */
#define STF_DEFAULT_TTL		40		/* what FreeBSD stf(4) uses */
#define STF_DEFAULT_RELAY	0xc0586301U	/* 192.88.99.1, RFC 3068 */

/* ---- generic netlink ---- */

enum teredo_kind {
	TEREDO_KIND_UNSPEC,
	TEREDO_KIND_TEREDO,	/* "teredo" link */
	TEREDO_KIND_STF,	/* "stf" 6to4 link */

	__TEREDO_KIND_MAX
};
#define TEREDO_KIND_MAX (__TEREDO_KIND_MAX - 1)

/* Role of a teredo device (TEREDO_A_MODE); stf devices report none. */
enum teredo_mode {
	TEREDO_MODE_UNSPEC,
	TEREDO_MODE_CLIENT,
	TEREDO_MODE_RELAY,
	TEREDO_MODE_SERVER,

	__TEREDO_MODE_MAX
};
#define TEREDO_MODE_MAX (__TEREDO_MODE_MAX - 1)

/*
 * Configuration state (TEREDO_A_STATE). A device has carrier only in the
 * states where it can carry traffic: QUALIFIED and ACTIVE.
 */
enum teredo_state {
	TEREDO_STATE_UNSPEC,
	TEREDO_STATE_UNCONFIGURED,	/* no socket (teredo) or no address (stf) */
	TEREDO_STATE_QUALIFYING,	/* client: socket attached, no mapping yet */
	TEREDO_STATE_QUALIFIED,		/* client: mapping and address known */
	TEREDO_STATE_ACTIVE,		/* relay, server, configured stf */

	__TEREDO_STATE_MAX
};
#define TEREDO_STATE_MAX (__TEREDO_STATE_MAX - 1)

enum teredo_cmd {
	TEREDO_CMD_UNSPEC,
	TEREDO_CMD_DEV_GET,	/* do: one device; dump: all in the netns */

	__TEREDO_CMD_MAX
};
#define TEREDO_CMD_MAX (__TEREDO_CMD_MAX - 1)

enum teredo_attr {
	TEREDO_A_UNSPEC,
	TEREDO_A_IFINDEX,	/* u32 */
	TEREDO_A_IFNAME,	/* string, < IFNAMSIZ */
	TEREDO_A_KIND,		/* u8, enum teredo_kind */
	TEREDO_A_MODE,		/* u8, enum teredo_mode */
	TEREDO_A_STATE,		/* u8, enum teredo_state */
	TEREDO_A_STATS,		/* nest, enum teredo_stats_attr */

	__TEREDO_A_MAX
};
#define TEREDO_A_MAX (__TEREDO_A_MAX - 1)

/*
 * Device counters (nested in TEREDO_A_STATS), all u64. The first four are
 * the usual interface counters; every other one counts packets dropped for
 * one reason, so that each drop can be told apart.
 */
enum teredo_stats_attr {
	TEREDO_STATS_UNSPEC,
	TEREDO_STATS_PAD,
	TEREDO_STATS_RX_PACKETS,
	TEREDO_STATS_RX_BYTES,
	TEREDO_STATS_TX_PACKETS,
	TEREDO_STATS_TX_BYTES,
	TEREDO_STATS_TX_NOT_CONFIGURED,	/* sent while unconfigured */
	TEREDO_STATS_TX_NOT_IPV6,	/* non-IPv6 frame handed to xmit */

	__TEREDO_STATS_MAX
};
#define TEREDO_STATS_MAX (__TEREDO_STATS_MAX - 1)

#endif /* _UAPI_LINUX_TEREDO_H */
