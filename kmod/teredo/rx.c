// SPDX-License-Identifier: GPL-2.0
/*
 * Teredo receive (RFC 4380 5.2.3, 5.4.1, RFC 5991, RFC 6081): what may
 * come in through the tunnel, and what bubbles and echo replies tell us
 * about our peers. Runs in softirq from the UDP socket's encap_rcv.
 *
 * A packet is accepted when it comes from our own server, when its
 * Teredo source carries the very IPv4 address and port it came from (or
 * a mapping a bubble taught us: RFC 6081's symmetric NAT support and
 * hairpinning), or when it comes from the relay a trusted native peer
 * was found behind.
 * Qualification traffic (authentication headers, the server's link-local
 * Router Advertisements) belongs to userland and goes up the socket.
 */
#include "device.h"
#include "../../include/teredo/wire.h"

#include <linux/icmpv6.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/udp.h>
#include <net/ip_tunnels.h>
#include <net/ipv6.h>

/* The most a Teredo datagram's headers take: auth, origin, IPv6. */
#define TEREDO_MAX_HDRS	(TEREDO_AUTH_MIN + 2 * 255 + TEREDO_ORIGIN_LEN + \
			 TEREDO_IPV6_HLEN)
#define TEREDO_ECHO_LEN	(sizeof(struct icmp6hdr) + TEREDO_PING_DATA_LEN)

struct teredo_rx {
	struct teredo_hdrs h;
	__be32 saddr;		/* outer source */
	__be16 sport;
	bool from_server;	/* our own server, port 3544 */
	bool xnet;		/* socket and device in other namespaces */
	/* Came in on a peer's own socket (prediction.c): that one. */
	struct teredo_psock *ps;
	struct sock *psk;
};

static struct ipv6hdr *teredo_rx_ip6(struct sk_buff *skb,
				     const struct teredo_rx *rx)
{
	return (struct ipv6hdr *)(skb->data + sizeof(struct udphdr) +
				  rx->h.ipv6_off);
}

static int teredo_rcv_drop(struct teredo_dev *td, struct sk_buff *skb,
			   enum teredo_stats_attr reason)
{
	teredo_rx_drop(td->dev, td->counters, skb, reason);
	return 0;
}

/* Off with the tunnel: the inner IPv6 packet is what is left. */
static int teredo_decap(struct sk_buff *skb, const struct teredo_rx *rx)
{
	if (iptunnel_pull_header(skb, sizeof(struct udphdr) + rx->h.ipv6_off,
				 htons(ETH_P_IPV6), rx->xnet))
		return -EINVAL;
	/* Trailers are not the packet's: not in rx_bytes, nor for GRO. */
	if (rx->h.trailer_len && pskb_trim_rcsum(skb, rx->h.ipv6_len))
		return -EINVAL;
	skb_reset_network_header(skb);
	skb_reset_mac_header(skb);
	return 0;
}

/* A decapsulated packet up the stack, received on our device. */
static void teredo_rx_up(struct teredo_dev *td, struct sk_buff *skb)
{
	struct net_device *dev = td->dev;
	unsigned int len;
	int ret;

	skb->dev = dev;
	skb->pkt_type = PACKET_HOST;
	len = skb->len;
	/*
	 * GRO merges TCP only: anything else would walk its lookups for
	 * nothing, 6% of a small datagram's cost. A flow keeps its
	 * protocol, hence its path: nothing is reordered. Both ways drop
	 * what comes to a device that is down, into its rx_dropped.
	 */
	if (ipv6_hdr(skb)->nexthdr == IPPROTO_TCP)
		ret = teredo_rx_cells_receive(&td->rx_cells, skb);
	else
		ret = netif_rx(skb);
	if (ret == NET_RX_SUCCESS)
		dev_sw_netstats_rx_add(dev, len);
}

static int teredo_deliver(struct teredo_dev *td, struct sk_buff *skb,
			  const struct teredo_rx *rx)
{
	if (teredo_decap(skb, rx))
		return teredo_rcv_drop(td, skb, TEREDO_STATS_RX_MALFORMED);
	teredo_rx_up(td, skb);
	return 0;
}

