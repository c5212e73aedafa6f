/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bubble_limit.c: how many bubbles a teredo device sends any one IPv4
 * address a second. A bubble goes where a packet's Teredo destination
 * says (its mapping, its server): without a bound, anyone who can send
 * to a relay could aim its bubbles at a host of their choosing.
 */
#ifndef _TEREDO_BUBBLE_LIMIT_H
#define _TEREDO_BUBBLE_LIMIT_H

#include <linux/siphash.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <uapi/linux/teredo.h>

#define TEREDO_BUBBLE_SLOTS_BITS	8

/* A token bucket; addresses that hash alike share one. */
struct teredo_bubble_slot {
	spinlock_t lock;
	u32 stamp;		/* jiffies of the last refill */
	u32 tokens;
};

struct teredo_bubble_limit {
	u32 rate;		/* bubbles a second, 0: no limit; WRITE_ONCE */
	siphash_key_t key;
	struct teredo_bubble_slot slot[1 << TEREDO_BUBBLE_SLOTS_BITS];
};

void teredo_bubble_limit_init(struct teredo_bubble_limit *bl);
/* Whether one more bubble may go to @daddr now (and take its token). */
bool teredo_bubble_allowed(struct teredo_bubble_limit *bl, __be32 daddr);

#endif /* _TEREDO_BUBBLE_LIMIT_H */
