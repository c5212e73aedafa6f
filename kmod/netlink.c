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

int teredo_nl_dev_get_doit(struct sk_buff *skb, struct genl_info *info)
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

int teredo_nl_dev_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
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

int teredo_nl_stf_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[TEREDO_STF_A_MAX + 1];
	int err;

	if (!info->attrs[TEREDO_A_STF]) {
		NL_SET_ERR_MSG(info->extack, "stf options (TEREDO_A_STF) missing");
		return -EINVAL;
	}
	err = nla_parse_nested(tb, TEREDO_STF_A_MAX, info->attrs[TEREDO_A_STF],
			       teredo_stf_nl_policy, info->extack);
	if (err)
		return err;
	return teredo_nl_set(info, TEREDO_KIND_STF, stf_dev_set, tb);
}

int teredo_nl_dev_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	return teredo_nl_set(info, TEREDO_KIND_TEREDO, teredo_dev_set,
			     info->attrs);
}

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
	.netnsok	= true,
	.parallel_ops	= true,
	.module		= THIS_MODULE,
	/* Operations: teredo_nl_ops, generated (teredo_genl_init()). */
	.mcgrps		= teredo_genl_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(teredo_genl_mcgrps),
};

int __init teredo_genl_init(void)
{
	int err;

	err = teredo_compat_genl_set_ops(&teredo_genl_family, teredo_nl_ops,
					 ARRAY_SIZE(teredo_nl_ops));
	if (err)
		return err;
	err = genl_register_family(&teredo_genl_family);
	if (err)
		teredo_compat_genl_free_ops(&teredo_genl_family);
	return err;
}

void teredo_genl_uninit(void)
{
	genl_unregister_family(&teredo_genl_family);
	teredo_compat_genl_free_ops(&teredo_genl_family);
}
