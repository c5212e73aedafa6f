// SPDX-License-Identifier: GPL-2.0
/*
 * The "teredo" rtnl link kind: a point-to-point IPv6 device without
 * link-layer header whose packets travel in UDP over IPv4 (RFC 4380).
 */
#include "device.h"
#include "../link.h"
#include "../compat.h"
#include "../../include/teredo/wire.h"

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
	TEREDO_STATS_TX_MALFORMED,
	TEREDO_STATS_TX_LOCAL_SCOPE,
	TEREDO_STATS_TX_BAD_DST,
	TEREDO_STATS_TX_NO_ROUTE,
	TEREDO_STATS_TX_NO_MEMORY,
	TEREDO_STATS_TX_QUEUE_FULL,
	TEREDO_STATS_TX_UNREACHABLE,
	TEREDO_STATS_RX_MALFORMED,
	TEREDO_STATS_RX_NOT_CONFIGURED,
	TEREDO_STATS_RX_LOCAL_SCOPE,
	TEREDO_STATS_RX_WRONG_DST,
	TEREDO_STATS_RX_SPOOFED,
	TEREDO_STATS_RX_INBOUND_CLOSED,
	TEREDO_STATS_RX_UNTRUSTED,
	TEREDO_STATS_BUBBLES_SENT,
	TEREDO_STATS_BUBBLES_RECEIVED,
	TEREDO_STATS_PINGS_SENT,
	TEREDO_STATS_PEERS_EVICTED,
	TEREDO_STATS_PEERS_EXPIRED,
	TEREDO_STATS_SYMMETRIC_PEERS,
	TEREDO_STATS_HAIRPIN_PEERS,
	TEREDO_STATS_BUBBLES_RATELIMITED,
	TEREDO_STATS_RX_MAPPING_FULL,
	TEREDO_STATS_TX_MAPPING_FULL,
	TEREDO_STATS_RS_ANSWERED,
	TEREDO_STATS_SERVER_FORWARDED,
	TEREDO_STATS_REFRESHES_SENT,
	TEREDO_STATS_REFRESHES_ANSWERED,
	TEREDO_STATS_PREDICTIONS,
	TEREDO_STATS_PREDICTION_HITS,
	TEREDO_STATS_PREDICTION_MISSES,
};

static struct teredo_cfg *teredo_cfg_rtnl(struct teredo_dev *td)
{
	return rtnl_dereference(td->cfg);
}

/* Publish @new in place of the current configuration; under RTNL. */
static void teredo_cfg_replace(struct teredo_dev *td, struct teredo_cfg *new)
{
	struct teredo_cfg *old = rtnl_dereference(td->cfg);

	rcu_assign_pointer(td->cfg, new);
	kfree_rcu(old, rcu);
}

