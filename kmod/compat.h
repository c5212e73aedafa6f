/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel API differences between the releases teredo.ko builds for.
 * Everything version-dependent lives here so that a port is one file;
 * each shim names the release that changed the API. The baseline is
 * Linux 6.1 (Debian 12); tested up to the newest kernel in Debian 13's
 * backports (Documentation/testing.rst).
 */
#ifndef _TEREDO_COMPAT_H
#define _TEREDO_COMPAT_H

#include <linux/version.h>
#include <linux/netdevice.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <linux/slab.h>
#include <net/ip_tunnels.h>
#include <net/rtnetlink.h>
#include <net/udp_tunnel.h>

/* 6.5 moved the GSO helpers (skb_gso_validate_network_len) to their own header. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 5, 0)
#include <net/gso.h>
#endif

/*
 * 6.12 turned the LLTX and NETNS_LOCAL feature bits into plain fields;
 * 6.13 renamed netns_local to netns_immutable, and 6.12.y stable took
 * the rename too, so Kbuild tests the header (TEREDO_HAVE_NETNS_IMMUTABLE)
 * rather than the version.
 */
static inline void teredo_compat_set_lltx_netns_local(struct net_device *dev)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
	dev->lltx = true;
#ifdef TEREDO_HAVE_NETNS_IMMUTABLE
	dev->netns_immutable = true;
#else
	dev->netns_local = true;
#endif
#else
	dev->features |= NETIF_F_LLTX | NETIF_F_NETNS_LOCAL;
#endif
}

/*
 * The family's policies and operation table are what the kernel's YNL
 * generator makes of the spec (netlink-gen.c, which Kbuild builds with
 * this header included first). Before 6.2 genetlink had no split ops,
 * one per do and one per dump: the table gets a type of that shape, and
 * teredo_compat_genl_set_ops() makes genl_ops of it, one per command,
 * its do and dump together under the do's policy. 6.2 also made a
 * policy's range pointer const, as the generator writes its ranges.
 */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 2, 0)
struct genl_split_ops {
	int (*doit)(struct sk_buff *skb, struct genl_info *info);
	int (*dumpit)(struct sk_buff *skb, struct netlink_callback *cb);
	const struct nla_policy *policy;
	unsigned int maxattr;
	u8 cmd;
	u8 flags;
};

#undef NLA_POLICY_FULL_RANGE
#define NLA_POLICY_FULL_RANGE(tp, _range) {				\
	.type = NLA_ENSURE_UINT_OR_BINARY_TYPE(tp),			\
	.validation_type = NLA_VALIDATE_RANGE_PTR,			\
	.range = (struct netlink_range_validation *)(_range),		\
}

static inline int teredo_compat_genl_set_ops(struct genl_family *family,
					     const struct genl_split_ops *split,
					     unsigned int n)
{
	struct genl_ops *ops, *op = NULL;
	unsigned int i;

	ops = kcalloc(n, sizeof(*ops), GFP_KERNEL);
	if (!ops)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		/* The generator sorts by command, a command's do first. */
		if (!op || op->cmd != split[i].cmd) {
			op = op ? op + 1 : ops;
			op->cmd = split[i].cmd;
			op->flags = split[i].flags &
				    (GENL_ADMIN_PERM | GENL_UNS_ADMIN_PERM);
			op->policy = split[i].policy;
			op->maxattr = split[i].maxattr;
		}
		if (split[i].doit)
			op->doit = split[i].doit;
		if (split[i].dumpit)
			op->dumpit = split[i].dumpit;
	}
	family->ops = ops;
	family->n_ops = op ? op - ops + 1 : 0;
	return 0;
}

static inline void teredo_compat_genl_free_ops(struct genl_family *family)
{
	kfree(family->ops);
}
#else
static inline int teredo_compat_genl_set_ops(struct genl_family *family,
					     const struct genl_split_ops *split,
					     unsigned int n)
{
	family->split_ops = split;
	family->n_split_ops = n;
	return 0;
}

static inline void teredo_compat_genl_free_ops(struct genl_family *family)
{
}
#endif

/* 6.2 moved a dump's parsed attributes into a struct genl_info. */
static inline struct nlattr **teredo_compat_dump_attrs(struct netlink_callback *cb)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
	return genl_dumpit_info(cb)->info.attrs;
#else
	return genl_dumpit_info(cb)->attrs;
#endif
}

