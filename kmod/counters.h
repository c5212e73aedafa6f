/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-CPU drop counters, one per reason (enum teredo_stats_attr), kept
 * beside the tstats of the device so that every drop can be told apart
 * in "teredoctl show -s" while rx_dropped/tx_dropped still add up.
 */
#ifndef _TEREDO_COUNTERS_H
#define _TEREDO_COUNTERS_H

#include <linux/netdevice.h>
#include <linux/u64_stats_sync.h>
#include <uapi/linux/teredo.h>

#define TEREDO_DROP_FIRST	TEREDO_STATS_TX_NOT_CONFIGURED
#define TEREDO_DROP_COUNT	(TEREDO_STATS_MAX + 1 - TEREDO_DROP_FIRST)

struct teredo_counters {
	u64_stats_t drops[TEREDO_DROP_COUNT];
	struct u64_stats_sync syncp;
};

struct teredo_counters __percpu *teredo_counters_alloc(void);
void teredo_counters_free(struct teredo_counters __percpu *c);
u64 teredo_counters_read(const struct teredo_counters __percpu *c,
			 enum teredo_stats_attr reason);

void teredo_count_drop(struct teredo_counters __percpu *c,
		       enum teredo_stats_attr reason);

/* Count something that is not a drop (TEREDO_STATS_BUBBLES_SENT...). */
static inline void teredo_count_event(struct teredo_counters __percpu *c,
				      enum teredo_stats_attr what)
{
	teredo_count_drop(c, what);
}

/* Count and free a packet dropped on the way out of @dev. */
static inline void teredo_tx_drop(struct net_device *dev,
				  struct teredo_counters __percpu *c,
				  struct sk_buff *skb,
				  enum teredo_stats_attr reason)
{
	teredo_count_drop(c, reason);
	dev_core_stats_tx_dropped_inc(dev);
	kfree_skb(skb);
}

/* Count and free a packet dropped on the way in to @dev. */
static inline void teredo_rx_drop(struct net_device *dev,
				  struct teredo_counters __percpu *c,
				  struct sk_buff *skb,
				  enum teredo_stats_attr reason)
{
	teredo_count_drop(c, reason);
	dev_core_stats_rx_dropped_inc(dev);
	kfree_skb(skb);
}

#endif /* _TEREDO_COUNTERS_H */