void teredo_dev_update_state(struct teredo_dev *td)
{
	const struct teredo_cfg *cfg = teredo_cfg_rtnl(td);
	u8 state;

	ASSERT_RTNL();
	if (!rtnl_dereference(td->sk))
		state = TEREDO_STATE_UNCONFIGURED;
	else if (cfg->mode == TEREDO_MODE_CLIENT)
		state = cfg->qualified ? TEREDO_STATE_QUALIFIED :
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

void teredo_dev_unqualify(struct teredo_dev *td)
{
	struct teredo_cfg *cfg = teredo_cfg_rtnl(td), *new;

	if (cfg->qualified) {
		/* Falls back to clearing in place if memory is short. */
		new = kmemdup(cfg, sizeof(*cfg), GFP_KERNEL);
		if (new) {
			new->qualified = false;
			teredo_cfg_replace(td, new);
		} else {
			WRITE_ONCE(cfg->qualified, false);
		}
		/* Peers knew us by the mapping we just lost. */
		teredo_peers_flush(&td->peers);
		teredo_prediction_flush(td);
	}
	teredo_dev_update_state(td);
}

/*
 * The configuration a dev-set asks for (mode, server, mapping, address,
 * the qualified flag), built and checked as a whole before anything
 * changes. @has_sock: whether the device will have a socket once the
 * request is carried out.
 */
static struct teredo_cfg *teredo_dev_build_cfg(struct teredo_dev *td,
					       struct nlattr **attrs,
					       bool has_sock,
					       struct netlink_ext_ack *extack)
{
	struct teredo_cfg *cfg;
	bool new_nat;
	int err;

	cfg = kmemdup(teredo_cfg_rtnl(td), sizeof(*cfg), GFP_KERNEL);
	if (!cfg)
		return ERR_PTR(-ENOMEM);
	if (attrs[TEREDO_A_MODE])
		cfg->mode = nla_get_u8(attrs[TEREDO_A_MODE]);
	if (attrs[TEREDO_A_SERVER])
		cfg->server = nla_get_in_addr(attrs[TEREDO_A_SERVER]);
	if (attrs[TEREDO_A_SERVER2])
		cfg->server2 = nla_get_in_addr(attrs[TEREDO_A_SERVER2]);
	if (attrs[TEREDO_A_MAPPED_ADDR])
		cfg->mapped_addr = nla_get_in_addr(attrs[TEREDO_A_MAPPED_ADDR]);
	if (attrs[TEREDO_A_MAPPED_PORT])
		cfg->mapped_port = nla_get_u16(attrs[TEREDO_A_MAPPED_PORT]);
	if (attrs[TEREDO_A_ADDR6])
		cfg->addr6 = nla_get_in6_addr(attrs[TEREDO_A_ADDR6]);
	if (attrs[TEREDO_A_INBOUND_OPEN])
		cfg->inbound_open = nla_get_u8(attrs[TEREDO_A_INBOUND_OPEN]);
	if (attrs[TEREDO_A_LOAD_REDUCTION])
		cfg->load_reduction =
			nla_get_u8(attrs[TEREDO_A_LOAD_REDUCTION]);
	/*
	 * What we know of the NAT holds for one mapping: a UPnP port
	 * mapping (open), how it picks ports (prediction). A new mapping,
	 * mode or socket drops both unless they come with it.
	 */
	new_nat = attrs[TEREDO_A_MAPPED_ADDR] || attrs[TEREDO_A_MAPPED_PORT] ||
		  attrs[TEREDO_A_MODE] || attrs[TEREDO_A_SOCK_FD] ||
		  attrs[TEREDO_A_SOCK_DETACH];
	if (attrs[TEREDO_A_OPEN_MAPPING])
		cfg->open_mapping = nla_get_u8(attrs[TEREDO_A_OPEN_MAPPING]);
	else if (new_nat)
		cfg->open_mapping = false;
	if (attrs[TEREDO_A_PREDICTION])
		cfg->prediction = nla_get_u8(attrs[TEREDO_A_PREDICTION]);
	else if (new_nat)
		cfg->prediction = TEREDO_PREDICTION_NONE;
	if (attrs[TEREDO_A_QUALIFIED])
		cfg->qualified = nla_get_u8(attrs[TEREDO_A_QUALIFIED]);
	/* Anything that changes what the client is unqualifies it. */
	else if (attrs[TEREDO_A_SERVER] || attrs[TEREDO_A_MAPPED_ADDR] ||
		 attrs[TEREDO_A_MAPPED_PORT] || attrs[TEREDO_A_ADDR6] ||
		 attrs[TEREDO_A_MODE] || attrs[TEREDO_A_SOCK_FD] ||
		 attrs[TEREDO_A_SOCK_DETACH])
		cfg->qualified = false;

	if (!cfg->qualified)
		return cfg;
	err = -EINVAL;
	if (cfg->mode != TEREDO_MODE_CLIENT) {
		NL_SET_ERR_MSG(extack, "only a client qualifies");
		goto err;
	}
	if (!has_sock) {
		NL_SET_ERR_MSG(extack, "attach a socket before qualifying");
		goto err;
	}
	err = teredo_dev_check_address(&cfg->addr6, cfg->server,
				       cfg->mapped_addr, cfg->mapped_port,
				       extack);
	if (err)
		goto err;
	return cfg;
err:
	kfree(cfg);
	return ERR_PTR(err);
}

/*
 * Publish @cfg. Peers knew us by our old mapping, or the old role: they
 * go, but only once no packet can still see the old configuration, or
 * one in flight would make a peer under it that outlives the flush.
 */
static void teredo_dev_publish_cfg(struct teredo_dev *td,
				   struct teredo_cfg *cfg)
{
	const struct teredo_cfg *old = teredo_cfg_rtnl(td);
	bool moved = cfg->mode != old->mode ||
		     !ipv6_addr_equal(&cfg->addr6, &old->addr6) ||
		     cfg->mapped_addr != old->mapped_addr ||
		     cfg->mapped_port != old->mapped_port;
	bool repredict = moved || cfg->prediction != old->prediction;

	teredo_cfg_replace(td, cfg);
	if (moved) {
		synchronize_net();
		teredo_peers_flush(&td->peers);
	}
	/* Their ports were foretold for what we were. */
	if (repredict)
		teredo_prediction_flush(td);
}

/*
 * Everything that can be refused is checked before anything changes: a
 * refused request leaves the device as it was (socket included).
 */
int teredo_dev_set(struct net_device *dev, struct nlattr **attrs,
		   struct netlink_ext_ack *extack)
{
	struct teredo_dev *td = netdev_priv(dev);
	struct teredo_peer_table *tbl = NULL;
	struct teredo_cfg *cfg;
	bool has_sock;
	int err;

	ASSERT_RTNL();
	if (attrs[TEREDO_A_SOCK_FD] && attrs[TEREDO_A_SOCK_DETACH]) {
		NL_SET_ERR_MSG(extack, "attach or detach a socket, not both");
		return -EINVAL;
	}
	if (attrs[TEREDO_A_SOCK_FD] && rtnl_dereference(td->sk)) {
		NL_SET_ERR_MSG(extack, "the device has a socket already; detach it first");
		return -EBUSY;
	}
	has_sock = attrs[TEREDO_A_SOCK_FD] ||
		   (!attrs[TEREDO_A_SOCK_DETACH] && rtnl_dereference(td->sk));
	if (attrs[TEREDO_A_SOCK_DETACH] && attrs[TEREDO_A_QUALIFIED] &&
	    nla_get_u8(attrs[TEREDO_A_QUALIFIED])) {
		NL_SET_ERR_MSG(extack, "a client without a socket cannot be qualified");
		return -EINVAL;
	}
	cfg = teredo_dev_build_cfg(td, attrs, has_sock, extack);
	if (IS_ERR(cfg))
		return PTR_ERR(cfg);
	if (attrs[TEREDO_A_PEER_MAX]) {
		tbl = teredo_peers_table_for(&td->peers,
					     nla_get_u32(attrs[TEREDO_A_PEER_MAX]));
		if (IS_ERR(tbl)) {
			NL_SET_ERR_MSG_ATTR(extack, attrs[TEREDO_A_PEER_MAX],
					    "no memory for a peer table that large");
			kfree(cfg);
			return PTR_ERR(tbl);
		}
	}
	/* The last step that can fail: the descriptor is checked here. */
	if (attrs[TEREDO_A_SOCK_FD]) {
		err = teredo_sock_attach(td, nla_get_u32(attrs[TEREDO_A_SOCK_FD]),
					 extack);
		if (err) {
			kfree(cfg);
			kvfree(tbl);
			return err;
		}
	}
	/* From here on nothing is refused. */
	if (attrs[TEREDO_A_SOCK_DETACH])
		teredo_sock_detach(td);
	teredo_dev_publish_cfg(td, cfg);
	teredo_dev_update_state(td);
	if (tbl)
		teredo_peers_set_max(&td->peers, tbl,
				     nla_get_u32(attrs[TEREDO_A_PEER_MAX]));
	if (attrs[TEREDO_A_PEER_EXPIRY])
		WRITE_ONCE(td->peers.expiry,
			   nla_get_u32(attrs[TEREDO_A_PEER_EXPIRY]));
	if (attrs[TEREDO_A_BUBBLE_RATE])
		WRITE_ONCE(td->bubbles.rate,
			   nla_get_u32(attrs[TEREDO_A_BUBBLE_RATE]));
	if (attrs[TEREDO_A_MAPPING_PEERS])
		WRITE_ONCE(td->peers.mapping_peers,
			   nla_get_u32(attrs[TEREDO_A_MAPPING_PEERS]));
	return 0;
}

static int teredo_dev_fill_cfg(struct sk_buff *skb,
			       const struct teredo_cfg *cfg)
{
	if ((cfg->server &&
	     nla_put_in_addr(skb, TEREDO_A_SERVER, cfg->server)) ||
	    (cfg->server2 &&
	     nla_put_in_addr(skb, TEREDO_A_SERVER2, cfg->server2)) ||
	    (cfg->mapped_addr &&
	     (nla_put_in_addr(skb, TEREDO_A_MAPPED_ADDR, cfg->mapped_addr) ||
	      nla_put_u16(skb, TEREDO_A_MAPPED_PORT, cfg->mapped_port))) ||
	    (!ipv6_addr_any(&cfg->addr6) &&
	     nla_put_in6_addr(skb, TEREDO_A_ADDR6, &cfg->addr6)) ||
	    nla_put_u8(skb, TEREDO_A_INBOUND_OPEN, cfg->inbound_open) ||
	    nla_put_u8(skb, TEREDO_A_LOAD_REDUCTION, cfg->load_reduction) ||
	    nla_put_u8(skb, TEREDO_A_OPEN_MAPPING, cfg->open_mapping) ||
	    nla_put_u8(skb, TEREDO_A_PREDICTION, cfg->prediction))
		return -EMSGSIZE;
	return 0;
}

static int teredo_dev_fill_attrs(struct sk_buff *skb,
				 const struct net_device *dev)
{
	const struct teredo_dev *td = netdev_priv(dev);
	const struct inet_sock *inet;
	struct sock *sk;
	int err = 0;

	if (nla_put_u32(skb, TEREDO_A_PEER_MAX, READ_ONCE(td->peers.max)) ||
	    nla_put_u32(skb, TEREDO_A_PEER_EXPIRY,
			READ_ONCE(td->peers.expiry)) ||
	    nla_put_u32(skb, TEREDO_A_PEER_COUNT, READ_ONCE(td->peers.count)) ||
	    nla_put_u32(skb, TEREDO_A_PEER_SIZE, sizeof(struct teredo_peer)) ||
	    nla_put_u32(skb, TEREDO_A_BUBBLE_RATE, READ_ONCE(td->bubbles.rate)) ||
	    nla_put_u32(skb, TEREDO_A_MAPPING_PEERS,
			READ_ONCE(td->peers.mapping_peers)))
		return -EMSGSIZE;
	rcu_read_lock();
	err = teredo_dev_fill_cfg(skb, rcu_dereference(td->cfg));
	sk = rcu_dereference(td->sk);
	if (sk && !err) {
		inet = inet_sk(sk);
		if (nla_put_in_addr(skb, TEREDO_A_SOCK_ADDR, inet->inet_saddr) ||
		    nla_put_u16(skb, TEREDO_A_SOCK_PORT, inet->inet_num))
			err = -EMSGSIZE;
	}
	rcu_read_unlock();
	return err;
}

/* A failed ndo_init is not followed by the destructor: undo it here. */
static int teredo_dev_ndo_init(struct net_device *dev)
{
	struct teredo_dev *td = netdev_priv(dev);
	struct teredo_cfg *cfg;
	int err = -ENOMEM;

	td->counters = teredo_counters_alloc();
	if (!td->counters)
		return -ENOMEM;
	cfg = kzalloc(sizeof(*cfg), GFP_KERNEL);
	if (!cfg)
		goto err_counters;
	cfg->mode = TEREDO_MODE_CLIENT;
	cfg->load_reduction = true;
	RCU_INIT_POINTER(td->cfg, cfg);
	err = teredo_rx_cells_init(&td->rx_cells, dev);
	if (err)
		goto err_cfg;
	err = teredo_route_cache_init(&td->route);
	if (err)
		goto err_cells;
	err = teredo_peers_init(&td->peers, dev, td->counters);
	if (err)
		goto err_route;
	teredo_bubble_limit_init(&td->bubbles);
	teredo_prediction_init(td);
	return 0;

err_route:
	teredo_route_cache_destroy(&td->route);
err_cells:
	teredo_rx_cells_destroy(&td->rx_cells);
err_cfg:
	RCU_INIT_POINTER(td->cfg, NULL);
	kfree(cfg);
err_counters:
	teredo_counters_free(td->counters);
	td->counters = NULL;
	return err;
}

/* Runs once the last reference is gone, or when registration fails. */
static void teredo_dev_destruct(struct net_device *dev)
{
	struct teredo_dev *td = netdev_priv(dev);

	teredo_peers_free(&td->peers);
	kfree(rcu_dereference_protected(td->cfg, true));
	RCU_INIT_POINTER(td->cfg, NULL);
	teredo_counters_free(td->counters);
	td->counters = NULL;
}

/*
 * Deleting, under RTNL: the socket's receivers are unhooked before the
 * core closes and unregisters the device, so that the one grace period
 * it waits for then, for a whole batch of devices, covers them too.
 */
static void teredo_dev_dellink(struct net_device *dev, struct list_head *head)
{
	teredo_sock_unhook_for_delete(netdev_priv(dev));
	unregister_netdevice_queue(dev, head);
}

/*
 * Unregistering, under RTNL: no packet comes in any more (dellink) and
 * none goes out (the core waited for senders after closing the device);
 * genl changes run under RTNL. So the socket goes back to userland and
 * the peers and their queues go with no grace period of our own (under
 * RTNL each is an expedited one, an interrupt on every CPU).
 */
static void teredo_dev_ndo_uninit(struct net_device *dev)
{
	struct teredo_dev *td = netdev_priv(dev);

	teredo_sock_put_deleted(td);
	teredo_prediction_flush(td);
	teredo_peers_destroy(&td->peers);
	teredo_rx_cells_destroy(&td->rx_cells);
	teredo_route_cache_destroy(&td->route);
}

static const struct net_device_ops teredo_netdev_ops = {
	.ndo_init		= teredo_dev_ndo_init,
	.ndo_uninit		= teredo_dev_ndo_uninit,
	.ndo_start_xmit		= teredo_xmit,
	.ndo_get_stats64	= dev_get_tstats64,
};

#define TEREDO_FEATURES (NETIF_F_SG | NETIF_F_FRAGLIST | NETIF_F_HIGHDMA | \
			 NETIF_F_GSO_SOFTWARE | NETIF_F_HW_CSUM)

