// SPDX-License-Identifier: GPL-2.0
/*
 * stf receive: IPv4 protocol 41 in, IPv6 out, through the filters of
 * stf(4) and RFC 3964 section 5.
 */
#include "stf.h"

#include <linux/icmp.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netdevice.h>
#include <net/inet_ecn.h>
#include <net/ipv6.h>
#include <net/ndisc.h>
#include <net/ip_fib.h>
#include <net/ip.h>
#include <net/ip_tunnels.h>
#include <net/route.h>
#include <net/xfrm.h>

/* ::/96 (v4-compatible, and the unspecified and loopback addresses with
 * them) and ::ffff:0:0/96 (v4-mapped): never valid on the wire here.
 */
static bool stf_v6_v4compat(const struct in6_addr *a)
{
	return !(a->s6_addr32[0] | a->s6_addr32[1]) &&
	       (!a->s6_addr32[2] || a->s6_addr32[2] == htonl(0xffff));
}

/*
 * A 6to4 packet may come from any IPv4 host on the Internet, so nothing
 * in it may act on our link: no link-local source, no multicast
 * destination, no Neighbor Discovery (an RA to ff02::1 would give us a
 * default route and a prefix). 6to4 has no link to discover.
 */
static bool stf_v6_local_scope(const struct sk_buff *skb,
			       const struct ipv6hdr *ip6h)
{
	int off = sizeof(*ip6h);
	__be16 frag_off;
	u8 nexthdr, *type, buf;

	if ((ipv6_addr_type(&ip6h->saddr) & IPV6_ADDR_LINKLOCAL) ||
	    ipv6_addr_is_multicast(&ip6h->daddr))
		return true;
	nexthdr = ip6h->nexthdr;
	if (nexthdr != IPPROTO_ICMPV6) {
		if (!ipv6_ext_hdr(nexthdr))
			return false;
		off = ipv6_skip_exthdr(skb, off, &nexthdr, &frag_off);
		if (off < 0 || nexthdr != IPPROTO_ICMPV6 || frag_off)
			return false;
	}
	type = skb_header_pointer(skb, off, sizeof(buf), &buf);
	return type && *type >= NDISC_ROUTER_SOLICITATION &&
	       *type <= NDISC_REDIRECT;
}

/* Drop reason for an IPv4 address by class, or 0 for none. */
static enum teredo_stats_attr stf_v4_class(__be32 a, const struct stf_cfg *cfg)
{
	if (stf_v4_martian(a))
		return TEREDO_STATS_RX_MARTIAN;
	if (!cfg->permit_rfc1918 && stf_v4_rfc1918(a))
		return TEREDO_STATS_RX_RFC1918;
	return 0;
}

/*
 * One FIB lookup of the outer source answers both remaining questions:
 * is it the broadcast address of a connected subnet, and does it route
 * back through the link the packet came in on (the ingress check).
 */
static enum teredo_stats_attr stf_source_route(struct net *net, __be32 saddr,
					       const struct net_device *in,
					       bool ingress_check)
{
	struct flowi4 fl4 = { .daddr = saddr };
	struct fib_result res;

	if (fib_lookup(net, &fl4, &res, 0))
		return ingress_check ? TEREDO_STATS_RX_INGRESS : 0;
	if (res.type == RTN_BROADCAST)
		return TEREDO_STATS_RX_BROADCAST;
	if (ingress_check &&
	    (res.type != RTN_UNICAST || FIB_RES_DEV(res) != in))
		return TEREDO_STATS_RX_INGRESS;
	return 0;
}

/*
 * Every check stf(4) makes, cheapest first; the first that fails names
 * the reason. The outer destination is our own address, checked when it
 * was set.
 */
