// SPDX-License-Identifier: GPL-2.0
/*
 * Teredo transmit (RFC 4380 5.2.4, 5.4.2): IPv6 in UDP to the peer's
 * mapped address once the peer is trusted. Until then packets wait in
 * the peer's queue while bubbles (Teredo peers) or the direct IPv6
 * connectivity test (native peers, reached through a relay) ask the
 * peer to prove its mapping.
 */
#include "device.h"
#include "../compat.h"
#include "../../include/teredo/wire.h"

#include <linux/icmpv6.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/udp.h>
#include <net/ip.h>
#include <net/ip6_checksum.h>
#include <net/ipv6.h>
#include <net/route.h>
#include <net/udp_tunnel.h>

static void teredo_send_drop(struct teredo_dev *td, struct sk_buff *skb,
			     enum teredo_stats_attr reason)
{
	teredo_tx_drop(td->dev, td->counters, skb, reason);
}

/*
 * The route from @sk to @daddr:@dport, as the socket would take it, and
 * the source address in @saddr.
 */
static struct rtable *teredo_route(struct teredo_dev *td, struct sock *sk,
				   __be32 daddr, __be16 dport, __be32 *saddr)
{
	const struct inet_sock *inet = inet_sk(sk);
	struct flowi4 fl4 = {
		.flowi4_oif	= READ_ONCE(sk->sk_bound_dev_if),
		.flowi4_mark	= READ_ONCE(sk->sk_mark),
		/* ip rule uidrange: the socket's owner, as for its own sends */
		.flowi4_uid	= sock_net_uid(sock_net(sk), sk),
		.flowi4_proto	= IPPROTO_UDP,
		.daddr		= daddr,
		.saddr		= inet->inet_saddr,
		.fl4_sport	= inet->inet_sport,
		.fl4_dport	= dport,
	};
	struct rtable *rt;

	rt = teredo_route_output(&td->route, sock_net(sk), &fl4);
	if (!IS_ERR(rt))
		*saddr = fl4.saddr;
	return rt;
}

void teredo_send_on(struct teredo_dev *td, struct sock *sk,
		    struct sk_buff *skb, __be32 daddr, __be16 dport)
{
	struct net_device *dev = td->dev;
	struct rtable *rt;
	__be32 saddr;

	/* Closed behind our back: its port is anyone's now (socket.c). */
	if (!sk || unlikely(sock_flag(sk, SOCK_DEAD))) {
		teredo_send_drop(td, skb, TEREDO_STATS_TX_NOT_CONFIGURED);
		return;
	}
	rt = teredo_route(td, sk, daddr, dport, &saddr);
	if (IS_ERR(rt)) {
		teredo_send_drop(td, skb, TEREDO_STATS_TX_NO_ROUTE);
		return;
	}
	if (rt->dst.dev == dev) {
		/* The IPv4 route leads back into the tunnel: a loop. */
		ip_rt_put(rt);
		teredo_send_drop(td, skb, TEREDO_STATS_TX_NO_ROUTE);
		return;
	}
	/*
	 * GSO: the stack hands us TCP in large segments and cuts them, inner
	 * IPv6 and outer UDP alike, only on the way out: IPv6 in UDP in
	 * IPv4, marked as sit over fou marks it. Software segmentation (an
	 * outgoing device without UDP tunnel offload) finds the inner IPv6
	 * through the IPv4 offload of protocol 41, which takes only
	 * SKB_GSO_IPXIP4 packets: without that bit every segment was lost.
	 */
	if (skb_cow_head(skb, LL_RESERVED_SPACE(rt->dst.dev) +
			 rt->dst.header_len + sizeof(struct iphdr) +
			 sizeof(struct udphdr)) ||
	    iptunnel_handle_offloads(skb, SKB_GSO_UDP_TUNNEL_CSUM |
					  SKB_GSO_IPXIP4)) {
		ip_rt_put(rt);
		teredo_send_drop(td, skb, TEREDO_STATS_TX_NO_MEMORY);
		return;
	}
	skb_set_inner_ipproto(skb, IPPROTO_IPV6);
	skb_scrub_packet(skb, !net_eq(sock_net(sk), dev_net(dev)));
	/*
	 * RFC 4380 5.1.1: the outer DF bit stays clear; UDP checksum on.
	 * iptunnel_xmit() counts it on skb->dev: sent in tx_packets and
	 * tx_bytes, refused below us in tx_dropped. Our own bubbles and
	 * pings have no device and are counted as events instead.
	 */
	teredo_compat_udp_tunnel_xmit(rt, sk, skb, saddr, daddr,
				      ip4_dst_hoplimit(&rt->dst),
				      inet_sk(sk)->inet_sport, dport);
}

