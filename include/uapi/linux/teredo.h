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

/*
 * Multicast group of peer events: TEREDO_CMD_PEER_EVENT messages with
 * TEREDO_A_IFINDEX, TEREDO_A_EVENT and the peer (TEREDO_A_PEER). Packets
 * for userland are not events: they go up the device's UDP socket.
 */
#define TEREDO_MCGRP_EVENTS	"events"

enum teredo_event {
	TEREDO_EVENT_UNSPEC,
	TEREDO_EVENT_PEER_TRUSTED,	/* its mapping proven, queue sent */
	TEREDO_EVENT_PEER_EXPIRED,	/* idle past peer-expiry */
	TEREDO_EVENT_PEER_EVICTED,	/* made room, the table full */
	TEREDO_EVENT_QUEUE_FULL,	/* first packet dropped for a full queue */

	__TEREDO_EVENT_MAX
};
#define TEREDO_EVENT_MAX (__TEREDO_EVENT_MAX - 1)

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
	TEREDO_CMD_STF_SET,	/* change the options in TEREDO_A_STF */
	TEREDO_CMD_DEV_SET,	/* teredo devices: mode, socket */
	TEREDO_CMD_PEER_GET,	/* do: one peer (TEREDO_A_PEER); dump: all */
	TEREDO_CMD_PEER_ADD,	/* add or replace a peer */
	TEREDO_CMD_PEER_DEL,	/* forget a peer, dropping its queue */
	TEREDO_CMD_PEER_EVENT,	/* notification to TEREDO_MCGRP_EVENTS */

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
	TEREDO_A_STF,		/* nest, enum teredo_stf_attr: stf devices */
	TEREDO_A_SOCK_FD,	/* u32, set: a bound UDP/IPv4 socket to use */
	TEREDO_A_SOCK_DETACH,	/* flag, set: give the socket back */
	TEREDO_A_SOCK_ADDR,	/* be32, get: the attached socket's address */
	TEREDO_A_SOCK_PORT,	/* u16, get: ... and port (host order) */
	TEREDO_A_SERVER,	/* be32: the client's Teredo server */
	TEREDO_A_SERVER2,	/* be32: its secondary address, 0 for none */
	TEREDO_A_MAPPED_ADDR,	/* be32: our address as the server sees it */
	TEREDO_A_MAPPED_PORT,	/* u16: ... and port (host order) */
	TEREDO_A_ADDR6,		/* binary[16]: our Teredo address */
	TEREDO_A_QUALIFIED,	/* u8 0/1: client qualified (carrier on) */
	/* u8 0/1: a client accepts peers it did not send to first (off) */
	TEREDO_A_INBOUND_OPEN,
	TEREDO_A_PEER_MAX,	/* u32: most peers kept */
	TEREDO_A_PEER_EXPIRY,	/* u32: seconds a peer lives after last rx */
	TEREDO_A_PEER_COUNT,	/* u32, get: peers now */
	TEREDO_A_PEER_SIZE,	/* u32, get: bytes a peer takes, queue apart */
	TEREDO_A_PEER,		/* nest, enum teredo_peer_attr */
	TEREDO_A_EVENT,		/* u8, enum teredo_event: in peer-event */
	/* u32: bubbles a second to any one IPv4 address (0: no limit) */
	TEREDO_A_BUBBLE_RATE,
	/* u32: peers one mapping (IPv4 address and port) may own (0: no bound) */
	TEREDO_A_MAPPING_PEERS,
	/*
	 * u8 0/1: RFC 6081 Server Load Reduction (on): refresh a quiet
	 * trusted Teredo peer by a direct bubble, and answer one
	 */
	TEREDO_A_LOAD_REDUCTION,
	/*
	 * u8 0/1, client: the NAT lets anyone in at our mapping (a UPnP
	 * port mapping, RFC 6081) (off): ask a peer to call us through its
	 * server only, never by a direct bubble of ours first
	 */
	TEREDO_A_OPEN_MAPPING,
	/*
	 * u8, enum teredo_prediction, client: how its symmetric NAT picks
	 * the port for a new peer, so that the port can be predicted
	 * (RFC 6081) (none)
	 */
	TEREDO_A_PREDICTION,

	__TEREDO_A_MAX
};
#define TEREDO_A_MAX (__TEREDO_A_MAX - 1)