/* Whether this is the reply to the connectivity test we sent the peer. */
static bool teredo_is_our_echo_reply(struct teredo_dev *td,
				     struct sk_buff *skb,
				     const struct teredo_rx *rx,
				     struct teredo_peer *peer)
{
	unsigned int off = sizeof(struct udphdr) + rx->h.ipv6_off;
	const struct icmp6hdr *icmp;
	const struct ipv6hdr *ip6;

	if (rx->h.ipv6_len != TEREDO_IPV6_HLEN + TEREDO_ECHO_LEN ||
	    !pskb_may_pull(skb, off + TEREDO_IPV6_HLEN + TEREDO_ECHO_LEN))
		return false;
	ip6 = teredo_rx_ip6(skb, rx);
	icmp = (const struct icmp6hdr *)(ip6 + 1);
	if (ip6->nexthdr != IPPROTO_ICMPV6 ||
	    icmp->icmp6_type != ICMPV6_ECHO_REPLY || icmp->icmp6_code)
		return false;
	return teredo_peer_is_ping_reply(&td->peers, peer,
					 icmp->icmp6_identifier,
					 icmp->icmp6_sequence,
					 (const u8 *)(icmp + 1));
}

/* The peer proved its mapping: trust it and send what waited. */
static void teredo_rx_trust(struct teredo_dev *td, struct teredo_peer *peer,
			    const struct teredo_rx *rx)
{
	union teredo_peer_map m = teredo_peer_map(peer);

	/* In on its own socket: sent to from there (prediction.c). */
	if (!teredo_map_trusted_at(m, rx->saddr, rx->sport) ||
	    (rx->ps && !m.predicted))
		teredo_peer_trust(&td->peers, peer, rx->saddr, rx->sport,
				  rx->ps);
	if (rx->ps)
		teredo_prediction_hit(td, rx->ps);
	teredo_peer_touch(&peer->last_rx);
	atomic64_inc(&peer->rx_packets);
	if (teredo_peer_queue_len(peer))
		teredo_peer_flush(td, peer);
}

/* The trailers of a datagram that teredo_rcv() pulled whole. */
static const u8 *teredo_rx_trailers(const struct sk_buff *skb,
				    const struct teredo_rx *rx)
{
	return skb->data + sizeof(struct udphdr) + rx->h.ipv6_off +
	       rx->h.ipv6_len;
}

/*
 * Whether @addr is the outside address of a NAT we sit behind: a peer
 * mapped there shares our NAT (RFC 6081 hairpinning). The datagram came
 * to our side of it.
 */
static bool teredo_rx_shares_our_nat(const struct teredo_cfg *cfg,
				     const struct sk_buff *skb, __be32 addr)
{
	return cfg->mode == TEREDO_MODE_CLIENT && addr == cfg->mapped_addr &&
	       ip_hdr(skb)->daddr != cfg->mapped_addr;
}

/* Whether the datagram's alternate address trailer lists its source. */
static bool teredo_rx_source_listed(const struct sk_buff *skb,
				    const struct teredo_rx *rx)
{
	struct teredo_alt alt[TEREDO_ALT_MAX];
	unsigned int i, n;

	n = teredo_trailer_alts(teredo_rx_trailers(skb, rx), rx->h.trailer_len,
				alt, ARRAY_SIZE(alt));
	for (i = 0; i < n; i++)
		if (alt[i].addr == ntohl(rx->saddr) &&
		    alt[i].port == ntohs(rx->sport))
			return true;
	return false;
}

/*
 * RFC 6081 Server Load Reduction: a bubble from a peer now trusted at
 * its source asks for a direct answer (teredo_refresh() on its side);
 * ours keeps us trusted there. Sent from the address it was sent to.
 */
static void teredo_rx_answer_refresh(struct teredo_dev *td,
				     const struct teredo_cfg *cfg,
				     struct sk_buff *skb,
				     const struct teredo_rx *rx,
				     const struct in6_addr *src)
{
	if (!cfg->load_reduction || !rx->h.bubble || !rx->h.trailer_len ||
	    teredo_trailer_nd(teredo_rx_trailers(skb, rx),
			      rx->h.trailer_len) != TEREDO_ND_SOLICIT)
		return;
	/* From where it came in: a predicted peer's own socket, say. */
	teredo_send_discovery(td, rx->psk, &teredo_rx_ip6(skb, rx)->daddr,
			      src, rx->saddr, rx->sport, TEREDO_ND_ADVERT);
}