/* Out of @sk, a peer's own socket, or the device's when NULL. */
static void teredo_send_via(struct teredo_dev *td, struct sock *sk,
			    struct sk_buff *skb, __be32 daddr, __be16 dport)
{
	rcu_read_lock_bh();
	teredo_send_on(td, sk ?: rcu_dereference_bh(td->sk), skb, daddr,
		       dport);
	rcu_read_unlock_bh();
}

void teredo_send(struct teredo_dev *td, struct sk_buff *skb,
		 __be32 daddr, __be16 dport)
{
	teredo_send_via(td, NULL, skb, daddr, dport);
}

struct sk_buff *teredo_alloc_datagram(unsigned int len, u8 **q)
{
	unsigned int head = LL_MAX_HEADER + sizeof(struct iphdr) +
			    sizeof(struct udphdr);
	struct sk_buff *skb = alloc_skb(head + len, GFP_ATOMIC);

	if (!skb)
		return NULL;
	skb_reserve(skb, head);
	*q = skb_put(skb, len);
	skb->protocol = htons(ETH_P_IPV6);
	return skb;
}

/*
 * An IPv6 header with @payload bytes of @nexthdr to follow, and room for
 * @tail bytes of trailers after them.
 */
static struct sk_buff *teredo_alloc_ipv6(struct teredo_dev *td,
					 const struct in6_addr *src,
					 const struct in6_addr *dst,
					 u8 nexthdr, unsigned int payload,
					 unsigned int tail)
{
	unsigned int head = LL_MAX_HEADER + sizeof(struct iphdr) +
			    sizeof(struct udphdr);
	struct ipv6hdr *ip6;
	struct sk_buff *skb;

	skb = alloc_skb(head + sizeof(*ip6) + payload + tail, GFP_ATOMIC);
	if (!skb) {
		teredo_count_drop(td->counters, TEREDO_STATS_TX_NO_MEMORY);
		return NULL;
	}
	skb_reserve(skb, head);
	skb_reset_network_header(skb);
	ip6 = skb_put_zero(skb, sizeof(*ip6) + payload);
	ip6->version = 6;
	ip6->payload_len = htons(payload);
	ip6->nexthdr = nexthdr;
	ip6->hop_limit = 255;
	ip6->saddr = *src;
	ip6->daddr = *dst;
	skb->protocol = htons(ETH_P_IPV6);
	return skb;
}

/*
 * Where a client behind a NAT is on its own side of it: the source
 * address of the route to @daddr:@dport and the socket's port. False
 * for a relay, or a client with no NAT in front of it.
 */
static bool teredo_local_mapping(struct teredo_dev *td,
				 const struct teredo_cfg *cfg,
				 __be32 daddr, __be16 dport,
				 __be32 *laddr, __be16 *lport)
{
	struct rtable *rt;
	struct sock *sk;

	if (cfg->mode != TEREDO_MODE_CLIENT || !cfg->qualified)
		return false;
	sk = rcu_dereference_bh(td->sk);
	if (!sk)
		return false;
	rt = teredo_route(td, sk, daddr, dport, laddr);
	if (IS_ERR(rt))
		return false;
	ip_rt_put(rt);
	*lport = inet_sk(sk)->inet_sport;
	return *laddr != cfg->mapped_addr;
}

