// SPDX-License-Identifier: GPL-2.0
/*
 * The "teredo" rtnl link kind: a point-to-point IPv6 device without
 * link-layer header whose packets travel in UDP over IPv4 (RFC 4380).
 */
#include "device.h"
#include "link.h"
#include "compat.h"
#include "../include/teredo/wire.h"

#include <linux/ip.h>
#include <linux/udp.h>
#include <linux/ipv6.h>
#include <linux/rtnetlink.h>
#include <net/addrconf.h>
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
		state = td->qualified ? TEREDO_STATE_QUALIFIED :
					TEREDO_STATE_QUALIFYING;
	else
		state = TEREDO_STATE_ACTIVE;
	WRITE_ONCE(td->state, state);
	if (state == TEREDO_STATE_ACTIVE || state == TEREDO_STATE_QUALIFIED)
		netif_carrier_on(td->dev);
	else
		netif_carrier_off(td->dev);
}

/*
 * A qualified client's address must say what qualification found: its
 * server, and the mapping with U and G clear (RFC 4380 4). The random
 * flag bits and the cone bit are the client's choice.
 */
static int teredo_dev_check_address(const struct in6_addr *a, __be32 server,
				    __be32 mapped_addr, u16 mapped_port,
				    struct netlink_ext_ack *extack)
{
	struct teredo_addr_info info;

	if (!teredo_addr_parse(a->s6_addr, &info)) {
		NL_SET_ERR_MSG(extack, "the address is not in 2001:0::/32");
		return -EINVAL;
	}
	if (info.flags & TEREDO_FLAG_UG) {
		NL_SET_ERR_MSG(extack, "the address has the U or G flag set");
		return -EINVAL;
	}
	if (!server || !mapped_addr || !mapped_port) {
		NL_SET_ERR_MSG(extack, "server and mapping are needed to qualify");
		return -EINVAL;
	}
	if (info.server != ntohl(server)) {
		NL_SET_ERR_MSG(extack, "the address names another server");
		return -EINVAL;
	}
	if (info.addr != ntohl(mapped_addr) || info.port != mapped_port) {
		NL_SET_ERR_MSG(extack, "the address does not carry the mapping");
		return -EINVAL;
	}
	return 0;
}

/* Server, mapping, address and the qualified flag, checked as a whole. */
static int teredo_dev_set_client(struct teredo_dev *td, struct nlattr **attrs,
				 struct netlink_ext_ack *extack)
{
	__be32 server = td->server, server2 = td->server2;
	__be32 mapped_addr = td->mapped_addr;
	u16 mapped_port = td->mapped_port;
	struct in6_addr addr6 = td->addr6;
	bool qualified = td->qualified;
	int err;

	if (attrs[TEREDO_A_SERVER])
		server = nla_get_in_addr(attrs[TEREDO_A_SERVER]);
	if (attrs[TEREDO_A_SERVER2])
		server2 = nla_get_in_addr(attrs[TEREDO_A_SERVER2]);
	if (attrs[TEREDO_A_MAPPED_ADDR])
		mapped_addr = nla_get_in_addr(attrs[TEREDO_A_MAPPED_ADDR]);
	if (attrs[TEREDO_A_MAPPED_PORT])
		mapped_port = nla_get_u16(attrs[TEREDO_A_MAPPED_PORT]);
	if (attrs[TEREDO_A_ADDR6])
		addr6 = nla_get_in6_addr(attrs[TEREDO_A_ADDR6]);
	if (attrs[TEREDO_A_QUALIFIED])
		qualified = nla_get_u8(attrs[TEREDO_A_QUALIFIED]);
	/* Anything that changes what the client is unqualifies it. */
	else if (attrs[TEREDO_A_SERVER] || attrs[TEREDO_A_MAPPED_ADDR] ||
		 attrs[TEREDO_A_MAPPED_PORT] || attrs[TEREDO_A_ADDR6])
		qualified = false;

	if (qualified) {
		if (td->mode != TEREDO_MODE_CLIENT) {
			NL_SET_ERR_MSG(extack, "only a client qualifies");
			return -EINVAL;
		}
		if (!rtnl_dereference(td->sk)) {
			NL_SET_ERR_MSG(extack, "attach a socket before qualifying");
			return -EINVAL;
		}
		err = teredo_dev_check_address(&addr6, server, mapped_addr,
					       mapped_port, extack);
		if (err)
			return err;
	}
	WRITE_ONCE(td->server, server);
	WRITE_ONCE(td->server2, server2);
	WRITE_ONCE(td->mapped_addr, mapped_addr);
	WRITE_ONCE(td->mapped_port, mapped_port);
	td->addr6 = addr6;
	WRITE_ONCE(td->qualified, qualified);
	return 0;
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
	if (attrs[TEREDO_A_SOCK_DETACH] && attrs[TEREDO_A_QUALIFIED] &&
	    nla_get_u8(attrs[TEREDO_A_QUALIFIED])) {
		NL_SET_ERR_MSG(extack, "a client without a socket cannot be qualified");
		return -EINVAL;
	}
	if (attrs[TEREDO_A_MODE]) {
		WRITE_ONCE(td->mode, nla_get_u8(attrs[TEREDO_A_MODE]));
		if (td->mode != TEREDO_MODE_CLIENT)
			WRITE_ONCE(td->qualified, false);
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
	err = teredo_dev_set_client(td, attrs, extack);
	teredo_dev_update_state(td);
	return err;
}

static int teredo_dev_fill_attrs(struct sk_buff *skb,
				 const struct net_device *dev)
{
	const struct teredo_dev *td = netdev_priv(dev);
	const struct inet_sock *inet;
	struct sock *sk;
	int err = 0;

	if ((td->server &&
	     nla_put_in_addr(skb, TEREDO_A_SERVER, READ_ONCE(td->server))) ||
	    (td->server2 &&
	     nla_put_in_addr(skb, TEREDO_A_SERVER2, READ_ONCE(td->server2))) ||
	    (td->mapped_addr &&
	     (nla_put_in_addr(skb, TEREDO_A_MAPPED_ADDR,
			      READ_ONCE(td->mapped_addr)) ||
	      nla_put_u16(skb, TEREDO_A_MAPPED_PORT,
			  READ_ONCE(td->mapped_port)))) ||
	    (!ipv6_addr_any(&td->addr6) &&
	     nla_put_in6_addr(skb, TEREDO_A_ADDR6, &td->addr6)))
		return -EMSGSIZE;
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