/*
 * A Teredo source whose mapping is not where the datagram came from.
 * Let in (UNSPEC, or the counter of what we learned) when:
 * - the peer is trusted at that very address and port, learned before;
 * - a direct bubble from a peer not trusted yet comes from the mapping's
 *   IPv4 address but another port: its symmetric NAT gave it a port of
 *   its own towards us (RFC 6081 Symmetric NAT Support);
 * - or it comes from our side of the NAT the peer shares with us, from
 *   an address its alternate address trailer lists: that NAT does not
 *   hairpin (RFC 6081 Hairpinning).
 * A trusted peer does not move this way, so a forged bubble cannot steer
 * an established conversation elsewhere.
 */
static enum teredo_stats_attr
teredo_rx_other_mapping(const struct teredo_cfg *cfg,
			const struct sk_buff *skb, const struct teredo_rx *rx,
			const struct teredo_addr_info *info,
			const struct teredo_peer *peer)
{
	if (peer) {
		union teredo_peer_map m = teredo_peer_map(peer);

		if (m.trusted)
			return m.addr == rx->saddr && m.port == rx->sport ?
			       TEREDO_STATS_UNSPEC : TEREDO_STATS_RX_SPOOFED;
	}
	if (!rx->h.bubble)
		return TEREDO_STATS_RX_SPOOFED;
	if (info->addr == ntohl(rx->saddr))
		return TEREDO_STATS_SYMMETRIC_PEERS;
	if (rx->h.trailer_len &&
	    teredo_rx_shares_our_nat(cfg, skb, htonl(info->addr)) &&
	    teredo_rx_source_listed(skb, rx))
		return TEREDO_STATS_HAIRPIN_PEERS;
	return TEREDO_STATS_RX_SPOOFED;
}

/*
 * Source is a Teredo address: it must carry the mapping it came from,
 * or one the peer taught us (above).
 */
static int teredo_rcv_from_teredo(struct teredo_dev *td,
				  const struct teredo_cfg *cfg,
				  struct sk_buff *skb,
				  const struct teredo_rx *rx,
				  const struct in6_addr *src)
{
	enum teredo_stats_attr learned = TEREDO_STATS_UNSPEC;
	struct teredo_addr_info info;
	struct teredo_peer *peer;
	bool fresh;

	teredo_addr_parse(src->s6_addr, &info);
	peer = teredo_peer_lookup(&td->peers, src);
	fresh = !peer || !teredo_peer_trusted_at(peer, rx->saddr, rx->sport);
	if (info.addr != ntohl(rx->saddr) || info.port != ntohs(rx->sport)) {
		learned = teredo_rx_other_mapping(cfg, skb, rx, &info, peer);
		if (learned == TEREDO_STATS_RX_SPOOFED)
			return teredo_rcv_drop(td, skb, learned);
	}
	if (!peer) {
		/*
		 * A peer we never sent to. A relay serves whoever comes;
		 * a client lets it in only when told to (inbound open), so
		 * that Teredo is not a hole through the NAT by default.
		 */
		if (cfg->mode == TEREDO_MODE_CLIENT && !cfg->inbound_open) {
			if (!rx->h.bubble)
				return teredo_rcv_drop(td, skb,
					TEREDO_STATS_RX_INBOUND_CLOSED);
			teredo_count_event(td->counters,
					   TEREDO_STATS_BUBBLES_RECEIVED);
			consume_skb(skb);
			return 0;
		}
		peer = teredo_peer_get(&td->peers, src, rx->saddr, rx->sport,
				       true, GFP_ATOMIC);
		/* One sender may not own the table (mapping-peers). */
		if (PTR_ERR_OR_ZERO(peer) == -ENOSPC)
			return teredo_rcv_drop(td, skb,
					       TEREDO_STATS_RX_MAPPING_FULL);
		/*
		 * Out of memory: the packet passed the receive rules on its
		 * own (its source carries the mapping it came from), so it is
		 * delivered; only the peer's state is not kept.
		 */
		if (IS_ERR(peer))
			peer = NULL;
	}
	/*
	 * A client answers at once a peer it learns: the peer learns where
	 * we are. So does one that came in on its own socket, which the
	 * peer then knows us at.
	 */
	if (peer && (learned || (rx->ps && fresh))) {
		if (learned)
			teredo_count_event(td->counters, learned);
		if (rx->ps)
			teredo_send_bubble_from(td, cfg, rx->psk, src,
						rx->saddr, rx->sport, 0, NULL);
		else if (cfg->mode == TEREDO_MODE_CLIENT)
			teredo_send_bubble(td, cfg, &cfg->addr6, src,
					   rx->saddr, rx->sport,
					   learned == TEREDO_STATS_HAIRPIN_PEERS,
					   NULL);
	}
	if (peer) {
		teredo_rx_trust(td, peer, rx);
		teredo_rx_answer_refresh(td, cfg, skb, rx, src);
	}
	if (rx->h.bubble) {
		teredo_count_event(td->counters, TEREDO_STATS_BUBBLES_RECEIVED);
		consume_skb(skb);
		return 0;
	}
	return teredo_deliver(td, skb, rx);
}

