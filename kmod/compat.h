/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel API differences between the releases teredo.ko builds for.
 * Everything version-dependent lives here so that a port is one file.
 * The baseline is Linux 6.1 (Debian 12).
 */
#ifndef _TEREDO_COMPAT_H
#define _TEREDO_COMPAT_H

#include <linux/version.h>
#include <linux/netdevice.h>
#include <net/rtnetlink.h>

/* 6.12 turned the LLTX and NETNS_LOCAL feature bits into plain fields. */
static inline void teredo_compat_set_lltx_netns_local(struct net_device *dev)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
	dev->lltx = true;
	dev->netns_local = true;
#else
	dev->features |= NETIF_F_LLTX | NETIF_F_NETNS_LOCAL;
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

#endif /* _TEREDO_COMPAT_H */