/* A bubble with room for @trailer_len bytes, unless @daddr had its rate. */
static struct sk_buff *teredo_bubble_alloc(struct teredo_dev *td,
					   const struct in6_addr *src,
					   const struct in6_addr *dst,
					   __be32 daddr,
					   unsigned int trailer_len)
{
	if (!teredo_bubble_allowed(&td->bubbles, daddr)) {
		teredo_count_event(td->counters,
				   TEREDO_STATS_BUBBLES_RATELIMITED);
		return NULL;
	}
	return teredo_alloc_ipv6(td, src, dst, TEREDO_NEXTHDR_NONE, 0,
				 trailer_len);
}

/*
 * A bubble from @src to @dst out of @sk (NULL: the device's socket), to
 * @daddr:@dport, with the trailers asked for: a nonce echoed, our side
 * of our NAT (@offer_local), the port predicted for us (@random_port,
 * host order, 0 for none).
 */
static void teredo_bubble_out(struct teredo_dev *td,
			      const struct teredo_cfg *cfg, struct sock *sk,
			      const struct in6_addr *src,
			      const struct in6_addr *dst, __be32 daddr,
			      __be16 dport, bool offer_local, const u8 *nonce,
			      u16 random_port)
{
	unsigned int trailer_len;
	struct sk_buff *skb;
	bool alt = false;
	__be32 laddr;
	__be16 lport;

	if (offer_local) {
		rcu_read_lock_bh();
		alt = teredo_local_mapping(td, cfg, daddr, dport, &laddr,
					   &lport);
		rcu_read_unlock_bh();
	}
	trailer_len = (alt ? TEREDO_TRAILER_ALT_LEN : 0) +
		      (nonce ? TEREDO_TRAILER_NONCE_LEN : 0) +
		      (random_port ? TEREDO_TRAILER_RANDOM_PORT_LEN : 0);
	skb = teredo_bubble_alloc(td, src, dst, daddr, trailer_len);
	if (!skb)
		return;
	if (nonce)
		teredo_trailer_nonce_build(skb_put(skb, TEREDO_TRAILER_NONCE_LEN),
					   nonce);
	if (alt)
		teredo_trailer_alt_build(skb_put(skb, TEREDO_TRAILER_ALT_LEN),
					 ntohl(laddr), ntohs(lport));
	if (random_port)
		teredo_trailer_random_port_build(skb_put(skb,
					TEREDO_TRAILER_RANDOM_PORT_LEN),
					random_port);
	teredo_count_event(td->counters, TEREDO_STATS_BUBBLES_SENT);
	teredo_send_via(td, sk, skb, daddr, dport);
}

void teredo_send_bubble(struct teredo_dev *td, const struct teredo_cfg *cfg,
			const struct in6_addr *src, const struct in6_addr *dst,
			__be32 daddr, __be16 dport, bool offer_local,
			const u8 *nonce)
{
	teredo_bubble_out(td, cfg, NULL, src, dst, daddr, dport, offer_local,
			  nonce, 0);
}

void teredo_send_bubble_from(struct teredo_dev *td,
			     const struct teredo_cfg *cfg, struct sock *sk,
			     const struct in6_addr *dst, __be32 daddr,
			     __be16 dport, u16 random_port, const u8 *nonce)
{
	teredo_bubble_out(td, cfg, sk, &cfg->addr6, dst, daddr, dport, false,
			  nonce, random_port);
}

