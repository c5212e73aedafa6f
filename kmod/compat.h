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

#endif /* _TEREDO_COMPAT_H */
