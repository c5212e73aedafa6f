// SPDX-License-Identifier: GPL-2.0
/*
 * The "stf" rtnl link kind: 6to4 (RFC 3056) with the semantics of
 * FreeBSD's stf(4), IPv6 carried in IPv4 protocol 41.
 */
#include "stf.h"
#include "link.h"
#include "compat.h"

#include <linux/if_arp.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <net/rtnetlink.h>

static const enum teredo_stats_attr stf_drop_reasons[] = {
	TEREDO_STATS_TX_NOT_CONFIGURED,
	TEREDO_STATS_TX_NOT_IPV6,
};

static netdev_tx_t stf_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct stf_dev *sd = netdev_priv(dev);

	if (skb->protocol != htons(ETH_P_IPV6)) {
		teredo_tx_drop(dev, sd->counters, skb, TEREDO_STATS_TX_NOT_IPV6);
		return NETDEV_TX_OK;
	}
	/* No 6to4 address yet, so no IPv4 source to send from. */
	teredo_tx_drop(dev, sd->counters, skb, TEREDO_STATS_TX_NOT_CONFIGURED);
	return NETDEV_TX_OK;
}

static int stf_ndo_init(struct net_device *dev)
{
	struct stf_dev *sd = netdev_priv(dev);

	sd->counters = teredo_counters_alloc();
	return sd->counters ? 0 : -ENOMEM;
}

static void stf_destruct(struct net_device *dev)
{
	struct stf_dev *sd = netdev_priv(dev);

	teredo_counters_free(sd->counters);
	sd->counters = NULL;
}

static const struct net_device_ops stf_netdev_ops = {
	.ndo_init		= stf_ndo_init,
	.ndo_start_xmit		= stf_xmit,
	.ndo_get_stats64	= dev_get_tstats64,
};

static void stf_setup(struct net_device *dev)
{
	dev->netdev_ops = &stf_netdev_ops;
	dev->type = ARPHRD_NONE;
	dev->flags = IFF_POINTOPOINT | IFF_NOARP;
	dev->priv_flags |= IFF_NO_QUEUE;
	dev->hard_header_len = 0;
	dev->addr_len = 0;
	dev->needed_headroom = LL_MAX_HEADER + sizeof(struct iphdr);
	dev->mtu = ETH_DATA_LEN - sizeof(struct iphdr);
	dev->min_mtu = IPV6_MIN_MTU;
	dev->max_mtu = IP_MAX_MTU - sizeof(struct iphdr);
	dev->pcpu_stat_type = NETDEV_PCPU_STAT_TSTATS;
	dev->needs_free_netdev = true;
	dev->priv_destructor = stf_destruct;
	teredo_compat_set_lltx_netns_local(dev);
}

static int stf_validate(struct nlattr *tb[], struct nlattr *data[],
			struct netlink_ext_ack *extack)
{
	if (tb[IFLA_ADDRESS]) {
		NL_SET_ERR_MSG_ATTR(extack, tb[IFLA_ADDRESS],
				    "stf devices have no link-layer address");
		return -EINVAL;
	}
	return 0;
}

static int stf_newlink(TEREDO_NEWLINK_ARGS)
{
	struct stf_dev *sd = netdev_priv(dev);

	sd->dev = dev;
	sd->state = TEREDO_STATE_UNCONFIGURED;
	/* No carrier until a 6to4 address gives us an IPv4 source. */
	netif_carrier_off(dev);
	return register_netdevice(dev);
}

static struct rtnl_link_ops stf_link_ops __read_mostly = {
	.kind		= STF_LINK_KIND,
	.priv_size	= sizeof(struct stf_dev),
	.setup		= stf_setup,
	.validate	= stf_validate,
	.newlink	= stf_newlink,
};

bool stf_dev_describe(const struct net_device *dev,
		      struct teredo_link_desc *desc)
{
	const struct stf_dev *sd;

	if (dev->rtnl_link_ops != &stf_link_ops)
		return false;
	sd = netdev_priv(dev);
	desc->kind = TEREDO_KIND_STF;
	desc->mode = TEREDO_MODE_UNSPEC;
	desc->state = READ_ONCE(sd->state);
	desc->counters = sd->counters;
	desc->drops = stf_drop_reasons;
	desc->n_drops = ARRAY_SIZE(stf_drop_reasons);
	return true;
}

int __init stf_init(void)
{
	return rtnl_link_register(&stf_link_ops);
}

void stf_uninit(void)
{
	rtnl_link_unregister(&stf_link_ops);
}
