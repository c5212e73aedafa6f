// SPDX-License-Identifier: GPL-2.0
/*
 * The IPv4 route of what a tunnel sends, kept per CPU for the last
 * destination it went to. A Teredo client sends most of its traffic to
 * its relay and a few peers, a relay to the clients it serves, a 6to4
 * host to its relay and the 6to4 sites it talks to. In Teredo's
 * benchmark a route lookup per packet (with the check of the source
 * address it implies) cost a quarter of the encapsulation. One entry
 * rather than one per peer: a million peers could not each carry a
 * per-CPU cache.
 *
 * dst_cache drops a route the FIB no longer stands by; the key covers
 * the rest a lookup depends on (for Teredo including what userland may
 * still set on the socket: SO_MARK, SO_BINDTODEVICE, connect(), and its
 * owner for uidrange rules). The peer's port is left out where nothing
 * routes by port, so that the peers behind one NAT address (thousands
 * behind a carrier-grade NAT) share the entry.
 */
#include "route_cache.h"
#include "compat.h"

#include <net/route.h>
#include <net/xfrm.h>

struct teredo_route_key {
	__be32 daddr, saddr;
	__be16 dport, sport;
	u32 mark, uid;
	int oif;
	u8 tos, proto;
	u16 zero;	/* no padding: keys are compared with memcmp() */
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
 * ip_route_output_key() for @fl4 (addresses, TOS, mark, owner, interface,
 * protocol and ports; nothing else set), from this CPU's entry when the
 * last lookup here had the same key. Sets fl4->saddr to the source the
 * route chose. With BH off (per-CPU state); the caller owns a reference.
 */
struct rtable *teredo_route_output(struct teredo_route_cache *rc,
				   struct net *net, struct flowi4 *fl4)
{
	struct teredo_route_key key = {
		.daddr	= fl4->daddr,
		.saddr	= fl4->saddr,
		.sport	= fl4->fl4_sport,
		.mark	= fl4->flowi4_mark,
		.uid	= from_kuid(&init_user_ns, fl4->flowi4_uid),
		.oif	= fl4->flowi4_oif,
		.tos	= teredo_compat_flow_tos(fl4),
		.proto	= fl4->flowi4_proto,
	};
	struct teredo_route_key *cached = this_cpu_ptr(rc->key);
	struct rtable *rt;

	if (key.sport && teredo_route_by_port(net))
		key.dport = fl4->fl4_dport;
	if (!memcmp(cached, &key, sizeof(key))) {
		rt = dst_cache_get_ip4(&rc->dst, &fl4->saddr);
		if (rt)
			return rt;
	}
	rt = ip_route_output_key(net, fl4);
	if (IS_ERR(rt))
		return rt;
	dst_cache_set_ip4(&rc->dst, &rt->dst, fl4->saddr);
	*cached = key;
	return rt;
}