/*
 * Hold a native peer's packet until its test names the relay it must
 * come through (teredo_rx_held() then).
 */
static void teredo_rx_hold(struct teredo_dev *td, struct sk_buff *skb,
			   const struct teredo_rx *rx,
			   struct teredo_peer *peer)
{
	struct teredo_queued_cb *q;

	if (teredo_decap(skb, rx)) {
		teredo_rcv_drop(td, skb, TEREDO_STATS_RX_MALFORMED);
		return;
	}
	q = teredo_queued_cb(skb);
	q->addr = rx->saddr;
	q->port = rx->sport;
	q->inbound = true;
	if (teredo_peer_enqueue(&td->peers, peer, skb)) {
		teredo_rcv_drop(td, skb, TEREDO_STATS_RX_UNTRUSTED);
		return;
	}
	/* Trusted meanwhile (another CPU): then nobody else lets it in. */
	if (teredo_peer_trusted(peer))
		teredo_peer_flush(td, peer);
}

/*
 * A native source we never sent to (RFC 4380 5.2.3, case 6). With
 * inbound closed it stays out. Open, its packet is held while the
 * connectivity test finds the relay that serves the source, and comes
 * in only if it came through that one: anyone can put a native source
 * address on a datagram. A flood of them costs one echo request each,
 * to our own server, at most bubble-rate a second for those that come
 * from any one IPv4 address (the bucket of that address, not of our
 * server's, which our own bubbles need); their packets are held apart
 * from ours, 256 at most (TEREDO_HELD_TOTAL), and what cannot be held
 * is dropped though its test still runs, so that the sender's next try
 * comes in.
 */
static int teredo_rcv_from_stranger(struct teredo_dev *td,
				    const struct teredo_cfg *cfg,
				    struct sk_buff *skb,
				    const struct teredo_rx *rx,
				    const struct in6_addr *src)
{
	struct teredo_peer *peer;

	if (!cfg->inbound_open)
		return teredo_rcv_drop(td, skb, TEREDO_STATS_RX_INBOUND_CLOSED);
	if (!teredo_bubble_allowed(&td->bubbles, rx->saddr)) {
		teredo_count_event(td->counters,
				   TEREDO_STATS_BUBBLES_RATELIMITED);
		return teredo_rcv_drop(td, skb, TEREDO_STATS_RX_UNTRUSTED);
	}
	peer = teredo_peer_get(&td->peers, src, 0, 0, false, GFP_ATOMIC);
	if (IS_ERR(peer))
		return teredo_rcv_drop(td, skb, TEREDO_STATS_RX_UNTRUSTED);
	teredo_rx_hold(td, skb, rx, peer);
	if (!teredo_peer_trusted(peer))
		teredo_retest_native(td, cfg, peer);
	return 0;
}

