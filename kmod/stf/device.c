// SPDX-License-Identifier: GPL-2.0
/*
 * The "stf" rtnl link kind: 6to4 (RFC 3056) with the semantics of
 * FreeBSD's stf(4). This file holds the device, its configuration and how
 * it follows the device's one 6to4 address; tx.c and rx.c are the two
 * directions of the data path.
 */
#include "stf.h"
#include "../link.h"
#include "../compat.h"

#include <linux/inetdevice.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <net/addrconf.h>
#include <net/if_inet6.h>
#include <net/netns/generic.h>
#include <net/route.h>
#include <net/rtnetlink.h>

static const enum teredo_stats_attr stf_drop_reasons[] = {
	TEREDO_STATS_TX_NOT_CONFIGURED,
	TEREDO_STATS_TX_NOT_IPV6,
	TEREDO_STATS_TX_MALFORMED,
	TEREDO_STATS_TX_NO_RELAY,
	TEREDO_STATS_TX_LOCAL_SCOPE,
	TEREDO_STATS_TX_BAD_DST,
	TEREDO_STATS_TX_NO_ROUTE,
	TEREDO_STATS_TX_TOO_BIG,
	TEREDO_STATS_TX_NO_MEMORY,
	TEREDO_STATS_RX_NOT_IPV6,
	TEREDO_STATS_RX_OUTPUT_ONLY,
	TEREDO_STATS_RX_MARTIAN,
	TEREDO_STATS_RX_RFC1918,
	TEREDO_STATS_RX_BROADCAST,
	TEREDO_STATS_RX_INGRESS,
	TEREDO_STATS_RX_V4COMPAT,
	TEREDO_STATS_RX_SPOOFED,
	TEREDO_STATS_RX_PREFIX,
	TEREDO_STATS_RX_ECN,
	TEREDO_STATS_RX_LOCAL_SCOPE,
};

/* The stf devices of a namespace, for the receive path to find. */
struct stf_net {
	struct list_head devs;
};

static unsigned int stf_net_id __read_mostly;
static struct rtnl_link_ops stf_link_ops;

static bool stf_dev_is(const struct net_device *dev)
{
	return dev->rtnl_link_ops == &stf_link_ops;
}

struct stf_dev *stf_lookup_rcu(struct net *net, __be32 local)
{
	struct stf_net *sn = net_generic(net, stf_net_id);
	struct stf_dev *sd;

	list_for_each_entry_rcu(sd, &sn->devs, list) {
		const struct stf_cfg *cfg = rcu_dereference(sd->cfg);

		if (cfg->local == local)
			return sd;
	}
	return NULL;
}

/*
 * Configuration changes copy the current one, edit the copy and publish it:
 * stf_cfg_begin() takes cfg_lock and returns the copy (NULL when out of
 * memory); stf_cfg_commit() publishes it and follows the carrier,
 * stf_cfg_abort() forgets it (NULL too). Both release the lock.
 * Address events arrive in atomic context, hence GFP_ATOMIC.
 */
static struct stf_cfg *stf_cfg_begin(struct stf_dev *sd)
	__acquires(&sd->cfg_lock)
{
	struct stf_cfg *cfg;

	spin_lock_bh(&sd->cfg_lock);
	cfg = kmemdup(rcu_dereference_protected(sd->cfg,
						lockdep_is_held(&sd->cfg_lock)),
		      sizeof(*cfg), GFP_ATOMIC);
	return cfg;
}

static void stf_cfg_commit(struct stf_dev *sd, struct stf_cfg *cfg)
	__releases(&sd->cfg_lock)
{
	struct stf_cfg *old;

	old = rcu_replace_pointer(sd->cfg, cfg, lockdep_is_held(&sd->cfg_lock));
	if (cfg->local)
		netif_carrier_on(sd->dev);
	else
		netif_carrier_off(sd->dev);
	spin_unlock_bh(&sd->cfg_lock);
	kfree_rcu(old, rcu);
}

static void stf_cfg_abort(struct stf_dev *sd, struct stf_cfg *cfg)
	__releases(&sd->cfg_lock)
{
	spin_unlock_bh(&sd->cfg_lock);
	kfree(cfg);
}

/*
 * Address validation runs before an address is added from netlink, and may
 * sleep and refuse with a message. It enforces what stf(4) assumes: one
 * 6to4 address, whose IPv4 is ours and unicast. Link-local addresses are
 * left alone.
 */
