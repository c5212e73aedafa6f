/* SPDX-License-Identifier: GPL-2.0 */
/*
 * stf: 6to4 (RFC 3056) devices with FreeBSD stf(4) semantics.
 */
#ifndef _TEREDO_STF_H
#define _TEREDO_STF_H

#include <linux/netdevice.h>
#include <linux/in6.h>
#include <uapi/linux/teredo.h>

#include "../counters.h"
#include "../route_cache.h"

#define STF_PREFIX		0x2002		/* 2002::/16, its first 16 bits */
#define STF_DEFAULT_RELAY	0xc0586301U	/* 192.88.99.1 (RFC 3068) */

/*
 * Everything the data path reads, replaced as a whole (RCU) whenever the
 * 6to4 address or an option changes, so that a packet sees one coherent
 * configuration.
 */
struct stf_cfg {
	struct in6_addr addr6;	/* our 6to4 address, valid when local != 0 */
	__be32 local;		/* IPv4 embedded in addr6: our outer source */
	__be32 srcmask;		/* outer sources must be in local/srcmask */
	u8 prefixlen;
	__be32 relay;		/* outer destination for non-6to4, 0: none */
	u8 ttl;			/* 0: copy the inner hop limit */
	bool permit_rfc1918;
	bool output_only;	/* link0 */
	bool ecn;		/* link1 */
	bool ingress_check;	/* !link2 */
	struct rcu_head rcu;
};

struct stf_dev {
	struct net_device *dev;
	struct teredo_counters __percpu *counters;
	struct stf_cfg __rcu *cfg;
	spinlock_t cfg_lock;		/* serialises cfg replacement */
	struct teredo_route_cache route;	/* of the outer packets */
	struct list_head list;		/* stf_net.devs; RCU, changed under RTNL */
};

/* 2002::/16 */
static inline bool stf_is_6to4(const struct in6_addr *a)
{
	return a->s6_addr16[0] == htons(STF_PREFIX);
}

/* The IPv4 address in bits 16..47 of a 6to4 address. */
static inline __be32 stf_embedded_v4(const struct in6_addr *a)
{
	__be32 v4;

	memcpy(&v4, &a->s6_addr[2], sizeof(v4));
	return v4;
}

/* What stf(4) never accepts: 0/8, 127/8, 224/4 and 255/8. */
static inline bool stf_v4_martian(__be32 a)
{
	u32 h = ntohl(a);

	return (h >> 24) == 0 || (h >> 24) == 127 || (h >> 28) == 0xe ||
	       (h >> 24) == 255;
}

static inline bool stf_v4_rfc1918(__be32 a)
{
	u32 h = ntohl(a);

	return (h >> 24) == 10 || (h >> 20) == 0xac1 || (h >> 16) == 0xc0a8;
}

/* rx.c */
int stf_rcv_init(void);
void stf_rcv_uninit(void);

/* tx.c */
netdev_tx_t stf_xmit(struct sk_buff *skb, struct net_device *dev);

/* device.c */
struct stf_dev *stf_lookup_rcu(struct net *net, __be32 local);

#endif /* _TEREDO_STF_H */