static enum teredo_stats_attr stf_rcv_check(struct net *net,
					    const struct sk_buff *skb,
					    __be32 saddr,
					    const struct ipv6hdr *ip6h,
					    const struct stf_cfg *cfg)
{
	enum teredo_stats_attr why;

	why = stf_v4_class(saddr, cfg);
	if (why)
		return why;
	if ((saddr ^ cfg->local) & cfg->srcmask)
		return TEREDO_STATS_RX_PREFIX;
	if (stf_v6_v4compat(&ip6h->saddr) || stf_v6_v4compat(&ip6h->daddr))
		return TEREDO_STATS_RX_V4COMPAT;
	if (stf_v6_local_scope(skb, ip6h))
		return TEREDO_STATS_RX_LOCAL_SCOPE;
	/* A 6to4 source must be the host that sent it (its IPv4 is checked). */
	if (stf_is_6to4(&ip6h->saddr) && stf_embedded_v4(&ip6h->saddr) != saddr)
		return TEREDO_STATS_RX_SPOOFED;
	/* A 6to4 destination other than us: the IPv4 it names is checked too. */
	if (stf_is_6to4(&ip6h->daddr) &&
	    stf_embedded_v4(&ip6h->daddr) != cfg->local) {
		__be32 dst4 = stf_embedded_v4(&ip6h->daddr);

		why = stf_v4_class(dst4, cfg);
		if (why)
			return why;
		if (inet_addr_type(net, dst4) == RTN_BROADCAST)
			return TEREDO_STATS_RX_BROADCAST;
	}
	return stf_source_route(net, saddr, skb->dev, cfg->ingress_check);
}

/* tunnel4 handler: 0 when the packet was ours (consumed), else 1. */
static int stf_rcv(struct sk_buff *skb)
{
	struct net *net = dev_net(skb->dev);
	enum teredo_stats_attr why;
	const struct stf_cfg *cfg;
	const struct ipv6hdr *ip6h;
	struct net_device *dev;
	struct stf_dev *sd;
	__be32 saddr;
	u8 outer_tos;

	/* Called from ip_local_deliver under rcu_read_lock. */
	sd = stf_lookup_rcu(net, ip_hdr(skb)->daddr);
	if (!sd || !(sd->dev->flags & IFF_UP))
		return 1;
	dev = sd->dev;
	cfg = rcu_dereference(sd->cfg);
	if (cfg->output_only) {
		why = TEREDO_STATS_RX_OUTPUT_ONLY;
		goto drop;
	}
	/* tunnel4 made sure an IPv6 header's worth is there. */
	ip6h = (const struct ipv6hdr *)skb->data;
	if (ip6h->version != 6) {
		why = TEREDO_STATS_RX_NOT_IPV6;
		goto drop;
	}
	saddr = ip_hdr(skb)->saddr;
	outer_tos = ip_hdr(skb)->tos;
	why = stf_rcv_check(net, skb, saddr, ip6h, cfg);
	if (why)
		goto drop;

	skb->mac_header = skb->network_header;
	skb_reset_network_header(skb);
	IPCB(skb)->flags = 0;
	skb->dev = dev;
	if (iptunnel_pull_header(skb, 0, htons(ETH_P_IPV6), false)) {
		why = TEREDO_STATS_RX_NOT_IPV6;
		goto drop;
	}
	/* RFC 6040 decapsulation with link1; stf(4) ignores outer ECN else. */
	if (cfg->ecn && INET_ECN_decapsulate(skb, outer_tos,
					     ipv6_get_dsfield(ipv6_hdr(skb))) > 1) {
		why = TEREDO_STATS_RX_ECN;
		goto drop;
	}
	/*
	 * Not through GRO again: IPv4 GRO merged TCP in protocol 41 before
	 * we got it (sit's offload), and a second pass only cost small
	 * packets about a quarter of their rate.
	 */
	dev_sw_netstats_rx_add(dev, skb->len);
	netif_rx(skb);
	return 0;

drop:
	teredo_rx_drop(dev, sd->counters, skb, why);
	return 0;
}

/* ICMP about a packet we sent: learn the path MTU, follow redirects. */
static int stf_err(struct sk_buff *skb, u32 info)
{
	const struct iphdr *iph = (const struct iphdr *)skb->data;
	const int type = icmp_hdr(skb)->type;
	const int code = icmp_hdr(skb)->code;
	struct net *net = dev_net(skb->dev);

	if (!stf_lookup_rcu(net, iph->saddr))
		return -ENOENT;
	if (type == ICMP_DEST_UNREACH && code == ICMP_FRAG_NEEDED)
		ipv4_update_pmtu(skb, net, info, 0, IPPROTO_IPV6);
	else if (type == ICMP_REDIRECT)
		ipv4_redirect(skb, net, 0, IPPROTO_IPV6);
	return 0;
}

/* Before sit (priority 1): our match on the local address is exact. */
static struct xfrm_tunnel stf_handler __read_mostly = {
	.handler	= stf_rcv,
	.err_handler	= stf_err,
	.priority	= 0,
};

int __init stf_rcv_init(void)
{
	return xfrm4_tunnel_register(&stf_handler, AF_INET6);
}

void stf_rcv_uninit(void)
{
	xfrm4_tunnel_deregister(&stf_handler, AF_INET6);
}