static int stf_inet6addr_validate(struct notifier_block *nb,
				  unsigned long event, void *ptr)
{
	struct in6_validator_info *i6vi = ptr;
	struct net_device *dev = i6vi->i6vi_dev->dev;
	const struct in6_addr *addr = &i6vi->i6vi_addr;
	struct netlink_ext_ack *extack = i6vi->extack;
	struct stf_dev *sd;
	bool configured;
	__be32 v4;

	if (event != NETDEV_UP || !stf_dev_is(dev) ||
	    ipv6_addr_type(addr) & IPV6_ADDR_LINKLOCAL)
		return NOTIFY_DONE;
	if (!stf_is_6to4(addr)) {
		NL_SET_ERR_MSG(extack,
			       "stf: only a 6to4 (2002::/16) address and link-local ones are allowed");
		return notifier_from_errno(-EADDRNOTAVAIL);
	}
	sd = netdev_priv(dev);
	rcu_read_lock();
	configured = rcu_dereference(sd->cfg)->local != 0;
	rcu_read_unlock();
	if (configured) {
		NL_SET_ERR_MSG(extack,
			       "stf: the device has its 6to4 address already; only one is allowed");
		return notifier_from_errno(-EBUSY);
	}
	v4 = stf_embedded_v4(addr);
	if (stf_v4_martian(v4)) {
		NL_SET_ERR_MSG(extack,
			       "stf: the IPv4 address in the 6to4 address is not unicast");
		return notifier_from_errno(-EADDRNOTAVAIL);
	}
	if (inet_addr_type(dev_net(dev), v4) != RTN_LOCAL) {
		NL_SET_ERR_MSG(extack,
			       "stf: the IPv4 address in the 6to4 address is not an address of this host");
		return notifier_from_errno(-EADDRNOTAVAIL);
	}
	return NOTIFY_OK;
}

/* The 6to4 address came or went: take our outer source from it. */
static int stf_inet6addr_event(struct notifier_block *nb, unsigned long event,
			       void *ptr)
{
	struct inet6_ifaddr *ifa = ptr;
	struct net_device *dev = ifa->idev->dev;
	struct stf_dev *sd;
	struct stf_cfg *cfg;

	if (!stf_dev_is(dev) || !stf_is_6to4(&ifa->addr) ||
	    (event != NETDEV_UP && event != NETDEV_DOWN))
		return NOTIFY_DONE;
	sd = netdev_priv(dev);
	cfg = stf_cfg_begin(sd);
	if (!cfg) {
		stf_cfg_abort(sd, NULL);
		netdev_warn(dev, "out of memory, 6to4 address change lost\n");
		return NOTIFY_DONE;
	}
	if (event == NETDEV_UP && !cfg->local) {
		unsigned int n = clamp_t(int, ifa->prefix_len - 16, 0, 32);

		cfg->addr6 = ifa->addr;
		cfg->local = stf_embedded_v4(&ifa->addr);
		cfg->prefixlen = ifa->prefix_len;
		cfg->srcmask = inet_make_mask(n);
	} else if (event == NETDEV_DOWN && cfg->local &&
		   ipv6_addr_equal(&cfg->addr6, &ifa->addr)) {
		cfg->local = 0;
		cfg->prefixlen = 0;
		cfg->srcmask = 0;
	} else {
		stf_cfg_abort(sd, cfg);
		return NOTIFY_DONE;
	}
	stf_cfg_commit(sd, cfg);
	return NOTIFY_OK;
}

static struct notifier_block stf_inet6addr_validator = {
	.notifier_call = stf_inet6addr_validate,
};

static struct notifier_block stf_inet6addr_notifier = {
	.notifier_call = stf_inet6addr_event,
};

int stf_dev_set(struct net_device *dev, struct nlattr **tb,
		struct netlink_ext_ack *extack)
{
	struct stf_dev *sd = netdev_priv(dev);
	struct stf_cfg *cfg;

