/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _TEREDO_STF_H
#define _TEREDO_STF_H

#include <linux/netdevice.h>

#include "counters.h"

/* Private state of an "stf" (6to4) link. */
struct stf_dev {
	struct net_device *dev;
	struct teredo_counters __percpu *counters;
	u8 state;	/* enum teredo_state; written under RTNL */
};

#endif /* _TEREDO_STF_H */
