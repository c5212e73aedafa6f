// SPDX-License-Identifier: GPL-2.0
/*
 * The device, its addresses and its routes, through libnl-route-3. One
 * short-lived socket per call: the roles change these rarely (start,
 * mapping change, stop), and a fresh socket never holds stale replies.
 */
#include "rtnl.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <linux/if.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/route.h>

char rt_err[256];
const struct in6_addr teredo_prefix = { { { 0x20, 0x01 } } };

/*
 * The placeholder next hop of rt_route6(): fe80::1 on the device, never
 * an address of ours (the device's link-local address is random).
 */
static const struct in6_addr rt_nexthop6 = {
	{ { 0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 } }
};

static struct nl_sock *rt_open(void)
{
	struct nl_sock *sk = nl_socket_alloc();

	if (!sk || nl_connect(sk, NETLINK_ROUTE) < 0) {
		snprintf(rt_err, sizeof(rt_err), "cannot open route netlink");
		nl_socket_free(sk);
		return NULL;
	}
	return sk;
}

/* libnl's error as a negative errno, with @what in rt_err. */
static int rt_fail(int nlerr, const char *what)
{
	snprintf(rt_err, sizeof(rt_err), "%s: %s", what, nl_geterror(nlerr));
	switch (-nlerr) {
	case NLE_EXIST:
		return -EEXIST;
	case NLE_OBJ_NOTFOUND:
	case NLE_NODEV:
		return -ENOENT;
	case NLE_PERM:
		return -EPERM;
	default:
		return -EIO;
	}
}

int rt_link_ensure(const char *name, bool *created)
{
	struct rtnl_link *link = NULL;
	struct nl_sock *sk = rt_open();
	int err, ifindex;

	*created = false;
	if (!sk)
		return -EIO;
	err = rtnl_link_get_kernel(sk, 0, name, &link);
	if (err == -NLE_NODEV || err == -NLE_OBJ_NOTFOUND) {
		link = rtnl_link_alloc();
		if (!link) {
			err = -NLE_NOMEM;
			goto out;
		}
		rtnl_link_set_name(link, name);
		err = rtnl_link_set_type(link, "teredo");
		if (!err)
			err = rtnl_link_add(sk, link, NLM_F_CREATE | NLM_F_EXCL);
		rtnl_link_put(link);
		link = NULL;
		if (err < 0)
			goto out;
		*created = true;
		err = rtnl_link_get_kernel(sk, 0, name, &link);
	}
	if (err < 0)
		goto out;
	if (!rtnl_link_get_type(link) || strcmp(rtnl_link_get_type(link), "teredo")) {
		snprintf(rt_err, sizeof(rt_err), "%s is not a teredo device", name);
		rtnl_link_put(link);
		nl_socket_free(sk);
		return -EINVAL;
	}
	ifindex = rtnl_link_get_ifindex(link);
	rtnl_link_put(link);
	nl_socket_free(sk);
	return ifindex;
out:
	nl_socket_free(sk);
	return rt_fail(err, name);
}

int rt_link_delete(int ifindex)
{
	struct nl_sock *sk = rt_open();
	struct rtnl_link *link;
	int err;

	if (!sk)
		return -EIO;
	link = rtnl_link_alloc();
	if (!link) {
		nl_socket_free(sk);
		return -ENOMEM;
	}
	rtnl_link_set_ifindex(link, ifindex);
	err = rtnl_link_delete(sk, link);
	rtnl_link_put(link);
	nl_socket_free(sk);
	return err < 0 ? rt_fail(err, "delete device") : 0;
}

int rt_link_set(int ifindex, bool up, unsigned int mtu)
{
	struct rtnl_link *orig, *change;
	struct nl_sock *sk = rt_open();
	int err = -NLE_NOMEM;

	if (!sk)
		return -EIO;
	orig = rtnl_link_alloc();
	change = rtnl_link_alloc();
	if (orig && change) {
		rtnl_link_set_ifindex(orig, ifindex);
		if (up)
			rtnl_link_set_flags(change, IFF_UP);
		else
			rtnl_link_unset_flags(change, IFF_UP);
		if (mtu)
			rtnl_link_set_mtu(change, mtu);
		err = rtnl_link_change(sk, orig, change, 0);
	}
	rtnl_link_put(orig);
	rtnl_link_put(change);
	nl_socket_free(sk);
	return err < 0 ? rt_fail(err, "set device up/MTU") : 0;
}

