// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink commands on the peers of a teredo device: get (do and
 * dump), add or replace, delete. Userland uses them to inspect the
 * table and to push peers it learned itself (local discovery, tests).
 */
#include "device.h"
#include "../compat.h"
#include "../link.h"
#include "../netlink.h"
#include "../../include/teredo/wire.h"

#include <linux/jiffies.h>
#include <net/genetlink.h>
#include <net/ipv6.h>

/* Milliseconds since @when, saturated; nothing if it never happened. */
static int teredo_peer_put_ago(struct sk_buff *skb, int attr, u32 when,
			       u32 now)
{
	u64 ms;

	if (!when)
		return 0;
	ms = jiffies64_to_msecs(teredo_stamp_age(when, now));
	return nla_put_u32(skb, attr, min_t(u64, ms, U32_MAX));
}

/* A peer-get reply, or with @event a peer-event notification. */
static int teredo_peer_fill(struct sk_buff *skb, const struct net_device *dev,
			    struct teredo_peer *peer, u32 portid, u32 seq,
			    int flags, enum teredo_event event)
{
	union teredo_peer_map map = teredo_peer_map(peer);
	u32 now = teredo_stamp();
	struct nlattr *nest;
	void *hdr;

	hdr = teredo_nl_msg_put(skb, portid, seq, flags,
				event ? TEREDO_CMD_PEER_EVENT :
					TEREDO_CMD_PEER_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(skb, TEREDO_A_IFINDEX, dev->ifindex) ||
	    (event && nla_put_u8(skb, TEREDO_A_EVENT, event)))
		goto cancel;
	nest = nla_nest_start(skb, TEREDO_A_PEER);
	if (!nest)
		goto cancel;
	if (nla_put_in6_addr(skb, TEREDO_PEER_A_ADDR6, &peer->addr) ||
	    (map.addr &&
	     (nla_put_in_addr(skb, TEREDO_PEER_A_MAPPED_ADDR, map.addr) ||
	      nla_put_u16(skb, TEREDO_PEER_A_MAPPED_PORT, ntohs(map.port)))) ||
	    nla_put_u8(skb, TEREDO_PEER_A_TRUSTED, map.trusted) ||
	    nla_put_u8(skb, TEREDO_PEER_A_LOCAL, READ_ONCE(peer->local)) ||
	    teredo_peer_put_ago(skb, TEREDO_PEER_A_LAST_RX,
				READ_ONCE(peer->last_rx), now) ||
	    teredo_peer_put_ago(skb, TEREDO_PEER_A_LAST_TX,
				READ_ONCE(peer->last_tx), now) ||
	    nla_put_u32(skb, TEREDO_PEER_A_QUEUE_LEN,
			teredo_peer_queue_len(peer)) ||
	    nla_put_u32(skb, TEREDO_PEER_A_BUBBLES, READ_ONCE(peer->probes)) ||
	    nla_put_u64_64bit(skb, TEREDO_PEER_A_RX_PACKETS,
			      atomic64_read(&peer->rx_packets),
			      TEREDO_PEER_A_PAD) ||
	    nla_put_u64_64bit(skb, TEREDO_PEER_A_TX_PACKETS,
			      atomic64_read(&peer->tx_packets),
			      TEREDO_PEER_A_PAD))
		goto cancel;
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	return 0;
cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

void teredo_peer_notify(struct teredo_peers *peers, struct teredo_peer *peer,
			enum teredo_event event)
{
	struct net *net = dev_net(peers->dev);
	struct sk_buff *skb;

	/* Nothing to build on the fast path when nobody listens. */
	if (!teredo_nl_has_listeners(net))
		return;
	skb = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_ATOMIC);
	if (!skb)
		return;
	if (teredo_peer_fill(skb, peers->dev, peer, 0, 0, 0, event)) {
		nlmsg_free(skb);
		return;
	}
	teredo_nl_notify(net, skb);
}

