// SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/teredo.yaml */
/* YNL-GEN kernel source */
/* To regenerate run: tools/net/ynl/ynl-regen.sh */

#include <net/netlink.h>
#include <net/genetlink.h>

#include "netlink-gen.h"

#include <uapi/linux/teredo.h>

/* Integer value ranges */
static const struct netlink_range_validation teredo_a_peer_max_range = {
	.min	= TEREDO_PEER_MAX_MIN,
	.max	= TEREDO_PEER_MAX_MAX,
};

static const struct netlink_range_validation teredo_a_peer_expiry_range = {
	.min	= TEREDO_PEER_EXPIRY_MIN,
	.max	= TEREDO_PEER_EXPIRY_MAX,
};

static const struct netlink_range_validation teredo_a_bubble_rate_range = {
	.max	= TEREDO_BUBBLE_RATE_MAX,
};

/* Common nested types */
const struct nla_policy teredo_peer_nl_policy[TEREDO_PEER_A_LOCAL + 1] = {
	[TEREDO_PEER_A_ADDR6] = NLA_POLICY_EXACT_LEN(16),
	[TEREDO_PEER_A_MAPPED_ADDR] = { .type = NLA_BE32, },
	[TEREDO_PEER_A_MAPPED_PORT] = NLA_POLICY_MIN(NLA_U16, 1),
	[TEREDO_PEER_A_TRUSTED] = NLA_POLICY_MAX(NLA_U8, 1),
	[TEREDO_PEER_A_LAST_RX] = { .type = NLA_U32, },
	[TEREDO_PEER_A_LAST_TX] = { .type = NLA_U32, },
	[TEREDO_PEER_A_QUEUE_LEN] = { .type = NLA_U32, },
	[TEREDO_PEER_A_BUBBLES] = { .type = NLA_U32, },
	[TEREDO_PEER_A_RX_PACKETS] = { .type = NLA_U64, },
	[TEREDO_PEER_A_TX_PACKETS] = { .type = NLA_U64, },
	[TEREDO_PEER_A_LOCAL] = NLA_POLICY_MAX(NLA_U8, 1),
};

const struct nla_policy teredo_peer_input_nl_policy[TEREDO_PEER_A_LOCAL + 1] = {
	[TEREDO_PEER_A_ADDR6] = NLA_POLICY_EXACT_LEN(16),
	[TEREDO_PEER_A_MAPPED_ADDR] = { .type = NLA_BE32, },
	[TEREDO_PEER_A_MAPPED_PORT] = NLA_POLICY_MIN(NLA_U16, 1),
	[TEREDO_PEER_A_TRUSTED] = NLA_POLICY_MAX(NLA_U8, 1),
	[TEREDO_PEER_A_LOCAL] = NLA_POLICY_MAX(NLA_U8, 1),
};

const struct nla_policy teredo_stf_nl_policy[TEREDO_STF_A_INGRESS_CHECK + 1] = {
	[TEREDO_STF_A_LOCAL] = { .type = NLA_BE32, },
	[TEREDO_STF_A_PREFIXLEN] = { .type = NLA_U8, },
	[TEREDO_STF_A_RELAY] = { .type = NLA_BE32, },
	[TEREDO_STF_A_TTL] = { .type = NLA_U8, },
	[TEREDO_STF_A_PERMIT_RFC1918] = NLA_POLICY_MAX(NLA_U8, 1),
	[TEREDO_STF_A_OUTPUT_ONLY] = NLA_POLICY_MAX(NLA_U8, 1),
	[TEREDO_STF_A_ECN] = NLA_POLICY_MAX(NLA_U8, 1),
	[TEREDO_STF_A_INGRESS_CHECK] = NLA_POLICY_MAX(NLA_U8, 1),
};