/*
 * How a client behind a symmetric NAT predicts the port its NAT gives it
 * towards a new peer (TEREDO_A_PREDICTION, RFC 6081 5.4, 5.5): from a
 * socket of its own for that peer, whose local port a port-preserving NAT
 * keeps, or whose next port a sequential NAT's echo test tells.
 */
enum teredo_prediction {
	TEREDO_PREDICTION_NONE,
	TEREDO_PREDICTION_PORT_PRESERVING,
	TEREDO_PREDICTION_SEQUENTIAL,

	__TEREDO_PREDICTION_MAX
};
#define TEREDO_PREDICTION_MAX (__TEREDO_PREDICTION_MAX - 1)

/*
 * Bounds and defaults of the peer list's and the bubble limit's settings:
 * the kernel's policy enforces the bounds, teredoctl checks them first.
 */
#define TEREDO_PEER_MAX_MIN		4
#define TEREDO_PEER_MAX_MAX		1048576	/* what Miredo allows */
#define TEREDO_PEER_MAX_DEFAULT		8192
#define TEREDO_PEER_EXPIRY_MIN		1
#define TEREDO_PEER_EXPIRY_MAX		86400	/* s: a day */
#define TEREDO_PEER_EXPIRY_DEFAULT	30
#define TEREDO_BUBBLE_RATE_MAX		1000000	/* a second, per address */
#define TEREDO_BUBBLE_RATE_DEFAULT	1000
#define TEREDO_MAPPING_PEERS_MAX	255
#define TEREDO_MAPPING_PEERS_DEFAULT	8

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
	TEREDO_STATS_TX_MALFORMED,	/* IPv6 header missing or truncated */
	TEREDO_STATS_TX_NO_RELAY,	/* not 6to4, and no relay is set */
	TEREDO_STATS_TX_LOCAL_SCOPE,	/* multicast or link-local destination */
	TEREDO_STATS_TX_BAD_DST,	/* outer destination of a filtered class */
	TEREDO_STATS_TX_NO_ROUTE,	/* no IPv4 route, or one back into us */
	TEREDO_STATS_TX_TOO_BIG,	/* over the path MTU: Packet Too Big sent */
	TEREDO_STATS_TX_NO_MEMORY,	/* no room for the outer headers */
	TEREDO_STATS_RX_NOT_IPV6,	/* inner packet is not IPv6 */
	TEREDO_STATS_RX_OUTPUT_ONLY,	/* stf output-only (link0) */
	TEREDO_STATS_RX_MARTIAN,	/* IPv4 in 0/8, 127/8, 224/4, 255/8 */
	TEREDO_STATS_RX_RFC1918,	/* private IPv4, permit-rfc1918 off */
	TEREDO_STATS_RX_BROADCAST,	/* broadcast of a connected subnet */
	TEREDO_STATS_RX_INGRESS,	/* outer source routes via another link */
	TEREDO_STATS_RX_V4COMPAT,	/* v4-compatible or v4-mapped inner */
	TEREDO_STATS_RX_SPOOFED,	/* 6to4 source not the outer source */
	TEREDO_STATS_RX_PREFIX,		/* outer source outside the prefix's /N */
	TEREDO_STATS_RX_ECN,		/* RFC 6040: CE outside, not-ECT inside */
	TEREDO_STATS_RX_MALFORMED,	/* UDP payload that is not Teredo */
	TEREDO_STATS_RX_NOT_CONFIGURED,	/* data before qualification */
	TEREDO_STATS_RX_LOCAL_SCOPE,	/* link-local src, multicast dst (stf: ND) */
	TEREDO_STATS_RX_WRONG_DST,	/* IPv6 destination is not ours */
	TEREDO_STATS_RX_INBOUND_CLOSED,	/* unknown peer, inbound open off */
	TEREDO_STATS_RX_UNTRUSTED,	/* non-Teredo source, no trusted relay */
	TEREDO_STATS_TX_QUEUE_FULL,	/* peer not trusted yet, queue full */
	TEREDO_STATS_TX_UNREACHABLE,	/* peer never answered its bubbles */

	/* Not drops: protocol events, counted to see the machinery work. */
	TEREDO_STATS_BUBBLES_SENT,
	TEREDO_STATS_BUBBLES_RECEIVED,
	TEREDO_STATS_PINGS_SENT,	/* direct IPv6 connectivity tests */
	TEREDO_STATS_PEERS_EVICTED,	/* to make room, table full */
	TEREDO_STATS_PEERS_EXPIRED,
	/* a peer trusted at the port its bubble came from (RFC 6081) */
	TEREDO_STATS_SYMMETRIC_PEERS,
	/* a peer behind our NAT trusted at its local address (RFC 6081) */
	TEREDO_STATS_HAIRPIN_PEERS,
	/* a bubble not sent: its destination had its bubble-rate this second */
	TEREDO_STATS_BUBBLES_RATELIMITED,
	/* a new peer refused, its mapping owning mapping-peers peers already */
	TEREDO_STATS_RX_MAPPING_FULL,	/* ... from the wire */
	TEREDO_STATS_TX_MAPPING_FULL,	/* ... for a packet of ours */
	/* server mode: a Router Solicitation answered by the kernel */
	TEREDO_STATS_RS_ANSWERED,
	/* server mode: a bubble or ICMPv6 forwarded to a client by the kernel */
	TEREDO_STATS_SERVER_FORWARDED,
	/* a quiet trusted peer asked to answer directly (RFC 6081) */
	TEREDO_STATS_REFRESHES_SENT,
	/* ... and such a request answered, for a peer of ours */
	TEREDO_STATS_REFRESHES_ANSWERED,
	/* a port predicted for a peer and offered to it (RFC 6081) */
	TEREDO_STATS_PREDICTIONS,
	/* ... and the peer trusted there */
	TEREDO_STATS_PREDICTION_HITS,
	/* ... or not, when the prediction was given up */
	TEREDO_STATS_PREDICTION_MISSES,

	__TEREDO_STATS_MAX
};
#define TEREDO_STATS_MAX (__TEREDO_STATS_MAX - 1)

