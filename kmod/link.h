/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the generic netlink side needs to know about a device of either
 * link kind, without knowing the kind's private state.
 */
#ifndef _TEREDO_LINK_H
#define _TEREDO_LINK_H

#include <linux/netdevice.h>
#include <net/genetlink.h>
#include <uapi/linux/teredo.h>

#include "counters.h"

struct teredo_link_desc {
	enum teredo_kind kind;
	enum teredo_mode mode;		/* TEREDO_MODE_UNSPEC: none */
	enum teredo_state state;
	struct teredo_counters __percpu *counters;
	const enum teredo_stats_attr *drops;	/* reasons this kind counts */
	unsigned int n_drops;
	/* Adds the kind's own attributes to a dev-get reply; may be NULL. */
	int (*fill)(struct sk_buff *skb, const struct net_device *dev);
};

/* ethtool.c: -i and -S, for both kinds. */
extern const struct ethtool_ops teredo_ethtool_ops;

/* link.c: rtnl setup and validation common to both kinds. */
void teredo_link_setup(struct net_device *dev, unsigned int encap_len);
int teredo_link_validate(struct nlattr *tb[], struct nlattr *data[],
			 struct netlink_ext_ack *extack);

/* Each returns false when @dev is not of its kind. Caller holds a ref. */
bool teredo_dev_describe(const struct net_device *dev,
			 struct teredo_link_desc *desc);
bool stf_dev_describe(const struct net_device *dev,
		      struct teredo_link_desc *desc);

/* TEREDO_CMD_STF_SET on an stf device, under RTNL; tb: enum teredo_stf_attr */
int stf_dev_set(struct net_device *dev, struct nlattr **tb,
		struct netlink_ext_ack *extack);

/* TEREDO_CMD_DEV_SET on a teredo device, under RTNL; attrs: enum teredo_attr */
int teredo_dev_set(struct net_device *dev, struct nlattr **attrs,
		   struct netlink_ext_ack *extack);

/* netlink.c: shared by the command handlers. */
typedef int (*teredo_nl_setter)(struct net_device *dev, struct nlattr **attrs,
				struct netlink_ext_ack *extack);
int teredo_nl_set(struct genl_info *info, enum teredo_kind kind,
		  teredo_nl_setter set, struct nlattr **attrs);
struct net_device *teredo_nl_find_teredo(struct net *net, struct nlattr **attrs,
					 struct netlink_ext_ack *extack);
struct net_device *teredo_nl_get_teredo(struct genl_info *info);
void *teredo_nl_msg_put(struct sk_buff *skb, u32 portid, u32 seq, int flags,
			u8 cmd);
bool teredo_nl_has_listeners(struct net *net);
/* Multicast @skb to the events group; any context. */
void teredo_nl_notify(struct net *net, struct sk_buff *skb);
extern const struct nla_policy teredo_peer_policy[TEREDO_PEER_A_MAX + 1];

/* peer_netlink.c */
int teredo_nl_peer_get_doit(struct sk_buff *skb, struct genl_info *info);
int teredo_nl_peer_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int teredo_nl_peer_add_doit(struct sk_buff *skb, struct genl_info *info);
int teredo_nl_peer_del_doit(struct sk_buff *skb, struct genl_info *info);

int teredo_dev_init(void);
void teredo_dev_uninit(void);
int stf_init(void);
void stf_uninit(void);
int teredo_genl_init(void);
void teredo_genl_uninit(void);

#endif /* _TEREDO_LINK_H */
