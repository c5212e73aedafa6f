/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _TEREDO_DEVICE_H
#define _TEREDO_DEVICE_H

#include <linux/netdevice.h>
#include <net/sock.h>

#include "counters.h"

/* Private state of a "teredo" link. */
struct teredo_dev {
	struct net_device *dev;
	struct teredo_counters __percpu *counters;
	struct sock __rcu *sk;	/* the UDP socket from userland; RTNL */
	u8 mode;	/* enum teredo_mode; written under RTNL */
	u8 state;	/* enum teredo_state; written under RTNL */
	/* What qualification found out (client); written under RTNL. */
	__be32 server, server2;
	__be32 mapped_addr;
	u16 mapped_port;
	struct in6_addr addr6;
	bool qualified;
};

/* udp.c: the socket userland hands over. All under RTNL. */
int teredo_sock_attach(struct teredo_dev *td, int fd,
		       struct netlink_ext_ack *extack);
void teredo_sock_detach(struct teredo_dev *td);

/* device.c: state follows the socket and the mode; under RTNL. */
void teredo_dev_update_state(struct teredo_dev *td);

#endif /* _TEREDO_DEVICE_H */