/*
 * 6to4 options of an stf device (nested in TEREDO_A_STF). LOCAL and
 * PREFIXLEN come from the device's one 2002::/16 address and are read
 * only; the others are set with TEREDO_CMD_STF_SET, which changes only
 * the attributes it carries. Booleans are u8 0 or 1.
 */
enum teredo_stf_attr {
	TEREDO_STF_A_UNSPEC,
	TEREDO_STF_A_LOCAL,		/* be32: our IPv4, 0 when unconfigured */
	TEREDO_STF_A_PREFIXLEN,		/* u8: of the 6to4 address, 16..48 */
	TEREDO_STF_A_RELAY,		/* be32: relay for non-6to4, 0 = none */
	TEREDO_STF_A_TTL,		/* u8: outer TTL, 0 = inner hop limit */
	TEREDO_STF_A_PERMIT_RFC1918,	/* u8: accept private IPv4 */
	TEREDO_STF_A_OUTPUT_ONLY,	/* u8: never decapsulate (link0) */
	TEREDO_STF_A_ECN,		/* u8: RFC 6040 ECN handling (link1) */
	/* u8: outer source must route back via the receiving link (link2 off) */
	TEREDO_STF_A_INGRESS_CHECK,

	__TEREDO_STF_A_MAX
};
#define TEREDO_STF_A_MAX (__TEREDO_STF_A_MAX - 1)

/*
 * A peer of a teredo device (nested in TEREDO_A_PEER). ADDR6 names it;
 * peer-add takes ADDR6, MAPPED_ADDR, MAPPED_PORT, TRUSTED and LOCAL, the
 * rest is reported only. Times are milliseconds ago, absent for never.
 */
enum teredo_peer_attr {
	TEREDO_PEER_A_UNSPEC,
	TEREDO_PEER_A_PAD,
	TEREDO_PEER_A_ADDR6,		/* binary[16] */
	TEREDO_PEER_A_MAPPED_ADDR,	/* be32: where its packets go */
	TEREDO_PEER_A_MAPPED_PORT,	/* u16, host order */
	TEREDO_PEER_A_TRUSTED,		/* u8 0/1 */
	TEREDO_PEER_A_LAST_RX,		/* u32 ms */
	TEREDO_PEER_A_LAST_TX,		/* u32 ms */
	TEREDO_PEER_A_QUEUE_LEN,	/* u32: packets waiting for trust */
	TEREDO_PEER_A_BUBBLES,		/* u32: bubbles or pings sent */
	TEREDO_PEER_A_RX_PACKETS,	/* u64 */
	TEREDO_PEER_A_TX_PACKETS,	/* u64 */
	/* u8 0/1: found by local discovery on our link; lives 600 s at least */
	TEREDO_PEER_A_LOCAL,

	__TEREDO_PEER_A_MAX
};
#define TEREDO_PEER_A_MAX (__TEREDO_PEER_A_MAX - 1)

#endif /* _UAPI_LINUX_TEREDO_H */