/*
 * A stranger's packet that waited for its test: in if it came through
 * the relay the test found, else dropped.
 */
void teredo_rx_held(struct teredo_dev *td, struct teredo_peer *peer,
		    struct sk_buff *skb, union teredo_peer_map m)
{
	const struct teredo_queued_cb *q = teredo_queued_cb(skb);

	if (!teredo_map_trusted_at(m, q->addr, q->port)) {
		teredo_rx_drop(td->dev, td->counters, skb,
			       TEREDO_STATS_RX_UNTRUSTED);
		return;
	}
	atomic64_inc(&peer->rx_packets);
	teredo_rx_up(td, skb);
}

/* Source is native IPv6: only through the relay the test found (client). */
static int teredo_rcv_from_native(struct teredo_dev *td,
				  const struct teredo_cfg *cfg,
				  struct sk_buff *skb,
				  const struct teredo_rx *rx,
				  const struct in6_addr *src)
{
	struct teredo_peer *peer;

	peer = teredo_peer_lookup(&td->peers, src);
	if (!peer)
		return teredo_rcv_from_stranger(td, cfg, skb, rx, src);
	if (teredo_is_our_echo_reply(td, skb, rx, peer)) {
		/* The relay it came through serves this peer from now on. */
		teredo_rx_trust(td, peer, rx);
		consume_skb(skb);
		return 0;
	}
	if (teredo_peer_trusted_at(peer, rx->saddr, rx->sport)) {
		teredo_rx_trust(td, peer, rx);
		teredo_rx_answer_refresh(td, cfg, skb, rx, src);
		return teredo_deliver(td, skb, rx);
	}
	/* While its first test runs, held: that one finds the relay. */
	if (!teredo_peer_trusted(peer)) {
		teredo_rx_hold(td, skb, rx, peer);
		return 0;
	}
	teredo_retest_native(td, cfg, peer);
	return teredo_rcv_drop(td, skb, TEREDO_STATS_RX_UNTRUSTED);
}

/*
 * An indirect bubble our server passed on: answer the origin directly,
 * at the mapping the server saw; or, for a peer behind a symmetric NAT
 * whose direct bubble we trusted, at the port that bubble came from:
 * its NAT lets nothing of ours in at the other. A peer behind our own
 * NAT, which may not hairpin, is answered at the addresses on our side
 * of it that its trailer lists too (at most two, as RFC 6081 expects:
 * local and UPnP), each answer naming ours. A peer behind a
 * port-preserving or sequential port-symmetric NAT that names, in a
 * random port trailer, the port its NAT gives it for us is answered
 * there too (RFC 6081 5.4.4.4): the only port of its NAT that lets us in
 * before it trusts us. Stateless, as the rest: it names the port again in
 * each indirect bubble it retries. Every answer echoes the bubble's nonce
 * trailer, if it has one (RFC 6081 5.2.4.2): a peer behind a symmetric
 * NAT takes a direct bubble from a mapping it did not send to only with
 * its own nonce.
 */