	if (tb[TEREDO_STF_A_LOCAL] || tb[TEREDO_STF_A_PREFIXLEN]) {
		NL_SET_ERR_MSG_ATTR(extack, tb[TEREDO_STF_A_LOCAL] ?:
				    tb[TEREDO_STF_A_PREFIXLEN],
				    "stf: local address and prefix length come from the device's 6to4 address");
		return -EINVAL;
	}
	if (tb[TEREDO_STF_A_RELAY]) {
		__be32 relay = nla_get_be32(tb[TEREDO_STF_A_RELAY]);

		if (relay && stf_v4_martian(relay)) {
			NL_SET_ERR_MSG_ATTR(extack, tb[TEREDO_STF_A_RELAY],
					    "stf: relay must be a unicast IPv4 address (or 0.0.0.0 for none)");
			return -EINVAL;
		}
	}
	cfg = stf_cfg_begin(sd);
	if (!cfg) {
		stf_cfg_abort(sd, NULL);
		return -ENOMEM;
	}
	if (tb[TEREDO_STF_A_RELAY])
		cfg->relay = nla_get_be32(tb[TEREDO_STF_A_RELAY]);
	if (tb[TEREDO_STF_A_TTL])
		cfg->ttl = nla_get_u8(tb[TEREDO_STF_A_TTL]);
	if (tb[TEREDO_STF_A_PERMIT_RFC1918])
		cfg->permit_rfc1918 = nla_get_u8(tb[TEREDO_STF_A_PERMIT_RFC1918]);
	if (tb[TEREDO_STF_A_OUTPUT_ONLY])
		cfg->output_only = nla_get_u8(tb[TEREDO_STF_A_OUTPUT_ONLY]);
	if (tb[TEREDO_STF_A_ECN])
		cfg->ecn = nla_get_u8(tb[TEREDO_STF_A_ECN]);
	if (tb[TEREDO_STF_A_INGRESS_CHECK])
		cfg->ingress_check = nla_get_u8(tb[TEREDO_STF_A_INGRESS_CHECK]);
	stf_cfg_commit(sd, cfg);
	return 0;
}

static int stf_fill_attrs(struct sk_buff *skb, const struct net_device *dev)
{
	const struct stf_dev *sd = netdev_priv(dev);
	const struct stf_cfg *cfg;
	struct nlattr *nest;

	nest = nla_nest_start(skb, TEREDO_A_STF);
	if (!nest)
		return -EMSGSIZE;
	rcu_read_lock();
	cfg = rcu_dereference(sd->cfg);
	if (nla_put_in_addr(skb, TEREDO_STF_A_LOCAL, cfg->local) ||
	    nla_put_u8(skb, TEREDO_STF_A_PREFIXLEN, cfg->prefixlen) ||
	    nla_put_in_addr(skb, TEREDO_STF_A_RELAY, cfg->relay) ||
	    nla_put_u8(skb, TEREDO_STF_A_TTL, cfg->ttl) ||
	    nla_put_u8(skb, TEREDO_STF_A_PERMIT_RFC1918, cfg->permit_rfc1918) ||
	    nla_put_u8(skb, TEREDO_STF_A_OUTPUT_ONLY, cfg->output_only) ||
	    nla_put_u8(skb, TEREDO_STF_A_ECN, cfg->ecn) ||
	    nla_put_u8(skb, TEREDO_STF_A_INGRESS_CHECK, cfg->ingress_check)) {
		rcu_read_unlock();
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	rcu_read_unlock();
	nla_nest_end(skb, nest);
	return 0;
}

static int stf_ndo_init(struct net_device *dev)
{
	struct stf_dev *sd = netdev_priv(dev);
	struct stf_cfg *cfg;

	cfg = kzalloc(sizeof(*cfg), GFP_KERNEL);
	if (!cfg)
		return -ENOMEM;
	cfg->relay = htonl(STF_DEFAULT_RELAY);
	cfg->ttl = STF_DEFAULT_TTL;
	cfg->ingress_check = true;
	sd->counters = teredo_counters_alloc();
	if (!sd->counters)
		goto err_cfg;
	if (teredo_route_cache_init(&sd->route))
		goto err_counters;
	RCU_INIT_POINTER(sd->cfg, cfg);
	return 0;

err_counters:
	teredo_counters_free(sd->counters);
	sd->counters = NULL;
err_cfg:
	kfree(cfg);
	return -ENOMEM;
}

/* Runs once the last reference is gone, or when registration fails. */
static void stf_destruct(struct net_device *dev)
{
	struct stf_dev *sd = netdev_priv(dev);

	teredo_route_cache_destroy(&sd->route);
	teredo_counters_free(sd->counters);
	sd->counters = NULL;
	kfree(rcu_dereference_protected(sd->cfg, 1));
	RCU_INIT_POINTER(sd->cfg, NULL);
}

static const struct net_device_ops stf_netdev_ops = {
	.ndo_init		= stf_ndo_init,
	.ndo_start_xmit		= stf_xmit,
	.ndo_get_stats64	= dev_get_tstats64,
};

#define STF_FEATURES (NETIF_F_SG | NETIF_F_FRAGLIST | NETIF_F_HIGHDMA | \
		      NETIF_F_GSO_SOFTWARE | NETIF_F_HW_CSUM)