/* The TEREDO_A_PEER nest of a request, parsed; ADDR6 required. */
static int teredo_peer_parse(struct genl_info *info, struct nlattr **tb)
{
	int err;

	if (!info->attrs[TEREDO_A_PEER]) {
		NL_SET_ERR_MSG(info->extack, "peer (TEREDO_A_PEER) missing");
		return -EINVAL;
	}
	err = nla_parse_nested(tb, TEREDO_PEER_A_MAX, info->attrs[TEREDO_A_PEER],
			       teredo_peer_nl_policy, info->extack);
	if (err)
		return err;
	if (!tb[TEREDO_PEER_A_ADDR6]) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[TEREDO_A_PEER],
				    "the peer's address is missing");
		return -EINVAL;
	}
	return 0;
}

int teredo_nl_peer_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[TEREDO_PEER_A_MAX + 1];
	struct teredo_peer *peer;
	struct net_device *dev;
	struct teredo_dev *td;
	struct in6_addr addr;
	struct sk_buff *msg;
	int err;

	err = teredo_peer_parse(info, tb);
	if (err)
		return err;
	addr = nla_get_in6_addr(tb[TEREDO_PEER_A_ADDR6]);
	dev = teredo_nl_get_teredo(info);
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	td = netdev_priv(dev);
	msg = nlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg) {
		err = -ENOMEM;
		goto out;
	}
	rcu_read_lock_bh();
	peer = teredo_peer_lookup(&td->peers, &addr);
	if (peer)
		err = teredo_peer_fill(msg, dev, peer, info->snd_portid,
				       info->snd_seq, 0, TEREDO_EVENT_UNSPEC);
	rcu_read_unlock_bh();
	if (!peer) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[TEREDO_PEER_A_ADDR6],
				    "no such peer");
		err = -ENOENT;
	}
	if (err) {
		nlmsg_free(msg);
		goto out;
	}
	err = genlmsg_reply(msg, info);
out:
	dev_put(dev);
	return err;
}

/*
 * cb->args: [0] ifindex, [1] bucket, [2] peers of it already sent.
 * The device is looked up in the first call rather than in start():
 * Linux 6.1 gives start() no extack, dump calls get one, and an error
 * there reaches userland with its message in NLMSG_DONE.
 */
int teredo_nl_peer_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct net *net = sock_net(skb->sk);
	struct teredo_peer_table *tbl;
	struct teredo_link_desc desc;
	struct teredo_peer *peer;
	struct net_device *dev;
	struct teredo_dev *td;
	long bucket, idx, skip;
	int err = 0;

	if (!cb->args[0]) {
		dev = teredo_nl_find_teredo(net, teredo_compat_dump_attrs(cb),
					    cb->extack);
		if (IS_ERR(dev))
			return PTR_ERR(dev);
		cb->args[0] = dev->ifindex;
	} else {
		dev = dev_get_by_index(net, cb->args[0]);
		if (!dev)
			return 0;	/* gone since the dump started */
	}
	if (!teredo_dev_describe(dev, &desc)) {
		dev_put(dev);
		return 0;	/* ... and its index reused */
	}
	td = netdev_priv(dev);
	rcu_read_lock_bh();
	/* A resize between two calls may repeat or skip some peers. */
	tbl = rcu_dereference_bh(td->peers.table);
	for (bucket = cb->args[1]; bucket < (1L << tbl->bits); bucket++) {
		skip = bucket == cb->args[1] ? cb->args[2] : 0;
		idx = 0;
		hlist_for_each_entry_rcu(peer, &tbl->buckets[bucket], node) {
			if (idx++ < skip)
				continue;
			err = teredo_peer_fill(skb, dev, peer,
					       NETLINK_CB(cb->skb).portid,
					       cb->nlh->nlmsg_seq, NLM_F_MULTI,
					       TEREDO_EVENT_UNSPEC);
			if (err) {
				idx--;
				goto out;
			}
		}
	}
out:
	rcu_read_unlock_bh();
	dev_put(dev);
	cb->args[1] = bucket;
	cb->args[2] = idx;
	if (err && !skb->len)
		return err;
	return skb->len;
}

