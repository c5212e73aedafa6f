/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Route netlink, through libnl-route-3: what the roles do to the device
 * beyond generic netlink (create it, MTU, up/down, addresses, routes).
 * All return 0 or a negative errno, and set a message in rt_err.
 */
#ifndef TEREDOCTL_RTNL_H
#define TEREDOCTL_RTNL_H

#include <netinet/in.h>
#include <stdbool.h>

extern char rt_err[256];

/* 2001:0::/32, the Teredo prefix (TEREDO_PREFIX as an address). */
extern const struct in6_addr teredo_prefix;

/* The ifindex of teredo device @name, created if missing (*created). */
int rt_link_ensure(const char *name, bool *created);
int rt_link_delete(int ifindex);
int rt_link_set(int ifindex, bool up, unsigned int mtu);

/*
 * Add or remove an IPv6 address (no DAD: a tunnel has no neighbours),
 * without the on-link prefix route the kernel would add with it: the
 * caller routes the prefix with rt_route6().
 */
int rt_addr6(int ifindex, const struct in6_addr *a, int plen, bool add);

/*
 * Remove every IPv6 address of the device inside prefix/plen (what a
 * killed predecessor left behind). Returns how many, or a negative errno.
 */
int rt_addr6_flush(int ifindex, const struct in6_addr *prefix, int plen);

/*
 * Add or remove a route to dst/plen through the device, with @metric,
 * via the placeholder next hop fe80::1. The device reads where a
 * packet goes from its own address, but the IPv6 stack keeps a neighbour
 * entry per next hop: on an on-link route, one per destination, which a
 * relay or a busy client would churn at packet rate, evicting the real
 * neighbours of the shared table.
 */
int rt_route6(int ifindex, const struct in6_addr *dst, int plen,
	      unsigned int metric, bool add);

#endif
