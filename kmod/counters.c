// SPDX-License-Identifier: GPL-2.0
/*
 * Per-CPU drop counters.
 */
#include "counters.h"

#include <linux/percpu.h>

struct teredo_counters __percpu *teredo_counters_alloc(void)
{
	struct teredo_counters __percpu *c;
	int cpu;

	c = alloc_percpu(struct teredo_counters);
	if (!c)
		return NULL;
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(c, cpu)->syncp);
	return c;
}

void teredo_counters_free(struct teredo_counters __percpu *c)
{
	free_percpu(c);
}

void teredo_count_drop(struct teredo_counters __percpu *c,
		       enum teredo_stats_attr reason)
{
	struct teredo_counters *pc;

	if (WARN_ON_ONCE(reason < TEREDO_DROP_FIRST ||
			 reason > TEREDO_STATS_MAX))
		return;
	/* Bottom halves off: the same CPU may count from process and softirq. */
	local_bh_disable();
	pc = this_cpu_ptr(c);
	u64_stats_update_begin(&pc->syncp);
	u64_stats_inc(&pc->drops[reason - TEREDO_DROP_FIRST]);
	u64_stats_update_end(&pc->syncp);
	local_bh_enable();
}

u64 teredo_counters_read(const struct teredo_counters __percpu *c,
			 enum teredo_stats_attr reason)
{
	unsigned int idx = reason - TEREDO_DROP_FIRST;
	u64 sum = 0;
	int cpu;

	if (reason < TEREDO_DROP_FIRST || reason > TEREDO_STATS_MAX)
		return 0;
	for_each_possible_cpu(cpu) {
		const struct teredo_counters *pc = per_cpu_ptr(c, cpu);
		unsigned int start;
		u64 v;

		do {
			start = u64_stats_fetch_begin(&pc->syncp);
			v = u64_stats_read(&pc->drops[idx]);
		} while (u64_stats_fetch_retry(&pc->syncp, start));
		sum += v;
	}
	return sum;
}