static void teredo_dev_setup(struct net_device *dev)
{
	teredo_link_setup(dev, TEREDO_ENCAP_LEN);
	dev->netdev_ops = &teredo_netdev_ops;
	dev->features |= TEREDO_FEATURES;
	dev->hw_features |= TEREDO_FEATURES;
	dev->mtu = TEREDO_MTU;
	dev->min_mtu = IPV6_MIN_MTU;
	dev->priv_destructor = teredo_dev_destruct;
}

static int teredo_dev_newlink(TEREDO_NEWLINK_ARGS)
{
	struct teredo_dev *td = netdev_priv(dev);

	td->dev = dev;
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
	.dellink	= teredo_dev_dellink,
};

bool teredo_dev_describe(const struct net_device *dev,
			 struct teredo_link_desc *desc)
{
	const struct teredo_dev *td;

	if (dev->rtnl_link_ops != &teredo_link_ops)
		return false;
	td = netdev_priv(dev);
	desc->kind = TEREDO_KIND_TEREDO;
	rcu_read_lock();
	desc->mode = rcu_dereference(td->cfg)->mode;
	rcu_read_unlock();
	desc->state = READ_ONCE(td->state);
	desc->counters = td->counters;
	desc->drops = teredo_drop_reasons;
	desc->n_drops = ARRAY_SIZE(teredo_drop_reasons);
	desc->fill = teredo_dev_fill_attrs;
	return true;
}

int __init teredo_dev_init(void)
{
	int err = teredo_peer_cache_init();

	if (err)
		return err;
	err = rtnl_link_register(&teredo_link_ops);
	if (err)
		teredo_peer_cache_exit();
	return err;
}

void teredo_dev_uninit(void)
{
	rtnl_link_unregister(&teredo_link_ops);
	teredo_sock_exit();
	teredo_peer_cache_exit();
}
