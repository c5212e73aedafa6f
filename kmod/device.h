/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _TEREDO_DEVICE_H
#define _TEREDO_DEVICE_H

#include <linux/netdevice.h>

#include "counters.h"

/* Private state of a "teredo" link. */
struct teredo_dev {
	struct net_device *dev;
	struct teredo_counters __percpu *counters;
	u8 mode;	/* enum teredo_mode */
	u8 state;	/* enum teredo_state; written under RTNL */
};

#endif /* _TEREDO_DEVICE_H */
