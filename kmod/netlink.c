// SPDX-License-Identifier: GPL-2.0
/*
 * The "teredo" generic netlink family: how userland reads and configures
 * teredo and stf devices. Described in Documentation/netlink/specs/teredo.yaml.
 */
#include "link.h"
#include "netlink.h"

#include <linux/if.h>
#include <net/genetlink.h>
#include <net/sock.h>
#include <linux/rtnetlink.h>

static struct genl_family teredo_genl_family;

#define TEREDO_NLA_READ_ONLY \
	{ .type = NLA_REJECT, .reject_message = "attribute is read-only" }

static const struct nla_policy teredo_stf_policy[TEREDO_STF_A_MAX + 1] = {
	[TEREDO_STF_A_LOCAL]		= { .type = NLA_BE32 },
	[TEREDO_STF_A_PREFIXLEN]	= { .type = NLA_U8 },
	[TEREDO_STF_A_RELAY]		= { .type = NLA_BE32 },
	[TEREDO_STF_A_TTL]		= { .type = NLA_U8 },
	[TEREDO_STF_A_PERMIT_RFC1918]	= NLA_POLICY_MAX(NLA_U8, 1),
	[TEREDO_STF_A_OUTPUT_ONLY]	= NLA_POLICY_MAX(NLA_U8, 1),
	[TEREDO_STF_A_ECN]		= NLA_POLICY_MAX(NLA_U8, 1),
	[TEREDO_STF_A_INGRESS_CHECK]	= NLA_POLICY_MAX(NLA_U8, 1),
};

static struct netlink_range_validation teredo_peer_max_range = {
	.min = TEREDO_PEER_MAX_MIN,
	.max = TEREDO_PEER_MAX_MAX,
};

static struct netlink_range_validation teredo_bubble_rate_range = {
	.max = TEREDO_BUBBLE_RATE_MAX,
};

static struct netlink_range_validation teredo_peer_expiry_range = {
	.min = TEREDO_PEER_EXPIRY_MIN,
	.max = TEREDO_PEER_EXPIRY_MAX,
};

const struct nla_policy teredo_peer_policy[TEREDO_PEER_A_MAX + 1] = {
	[TEREDO_PEER_A_ADDR6]		= NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[TEREDO_PEER_A_MAPPED_ADDR]	= { .type = NLA_BE32 },
	[TEREDO_PEER_A_MAPPED_PORT]	= NLA_POLICY_MIN(NLA_U16, 1),
	[TEREDO_PEER_A_TRUSTED]		= NLA_POLICY_MAX(NLA_U8, 1),
	[TEREDO_PEER_A_LAST_RX]		= TEREDO_NLA_READ_ONLY,
	[TEREDO_PEER_A_LAST_TX]		= TEREDO_NLA_READ_ONLY,
	[TEREDO_PEER_A_QUEUE_LEN]	= TEREDO_NLA_READ_ONLY,
	[TEREDO_PEER_A_BUBBLES]		= TEREDO_NLA_READ_ONLY,
	[TEREDO_PEER_A_RX_PACKETS]	= TEREDO_NLA_READ_ONLY,
	[TEREDO_PEER_A_TX_PACKETS]	= TEREDO_NLA_READ_ONLY,
	[TEREDO_PEER_A_LOCAL]		= NLA_POLICY_MAX(NLA_U8, 1),
};

