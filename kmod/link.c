// SPDX-License-Identifier: GPL-2.0
/*
 * What the teredo and stf link kinds have in common: both are IPv6
 * point-to-point devices without link-layer header that encapsulate into
 * IPv4.
 */
#include "link.h"
#include "ethtool.h"
#include "compat.h"

#include <linux/if_arp.h>
#include <linux/ipv6.h>
#include <net/ip.h>
#include <net/netlink.h>

void teredo_link_setup(struct net_device *dev, unsigned int encap_len)
{
	dev->type = ARPHRD_NONE;
	dev->flags = IFF_POINTOPOINT | IFF_NOARP;
	dev->priv_flags |= IFF_NO_QUEUE;
	/* xmit needs the IPv6 route: its gateway and its PMTU. */
	netif_keep_dst(dev);
	dev->hard_header_len = 0;
	dev->addr_len = 0;
	dev->needed_headroom = LL_MAX_HEADER + encap_len;
	dev->min_mtu = IPV6_MIN_MTU;
	dev->max_mtu = IP_MAX_MTU - encap_len;
	dev->pcpu_stat_type = NETDEV_PCPU_STAT_TSTATS;
	dev->needs_free_netdev = true;
	dev->ethtool_ops = &teredo_ethtool_ops;
	teredo_compat_set_lltx_netns_local(dev);
}

int teredo_link_validate(struct nlattr *tb[], struct nlattr *data[],
			 struct netlink_ext_ack *extack)
{
	if (tb[IFLA_ADDRESS]) {
		NL_SET_ERR_MSG_ATTR(extack, tb[IFLA_ADDRESS],
				    "tunnel devices have no link-layer address");
		return -EINVAL;
	}
	return 0;
}
