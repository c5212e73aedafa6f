// SPDX-License-Identifier: GPL-2.0
/*
 * stf transmit: IPv6 in, IPv4 protocol 41 out (RFC 3056 section 5).
 */
#include "stf.h"
#include "../compat.h"

#include <linux/icmpv6.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <net/dst.h>
#include <net/inet_ecn.h>
#include <net/ip.h>
#include <net/ip6_route.h>
#include <net/ip_tunnels.h>
#include <net/route.h>

/*
 * Where the packet goes in IPv4, in stf(4)'s order: a 6to4 destination
 * to the address it embeds, whatever the route's next hop (a placeholder
 * such as fe80::1 keeps the stack at one neighbour entry for them all);
 * else a 6to4 gateway of the route; else the relay.
 */
static __be32 stf_outer_dst(struct sk_buff *skb, const struct ipv6hdr *ip6h,
			    const struct stf_cfg *cfg)
{
	struct dst_entry *dst = skb_dst(skb);
	const struct in6_addr *nexthop;

	if (stf_is_6to4(&ip6h->daddr))
		return stf_embedded_v4(&ip6h->daddr);
	if (dst && dst->ops->family == AF_INET6) {
		nexthop = rt6_nexthop((struct rt6_info *)dst, &ip6h->daddr);
		if (stf_is_6to4(nexthop))
			return stf_embedded_v4(nexthop);
	}
	return cfg->relay;
}

static void stf_tx_error(struct net_device *dev, struct sk_buff *skb,
			 enum teredo_stats_attr reason)
{
	struct stf_dev *sd = netdev_priv(dev);

	teredo_tx_drop(dev, sd->counters, skb, reason);
}

/*
 * What stops @skb before any route lookup (a drop reason), or 0 with its
 * outer destination in *@dst4.
 */
static enum teredo_stats_attr stf_tx_check(struct sk_buff *skb,
					   const struct stf_cfg *cfg,
					   __be32 *dst4)
{
	const struct ipv6hdr *ip6h;

	if (skb->protocol != htons(ETH_P_IPV6))
		return TEREDO_STATS_TX_NOT_IPV6;
	if (unlikely(!cfg->local))
		return TEREDO_STATS_TX_NOT_CONFIGURED;
	if (!pskb_network_may_pull(skb, sizeof(*ip6h)))
		return TEREDO_STATS_TX_MALFORMED;
	ip6h = ipv6_hdr(skb);
	/*
	 * 6to4 has no link to flood or to resolve neighbours on: multicast
	 * (router solicitations, MLD) and link-local traffic stay here
	 * rather than go to the relay.
	 */
	if (ipv6_addr_type(&ip6h->daddr) &
	    (IPV6_ADDR_MULTICAST | IPV6_ADDR_LINKLOCAL))
		return TEREDO_STATS_TX_LOCAL_SCOPE;
	*dst4 = stf_outer_dst(skb, ip6h, cfg);
	if (!*dst4)
		return TEREDO_STATS_TX_NO_RELAY;
	if (stf_v4_martian(*dst4) ||
	    (!cfg->permit_rfc1918 && stf_v4_rfc1918(*dst4)))
		return TEREDO_STATS_TX_BAD_DST;
	return 0;
}

/*
 * Path MTU (RFC 4213 3.2): below the IPv6 minimum, let IPv4 fragment;
 * above, set DF and tell the sender when a packet does not fit. Whether
 * @skb fits the route @rt; *@df is the outer header's DF.
 */
static bool stf_tx_fits(struct sk_buff *skb, struct rtable *rt, __be16 *df)
{
	unsigned int mtu = dst_mtu(&rt->dst) - sizeof(struct iphdr);

	*df = htons(IP_DF);
	if (mtu < IPV6_MIN_MTU) {
		mtu = IPV6_MIN_MTU;
		*df = 0;
	}
	if (skb_dst(skb))
		skb_dst_update_pmtu_no_confirm(skb, mtu);
	if (skb_is_gso(skb) ? skb_gso_validate_network_len(skb, mtu) :
			      skb->len <= mtu)
		return true;
	icmpv6_ndo_send(skb, ICMPV6_PKT_TOOBIG, 0, mtu);
	return false;
}

netdev_tx_t stf_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct stf_dev *sd = netdev_priv(dev);
	enum teredo_stats_attr why;
	const struct stf_cfg *cfg;
	struct flowi4 fl4 = {};
	struct rtable *rt;
	__be32 dst4 = 0;
	__be16 df;
	u8 tos, ttl;

	/* ndo_start_xmit runs under rcu_read_lock_bh. */
	cfg = rcu_dereference_bh(sd->cfg);
	why = stf_tx_check(skb, cfg, &dst4);
	if (why) {
		stf_tx_error(dev, skb, why);
		return NETDEV_TX_OK;
	}

	/*
	 * DSCP always follows the inner packet. ECN is copied with link1
	 * (RFC 6040 normal mode), else the outer header is Not-ECT as stf(4)
	 * does without link1.
	 */
	tos = ipv6_get_dsfield(ipv6_hdr(skb));
	if (!cfg->ecn)
		tos &= ~INET_ECN_MASK;
	ttl = cfg->ttl ?: ipv6_hdr(skb)->hop_limit;

	fl4.daddr = dst4;
	fl4.saddr = cfg->local;
	fl4.flowi4_proto = IPPROTO_IPV6;
	teredo_compat_flow_set_tos(&fl4, tos);
	fl4.flowi4_mark = skb->mark;
	rt = teredo_route_output(&sd->route, dev_net(dev), &fl4);
	if (IS_ERR(rt)) {
		dst_link_failure(skb);
		stf_tx_error(dev, skb, TEREDO_STATS_TX_NO_ROUTE);
		return NETDEV_TX_OK;
	}
	if (rt->dst.dev == dev) {
		why = TEREDO_STATS_TX_NO_ROUTE;
		goto drop;
	}
	if (!stf_tx_fits(skb, rt, &df)) {
		why = TEREDO_STATS_TX_TOO_BIG;
		goto drop;
	}
	if (skb_cow_head(skb, LL_RESERVED_SPACE(rt->dst.dev) +
			      sizeof(struct iphdr)) ||
	    iptunnel_handle_offloads(skb, SKB_GSO_IPXIP4)) {
		why = TEREDO_STATS_TX_NO_MEMORY;
		goto drop;
	}
	skb_set_inner_ipproto(skb, IPPROTO_IPV6);
	/* Counts tx packets and bytes in dev->tstats. */
	teredo_compat_iptunnel_xmit(rt, skb, cfg->local, dst4, IPPROTO_IPV6,
				    tos, ttl, df);
	return NETDEV_TX_OK;
drop:
	ip_rt_put(rt);
	stf_tx_error(dev, skb, why);
	return NETDEV_TX_OK;
}