static int teredo_rcv_indirect_bubble(struct teredo_dev *td,
				      const struct teredo_cfg *cfg,
				      struct sk_buff *skb,
				      const struct teredo_rx *rx,
				      const struct in6_addr *src)
{
	__be32 addr = htonl(rx->h.origin_addr);
	__be16 port = htons(rx->h.origin_port);
	const u8 *trailers = teredo_rx_trailers(skb, rx), *nonce = NULL;
	unsigned int i, n = 0, tlen = rx->h.trailer_len;
	struct teredo_peer *peer;
	struct teredo_alt alt[2];
	bool shared, trusted = false;
	u16 random_port = 0;

	/*
	 * Whoever spoofs the server's address and port names the origin: no
	 * answer to loopback, broadcast, multicast or port 0 (the kernel's
	 * send skips SO_BROADCAST), as for alternate address trailers.
	 */
	if (!teredo_ipv4_unicast(rx->h.origin_addr) || !rx->h.origin_port)
		return teredo_rcv_drop(td, skb, TEREDO_STATS_RX_SPOOFED);
	shared = teredo_rx_shares_our_nat(cfg, skb, addr);
	peer = teredo_peer_lookup(&td->peers, src);
	if (peer) {
		union teredo_peer_map m = teredo_peer_map(peer);

		trusted = m.trusted && m.addr == addr;
		if (trusted)
			port = m.port;
	}
	teredo_count_event(td->counters, TEREDO_STATS_BUBBLES_RECEIVED);
	if (tlen) {
		nonce = teredo_trailer_nonce(trailers, tlen);
		if (!trusted)
			random_port = teredo_trailer_random_port(trailers, tlen);
		if (shared)
			n = teredo_trailer_alts(trailers, tlen, alt,
						ARRAY_SIZE(alt));
	}
	teredo_send_bubble(td, cfg, &cfg->addr6, src, addr, port, shared,
			   nonce);
	if (random_port && htons(random_port) != port)
		teredo_send_bubble(td, cfg, &cfg->addr6, src, addr,
				   htons(random_port), shared, nonce);
	/* A peer that predicts, for a client that does too: from ours. */
	if (random_port && cfg->prediction && !shared && !cfg->open_mapping)
		teredo_prediction_peer_port(td, cfg, src, random_port, nonce);
	for (i = 0; i < n; i++)
		teredo_send_bubble(td, cfg, &cfg->addr6, src,
				   htonl(alt[i].addr), htons(alt[i].port),
				   true, nonce);
	consume_skb(skb);
	return 0;
}

/*
 * Parse the Teredo datagram @skb came in on @sk with: its headers, and
 * any trailers, checked. False when it was dropped as malformed.
 */
static bool teredo_rx_parse(struct teredo_dev *td,
			    const struct teredo_cfg *cfg, struct sock *sk,
			    struct sk_buff *skb, struct teredo_rx *rx)
{
	unsigned int len, hlen;

	/*
	 * The parser reads headers only. A data packet starts with its IPv6
	 * header: pull just that, not payload out of the frags of a large
	 * segment. Only auth and origin indications (a zero first byte)
	 * need the most all headers can take.
	 */
	len = skb->len - sizeof(struct udphdr);
	hlen = min_t(unsigned int, len, TEREDO_IPV6_HLEN);
	if (!pskb_may_pull(skb, sizeof(struct udphdr) + hlen))
		goto bad;
	if (hlen && !skb->data[sizeof(struct udphdr)]) {
		hlen = min_t(unsigned int, len, TEREDO_MAX_HDRS);
		if (!pskb_may_pull(skb, sizeof(struct udphdr) + hlen))
			goto bad;
	}
	if (teredo_parse(skb->data + sizeof(struct udphdr), len, &rx->h) !=
	    TEREDO_PARSE_OK)
		goto bad;
	/* RFC 6081 trailers, rare enough to pull the whole datagram for. */
	if (rx->h.trailer_len &&
	    (!pskb_may_pull(skb, skb->len) ||
	     teredo_parse_trailers(skb->data + sizeof(struct udphdr) +
				   rx->h.ipv6_off + rx->h.ipv6_len,
				   rx->h.trailer_len) != TEREDO_PARSE_OK))
		goto bad;
	rx->xnet = !net_eq(sock_net(sk), dev_net(td->dev));
	rx->saddr = ip_hdr(skb)->saddr;
	rx->sport = udp_hdr(skb)->source;
	rx->from_server = cfg->mode == TEREDO_MODE_CLIENT &&
			  rx->sport == htons(TEREDO_PORT) &&
			  (rx->saddr == cfg->server ||
			   (cfg->server2 && rx->saddr == cfg->server2));
	return true;
bad:
	teredo_rcv_drop(td, skb, TEREDO_STATS_RX_MALFORMED);
	return false;
}

int teredo_rcv_predicted(struct teredo_dev *td, struct teredo_psock *ps,
			 struct sock *sk, struct sk_buff *skb)
{
	const struct teredo_cfg *cfg = rcu_dereference(td->cfg);
	struct teredo_rx rx = { .ps = ps, .psk = sk };
	const struct ipv6hdr *ip6;
	struct in6_addr src;