static const struct nla_policy teredo_dev_policy[TEREDO_A_MAX + 1] = {
	[TEREDO_A_IFINDEX]	= NLA_POLICY_MIN(NLA_U32, 1),
	[TEREDO_A_IFNAME]	= { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[TEREDO_A_MODE]		= NLA_POLICY_RANGE(NLA_U8, TEREDO_MODE_CLIENT,
						   TEREDO_MODE_MAX),
	[TEREDO_A_STF]		= NLA_POLICY_NESTED(teredo_stf_policy),
	[TEREDO_A_SOCK_FD]	= { .type = NLA_U32 },
	[TEREDO_A_SOCK_DETACH]	= { .type = NLA_FLAG },
	[TEREDO_A_SERVER]	= { .type = NLA_BE32 },
	[TEREDO_A_SERVER2]	= { .type = NLA_BE32 },
	[TEREDO_A_MAPPED_ADDR]	= { .type = NLA_BE32 },
	[TEREDO_A_MAPPED_PORT]	= { .type = NLA_U16 },
	[TEREDO_A_ADDR6]	= NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[TEREDO_A_QUALIFIED]	= NLA_POLICY_MAX(NLA_U8, 1),
	[TEREDO_A_INBOUND_OPEN]	= NLA_POLICY_MAX(NLA_U8, 1),
	[TEREDO_A_LOAD_REDUCTION] = NLA_POLICY_MAX(NLA_U8, 1),
	[TEREDO_A_OPEN_MAPPING] = NLA_POLICY_MAX(NLA_U8, 1),
	[TEREDO_A_PREDICTION]	= NLA_POLICY_MAX(NLA_U8, TEREDO_PREDICTION_MAX),
	[TEREDO_A_PEER_MAX]	= NLA_POLICY_FULL_RANGE(NLA_U32,
						&teredo_peer_max_range),
	[TEREDO_A_PEER_EXPIRY]	= NLA_POLICY_FULL_RANGE(NLA_U32,
						&teredo_peer_expiry_range),
	[TEREDO_A_PEER]		= NLA_POLICY_NESTED(teredo_peer_policy),
	[TEREDO_A_BUBBLE_RATE]	= NLA_POLICY_FULL_RANGE(NLA_U32,
						&teredo_bubble_rate_range),
	[TEREDO_A_MAPPING_PEERS] = NLA_POLICY_MAX(NLA_U32,
						  TEREDO_MAPPING_PEERS_MAX),
	/* What only the kernel reports. */
	[TEREDO_A_KIND]		= TEREDO_NLA_READ_ONLY,
	[TEREDO_A_STATE]	= TEREDO_NLA_READ_ONLY,
	[TEREDO_A_STATS]	= TEREDO_NLA_READ_ONLY,
	[TEREDO_A_SOCK_ADDR]	= TEREDO_NLA_READ_ONLY,
	[TEREDO_A_SOCK_PORT]	= TEREDO_NLA_READ_ONLY,
	[TEREDO_A_PEER_COUNT]	= TEREDO_NLA_READ_ONLY,
	[TEREDO_A_PEER_SIZE]	= TEREDO_NLA_READ_ONLY,
	[TEREDO_A_EVENT]	= TEREDO_NLA_READ_ONLY,
};

static bool teredo_nl_describe(const struct net_device *dev,
			       struct teredo_link_desc *desc)
{
	return teredo_dev_describe(dev, desc) || stf_dev_describe(dev, desc);
}

/*
 * Find the device @attrs name in @net. Returns it with a reference held,
 * or an ERR_PTR with extack set.
 */
static struct net_device *teredo_nl_find_dev(struct net *net,
					     struct nlattr **attrs,
					     struct teredo_link_desc *desc,
					     struct netlink_ext_ack *extack)
{
	struct nlattr *ifindex = attrs[TEREDO_A_IFINDEX];
	struct nlattr *ifname = attrs[TEREDO_A_IFNAME];
	struct net_device *dev;

	if (!ifindex == !ifname) {
		NL_SET_ERR_MSG(extack,
			       "exactly one of ifindex and ifname is required");
		return ERR_PTR(-EINVAL);
	}
	if (ifindex)
		dev = dev_get_by_index(net, nla_get_u32(ifindex));
	else
		dev = dev_get_by_name(net, nla_data(ifname));
	if (!dev) {
		NL_SET_ERR_MSG_ATTR(extack, ifindex ?: ifname, "no such device");
		return ERR_PTR(-ENODEV);
	}
	if (!teredo_nl_describe(dev, desc)) {
		NL_SET_ERR_MSG_ATTR(extack, ifindex ?: ifname,
				    "not a teredo or stf device");
		dev_put(dev);
		return ERR_PTR(-EOPNOTSUPP);
	}
	return dev;
}

static struct net_device *teredo_nl_get_dev(struct genl_info *info,
					    struct teredo_link_desc *desc)
{
	return teredo_nl_find_dev(genl_info_net(info), info->attrs, desc,
				  info->extack);
}

struct net_device *teredo_nl_find_teredo(struct net *net, struct nlattr **attrs,
					 struct netlink_ext_ack *extack)
{
	struct teredo_link_desc desc;
	struct net_device *dev;

	dev = teredo_nl_find_dev(net, attrs, &desc, extack);
	if (!IS_ERR(dev) && desc.kind != TEREDO_KIND_TEREDO) {
		NL_SET_ERR_MSG(extack, "not a teredo device");
		dev_put(dev);
		return ERR_PTR(-EOPNOTSUPP);
	}
	return dev;
}

struct net_device *teredo_nl_get_teredo(struct genl_info *info)
{
	return teredo_nl_find_teredo(genl_info_net(info), info->attrs,
				     info->extack);
}

bool teredo_nl_has_listeners(struct net *net)
{
	return genl_has_listeners(&teredo_genl_family, net, 0);
}

void teredo_nl_notify(struct net *net, struct sk_buff *skb)
{
	genlmsg_multicast_netns(&teredo_genl_family, net, skb, 0, 0,
				GFP_ATOMIC);
}

void *teredo_nl_msg_put(struct sk_buff *skb, u32 portid, u32 seq, int flags,
			u8 cmd)
{
	return genlmsg_put(skb, portid, seq, &teredo_genl_family, flags, cmd);
}

static int teredo_nl_put_stats(struct sk_buff *skb,
			       const struct net_device *dev,
			       const struct teredo_link_desc *desc)
{
	struct rtnl_link_stats64 s = {};
	struct nlattr *nest;
	unsigned int i;

	nest = nla_nest_start(skb, TEREDO_A_STATS);
	if (!nest)
		return -EMSGSIZE;
	dev_fetch_sw_netstats(&s, dev->tstats);
	if (nla_put_u64_64bit(skb, TEREDO_STATS_RX_PACKETS, s.rx_packets,
			      TEREDO_STATS_PAD) ||
	    nla_put_u64_64bit(skb, TEREDO_STATS_RX_BYTES, s.rx_bytes,
			      TEREDO_STATS_PAD) ||
	    nla_put_u64_64bit(skb, TEREDO_STATS_TX_PACKETS, s.tx_packets,
			      TEREDO_STATS_PAD) ||
	    nla_put_u64_64bit(skb, TEREDO_STATS_TX_BYTES, s.tx_bytes,
			      TEREDO_STATS_PAD))
		goto cancel;
	for (i = 0; i < desc->n_drops; i++) {
		enum teredo_stats_attr r = desc->drops[i];

		if (nla_put_u64_64bit(skb, r,
				      teredo_counters_read(desc->counters, r),
				      TEREDO_STATS_PAD))
			goto cancel;
	}
	nla_nest_end(skb, nest);
	return 0;

cancel:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}

static int teredo_nl_fill_dev(struct sk_buff *skb, const struct net_device *dev,
			      const struct teredo_link_desc *desc,
			      u32 portid, u32 seq, int flags)
{
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &teredo_genl_family, flags,
			  TEREDO_CMD_DEV_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(skb, TEREDO_A_IFINDEX, dev->ifindex) ||
	    nla_put_string(skb, TEREDO_A_IFNAME, dev->name) ||
	    nla_put_u8(skb, TEREDO_A_KIND, desc->kind) ||
	    nla_put_u8(skb, TEREDO_A_STATE, desc->state) ||
	    (desc->mode != TEREDO_MODE_UNSPEC &&
	     nla_put_u8(skb, TEREDO_A_MODE, desc->mode)) ||
	    teredo_nl_put_stats(skb, dev, desc) ||
	    (desc->fill && desc->fill(skb, dev))) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

static int teredo_nl_dev_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct teredo_link_desc desc;
	struct net_device *dev;
	struct sk_buff *msg;
	int err;

	dev = teredo_nl_get_dev(info, &desc);
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	msg = nlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg) {
		err = -ENOMEM;
		goto out;
	}
	err = teredo_nl_fill_dev(msg, dev, &desc, info->snd_portid,
				 info->snd_seq, 0);
	if (err) {
		nlmsg_free(msg);
		goto out;
	}
	err = genlmsg_reply(msg, info);
