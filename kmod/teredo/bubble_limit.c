// SPDX-License-Identifier: GPL-2.0
/*
 * Per-destination bubble rate: a token bucket per hash slot, a second's
 * worth deep. Bubbles are rare next to data (a few per new peer), so a
 * slot's lock is hardly ever contended; data never comes here.
 */
#include "bubble_limit.h"

#include <linux/jiffies.h>
#include <linux/minmax.h>
#include <linux/random.h>

void teredo_bubble_limit_init(struct teredo_bubble_limit *bl)
{
	unsigned int i;

	bl->rate = TEREDO_BUBBLE_RATE_DEFAULT;
	get_random_bytes(&bl->key, sizeof(bl->key));
	for (i = 0; i < ARRAY_SIZE(bl->slot); i++) {
		spin_lock_init(&bl->slot[i].lock);
		bl->slot[i].stamp = jiffies;
		bl->slot[i].tokens = bl->rate;
	}
}

bool teredo_bubble_allowed(struct teredo_bubble_limit *bl, __be32 daddr)
{
	u32 rate = READ_ONCE(bl->rate), now = jiffies, elapsed, earned;
	struct teredo_bubble_slot *s;
	bool ok;

	if (!rate)
		return true;
	s = &bl->slot[siphash_1u32((__force u32)daddr, &bl->key) &
		      (ARRAY_SIZE(bl->slot) - 1)];
	spin_lock_bh(&s->lock);
	/*
	 * A second refills the bucket: no need to count further. The
	 * clock moves on only with a whole token earned, so that a slow
	 * rate is not lost to rounding when asked every tick.
	 */
	elapsed = min_t(u32, now - s->stamp, HZ);
	earned = div_u64((u64)rate * elapsed, HZ);
	if (earned) {
		s->tokens = min_t(u64, (u64)s->tokens + earned, rate);
		s->stamp = now;
	}
	/* The rate may have been lowered since the bucket filled. */
	s->tokens = min(s->tokens, rate);
	ok = s->tokens > 0;
	if (ok)
		s->tokens--;
	spin_unlock_bh(&s->lock);
	return ok;
}
