// SPDX-License-Identifier: GPL-2.0
/*
 * The IPv4 route of what a teredo device sends, kept per CPU for the
 * last destination it went to. A client sends most of its traffic to
 * its relay and a few peers, a relay to the clients it serves, and a
 * route lookup per packet (with the check of the socket's own address
 * it implies) cost a quarter of the encapsulation. One entry rather than
 * one per peer: a million peers could not each carry a per-CPU cache.
 *
 * dst_cache drops a route the FIB no longer stands by; the key covers
 * the rest a lookup depends on, including what userland may still set on
 * the socket (SO_MARK, SO_BINDTODEVICE, connect()). The peer's port is
 * left out where nothing routes by port, so that the peers behind one
 * NAT address (thousands behind a carrier-grade NAT) share the entry.
 */
#include "device.h"

#include <net/route.h>
#include <net/xfrm.h>

struct teredo_route_key {
	__be32 daddr, saddr;
	__be16 dport, sport;
	u32 mark;
	int oif;
};

int teredo_route_cache_init(struct teredo_route_cache *rc)
{
	rc->key = alloc_percpu(struct teredo_route_key);
	if (!rc->key)
		return -ENOMEM;
	if (dst_cache_init(&rc->dst, GFP_KERNEL)) {
		free_percpu(rc->key);
		return -ENOMEM;
	}
	return 0;
}

/* No sender may run any more. */
void teredo_route_cache_destroy(struct teredo_route_cache *rc)
{
	dst_cache_destroy(&rc->dst);
	free_percpu(rc->key);
}

/* No sender may run: the routes of a socket that is gone. */
void teredo_route_cache_flush(struct teredo_route_cache *rc)
{
	dst_cache_reset_now(&rc->dst);
}

/*
 * Whether an IPv4 route in @net may depend on the ports: through policy
 * routing (only rules of the user's can match them; adding one flushes
 * the cached routes), a multipath hash over more than addresses, or
 * IPsec policies (one added flushes them too).
 */
static bool teredo_route_by_port(const struct net *net)
{
#ifdef CONFIG_IP_MULTIPLE_TABLES
	if (READ_ONCE(net->ipv4.fib_has_custom_rules))
		return true;
#endif
#ifdef CONFIG_IP_ROUTE_MULTIPATH
	if (READ_ONCE(net->ipv4.sysctl_fib_multipath_hash_policy))
		return true;
#endif
#ifdef CONFIG_XFRM
	if (READ_ONCE(net->xfrm.policy_count[XFRM_POLICY_OUT]))
		return true;
#endif
	return false;
}

/*
 * The route from @sk to @daddr:@dport, and the source address to use in
 * @saddr. With BH off (per-CPU state); the caller owns a reference.
 */
struct rtable *teredo_route(struct teredo_route_cache *rc, struct sock *sk,
			    __be32 daddr, __be16 dport, __be32 *saddr)
{
	const struct inet_sock *inet = inet_sk(sk);
	struct teredo_route_key key = {
		.daddr	= daddr,
		.saddr	= inet->inet_saddr,
		.sport	= inet->inet_sport,
		.mark	= READ_ONCE(sk->sk_mark),
		.oif	= READ_ONCE(sk->sk_bound_dev_if),
	};
	struct teredo_route_key *cached = this_cpu_ptr(rc->key);
	struct flowi4 fl4 = {};
	struct rtable *rt;

	if (teredo_route_by_port(sock_net(sk)))
		key.dport = dport;
	if (!memcmp(cached, &key, sizeof(key))) {
		rt = dst_cache_get_ip4(&rc->dst, saddr);
		if (rt)
			return rt;
	}
	fl4.flowi4_oif = key.oif;
	fl4.flowi4_mark = key.mark;
	fl4.flowi4_proto = IPPROTO_UDP;
	fl4.daddr = daddr;
	fl4.saddr = key.saddr;
	fl4.fl4_sport = key.sport;
	fl4.fl4_dport = dport;
	rt = ip_route_output_key(sock_net(sk), &fl4);
	if (IS_ERR(rt))
		return rt;
	*saddr = fl4.saddr;
	dst_cache_set_ip4(&rc->dst, &rt->dst, fl4.saddr);
	*cached = key;
	return rt;
}