out:
	dev_put(dev);
	return err;
}

static int teredo_nl_dev_get_dumpit(struct sk_buff *skb,
				    struct netlink_callback *cb)
{
	struct net *net = sock_net(skb->sk);
	struct teredo_link_desc desc;
	struct net_device *dev;
	long skip = cb->args[0];
	long idx = 0;
	int err = 0;

	rcu_read_lock();
	for_each_netdev_rcu(net, dev) {
		if (!teredo_nl_describe(dev, &desc))
			continue;
		if (idx < skip) {
			idx++;
			continue;
		}
		err = teredo_nl_fill_dev(skb, dev, &desc,
					 NETLINK_CB(cb->skb).portid,
					 cb->nlh->nlmsg_seq, NLM_F_MULTI);
		if (err)
			break;
		idx++;
	}
	rcu_read_unlock();
	cb->args[0] = idx;
	/* A device that does not fit an empty message can never be sent. */
	if (err && !skb->len)
		return err;
	return skb->len;
}

/* Run @set on the device the request names, under RTNL, if it is a @kind. */
int teredo_nl_set(struct genl_info *info, enum teredo_kind kind,
			 teredo_nl_setter set, struct nlattr **attrs)
{
	struct teredo_link_desc desc;
	struct net_device *dev;
	int err;

	rtnl_lock();
	dev = teredo_nl_get_dev(info, &desc);
	if (IS_ERR(dev)) {
		err = PTR_ERR(dev);
		goto out_unlock;
	}
	if (desc.kind != kind) {
		if (kind == TEREDO_KIND_STF)
			NL_SET_ERR_MSG(info->extack, "not an stf device");
		else
			NL_SET_ERR_MSG(info->extack, "not a teredo device");
		err = -EOPNOTSUPP;
	} else {
		err = set(dev, attrs, info->extack);
	}
	dev_put(dev);
out_unlock:
	rtnl_unlock();
	return err;
}