static int teredo_nl_peer_add(struct net_device *dev, struct nlattr **tb,
			      struct netlink_ext_ack *extack)
{
	struct teredo_dev *td = netdev_priv(dev);
	struct in6_addr addr = nla_get_in6_addr(tb[TEREDO_PEER_A_ADDR6]);
	bool trusted = tb[TEREDO_PEER_A_TRUSTED] &&
		       nla_get_u8(tb[TEREDO_PEER_A_TRUSTED]);
	bool local = tb[TEREDO_PEER_A_LOCAL] &&
		     nla_get_u8(tb[TEREDO_PEER_A_LOCAL]);
	struct teredo_peer *peer;
	__be32 map_addr = 0;
	__be16 map_port = 0;
	int err = 0;

	if (tb[TEREDO_PEER_A_MAPPED_ADDR])
		map_addr = nla_get_in_addr(tb[TEREDO_PEER_A_MAPPED_ADDR]);
	if (tb[TEREDO_PEER_A_MAPPED_PORT])
		map_port = htons(nla_get_u16(tb[TEREDO_PEER_A_MAPPED_PORT]));
	if (!map_addr != !map_port) {
		NL_SET_ERR_MSG(extack, "a mapping needs both address and port");
		return -EINVAL;
	}
	if (trusted && !map_addr) {
		NL_SET_ERR_MSG(extack, "a trusted peer needs a mapping");
		return -EINVAL;
	}
	if (local && !map_addr) {
		NL_SET_ERR_MSG(extack, "a local peer needs a mapping");
		return -EINVAL;
	}
	/* What the wire may not make us send to, genl may not either. */
	if (map_addr && !teredo_ipv4_unicast(ntohl(map_addr))) {
		NL_SET_ERR_MSG_ATTR(extack, tb[TEREDO_PEER_A_MAPPED_ADDR],
				    "the mapping is not a unicast IPv4 address");
		return -EINVAL;
	}
	if (ipv6_addr_any(&addr) || ipv6_addr_is_multicast(&addr)) {
		NL_SET_ERR_MSG(extack, "not a unicast peer address");
		return -EINVAL;
	}
	rcu_read_lock_bh();
	peer = teredo_peer_get(&td->peers, &addr, map_addr, map_port, trusted,
			       GFP_ATOMIC);
	if (IS_ERR(peer)) {
		err = PTR_ERR(peer);
		if (err == -ENOSPC)
			NL_SET_ERR_MSG(extack, "the mapping owns mapping-peers peers already");
		goto out;
	}
	teredo_peer_claim(peer, local, trusted, map_addr, map_port);
	if (trusted) {
		teredo_peer_trust(&td->peers, peer, map_addr, map_port, false);
		teredo_peer_flush(td, peer);
	}
out:
	rcu_read_unlock_bh();
	return err;
}

static int teredo_nl_peer_del(struct net_device *dev, struct nlattr **tb,
			      struct netlink_ext_ack *extack)
{
	struct teredo_dev *td = netdev_priv(dev);
	int err;

	err = teredo_peer_del(&td->peers,
			      nla_data(tb[TEREDO_PEER_A_ADDR6]));
	if (err)
		NL_SET_ERR_MSG_ATTR(extack, tb[TEREDO_PEER_A_ADDR6],
				    "no such peer");
	return err;
}

/* Parse the request's peer, then run @set on its device under RTNL. */
static int teredo_nl_peer_set(struct genl_info *info, teredo_nl_setter set)
{
	struct nlattr *tb[TEREDO_PEER_A_MAX + 1];
	int err;

	err = teredo_peer_parse(info, tb);
	if (err)
		return err;
	return teredo_nl_set(info, TEREDO_KIND_TEREDO, set, tb);
}

int teredo_nl_peer_add_doit(struct sk_buff *skb, struct genl_info *info)
{
	return teredo_nl_peer_set(info, teredo_nl_peer_add);
}

int teredo_nl_peer_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	return teredo_nl_peer_set(info, teredo_nl_peer_del);
}
