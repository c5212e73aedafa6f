// SPDX-License-Identifier: GPL-2.0
/*
 * GRO of Teredo datagrams on the UDP socket: a NIC's TCP segments, each
 * in its own datagram, are merged before decapsulation, so the socket
 * lookup, the Teredo checks and the peer lookup run once per merged
 * packet rather than once per segment. A datagram without indicators is
 * IPv6 straight after UDP, exactly what sit's offload (IPv6 in IPv4)
 * merges once the UDP header is pulled, as fou does for protocol 41; the
 * result is marked as teredo_send() marks what it sends.
 */
#include "device.h"

#include <net/gro.h>
#include <net/protocol.h>
#include <net/udp.h>
#include <net/udp_tunnel.h>

/* Only data for a client or a relay: the server's datagrams are userland's. */
static bool teredo_gro_wanted(struct sock *sk)
{
	const struct teredo_dev *td = teredo_sock_dev(sk);

	return td && rcu_dereference(td->cfg)->mode != TEREDO_MODE_SERVER;
}

/*
 * The IPv6 layer leaves the network header at the inner IPv6, but the
 * UDP layer's completion reads the outer IPv4 through it: to find the
 * socket again (a socket bound to an address then never matched, and the
 * merged packet was dropped as unexpected UDP GSO) and for the checksum.
 * The outer header is put back here and the inner one set again in
 * teredo_gro_complete(), between the two. Kernels since 6.9 keep both
 * offsets in the GRO control block and need neither.
 */
static struct sk_buff *teredo_gro_receive(struct sock *sk,
					  struct list_head *head,
					  struct sk_buff *skb)
{
	u16 outer_nh = skb->network_header;
	unsigned int off = skb_gro_offset(skb);
	const struct net_offload *ops;
	struct sk_buff *pp;
	const u8 *first;

	/* Auth and origin indications (a zero first byte) are not merged. */
	first = skb_gro_header(skb, off + 1, off);
	if (!first || *first >> 4 != 6 || !teredo_gro_wanted(sk))
		goto flush;
	ops = rcu_dereference(inet_offloads[IPPROTO_IPV6]);
	if (!ops || !ops->callbacks.gro_receive)
		goto flush;
	/* The UDP layer marked the packet; the IPv6 inside is ours to mark. */
	NAPI_GRO_CB(skb)->encap_mark = 0;
	pp = call_gro_receive(ops->callbacks.gro_receive, head, skb);
	skb->network_header = outer_nh;
	return pp;

flush:
	NAPI_GRO_CB(skb)->flush = 1;
	return NULL;
}

static int teredo_gro_complete(struct sock *sk, struct sk_buff *skb, int nhoff)
{
	const struct net_offload *ops;
	int err;

	ops = rcu_dereference(inet_offloads[IPPROTO_IPV6]);
	if (!ops || !ops->callbacks.gro_complete)
		return -EOPNOTSUPP;
	/* The inner layers read their headers through it (see above). */
	skb_set_network_header(skb, nhoff);
	/* Adds SKB_GSO_IPXIP4 to the UDP layer's SKB_GSO_UDP_TUNNEL(_CSUM). */
	err = ops->callbacks.gro_complete(skb, nhoff);
	skb_set_inner_mac_header(skb, nhoff);
	return err;
}

void teredo_gro_setup(struct udp_tunnel_sock_cfg *cfg)
{
	cfg->gro_receive = teredo_gro_receive;
	cfg->gro_complete = teredo_gro_complete;
}
