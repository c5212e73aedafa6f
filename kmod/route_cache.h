/* SPDX-License-Identifier: GPL-2.0 */
/*
 * route_cache.c: the IPv4 route of a tunnel's last outer destination,
 * per CPU. Both link kinds send through it.
 */
#ifndef _TEREDO_ROUTE_CACHE_H
#define _TEREDO_ROUTE_CACHE_H

#include <net/dst_cache.h>
#include <net/flow.h>
#include <net/route.h>

struct teredo_route_key;
struct teredo_route_cache {
	struct dst_cache dst;
	struct teredo_route_key __percpu *key;
};

int teredo_route_cache_init(struct teredo_route_cache *rc);
void teredo_route_cache_destroy(struct teredo_route_cache *rc);
void teredo_route_cache_flush(struct teredo_route_cache *rc);
struct rtable *teredo_route_output(struct teredo_route_cache *rc,
				   struct net *net, struct flowi4 *fl4);

#endif /* _TEREDO_ROUTE_CACHE_H */
