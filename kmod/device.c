// SPDX-License-Identifier: GPL-2.0
/*
 * The "teredo" rtnl link kind: a point-to-point IPv6 device without
 * link-layer header whose packets travel in UDP over IPv4 (RFC 4380).
 */
#include "device.h"
#include "link.h"
#include "compat.h"

#include <linux/ip.h>
#include <linux/udp.h>
#include <linux/ipv6.h>
#include <linux/rtnetlink.h>
#include <net/inet_sock.h>
#include <net/netlink.h>
#include <net/rtnetlink.h>

/* Outer IPv4 + UDP, and the origin indication a server or relay adds. */
#define TEREDO_ENCAP_LEN	(sizeof(struct iphdr) + sizeof(struct udphdr) + 8)

static const enum teredo_stats_attr teredo_drop_reasons[] = {
	TEREDO_STATS_TX_NOT_CONFIGURED,
	TEREDO_STATS_TX_NOT_IPV6,
	TEREDO_STATS_RX_MALFORMED,
};

static netdev_tx_t teredo_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct teredo_dev *td = netdev_priv(dev);

	if (skb->protocol != htons(ETH_P_IPV6)) {
		teredo_tx_drop(dev, td->counters, skb, TEREDO_STATS_TX_NOT_IPV6);
		return NETDEV_TX_OK;
	}
	/* No UDP socket is attached yet: nowhere to send to. */
	teredo_tx_drop(dev, td->counters, skb, TEREDO_STATS_TX_NOT_CONFIGURED);
	return NETDEV_TX_OK;
}

void teredo_dev_update_state(struct teredo_dev *td)
{
	u8 state;

	ASSERT_RTNL();
	if (!rtnl_dereference(td->sk))
		state = TEREDO_STATE_UNCONFIGURED;
	else if (td->mode == TEREDO_MODE_CLIENT)
		state = TEREDO_STATE_QUALIFYING;
	else
		state = TEREDO_STATE_ACTIVE;
	WRITE_ONCE(td->state, state);
	if (state == TEREDO_STATE_ACTIVE || state == TEREDO_STATE_QUALIFIED)
		netif_carrier_on(td->dev);
	else
		netif_carrier_off(td->dev);
}

int teredo_dev_set(struct net_device *dev, struct nlattr **attrs,
		   struct netlink_ext_ack *extack)
{
	struct teredo_dev *td = netdev_priv(dev);
	int err;

	ASSERT_RTNL();
	if (attrs[TEREDO_A_SOCK_FD] && attrs[TEREDO_A_SOCK_DETACH]) {
		NL_SET_ERR_MSG(extack, "attach or detach a socket, not both");
		return -EINVAL;
	}
	if (attrs[TEREDO_A_MODE]) {
		WRITE_ONCE(td->mode, nla_get_u8(attrs[TEREDO_A_MODE]));
		teredo_dev_update_state(td);
	}
	if (attrs[TEREDO_A_SOCK_DETACH])
		teredo_sock_detach(td);
	if (attrs[TEREDO_A_SOCK_FD]) {
		err = teredo_sock_attach(td, nla_get_u32(attrs[TEREDO_A_SOCK_FD]),
					 extack);
		if (err)
			return err;
	}
	return 0;
}

static int teredo_dev_fill_attrs(struct sk_buff *skb,
				 const struct net_device *dev)
{
	const struct teredo_dev *td = netdev_priv(dev);
	const struct inet_sock *inet;
	struct sock *sk;
	int err = 0;

	rcu_read_lock();
	sk = rcu_dereference(td->sk);
	if (sk) {
		inet = inet_sk(sk);
		if (nla_put_in_addr(skb, TEREDO_A_SOCK_ADDR, inet->inet_saddr) ||
		    nla_put_u16(skb, TEREDO_A_SOCK_PORT, inet->inet_num))
			err = -EMSGSIZE;
	}
	rcu_read_unlock();
	return err;
}

static int teredo_dev_ndo_init(struct net_device *dev)
{
	struct teredo_dev *td = netdev_priv(dev);

	td->counters = teredo_counters_alloc();
	return td->counters ? 0 : -ENOMEM;
}

/* Runs once the last reference is gone, or when registration fails. */
static void teredo_dev_destruct(struct net_device *dev)
{
	struct teredo_dev *td = netdev_priv(dev);

	teredo_counters_free(td->counters);
	td->counters = NULL;
}

/* Unregistering, under RTNL: the socket goes back to userland. */
static void teredo_dev_ndo_uninit(struct net_device *dev)
{
	teredo_sock_detach(netdev_priv(dev));
}

static const struct net_device_ops teredo_netdev_ops = {
	.ndo_init		= teredo_dev_ndo_init,
	.ndo_uninit		= teredo_dev_ndo_uninit,
	.ndo_start_xmit		= teredo_xmit,
	.ndo_get_stats64	= dev_get_tstats64,
};

static void teredo_dev_setup(struct net_device *dev)
{
	teredo_link_setup(dev, TEREDO_ENCAP_LEN);
	dev->netdev_ops = &teredo_netdev_ops;
	dev->mtu = TEREDO_MTU;
	dev->min_mtu = TEREDO_MIN_MTU;
	dev->priv_destructor = teredo_dev_destruct;
}

static int teredo_dev_newlink(TEREDO_NEWLINK_ARGS)
{
	struct teredo_dev *td = netdev_priv(dev);

	td->dev = dev;
	td->mode = TEREDO_MODE_CLIENT;
	td->state = TEREDO_STATE_UNCONFIGURED;
	/* No carrier until userland has attached a socket and qualified. */
	netif_carrier_off(dev);
	return register_netdevice(dev);
}

static struct rtnl_link_ops teredo_link_ops __read_mostly = {
	.kind		= TEREDO_LINK_KIND,
	.priv_size	= sizeof(struct teredo_dev),
	.setup		= teredo_dev_setup,
	.validate	= teredo_link_validate,
	.newlink	= teredo_dev_newlink,
};

bool teredo_dev_describe(const struct net_device *dev,
			 struct teredo_link_desc *desc)
{
	const struct teredo_dev *td;

	if (dev->rtnl_link_ops != &teredo_link_ops)
		return false;
	td = netdev_priv(dev);
	desc->kind = TEREDO_KIND_TEREDO;
	desc->mode = READ_ONCE(td->mode);
	desc->state = READ_ONCE(td->state);
	desc->counters = td->counters;
	desc->drops = teredo_drop_reasons;
	desc->n_drops = ARRAY_SIZE(teredo_drop_reasons);
	desc->fill = teredo_dev_fill_attrs;
	return true;
}

int __init teredo_dev_init(void)
{
	return rtnl_link_register(&teredo_link_ops);
}

void teredo_dev_uninit(void)
{
	rtnl_link_unregister(&teredo_link_ops);
}