static int teredo_nl_stf_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[TEREDO_STF_A_MAX + 1];
	int err;

	if (!info->attrs[TEREDO_A_STF]) {
		NL_SET_ERR_MSG(info->extack, "stf options (TEREDO_A_STF) missing");
		return -EINVAL;
	}
	err = nla_parse_nested(tb, TEREDO_STF_A_MAX, info->attrs[TEREDO_A_STF],
			       teredo_stf_policy, info->extack);
	if (err)
		return err;
	return teredo_nl_set(info, TEREDO_KIND_STF, stf_dev_set, tb);
}

static int teredo_nl_dev_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	return teredo_nl_set(info, TEREDO_KIND_TEREDO, teredo_dev_set,
			     info->attrs);
}

static const struct genl_ops teredo_genl_ops[] = {
	{
		.cmd	= TEREDO_CMD_DEV_GET,
		.doit	= teredo_nl_dev_get_doit,
		.dumpit	= teredo_nl_dev_get_dumpit,
		.policy	= teredo_dev_policy,
		.maxattr = TEREDO_A_MAX,
		/* Peer lists and mappings reveal traffic: admin only. */
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= TEREDO_CMD_DEV_SET,
		.doit	= teredo_nl_dev_set_doit,
		.policy	= teredo_dev_policy,
		.maxattr = TEREDO_A_MAX,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= TEREDO_CMD_PEER_GET,
		.doit	= teredo_nl_peer_get_doit,
		.dumpit	= teredo_nl_peer_get_dumpit,
		.policy	= teredo_dev_policy,
		.maxattr = TEREDO_A_MAX,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= TEREDO_CMD_PEER_ADD,
		.doit	= teredo_nl_peer_add_doit,
		.policy	= teredo_dev_policy,
		.maxattr = TEREDO_A_MAX,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= TEREDO_CMD_PEER_DEL,
		.doit	= teredo_nl_peer_del_doit,
		.policy	= teredo_dev_policy,
		.maxattr = TEREDO_A_MAX,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= TEREDO_CMD_STF_SET,
		.doit	= teredo_nl_stf_set_doit,
		.policy	= teredo_dev_policy,
		.maxattr = TEREDO_A_MAX,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
};

/*
 * Index 0: what teredo_nl_notify() sends to. Its events name peers and
 * their mappings, which peer-get shows only to CAP_NET_ADMIN: joining
 * needs the same.
 */
static const struct genl_multicast_group teredo_genl_mcgrps[] = {
	{ .name = TEREDO_MCGRP_EVENTS, .flags = GENL_MCAST_CAP_NET_ADMIN },
};

static struct genl_family teredo_genl_family __ro_after_init = {
	.name		= TEREDO_GENL_NAME,
	.version	= TEREDO_GENL_VERSION,
	.maxattr	= TEREDO_A_MAX,
	.netnsok	= true,
	.parallel_ops	= true,
	.module		= THIS_MODULE,
	.ops		= teredo_genl_ops,
	.n_ops		= ARRAY_SIZE(teredo_genl_ops),
	.mcgrps		= teredo_genl_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(teredo_genl_mcgrps),
};

int __init teredo_genl_init(void)
{
	return genl_register_family(&teredo_genl_family);
}

void teredo_genl_uninit(void)
{
	genl_unregister_family(&teredo_genl_family);
}
