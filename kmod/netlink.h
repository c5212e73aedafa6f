/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The generic netlink family (netlink.c): the helpers its command
 * handlers share. The handlers' prototypes, the request policies and the
 * operation table are generated from the spec (netlink-gen.h); the peer
 * commands are carried out in teredo/peer_netlink.c.
 */
#ifndef _TEREDO_NETLINK_H
#define _TEREDO_NETLINK_H

#include <linux/netdevice.h>
#include <net/genetlink.h>
#include <uapi/linux/teredo.h>

#include "compat.h"
#include "netlink-gen.h"

typedef int (*teredo_nl_setter)(struct net_device *dev, struct nlattr **attrs,
				struct netlink_ext_ack *extack);
int teredo_nl_set(struct genl_info *info, enum teredo_kind kind,
		  teredo_nl_setter set, struct nlattr **attrs);
struct net_device *teredo_nl_find_teredo(struct net *net, struct nlattr **attrs,
					 struct netlink_ext_ack *extack);
struct net_device *teredo_nl_get_teredo(struct genl_info *info);
void *teredo_nl_msg_put(struct sk_buff *skb, u32 portid, u32 seq, int flags,
			u8 cmd);
bool teredo_nl_has_listeners(struct net *net);
/* Multicast @skb to the events group; any context. */
void teredo_nl_notify(struct net *net, struct sk_buff *skb);

int teredo_genl_init(void);
void teredo_genl_uninit(void);

#endif /* _TEREDO_NETLINK_H */