/* TEREDO_CMD_DEV_GET - do */
static const struct nla_policy teredo_dev_get_nl_policy[TEREDO_A_IFNAME + 1] = {
	[TEREDO_A_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[TEREDO_A_IFNAME] = { .type = NLA_NUL_STRING, .len = 15, },
};

/* TEREDO_CMD_STF_SET - do */
static const struct nla_policy teredo_stf_set_nl_policy[TEREDO_A_STF + 1] = {
	[TEREDO_A_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[TEREDO_A_IFNAME] = { .type = NLA_NUL_STRING, .len = 15, },
	[TEREDO_A_STF] = NLA_POLICY_NESTED(teredo_stf_nl_policy),
};

/* TEREDO_CMD_DEV_SET - do */
static const struct nla_policy teredo_dev_set_nl_policy[TEREDO_A_PREDICTION + 1] = {
	[TEREDO_A_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[TEREDO_A_IFNAME] = { .type = NLA_NUL_STRING, .len = 15, },
	[TEREDO_A_MODE] = NLA_POLICY_RANGE(NLA_U8, 1, 3),
	[TEREDO_A_SOCK_FD] = { .type = NLA_U32, },
	[TEREDO_A_SOCK_DETACH] = { .type = NLA_FLAG, },
	[TEREDO_A_SERVER] = { .type = NLA_BE32, },
	[TEREDO_A_SERVER2] = { .type = NLA_BE32, },
	[TEREDO_A_MAPPED_ADDR] = { .type = NLA_BE32, },
	[TEREDO_A_MAPPED_PORT] = { .type = NLA_U16, },
	[TEREDO_A_ADDR6] = NLA_POLICY_EXACT_LEN(16),
	[TEREDO_A_QUALIFIED] = NLA_POLICY_MAX(NLA_U8, 1),
	[TEREDO_A_INBOUND_OPEN] = NLA_POLICY_MAX(NLA_U8, 1),
	[TEREDO_A_PEER_MAX] = NLA_POLICY_FULL_RANGE(NLA_U32, &teredo_a_peer_max_range),
	[TEREDO_A_PEER_EXPIRY] = NLA_POLICY_FULL_RANGE(NLA_U32, &teredo_a_peer_expiry_range),
	[TEREDO_A_BUBBLE_RATE] = NLA_POLICY_FULL_RANGE(NLA_U32, &teredo_a_bubble_rate_range),
	[TEREDO_A_MAPPING_PEERS] = NLA_POLICY_MAX(NLA_U32, TEREDO_MAPPING_PEERS_MAX),
	[TEREDO_A_LOAD_REDUCTION] = NLA_POLICY_MAX(NLA_U8, 1),
	[TEREDO_A_OPEN_MAPPING] = NLA_POLICY_MAX(NLA_U8, 1),
	[TEREDO_A_PREDICTION] = NLA_POLICY_MAX(NLA_U8, 2),
};

/* TEREDO_CMD_PEER_GET - do */
static const struct nla_policy teredo_peer_get_do_nl_policy[TEREDO_A_PEER + 1] = {
	[TEREDO_A_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[TEREDO_A_IFNAME] = { .type = NLA_NUL_STRING, .len = 15, },
	[TEREDO_A_PEER] = NLA_POLICY_NESTED(teredo_peer_nl_policy),
};

/* TEREDO_CMD_PEER_GET - dump */
static const struct nla_policy teredo_peer_get_dump_nl_policy[TEREDO_A_IFNAME + 1] = {
	[TEREDO_A_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[TEREDO_A_IFNAME] = { .type = NLA_NUL_STRING, .len = 15, },
};

/* TEREDO_CMD_PEER_ADD - do */
static const struct nla_policy teredo_peer_add_nl_policy[TEREDO_A_PEER + 1] = {
	[TEREDO_A_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[TEREDO_A_IFNAME] = { .type = NLA_NUL_STRING, .len = 15, },
	[TEREDO_A_PEER] = NLA_POLICY_NESTED(teredo_peer_input_nl_policy),
};

/* TEREDO_CMD_PEER_DEL - do */
static const struct nla_policy teredo_peer_del_nl_policy[TEREDO_A_PEER + 1] = {
	[TEREDO_A_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[TEREDO_A_IFNAME] = { .type = NLA_NUL_STRING, .len = 15, },
	[TEREDO_A_PEER] = NLA_POLICY_NESTED(teredo_peer_input_nl_policy),
};

/* Ops table for teredo */
const struct genl_split_ops teredo_nl_ops[8] = {
	{
		.cmd		= TEREDO_CMD_DEV_GET,
		.doit		= teredo_nl_dev_get_doit,
		.policy		= teredo_dev_get_nl_policy,
		.maxattr	= TEREDO_A_IFNAME,
		.flags		= GENL_UNS_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd	= TEREDO_CMD_DEV_GET,
		.dumpit	= teredo_nl_dev_get_dumpit,
		.flags	= GENL_UNS_ADMIN_PERM | GENL_CMD_CAP_DUMP,
	},
	{
		.cmd		= TEREDO_CMD_STF_SET,
		.doit		= teredo_nl_stf_set_doit,
		.policy		= teredo_stf_set_nl_policy,
		.maxattr	= TEREDO_A_STF,
		.flags		= GENL_UNS_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= TEREDO_CMD_DEV_SET,
		.doit		= teredo_nl_dev_set_doit,
		.policy		= teredo_dev_set_nl_policy,
		.maxattr	= TEREDO_A_PREDICTION,
		.flags		= GENL_UNS_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= TEREDO_CMD_PEER_GET,
		.doit		= teredo_nl_peer_get_doit,
		.policy		= teredo_peer_get_do_nl_policy,
		.maxattr	= TEREDO_A_PEER,
		.flags		= GENL_UNS_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= TEREDO_CMD_PEER_GET,
		.dumpit		= teredo_nl_peer_get_dumpit,
		.policy		= teredo_peer_get_dump_nl_policy,
		.maxattr	= TEREDO_A_IFNAME,
		.flags		= GENL_UNS_ADMIN_PERM | GENL_CMD_CAP_DUMP,
	},
	{
		.cmd		= TEREDO_CMD_PEER_ADD,
		.doit		= teredo_nl_peer_add_doit,
		.policy		= teredo_peer_add_nl_policy,
		.maxattr	= TEREDO_A_PEER,
		.flags		= GENL_UNS_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= TEREDO_CMD_PEER_DEL,
		.doit		= teredo_nl_peer_del_doit,
		.policy		= teredo_peer_del_nl_policy,
		.maxattr	= TEREDO_A_PEER,
		.flags		= GENL_UNS_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
};

static const struct genl_multicast_group teredo_nl_mcgrps[] = {
	[TEREDO_NLGRP_EVENTS] = { "events", },
};