void teredo_send_discovery(struct teredo_dev *td, struct sock *sk,
			   const struct in6_addr *src,
			   const struct in6_addr *dst, __be32 daddr,
			   __be16 dport, enum teredo_nd_type type)
{
	struct sk_buff *skb;

	skb = teredo_bubble_alloc(td, src, dst, daddr, TEREDO_TRAILER_ND_LEN);
	if (!skb)
		return;
	teredo_trailer_nd_build(skb_put(skb, TEREDO_TRAILER_ND_LEN), type);
	teredo_count_event(td->counters, TEREDO_STATS_BUBBLES_SENT);
	teredo_count_event(td->counters, type == TEREDO_ND_SOLICIT ?
			   TEREDO_STATS_REFRESHES_SENT :
			   TEREDO_STATS_REFRESHES_ANSWERED);
	teredo_send_via(td, sk, skb, daddr, dport);
}

/*
 * The direct IPv6 connectivity test (RFC 4380 5.2.9): an Echo Request
 * through our server whose reply comes back through the relay closest
 * to the peer. Identifier, sequence and data are random, so only a
 * reply to this very request can name a relay.
 */
static void teredo_send_ping(struct teredo_dev *td,
			     const struct teredo_cfg *cfg,
			     struct teredo_peer *peer)
{
	unsigned int plen = sizeof(struct icmp6hdr) + TEREDO_PING_DATA_LEN;
	struct icmp6hdr *icmp;
	struct sk_buff *skb;

	skb = teredo_alloc_ipv6(td, &cfg->addr6, &peer->addr, IPPROTO_ICMPV6,
				plen, 0);
	if (!skb)
		return;
	icmp = (struct icmp6hdr *)(skb_network_header(skb) +
				   sizeof(struct ipv6hdr));
	icmp->icmp6_type = ICMPV6_ECHO_REQUEST;
	teredo_peer_ping_start(&td->peers, peer, &icmp->icmp6_identifier,
			       &icmp->icmp6_sequence, (u8 *)(icmp + 1));
	icmp->icmp6_cksum = csum_ipv6_magic(&cfg->addr6, &peer->addr, plen,
					    IPPROTO_ICMPV6,
					    csum_partial(icmp, plen, 0));
	teredo_count_event(td->counters, TEREDO_STATS_PINGS_SENT);
	teredo_send(td, skb, cfg->server, htons(TEREDO_PORT));
}

/*
 * A trusted native peer's relay looks gone: its packets came through
 * another relay (the farm behind 2001::/32 moved it), or nothing came
 * for a while though we keep sending (the relay died, and our packets
 * die with it, so the peer has nothing to answer). Test it again; the
 * relay its reply comes through serves it from then on. The probe
 * budget bounds what spoofed packets or a one-way flow make us send.
 */
void teredo_retest_native(struct teredo_dev *td, const struct teredo_cfg *cfg,
			  struct teredo_peer *peer)
{
	if (teredo_peer_may_probe(peer))
		teredo_send_ping(td, cfg, peer);
}

/*
 * RFC 6081 Server Load Reduction. A trusted Teredo peer we keep sending
 * to but have not heard from for half its expiry is asked, by a direct
 * bubble with a discovery solicitation, to answer directly: the answer
 * keeps it trusted. Without one it expires, and the next packet asks
 * through its server as usual; with one, a one-way flow costs the
 * server nothing at each expiry. One request per probe interval.
 */
static void teredo_refresh(struct teredo_dev *td, const struct teredo_cfg *cfg,
			   struct teredo_peer *peer, const struct in6_addr *src,
			   union teredo_peer_map m)
{
	u32 half = READ_ONCE(td->peers.expiry) * HZ / 2;

	if (!teredo_peer_quiet(peer, half) || !teredo_peer_may_refresh(peer))
		return;
	if (cfg->mode == TEREDO_MODE_CLIENT)
		src = &cfg->addr6;
	teredo_send_discovery(td, NULL, src, &peer->addr, m.addr, m.port,
			      TEREDO_ND_SOLICIT);
}

