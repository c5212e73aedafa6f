/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the two link kinds share, and what each gives the shared code:
 * a description of its devices (for genl and ethtool, without their
 * private state), its genl settings and its registration.
 */
#ifndef _TEREDO_LINK_H
#define _TEREDO_LINK_H

#include <linux/netdevice.h>
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

/* Each kind's rtnl link ops, registered by module init (main.c). */
int teredo_dev_init(void);
void teredo_dev_uninit(void);
int stf_init(void);
void stf_uninit(void);

#endif /* _TEREDO_LINK_H */