	if (!teredo_rx_parse(td, cfg, sk, skb, &rx))
		return 0;
	if (cfg->mode != TEREDO_MODE_CLIENT || !cfg->qualified)
		return teredo_rcv_drop(td, skb, TEREDO_STATS_RX_NOT_CONFIGURED);
	/* The server's answers to the echo test (sequential NATs). */
	if (rx.from_server) {
		if (rx.h.has_auth && rx.h.has_origin)
			teredo_prediction_echo(td, cfg, ps, rx.h.nonce,
					       rx.h.origin_port);
		consume_skb(skb);
		return 0;
	}
	if (rx.h.has_auth || rx.h.has_origin)
		return teredo_rcv_drop(td, skb, TEREDO_STATS_RX_SPOOFED);
	/* The socket is the peer's, and the peer's alone. */
	ip6 = teredo_rx_ip6(skb, &rx);
	src = ip6->saddr;
	if (!ipv6_addr_equal(&src, &ps->peer))
		return teredo_rcv_drop(td, skb, TEREDO_STATS_RX_SPOOFED);
	if (!ipv6_addr_equal(&ip6->daddr, &cfg->addr6))
		return teredo_rcv_drop(td, skb, TEREDO_STATS_RX_WRONG_DST);
	return teredo_rcv_from_teredo(td, cfg, skb, &rx, &src);
}

int teredo_rcv(struct teredo_dev *td, struct sock *sk, struct sk_buff *skb)
{
	const struct teredo_cfg *cfg = rcu_dereference(td->cfg);
	struct teredo_rx rx = {};
	struct ipv6hdr *ip6;
	struct in6_addr src;
	int src_type;
	bool client;

	if (!teredo_rx_parse(td, cfg, sk, skb, &rx))
		return 0;
	/*
	 * A server's plain Router Solicitations are answered here; the rest
	 * of its role, and qualification, are userland's.
	 */
	if (cfg->mode == TEREDO_MODE_SERVER)
		return teredo_server_rcv(td, sk, skb, &rx.h);
	if (rx.h.has_auth)
		return 1;
	client = cfg->mode == TEREDO_MODE_CLIENT;
	ip6 = teredo_rx_ip6(skb, &rx);
	src = ip6->saddr;
	src_type = ipv6_addr_type(&src);

	/*
	 * Link-local sources: the server's Router Advertisement, for the
	 * daemon. Miredo also sends bubbles from a link-local address; one
	 * our server relays goes on like any indirect bubble.
	 */
	if ((src_type & IPV6_ADDR_LINKLOCAL) &&
	    !(rx.from_server && rx.h.has_origin && rx.h.bubble)) {
		if (rx.from_server)
			return 1;
		return teredo_rcv_drop(td, skb, TEREDO_STATS_RX_LOCAL_SCOPE);
	}
	if (!teredo_cfg_ready(cfg))
		return teredo_rcv_drop(td, skb, TEREDO_STATS_RX_NOT_CONFIGURED);
	if (ipv6_addr_is_multicast(&ip6->daddr) ||
	    (src_type & (IPV6_ADDR_MULTICAST | IPV6_ADDR_LOOPBACK)))
		return teredo_rcv_drop(td, skb, TEREDO_STATS_RX_LOCAL_SCOPE);
	if (client ? !ipv6_addr_equal(&ip6->daddr, &cfg->addr6) :
		     teredo_addr_is_teredo(ip6->daddr.s6_addr))
		return teredo_rcv_drop(td, skb, TEREDO_STATS_RX_WRONG_DST);
	if (rx.from_server && rx.h.has_origin) {
		if (rx.h.bubble)
			return teredo_rcv_indirect_bubble(td, cfg, skb, &rx,
							  &src);
		/* Relayed by our server (rule a): someone's connectivity test. */
		return teredo_deliver(td, skb, &rx);
	}
	if (teredo_addr_is_teredo(src.s6_addr))
		return teredo_rcv_from_teredo(td, cfg, skb, &rx, &src);
	if (!client)
		return teredo_rcv_drop(td, skb, TEREDO_STATS_RX_UNTRUSTED);
	return teredo_rcv_from_native(td, cfg, skb, &rx, &src);
}