/*
 * Ask an untrusted peer to prove its mapping. A client sends a direct
 * bubble (opens its own NAT towards the peer) and an indirect one
 * through the peer's server (which tells the peer to answer); a relay
 * only the indirect one, as it has no NAT of its own. So does a client
 * whose NAT lets everyone in at its mapping (a UPnP port mapping): a
 * direct bubble of ours would only make the NAT map us anew for that
 * peer, and the peer's answer to our mapping would then clash with it.
 */
static void teredo_probe(struct teredo_dev *td, const struct teredo_cfg *cfg,
			 struct teredo_peer *peer, const struct in6_addr *src,
			 const struct teredo_addr_info *info)
{
	bool shared = false;

	if (!teredo_peer_may_probe(peer))
		return;
	if (!info) {
		teredo_send_ping(td, cfg, peer);
		return;
	}
	if (cfg->mode == TEREDO_MODE_CLIENT) {
		src = &cfg->addr6;
		/*
		 * A peer behind our own NAT may be out of reach at its
		 * mapping (a NAT that does not hairpin): both bubbles tell
		 * it where we are on this side. Miredo's server drops an
		 * indirect bubble with a trailer; a plain one goes too.
		 */
		shared = htonl(info->addr) == cfg->mapped_addr;
		if (cfg->prediction && !shared && !cfg->open_mapping)
			teredo_prediction_probe(td, cfg, peer, info);
		if (shared || !cfg->open_mapping)
			teredo_send_bubble(td, cfg, src, &peer->addr,
					   htonl(info->addr), htons(info->port),
					   shared, NULL);
		if (shared)
			teredo_send_bubble(td, cfg, src, &peer->addr,
					   htonl(info->server),
					   htons(TEREDO_PORT), false, NULL);
	}
	teredo_send_bubble(td, cfg, src, &peer->addr, htonl(info->server),
			   htons(TEREDO_PORT), shared, NULL);
}

void teredo_peer_flush(struct teredo_dev *td, struct teredo_peer *peer)
{
	struct sk_buff_head q;
	struct sk_buff *skb;

	__skb_queue_head_init(&q);
	teredo_peer_dequeue_all(&td->peers, peer, &q);
	while ((skb = __skb_dequeue(&q))) {
		union teredo_peer_map m = teredo_peer_map(peer);

		if (teredo_queued_cb(skb)->inbound) {
			teredo_rx_held(td, peer, skb, m);
			continue;
		}
		atomic64_inc(&peer->tx_packets);
		teredo_peer_touch(&peer->last_tx);
		teredo_send(td, skb, m.addr, m.port);
	}
}

/*
 * To a trusted peer, at the mapping @m read once: out of its own socket
 * if it was trusted there. A native peer that stays quiet is tested
 * again; a quiet Teredo peer is asked to answer directly (load
 * reduction).
 */
static void teredo_send_trusted(struct teredo_dev *td,
				const struct teredo_cfg *cfg,
				struct sk_buff *skb, struct teredo_peer *peer,
				union teredo_peer_map m,
				const struct in6_addr *src,
				const struct teredo_addr_info *info)
{
	atomic64_inc(&peer->tx_packets);
	teredo_peer_touch(&peer->last_tx);
	if (unlikely(m.predicted))
		teredo_prediction_send(td, skb, &peer->addr, m.addr, m.port);
	else
		teredo_send(td, skb, m.addr, m.port);
	if (!info && teredo_peer_quiet(peer, TEREDO_NATIVE_QUIET))
		teredo_retest_native(td, cfg, peer);
	/* A predicted peer's socket keeps its own mapping. */
	else if (info && cfg->load_reduction && !m.predicted)
		teredo_refresh(td, cfg, peer, src, m);
}

/*
 * To a peer not trusted yet (@peer, or none known): the packet waits in
 * its queue while it is asked to prove its mapping.
 */
