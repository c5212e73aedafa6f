/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/teredo.yaml */
/* YNL-GEN kernel header */
/* To regenerate run: tools/net/ynl/ynl-regen.sh */

#ifndef _LINUX_TEREDO_GEN_H
#define _LINUX_TEREDO_GEN_H

#include <net/netlink.h>
#include <net/genetlink.h>

#include <uapi/linux/teredo.h>

/* Common nested types */
extern const struct nla_policy teredo_peer_nl_policy[TEREDO_PEER_A_LOCAL + 1];
extern const struct nla_policy teredo_peer_input_nl_policy[TEREDO_PEER_A_LOCAL + 1];
extern const struct nla_policy teredo_stf_nl_policy[TEREDO_STF_A_INGRESS_CHECK + 1];

/* Ops table for teredo */
extern const struct genl_split_ops teredo_nl_ops[8];

int teredo_nl_dev_get_doit(struct sk_buff *skb, struct genl_info *info);
int teredo_nl_dev_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int teredo_nl_stf_set_doit(struct sk_buff *skb, struct genl_info *info);
int teredo_nl_dev_set_doit(struct sk_buff *skb, struct genl_info *info);
int teredo_nl_peer_get_doit(struct sk_buff *skb, struct genl_info *info);
int teredo_nl_peer_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int teredo_nl_peer_add_doit(struct sk_buff *skb, struct genl_info *info);
int teredo_nl_peer_del_doit(struct sk_buff *skb, struct genl_info *info);

enum {
	TEREDO_NLGRP_EVENTS,
};

#endif /* _LINUX_TEREDO_GEN_H */
