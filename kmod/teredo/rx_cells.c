// SPDX-License-Identifier: GPL-2.0
/*
 * The way up for decapsulated TCP: a queue and a NAPI context per CPU,
 * as the kernel's gro_cells, with one difference. GRO runs only for a
 * packet it could merge. One the UDP socket's GRO merged already (gro.c)
 * and a segment without payload (an ACK) have nothing to merge, yet a
 * second pass would walk its lookups for each. They go straight up,
 * unless GRO holds or has batched something, which could be of the same
 * flow and must not be overtaken; then they take GRO's way too.
 */
#include "device.h"
#include "../compat.h"

#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <net/gro.h>

struct teredo_rx_cell {
	struct sk_buff_head queue;
	struct napi_struct napi;
	local_lock_t bh_lock;	/* the queue, under PREEMPT_RT */
	struct teredo_rx_cells *owner;
};

/*
 * What GRO cannot merge with anything: a packet merged already, and a
 * segment without payload (a pure ACK), as GRO merges only payload.
 */
static bool teredo_rx_cell_unmergeable(const struct sk_buff *skb)
{
	const struct tcphdr *th;
	struct tcphdr buf;

	if (skb_is_gso(skb))
		return true;
	/* The cells take TCP right after the IPv6 header only (rx.c). */
	th = skb_header_pointer(skb, sizeof(struct ipv6hdr), sizeof(buf), &buf);
	return th && skb->len == sizeof(struct ipv6hdr) + th->doff * 4;
}

static int teredo_rx_cell_poll(struct napi_struct *napi, int budget)
{
	struct teredo_rx_cell *cell;
	struct sk_buff *skb;
	int done = 0;

	cell = container_of(napi, struct teredo_rx_cell, napi);
	while (done < budget) {
		/*
		 * NAPI polls where it was scheduled: this CPU's cell is
		 * @cell. The lock is not held up the stack, where another
		 * tunnel's cell may be taken.
		 */
		teredo_compat_lock_nested_bh(&cell->owner->cells->bh_lock);
		skb = __skb_dequeue(&cell->queue);
		teredo_compat_unlock_nested_bh(&cell->owner->cells->bh_lock);
		if (!skb)
			break;
		if (teredo_rx_cell_unmergeable(skb) &&
		    teredo_compat_gro_idle(napi))
			netif_receive_skb(skb);
		else
			napi_gro_receive(napi, skb);
		done++;
	}
	if (done < budget)
		napi_complete_done(napi, done);
	return done;
}

/* Up @skb, whose dev is ours; with BH off. What comes when down is dropped. */
int teredo_rx_cells_receive(struct teredo_rx_cells *cells, struct sk_buff *skb)
{
	struct net_device *dev = skb->dev;
	struct teredo_rx_cell *cell;

	if (unlikely(!(dev->flags & IFF_UP)))
		goto drop;
	if (skb_cloned(skb) || netif_elide_gro(dev))
		return netif_rx(skb);

	teredo_compat_lock_nested_bh(&cells->cells->bh_lock);
	cell = this_cpu_ptr(cells->cells);
	if (skb_queue_len(&cell->queue) > teredo_compat_max_backlog()) {
		teredo_compat_unlock_nested_bh(&cells->cells->bh_lock);
		goto drop;
	}
	__skb_queue_tail(&cell->queue, skb);
	if (skb_queue_len(&cell->queue) == 1)
		napi_schedule(&cell->napi);
	teredo_compat_unlock_nested_bh(&cells->cells->bh_lock);
	return NET_RX_SUCCESS;

drop:
	dev_core_stats_rx_dropped_inc(dev);
	kfree_skb(skb);
	return NET_RX_DROP;
}

int teredo_rx_cells_init(struct teredo_rx_cells *cells, struct net_device *dev)
{
	int cpu;

	cells->cells = alloc_percpu(struct teredo_rx_cell);
	if (!cells->cells)
		return -ENOMEM;
	for_each_possible_cpu(cpu) {
		struct teredo_rx_cell *cell = per_cpu_ptr(cells->cells, cpu);

		__skb_queue_head_init(&cell->queue);
		local_lock_init(&cell->bh_lock);
		cell->owner = cells;
		/* Busy polling would find no queue of ours to spin on. */
		set_bit(NAPI_STATE_NO_BUSY_POLL, &cell->napi.state);
		netif_napi_add(dev, &cell->napi, teredo_rx_cell_poll);
		napi_enable(&cell->napi);
	}
	return 0;
}

struct teredo_rx_cells_free {
	struct rcu_head rcu;
	struct teredo_rx_cell __percpu *cells;
};

static void teredo_rx_cells_free_rcu(struct rcu_head *head)
{
	struct teredo_rx_cells_free *f;

	f = container_of(head, struct teredo_rx_cells_free, rcu);
	free_percpu(f->cells);
	kfree(f);
}

/*
 * The cells go once no reader can be in them: netpoll walks the
 * device's NAPI list under RCU. Teardown may run in a netns's cleanup,
 * which must not wait for a grace period, hence call_rcu().
 */
void teredo_rx_cells_destroy(struct teredo_rx_cells *cells)
{
	struct teredo_rx_cells_free *f;
	int cpu;

	if (!cells->cells)
		return;
	for_each_possible_cpu(cpu) {
		struct teredo_rx_cell *cell = per_cpu_ptr(cells->cells, cpu);

		napi_disable(&cell->napi);
		__netif_napi_del(&cell->napi);
		__skb_queue_purge(&cell->queue);
	}
	f = kmalloc(sizeof(*f), GFP_KERNEL | __GFP_NOWARN);
	if (f) {
		f->cells = cells->cells;
		call_rcu(&f->rcu, teredo_rx_cells_free_rcu);
	} else {
		synchronize_rcu_expedited();
		free_percpu(cells->cells);
	}
	cells->cells = NULL;
}