static struct nl_addr *addr6(const struct in6_addr *a, int plen)
{
	struct nl_addr *na = nl_addr_build(AF_INET6, a, sizeof(*a));

	if (na)
		nl_addr_set_prefixlen(na, plen);
	return na;
}

int rt_addr6(int ifindex, const struct in6_addr *a, int plen, bool add)
{
	struct nl_sock *sk = rt_open();
	struct rtnl_addr *ra;
	struct nl_addr *na;
	int err = -NLE_NOMEM;

	if (!sk)
		return -EIO;
	ra = rtnl_addr_alloc();
	na = addr6(a, plen);
	if (ra && na) {
		rtnl_addr_set_ifindex(ra, ifindex);
		rtnl_addr_set_local(ra, na);
		rtnl_addr_set_flags(ra, IFA_F_NODAD | IFA_F_NOPREFIXROUTE);
		err = add ? rtnl_addr_add(sk, ra, NLM_F_REPLACE) :
			    rtnl_addr_delete(sk, ra, 0);
	}
	nl_addr_put(na);
	rtnl_addr_put(ra);
	nl_socket_free(sk);
	return err < 0 ? rt_fail(err, add ? "add address" : "remove address") : 0;
}

int rt_route6(int ifindex, const struct in6_addr *dst, int plen,
	      unsigned int metric, bool add)
{
	struct nl_sock *sk = rt_open();
	struct rtnl_nexthop *nh = NULL;
	struct rtnl_route *r;
	struct nl_addr *na, *gw;
	int err = -NLE_NOMEM;

	if (!sk)
		return -EIO;
	r = rtnl_route_alloc();
	na = addr6(dst, plen);
	gw = addr6(&rt_nexthop6, 128);
	if (r && na && gw) {
		rtnl_route_set_family(r, AF_INET6);
		rtnl_route_set_dst(r, na);
		rtnl_route_set_priority(r, metric);
		rtnl_route_set_table(r, RT_TABLE_MAIN);
		rtnl_route_set_protocol(r, RTPROT_STATIC);
		nh = rtnl_route_nh_alloc();
		if (nh) {
			rtnl_route_nh_set_ifindex(nh, ifindex);
			rtnl_route_nh_set_gateway(nh, gw);
			rtnl_route_add_nexthop(r, nh);	/* r owns nh now */
			err = add ? rtnl_route_add(sk, r, NLM_F_CREATE | NLM_F_REPLACE) :
				    rtnl_route_delete(sk, r, 0);
		}
	}
	nl_addr_put(gw);
	nl_addr_put(na);
	rtnl_route_put(r);
	nl_socket_free(sk);
	return err < 0 ? rt_fail(err, add ? "add route" : "remove route") : 0;
}

static bool in_prefix(const uint8_t *a, const struct in6_addr *prefix, int plen)
{
	int bytes = plen / 8, bits = plen % 8;

	if (memcmp(a, prefix->s6_addr, bytes))
		return false;
	return !bits || !((a[bytes] ^ prefix->s6_addr[bytes]) & (0xff << (8 - bits)));
}

int rt_addr6_flush(int ifindex, const struct in6_addr *prefix, int plen)
{
	struct nl_sock *sk = rt_open();
	struct nl_cache *cache = NULL;
	struct nl_object *o;
	int err, gone = 0;

	if (!sk)
		return -EIO;
	err = rtnl_addr_alloc_cache(sk, &cache);
	for (o = cache ? nl_cache_get_first(cache) : NULL; o && err >= 0;
	     o = nl_cache_get_next(o)) {
		struct rtnl_addr *ra = (struct rtnl_addr *)o;
		struct nl_addr *local = rtnl_addr_get_local(ra);

		if (rtnl_addr_get_ifindex(ra) != ifindex ||
		    rtnl_addr_get_family(ra) != AF_INET6 || !local ||
		    !in_prefix(nl_addr_get_binary_addr(local), prefix, plen))
			continue;
		err = rtnl_addr_delete(sk, ra, 0);
		if (err >= 0)
			gone++;
	}
	nl_cache_free(cache);
	nl_socket_free(sk);
	return err < 0 ? rt_fail(err, "remove stale addresses") : gone;
}