static void stf_setup(struct net_device *dev)
{
	teredo_link_setup(dev, sizeof(struct iphdr));
	dev->netdev_ops = &stf_netdev_ops;
	dev->mtu = ETH_DATA_LEN - sizeof(struct iphdr);
	dev->features |= STF_FEATURES;
	dev->hw_features |= STF_FEATURES;
	dev->priv_destructor = stf_destruct;
}

static int stf_newlink(TEREDO_NEWLINK_ARGS)
{
	struct stf_net *sn = net_generic(dev_net(dev), stf_net_id);
	struct stf_dev *sd = netdev_priv(dev);
	int err;

	sd->dev = dev;
	spin_lock_init(&sd->cfg_lock);
	/* No carrier until a 6to4 address gives us an IPv4 source. */
	netif_carrier_off(dev);
	err = register_netdevice(dev);
	if (err)
		return err;
	list_add_tail_rcu(&sd->list, &sn->devs);
	return 0;
}

/*
 * Leave the receive path's list before unregistering: the core waits for
 * RCU readers (synchronize_net) before it tears the device down.
 */
static void stf_dellink(struct net_device *dev, struct list_head *head)
{
	struct stf_dev *sd = netdev_priv(dev);

	list_del_rcu(&sd->list);
	unregister_netdevice_queue(dev, head);
}

static struct rtnl_link_ops stf_link_ops __read_mostly = {
	.kind		= STF_LINK_KIND,
	.priv_size	= sizeof(struct stf_dev),
	.setup		= stf_setup,
	.validate	= teredo_link_validate,
	.newlink	= stf_newlink,
	.dellink	= stf_dellink,
};

bool stf_dev_describe(const struct net_device *dev,
		      struct teredo_link_desc *desc)
{
	const struct stf_dev *sd;

	if (!stf_dev_is(dev))
		return false;
	sd = netdev_priv(dev);
	desc->kind = TEREDO_KIND_STF;
	desc->mode = TEREDO_MODE_UNSPEC;
	desc->state = netif_carrier_ok(dev) ? TEREDO_STATE_ACTIVE :
					      TEREDO_STATE_UNCONFIGURED;
	desc->counters = sd->counters;
	desc->drops = stf_drop_reasons;
	desc->n_drops = ARRAY_SIZE(stf_drop_reasons);
	desc->fill = stf_fill_attrs;
	return true;
}

static int __net_init stf_net_init(struct net *net)
{
	struct stf_net *sn = net_generic(net, stf_net_id);

	INIT_LIST_HEAD(&sn->devs);
	return 0;
}

static struct pernet_operations stf_net_ops = {
	.init	= stf_net_init,
	.id	= &stf_net_id,
	.size	= sizeof(struct stf_net),
};

int __init stf_init(void)
{
	int err;

	err = register_pernet_device(&stf_net_ops);
	if (err)
		return err;
	err = register_inet6addr_validator_notifier(&stf_inet6addr_validator);
	if (err)
		goto err_validator;
	err = register_inet6addr_notifier(&stf_inet6addr_notifier);
	if (err)
		goto err_notifier;
	err = rtnl_link_register(&stf_link_ops);
	if (err)
		goto err_link;
	err = stf_rcv_init();
	if (err)
		goto err_rcv;
	return 0;

err_rcv:
	rtnl_link_unregister(&stf_link_ops);
err_link:
	unregister_inet6addr_notifier(&stf_inet6addr_notifier);
err_notifier:
	unregister_inet6addr_validator_notifier(&stf_inet6addr_validator);
err_validator:
	unregister_pernet_device(&stf_net_ops);
	return err;
}

void stf_uninit(void)
{
	stf_rcv_uninit();
	rtnl_link_unregister(&stf_link_ops);
	unregister_inet6addr_notifier(&stf_inet6addr_notifier);
	unregister_inet6addr_validator_notifier(&stf_inet6addr_validator);
	unregister_pernet_device(&stf_net_ops);
}