/* 6.15 folded the rtnl newlink arguments into struct rtnl_newlink_params. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 15, 0)
#define TEREDO_NEWLINK_ARGS \
	struct net_device *dev, struct rtnl_newlink_params *params, \
	struct netlink_ext_ack *extack
#define TEREDO_NEWLINK_DATA (params->data)
#else
#define TEREDO_NEWLINK_ARGS \
	struct net *src_net, struct net_device *dev, struct nlattr *tb[], \
	struct nlattr *data[], struct netlink_ext_ack *extack
#define TEREDO_NEWLINK_DATA (data)
#endif

/* 6.17 gave the IPv4 tunnel senders IPCB flags for the outer packet; we set none. */
static inline void teredo_compat_iptunnel_xmit(struct rtable *rt, struct sk_buff *skb,
					       __be32 src, __be32 dst, u8 proto,
					       u8 tos, u8 ttl, __be16 df)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 17, 0)
	iptunnel_xmit(NULL, rt, skb, src, dst, proto, tos, ttl, df, false, 0);
#else
	iptunnel_xmit(NULL, rt, skb, src, dst, proto, tos, ttl, df, false);
#endif
}

static inline void teredo_compat_udp_tunnel_xmit(struct rtable *rt, struct sock *sk,
						 struct sk_buff *skb, __be32 src,
						 __be32 dst, u8 ttl, __be16 sport,
						 __be16 dport)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 17, 0)
	udp_tunnel_xmit_skb(rt, sk, skb, src, dst, 0, ttl, 0, sport, dport,
			    false, false, 0);
#else
	udp_tunnel_xmit_skb(rt, sk, skb, src, dst, 0, ttl, 0, sport, dport,
			    false, false);
#endif
}

/* 6.18 replaced the flow's TOS byte with its DSCP (ECN bits never route). */
static inline void teredo_compat_flow_set_tos(struct flowi4 *fl4, u8 dsfield)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 18, 0)
	fl4->flowi4_dscp = inet_dsfield_to_dscp(dsfield);
#else
	fl4->flowi4_tos = RT_TOS(dsfield);
#endif
}

static inline u8 teredo_compat_flow_tos(const struct flowi4 *fl4)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 18, 0)
	return inet_dscp_to_dsfield(fl4->flowi4_dscp);
#else
	return fl4->flowi4_tos;
#endif
}

/* 7.1 made setup_udp_tunnel_sock() take the struct sock. */
static inline void teredo_compat_setup_udp_tunnel_sock(struct net *net,
						       struct socket *sock,
						       struct udp_tunnel_sock_cfg *cfg)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(7, 1, 0)
	setup_udp_tunnel_sock(net, sock->sk, cfg);
#else
	setup_udp_tunnel_sock(net, sock, cfg);
#endif
}

/* 6.6 moved inet_sock's flag bits, mc_loop among them, into one word. */
static inline void teredo_compat_set_mc_loop(struct sock *sk, bool on)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 6, 0)
	inet_assign_bit(MC_LOOP, sk, on);
#else
	inet_sk(sk)->mc_loop = on;
#endif
}

/*
 * 6.9 moved the backlog's limit into net_hotdata. 6.11 gave per-CPU
 * data under BH a lock of its own, a real one under PREEMPT_RT; before,
 * BH off was all it took. A release after 6.12 moved NAPI's GRO state
 * into a struct gro_node (7.3 has it): Kbuild asks the header and sets
 * TEREDO_HAVE_GRO_NODE.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 9, 0)
#include <net/hotdata.h>
#define teredo_compat_max_backlog() READ_ONCE(net_hotdata.max_backlog)
#else
#define teredo_compat_max_backlog() READ_ONCE(netdev_max_backlog)
#endif

#ifdef local_lock_nested_bh
#define teredo_compat_lock_nested_bh(l) local_lock_nested_bh(l)
#define teredo_compat_unlock_nested_bh(l) local_unlock_nested_bh(l)
#else
#define teredo_compat_lock_nested_bh(l) do { } while (0)
#define teredo_compat_unlock_nested_bh(l) do { } while (0)
#endif

/* Whether @napi's GRO holds no packet and has none batched to pass up. */
static inline bool teredo_compat_gro_idle(const struct napi_struct *napi)
{
#ifdef TEREDO_HAVE_GRO_NODE
	return !napi->gro.bitmask && !napi->gro.rx_count;
#else
	return !napi->gro_bitmask && !napi->rx_count;
#endif
}

#endif /* _TEREDO_COMPAT_H */