static void teredo_send_untrusted(struct teredo_dev *td,
				  const struct teredo_cfg *cfg,
				  struct sk_buff *skb, struct teredo_peer *peer,
				  const struct in6_addr *dst,
				  const struct in6_addr *src,
				  const struct teredo_addr_info *info)
{
	enum teredo_stats_attr why;

	if (!peer)
		peer = teredo_peer_get(&td->peers, dst,
				       info ? htonl(info->addr) : 0,
				       info ? htons(info->port) : 0,
				       false, GFP_ATOMIC);
	if (IS_ERR(peer)) {
		teredo_send_drop(td, skb, PTR_ERR(peer) == -ENOSPC ?
				 TEREDO_STATS_TX_MAPPING_FULL :
				 TEREDO_STATS_TX_NO_MEMORY);
		return;
	}
	*teredo_queued_cb(skb) = (struct teredo_queued_cb){};
	why = teredo_peer_enqueue(&td->peers, peer, skb);
	if (why) {
		teredo_send_drop(td, skb, why);
		return;
	}
	/* It may have turned trusted while we queued: then nobody else flushes. */
	if (teredo_peer_trusted(peer))
		teredo_peer_flush(td, peer);
	else
		teredo_probe(td, cfg, peer, src, info);
}

netdev_tx_t teredo_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct teredo_dev *td = netdev_priv(dev);
	struct teredo_addr_info info, *infop = NULL;
	union teredo_peer_map m = {};
	const struct teredo_cfg *cfg;
	struct teredo_peer *peer;
	struct in6_addr src, dst;
	int type;

	rcu_read_lock_bh();
	cfg = rcu_dereference_bh(td->cfg);
	if (skb->protocol != htons(ETH_P_IPV6)) {
		teredo_send_drop(td, skb, TEREDO_STATS_TX_NOT_IPV6);
		goto out;
	}
	if (!pskb_network_may_pull(skb, sizeof(struct ipv6hdr))) {
		teredo_send_drop(td, skb, TEREDO_STATS_TX_MALFORMED);
		goto out;
	}
	if (!teredo_cfg_ready(cfg) || !rcu_access_pointer(td->sk)) {
		teredo_send_drop(td, skb, TEREDO_STATS_TX_NOT_CONFIGURED);
		goto out;
	}
	src = ipv6_hdr(skb)->saddr;
	dst = ipv6_hdr(skb)->daddr;
	type = ipv6_addr_type(&dst);
	if (type & (IPV6_ADDR_MULTICAST | IPV6_ADDR_LINKLOCAL |
		    IPV6_ADDR_LOOPBACK)) {
		teredo_send_drop(td, skb, TEREDO_STATS_TX_LOCAL_SCOPE);
		goto out;
	}
	if (teredo_addr_parse(dst.s6_addr, &info)) {
		if (!teredo_mapping_usable(&info)) {
			/* The sender learns at once, not by timing out. */
			icmpv6_ndo_send(skb, ICMPV6_DEST_UNREACH,
					ICMPV6_ADDR_UNREACH, 0);
			teredo_send_drop(td, skb, TEREDO_STATS_TX_BAD_DST);
			goto out;
		}
		infop = &info;
	} else if (cfg->mode != TEREDO_MODE_CLIENT) {
		/* A relay reaches Teredo clients only. */
		icmpv6_ndo_send(skb, ICMPV6_DEST_UNREACH, ICMPV6_NOROUTE, 0);
		teredo_send_drop(td, skb, TEREDO_STATS_TX_NO_ROUTE);
		goto out;
	}

	peer = teredo_peer_lookup(&td->peers, &dst);
	if (peer)
		m = teredo_peer_map(peer);
	if (m.trusted)
		teredo_send_trusted(td, cfg, skb, peer, m, &src, infop);
	else
		teredo_send_untrusted(td, cfg, skb, peer, &dst, &src, infop);
out:
	rcu_read_unlock_bh();
	return NETDEV_TX_OK;
}
