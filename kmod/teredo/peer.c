// SPDX-License-Identifier: GPL-2.0
/*
 * The peer table: an RCU hash of peers keyed by IPv6 address, an age
 * list for eviction and expiry, and the per-peer packet queue that holds
 * traffic until the peer has proven its mapping.
 */
#include "peer.h"

#include <linux/jiffies.h>
#include <linux/log2.h>
#include <linux/netdevice.h>
#include <linux/overflow.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/time.h>
#include <linux/icmpv6.h>
#include <crypto/algapi.h>
#include <net/ipv6.h>

/* How many of the oldest peers eviction looks at for the best victim. */
#define TEREDO_EVICT_SCAN	64
/* A proven peer this recently heard from is not evicted while others can be. */
#define TEREDO_EVICT_ACTIVE	(2 * HZ)
#define TEREDO_GC_PERIOD	HZ
#define TEREDO_GC_BUCKETS	1024	/* per batch, under the table lock */
/* Peers unlinked per batch by a trim or a flush, under the table lock. */
#define TEREDO_UNLINK_BATCH	256
/*
 * Evictions one new peer may make: one, unless a lower bound is being
 * applied at that moment (teredo_peers_trim() does the bulk).
 */
#define TEREDO_EVICT_PER_NEW	4

/* Their own cache, so that nothing but peers shares their slabs. */
static struct kmem_cache *teredo_peer_cache;

int __init teredo_peer_cache_init(void)
{
	BUILD_BUG_ON(offsetofend(struct teredo_peer, tx_packets) > L1_CACHE_BYTES);
	BUILD_BUG_ON(sizeof(union teredo_peer_map) != sizeof(u64));
	BUILD_BUG_ON(offsetof(struct teredo_peer, map) % sizeof(u64));
	/* Two lines, but for a debug kernel's larger locks. */
	BUILD_BUG_ON(sizeof(spinlock_t) <= sizeof(u32) &&
		     sizeof(struct teredo_peer) > 2 * L1_CACHE_BYTES);
	/* Aligned by the type: a peer starts on a cache line. */
	teredo_peer_cache = KMEM_CACHE(teredo_peer, 0);
	return teredo_peer_cache ? 0 : -ENOMEM;
}

void teredo_peer_cache_exit(void)
{
	/*
	 * This module's RCU callbacks finish first: the peers they free
	 * come back, and a deleted device's rx cells go (rx_cells.c).
	 */
	rcu_barrier();
	kmem_cache_destroy(teredo_peer_cache);
}

static void teredo_peer_free_rcu(struct rcu_head *rcu)
{
	kmem_cache_free(teredo_peer_cache,
			container_of(rcu, struct teredo_peer, rcu));
}

static struct hlist_head *teredo_peer_bucket(const struct teredo_peers *peers,
					     struct teredo_peer_table *tbl,
					     const struct in6_addr *addr)
{
	u64 h = siphash(addr, sizeof(*addr), &peers->key);

	return &tbl->buckets[hash_64(h, tbl->bits)];
}

/* The counter of peers for a mapping; 0 for none (a peer without one). */
static u32 teredo_map_slot(const struct teredo_peers *peers,
			   const struct teredo_peer_table *tbl,
			   __be32 addr, __be16 port)
{
	if (!addr)
		return 0;
	return hash_64(siphash_2u32((__force u32)addr, (__force u16)port,
				    &peers->key), tbl->bits + 2);
}

/* The table as readers and the table lock's holders see it. */
static struct teredo_peer_table *teredo_peers_table(struct teredo_peers *peers)
{
	return rcu_dereference_check(peers->table, rcu_read_lock_bh_held() ||
				     lockdep_is_held(&peers->lock));
}

/* Where a resize moves the peers, while it does; else NULL. */
static struct teredo_peer_table *teredo_peers_future(struct teredo_peers *peers)
{
	return rcu_dereference_check(peers->future, rcu_read_lock_bh_held() ||
				     lockdep_is_held(&peers->lock));
}

/* Where a new peer goes: the future table during a resize. Table lock. */
static struct teredo_peer_table *teredo_peers_insert_table(struct teredo_peers *peers)
{
	return teredo_peers_future(peers) ?: teredo_peers_table(peers);
}

/* The table @peer is in, whose mapping counts it. Table lock. */
static struct teredo_peer_table *teredo_peer_table_of(struct teredo_peers *peers,
						      const struct teredo_peer *peer)
{
	struct teredo_peer_table *future = teredo_peers_future(peers);

	return future && peer->table_gen == future->gen ?
	       future : teredo_peers_table(peers);
}

static struct teredo_peer *teredo_peer_find(struct teredo_peers *peers,
					    struct teredo_peer_table *tbl,
					    const struct in6_addr *addr)
{
	struct teredo_peer *peer;

	hlist_for_each_entry_rcu(peer, teredo_peer_bucket(peers, tbl, addr), node,
				 rcu_read_lock_bh_held() ||
				 lockdep_is_held(&peers->lock))
		if (ipv6_addr_equal(&peer->addr, addr))
			return peer;
	return NULL;
}

/* In the table, and in the one a resize fills, while it does. */
static struct teredo_peer *teredo_peer_find_any(struct teredo_peers *peers,
						const struct in6_addr *addr)
{
	struct teredo_peer_table *future = teredo_peers_future(peers);
	struct teredo_peer *peer = NULL;

	if (unlikely(future))
		peer = teredo_peer_find(peers, future, addr);
	return peer ?: teredo_peer_find(peers, teredo_peers_table(peers), addr);
}

struct teredo_peer *teredo_peer_lookup(struct teredo_peers *peers,
				       const struct in6_addr *addr)
{
	struct teredo_peer_hint *hint = this_cpu_ptr(peers->hint);
	/*
	 * Read before the table (acquire): a peer found in it afterwards
	 * had not left when the count was read (teredo_peer_unlink()).
	 */
	u64 unlinked = atomic64_read_acquire(&peers->unlinked);
	struct teredo_peer *peer = hint->peer;

	if (peer && hint->unlinked == unlinked &&
	    ipv6_addr_equal(&peer->addr, addr))
		return peer;
	peer = teredo_peer_find_any(peers, addr);
	if (peer) {
		hint->peer = peer;
		hint->unlinked = unlinked;
	}
	return peer;
}

/*
 * Both stamps are younger than the expiry (a day at most) plus a tick.
 * A local peer announces itself every 200 to 300 s only (RFC 4380
 * 5.2.8): it outlives the announcements' gap, as in Miredo.
 */
static bool teredo_peer_expired(const struct teredo_peers *peers,
				const struct teredo_peer *peer, u32 now)
{
	u32 life = READ_ONCE(peers->expiry);

	if (READ_ONCE(peer->local))
		life = max_t(u32, life, TEREDO_PEER_LOCAL_EXPIRY);
	life *= HZ;

	return teredo_peer_idle(peer, now) > life;
}

/* Move the queue to @out, in order. */
static void teredo_peer_dequeue_locked(struct teredo_peers *peers,
				       struct teredo_peer *peer,
				       struct sk_buff_head *out)
{
	struct sk_buff *skb, *next;
	unsigned int held = 0;

	lockdep_assert_held(&peer->lock);
	for (skb = peer->queue; skb; skb = next) {
		next = skb->next;
		held += teredo_queued_cb(skb)->inbound;
		__skb_queue_tail(out, skb);
	}
	atomic_sub(held, &peers->held);
	atomic_sub(peer->queue_len - held, &peers->queued);
	peer->queue = NULL;
	WRITE_ONCE(peer->queue_len, 0);
}

/*
 * Unlink under the table lock; RCU readers may still hold it. What it
 * had queued moves to @orphans, for teredo_peers_orphans() once the lock
 * is dropped. The peer goes to @dead, for teredo_peers_free_dead(), or
 * without @dead to an RCU callback.
 */
static void teredo_peer_unlink(struct teredo_peers *peers,
			       struct teredo_peer *peer,
			       struct sk_buff_head *orphans,
			       struct list_head *dead)
{
	u8 *n = &teredo_peer_table_of(peers, peer)->map_count[peer->map_slot];

	lockdep_assert_held(&peers->lock);
	hlist_del_rcu(&peer->node);
	/* After the unlink (release): no CPU's hint can name it any more. */
	smp_mb__before_atomic();
	atomic64_inc(&peers->unlinked);
	list_del(&peer->age);
	if (peer->map_slot && *n)
		(*n)--;
	WRITE_ONCE(peers->count, peers->count - 1);
	/* Nobody can queue once dead is set under the peer's lock. */
	spin_lock(&peer->lock);
	peer->dead = true;
	teredo_peer_dequeue_locked(peers, peer, orphans);
	spin_unlock(&peer->lock);
	if (dead)
		list_add_tail(&peer->age, dead);
	else
		call_rcu(&peer->rcu, teredo_peer_free_rcu);
}

/*
 * Free what bulk unlinking (a trim, a flush) left on @dead, after one
 * grace period for them all, a batch at a time. Freed from RCU
 * callbacks instead, hundreds of thousands of peers would be freed in
 * softirq on this CPU, on the time of whichever task happened to be
 * there (and before 6.2, once ksoftirqd took them over, every softirq
 * there would wait behind it). Process context.
 */
static void teredo_peers_free_dead(struct list_head *dead)
{
	struct teredo_peer *peer, *next;
	unsigned int n = 0;

	if (list_empty(dead))
		return;
	synchronize_net();
	list_for_each_entry_safe(peer, next, dead, age) {
		kmem_cache_free(teredo_peer_cache, peer);
		if (++n % TEREDO_UNLINK_BATCH == 0)
			cond_resched();
	}
}

/*
 * Packets that waited for a peer that is gone are undeliverable, as when
 * neighbour discovery fails: counted, and (@icmp) each answered with an
 * ICMPv6 address unreachable, which the stack rate-limits. Called without
 * the table lock: the error may come back through our own xmit. A
 * stranger's packet held on its way in was never proven: dropped as
 * such, and its sender told nothing.
 */
static void teredo_peers_orphans(struct teredo_peers *peers,
				 struct sk_buff_head *orphans, bool icmp)
{
	struct sk_buff *skb;

	while ((skb = __skb_dequeue(orphans))) {
		if (teredo_queued_cb(skb)->inbound) {
			teredo_rx_drop(peers->dev, peers->counters, skb,
				       TEREDO_STATS_RX_UNTRUSTED);
			continue;
		}
		if (icmp)
			icmpv6_ndo_send(skb, ICMPV6_DEST_UNREACH,
					ICMPV6_ADDR_UNREACH, 0);
		teredo_tx_drop(peers->dev, peers->counters, skb,
			       TEREDO_STATS_TX_UNREACHABLE);
	}
}

/*
 * How much a peer is worth keeping: one in a two-way conversation (we
 * sent to it and it answered) over one that only sent to us, as a flood
 * of spoofed peers does, over one that never proved its mapping.
 */
static int teredo_peer_worth(const struct teredo_peers *peers,
			     const struct teredo_peer *peer, u32 now)
{
	if (!teredo_peer_trusted(peer) || teredo_peer_expired(peers, peer, now))
		return 0;
	return READ_ONCE(peer->last_tx) ? 2 : 1;
}

/* Whether @a is a better victim than @b. */
static bool teredo_peer_evict_before(struct teredo_peer *a, int aworth,
				     struct teredo_peer *b, int bworth)
{
	return !b || aworth < bworth ||
	       (aworth == bworth &&
		time_before32(teredo_peer_active(a), teredo_peer_active(b)));
}

/*
 * Make room, looking at a bounded number of peers from the head of the
 * age list: the first one worth nothing goes, else the least worth, idle
 * longest. A proven peer active within TEREDO_EVICT_ACTIVE is passed
 * over and goes to the tail (a second chance, as CLOCK gives), so that
 * busy long-lived peers never sit in the window while a flood of new
 * ones grows behind them; only when every peer looked at is such a one
 * does the least worth, idle longest of them go.
 */
static void teredo_peer_evict(struct teredo_peers *peers,
			      struct sk_buff_head *orphans,
			      struct list_head *dead)
{
	struct teredo_peer *peer, *next, *victim = NULL, *busy = NULL;
	int worth, vworth = 0, bworth = 0;
	u32 now = teredo_stamp();
	unsigned int scanned = 0;
	LIST_HEAD(rotated);

	list_for_each_entry_safe(peer, next, &peers->age, age) {
		if (scanned++ == TEREDO_EVICT_SCAN)
			break;
		worth = teredo_peer_worth(peers, peer, now);
		if (!worth) {
			victim = peer;
			break;
		}
		if (teredo_peer_idle(peer, now) < TEREDO_EVICT_ACTIVE) {
			if (teredo_peer_evict_before(peer, worth, busy, bworth)) {
				busy = peer;
				bworth = worth;
			}
			list_move_tail(&peer->age, &rotated);
			continue;
		}
		if (teredo_peer_evict_before(peer, worth, victim, vworth)) {
			victim = peer;
			vworth = worth;
		}
	}
	list_splice_tail(&rotated, &peers->age);
	if (!victim)
		victim = busy;
	if (victim) {
		teredo_peer_notify(peers, victim, TEREDO_EVENT_PEER_EVICTED);
		teredo_peer_unlink(peers, victim, orphans, dead);
		teredo_count_event(peers->counters, TEREDO_STATS_PEERS_EVICTED);
	}
}

struct teredo_peer *teredo_peer_get(struct teredo_peers *peers,
				    const struct in6_addr *addr,
				    __be32 map_addr, __be16 map_port,
				    bool trusted, gfp_t gfp)
{
	unsigned int bound = READ_ONCE(peers->mapping_peers), i;
	struct teredo_peer *peer, *old;
	struct teredo_peer_table *tbl;
	struct sk_buff_head orphans;
	u8 *n;

	peer = teredo_peer_lookup(peers, addr);
	if (peer)
		return peer;
	peer = kmem_cache_zalloc(teredo_peer_cache, gfp);
	if (!peer)
		return ERR_PTR(-ENOMEM);
	peer->addr = *addr;
	peer->map.addr = map_addr;
	peer->map.port = map_port;
	peer->map.trusted = trusted;
	peer->created = teredo_stamp();
	spin_lock_init(&peer->lock);

	__skb_queue_head_init(&orphans);
	spin_lock_bh(&peers->lock);
	/* Someone may have added it since the lock-free lookup. */
	old = teredo_peer_lookup(peers, addr);
	if (old) {
		spin_unlock_bh(&peers->lock);
		kmem_cache_free(teredo_peer_cache, peer);
		return old;
	}
	/*
	 * One sender varying the rest of its Teredo address (server, flags)
	 * could otherwise fill the table from a single mapping.
	 */
	tbl = teredo_peers_insert_table(peers);
	peer->table_gen = tbl->gen;
	peer->map_slot = teredo_map_slot(peers, tbl, map_addr, map_port);
	n = &tbl->map_count[peer->map_slot];
	if (peer->map_slot && bound && *n >= bound) {
		spin_unlock_bh(&peers->lock);
		kmem_cache_free(teredo_peer_cache, peer);
		return ERR_PTR(-ENOSPC);
	}
	for (i = 0; i < TEREDO_EVICT_PER_NEW &&
		    peers->count >= READ_ONCE(peers->max) && peers->count; i++)
		teredo_peer_evict(peers, &orphans, NULL);
	if (peer->map_slot && *n < U8_MAX)
		(*n)++;
	hlist_add_head_rcu(&peer->node, teredo_peer_bucket(peers, tbl, addr));
	list_add_tail(&peer->age, &peers->age);
	WRITE_ONCE(peers->count, peers->count + 1);
	/* Expiry runs only while there is something to expire. */
	if (peers->count == 1)
		schedule_delayed_work(&peers->gc, TEREDO_GC_PERIOD);
	spin_unlock_bh(&peers->lock);
	teredo_peers_orphans(peers, &orphans, true);
	return peer;
}

int teredo_peer_del(struct teredo_peers *peers, const struct in6_addr *addr)
{
	struct sk_buff_head orphans;
	struct teredo_peer *peer;
	int err = -ENOENT;

	__skb_queue_head_init(&orphans);
	spin_lock_bh(&peers->lock);
	peer = teredo_peer_lookup(peers, addr);
	if (peer) {
		teredo_peer_unlink(peers, peer, &orphans, NULL);
		err = 0;
	}
	spin_unlock_bh(&peers->lock);
	teredo_peers_orphans(peers, &orphans, true);
	return err;
}

/* A new mapping and trust, as one write; under @peer->lock. */
static void teredo_peer_set_map(struct teredo_peer *peer, __be32 addr,
				__be16 port, bool trusted, bool predicted)
{
	union teredo_peer_map m = {
		.addr = addr, .port = port, .trusted = trusted,
		.predicted = trusted && predicted,
	};

	lockdep_assert_held(&peer->lock);
	WRITE_ONCE(peer->map.word, m.word);
}

void teredo_peer_claim(struct teredo_peer *peer, bool local, bool trusted,
		       __be32 map_addr, __be16 map_port)
{
	spin_lock_bh(&peer->lock);
	WRITE_ONCE(peer->local, local);
	if (!trusted)
		teredo_peer_set_map(peer, map_addr, map_port, false, false);
	spin_unlock_bh(&peer->lock);
	/* Userland heard its announcement: that keeps a local peer alive. */
	if (local)
		teredo_peer_touch(&peer->last_rx);
}

void teredo_peer_trust(struct teredo_peers *peers, struct teredo_peer *peer,
		       __be32 map_addr, __be16 map_port, bool predicted)
{
	bool was;

	spin_lock_bh(&peer->lock);
	was = peer->map.trusted;
	teredo_peer_set_map(peer, map_addr, map_port, true, predicted);
	peer->ping_pending = false;
	/* The budget bounds probes nobody answers: this one was. */
	peer->window_probes = 0;
	spin_unlock_bh(&peer->lock);
	if (!was)
		teredo_peer_notify(peers, peer, TEREDO_EVENT_PEER_TRUSTED);
}

void teredo_peer_forget_predicted(struct teredo_peer *peer)
{
	spin_lock_bh(&peer->lock);
	if (peer->map.trusted && peer->map.predicted)
		teredo_peer_set_map(peer, peer->map.addr, peer->map.port,
				    false, false);
	spin_unlock_bh(&peer->lock);
}

/*
 * A stale stamp (a peer trusted for 49 days, then not) can look recent
 * after the wrap: that delays its probes, never adds to them.
 */
bool teredo_peer_may_probe(struct teredo_peer *peer)
{
	u32 now = teredo_stamp();
	bool ok = false;

	spin_lock_bh(&peer->lock);
	if (!peer->window_probes ||
	    teredo_stamp_age(peer->window_start, now) > TEREDO_PROBE_WINDOW) {
		peer->window_start = now;
		peer->window_probes = 0;
	}
	if (peer->window_probes < TEREDO_PROBE_BURST &&
	    (!peer->window_probes ||
	     teredo_stamp_age(peer->last_probe, now) >= TEREDO_PROBE_INTERVAL)) {
		peer->last_probe = now;
		peer->window_probes++;
		peer->probes++;
		ok = true;
	}
	spin_unlock_bh(&peer->lock);
	return ok;
}

bool teredo_peer_may_refresh(struct teredo_peer *peer)
{
	u32 now = teredo_stamp();
	bool ok;

	spin_lock_bh(&peer->lock);
	ok = teredo_stamp_age(peer->last_probe, now) >= TEREDO_PROBE_INTERVAL;
	if (ok)
		peer->last_probe = now;
	spin_unlock_bh(&peer->lock);
	return ok;
}

enum teredo_stats_attr teredo_peer_enqueue(struct teredo_peers *peers,
					   struct teredo_peer *peer,
					   struct sk_buff *skb)
{
	bool inbound = teredo_queued_cb(skb)->inbound;
	atomic_t *total = inbound ? &peers->held : &peers->queued;
	bool queued = false, reported = true;
	struct sk_buff **tail;

	/*
	 * It outlives the RCU section it came in: a noref dst must be held.
	 * That fails only when the route is going away. (One coming in was
	 * decapsulated, its dst dropped.)
	 */
	if (!inbound && !skb_dst_force(skb))
		return TEREDO_STATS_TX_NO_ROUTE;
	/*
	 * Waiting out a connectivity test takes seconds: the sender's socket,
	 * and with it its netns, must not stay pinned that long (the queue
	 * is bounded, so nothing is lost by ending write accounting here).
	 */
	skb_orphan(skb);
	if (atomic_inc_return(total) >
	    (inbound ? TEREDO_HELD_TOTAL : TEREDO_QUEUE_TOTAL)) {
		atomic_dec(total);
		return TEREDO_STATS_TX_QUEUE_FULL;
	}
	spin_lock_bh(&peer->lock);
	if (!peer->dead && peer->queue_len < TEREDO_PEER_QUEUE_LEN) {
		/* Short (the bound above): walking it beats a tail pointer. */
		for (tail = &peer->queue; *tail; tail = &(*tail)->next)
			;
		skb->next = NULL;
		*tail = skb;
		WRITE_ONCE(peer->queue_len, peer->queue_len + 1);
		queued = true;
	} else {
		/* Once per peer: a stuck peer must not flood the listeners. */
		reported = peer->overflowed;
		peer->overflowed = true;
	}
	spin_unlock_bh(&peer->lock);
	if (queued)
		return TEREDO_STATS_UNSPEC;
	atomic_dec(total);
	if (!reported)
		teredo_peer_notify(peers, peer, TEREDO_EVENT_QUEUE_FULL);
	return TEREDO_STATS_TX_QUEUE_FULL;
}

void teredo_peer_dequeue_all(struct teredo_peers *peers,
			     struct teredo_peer *peer,
			     struct sk_buff_head *out)
{
	spin_lock_bh(&peer->lock);
	teredo_peer_dequeue_locked(peers, peer, out);
	spin_unlock_bh(&peer->lock);
}

/*
 * The test's payload is a keyed hash of the peer and the request's id
 * and sequence (both random), so that only a reply to this very request
 * matches, without the peer storing it.
 */
static void teredo_ping_data(struct teredo_peers *peers,
			     const struct teredo_peer *peer, __be16 id,
			     __be16 seq, u8 *data)
{
	const u64 *a = (const u64 *)peer->addr.s6_addr;
	u64 nonce = (u64)be16_to_cpu(id) << 16 | be16_to_cpu(seq);
	u64 h[2];

	BUILD_BUG_ON(sizeof(h) != TEREDO_PING_DATA_LEN);
	h[0] = siphash_3u64(a[0], a[1], nonce << 1, &peers->ping_key);
	h[1] = siphash_3u64(a[0], a[1], nonce << 1 | 1, &peers->ping_key);
	memcpy(data, h, sizeof(h));
}

/*
 * One test, one nonce: the tries repeat it until the peer is trusted, so
 * that a reply slower than the 2 s between tries still counts. Repeating
 * shows it to no one the first try did not.
 */
void teredo_peer_ping_start(struct teredo_peers *peers,
			    struct teredo_peer *peer, __be16 *id, __be16 *seq,
			    u8 *data)
{
	spin_lock_bh(&peer->lock);
	if (!peer->ping_pending) {
		u32 nonce = get_random_u32();

		peer->ping_id = (__force __be16)(nonce >> 16);
		peer->ping_seq = (__force __be16)nonce;
		peer->ping_pending = true;
	}
	*id = peer->ping_id;
	*seq = peer->ping_seq;
	spin_unlock_bh(&peer->lock);
	teredo_ping_data(peers, peer, *id, *seq, data);
}

bool teredo_peer_is_ping_reply(struct teredo_peers *peers,
			       struct teredo_peer *peer, __be16 id, __be16 seq,
			       const u8 *data)
{
	u8 want[TEREDO_PING_DATA_LEN];
	bool match;

	spin_lock_bh(&peer->lock);
	match = peer->ping_pending && id == peer->ping_id &&
		seq == peer->ping_seq;
	spin_unlock_bh(&peer->lock);
	if (!match)
		return false;
	teredo_ping_data(peers, peer, id, seq, want);
	return !crypto_memneq(data, want, sizeof(want));
}

/*
 * Expiry walks the hash a batch of buckets at a time, so that the table
 * lock is never held for long however many peers there are; batches of a
 * pass follow each other at once (the workqueue reschedules between
 * them), passes a period apart. While a trim, a resize or a flush is
 * emptying the table, a batch at a time too, expiry waits: on another
 * CPU its batches would only take turns with theirs at the lock.
 */
static void teredo_peers_gc(struct work_struct *work)
{
	struct teredo_peers *peers = container_of(to_delayed_work(work),
						  struct teredo_peers, gc);
	struct teredo_peer_table *tbl;
	struct sk_buff_head orphans;
	u32 now = teredo_stamp(), tx;
	struct teredo_peer *peer;
	struct hlist_node *next;
	unsigned int i, end, size;

	if (READ_ONCE(peers->bulk)) {
		schedule_delayed_work(&peers->gc, TEREDO_GC_PERIOD);
		return;
	}
	__skb_queue_head_init(&orphans);
	spin_lock_bh(&peers->lock);
	tbl = teredo_peers_table(peers);
	size = 1U << tbl->bits;
	/* The table may have shrunk since the last batch. */
	i = peers->gc_cursor < size ? peers->gc_cursor : 0;
	end = min(i + TEREDO_GC_BUCKETS, size);
	for (; i < end; i++) {
		hlist_for_each_entry_safe(peer, next, &tbl->buckets[i], node) {
			if (teredo_peer_expired(peers, peer, now)) {
				teredo_peer_notify(peers, peer,
						   TEREDO_EVENT_PEER_EXPIRED);
				teredo_peer_unlink(peers, peer, &orphans, NULL);
				teredo_count_event(peers->counters,
						   TEREDO_STATS_PEERS_EXPIRED);
				continue;
			}
			/* Keep its age from wrapping: it saturates instead. */
			tx = READ_ONCE(peer->last_tx);
			if (tx && teredo_stamp_age(tx, now) > TEREDO_STAMP_AGE_MAX)
				cmpxchg(&peer->last_tx, tx,
					(now - TEREDO_STAMP_AGE_MAX) ?: 1);
		}
	}
	peers->gc_cursor = end < size ? end : 0;
	/* Decided under the lock: the next peer added restarts us. */
	if (peers->count)
		schedule_delayed_work(&peers->gc, peers->gc_cursor ?
				      0 : TEREDO_GC_PERIOD);
	spin_unlock_bh(&peers->lock);
	teredo_peers_orphans(peers, &orphans, true);
}

struct teredo_peer_table *teredo_peers_table_for(struct teredo_peers *peers,
						 unsigned int max)
{
	unsigned int bits = max_t(unsigned int, ilog2(roundup_pow_of_two(max)) - 1,
				  TEREDO_PEER_HASH_BITS_MIN);
	struct teredo_peer_table *tbl;

	tbl = rtnl_dereference(peers->table);
	if (tbl && tbl->bits == bits)
		return NULL;
	tbl = kvzalloc(size_add(struct_size(tbl, buckets, 1UL << bits),
				4UL << bits), GFP_KERNEL_ACCOUNT);
	if (!tbl)
		return ERR_PTR(-ENOMEM);
	tbl->bits = bits;
	tbl->map_count = (u8 *)&tbl->buckets[1UL << bits];
	return tbl;
}

/*
 * Evict down to @max a batch at a time, softirqs and the scheduler let in
 * between: from a million peers to four is seconds of work under TCG,
 * which one BH-off section would turn into a stall. Process context.
 */
static void teredo_peers_trim(struct teredo_peers *peers, unsigned int max)
{
	struct sk_buff_head orphans;
	LIST_HEAD(dead);
	unsigned int n;

	do {
		__skb_queue_head_init(&orphans);
		spin_lock_bh(&peers->lock);
		for (n = 0; n < TEREDO_UNLINK_BATCH && peers->count > max; n++)
			teredo_peer_evict(peers, &orphans, &dead);
		n = peers->count > max;
		spin_unlock_bh(&peers->lock);
		teredo_peers_orphans(peers, &orphans, true);
		cond_resched();
	} while (n);
	teredo_peers_free_dead(&dead);
}

/*
 * Move the peers of @old's buckets from *@cursor on into peers->future,
 * TEREDO_UNLINK_BATCH at most (whole buckets), under the table lock.
 * Returns whether buckets are left. A reader inside a chain follows a
 * moved peer into its new chain: it may miss an entry, never loop.
 */
static bool teredo_peers_move(struct teredo_peers *peers,
			      struct teredo_peer_table *old, unsigned long *cursor)
{
	struct teredo_peer_table *tbl;
	unsigned long size = 1UL << old->bits;
	struct teredo_peer *peer;
	struct hlist_node *next;
	unsigned int moved = 0;
	bool left;

	spin_lock_bh(&peers->lock);
	tbl = teredo_peers_future(peers);
	for (; *cursor < size && moved < TEREDO_UNLINK_BATCH; (*cursor)++) {
		hlist_for_each_entry_safe(peer, next, &old->buckets[*cursor], node) {
			union teredo_peer_map m = teredo_peer_map(peer);
			u8 *n;

			hlist_del_rcu(&peer->node);
			hlist_add_head_rcu(&peer->node,
					   teredo_peer_bucket(peers, tbl, &peer->addr));
			peer->table_gen = tbl->gen;
			peer->map_slot = teredo_map_slot(peers, tbl, m.addr, m.port);
			n = &tbl->map_count[peer->map_slot];
			if (peer->map_slot && *n < U8_MAX)
				(*n)++;
			moved++;
		}
	}
	left = *cursor < size;
	spin_unlock_bh(&peers->lock);
	return left;
}

static void __teredo_peers_set_max(struct teredo_peers *peers,
				   struct teredo_peer_table *tbl,
				   unsigned int max)
{
	struct teredo_peer_table *old;
	unsigned long cursor = 0;

	/* Trimmed first, so that a smaller table takes few peers along. */
	if (max < READ_ONCE(peers->max)) {
		WRITE_ONCE(peers->max, max);
		teredo_peers_trim(peers, max);
	}
	if (!tbl) {
		WRITE_ONCE(peers->max, max);
		return;
	}
	/*
	 * New peers go to the new table from now on; the others move over a
	 * batch at a time, softirqs and the scheduler let in between: half a
	 * million peers rehashed in one BH-off section would be a stall.
	 */
	spin_lock_bh(&peers->lock);
	old = teredo_peers_table(peers);
	tbl->gen = old->gen + 1;
	rcu_assign_pointer(peers->future, tbl);
	spin_unlock_bh(&peers->lock);
	while (teredo_peers_move(peers, old, &cursor))
		cond_resched();
	spin_lock_bh(&peers->lock);
	rcu_assign_pointer(peers->table, tbl);
	RCU_INIT_POINTER(peers->future, NULL);
	WRITE_ONCE(peers->max, max);
	spin_unlock_bh(&peers->lock);
	kvfree_rcu(old, rcu);
}

void teredo_peers_set_max(struct teredo_peers *peers,
			  struct teredo_peer_table *tbl, unsigned int max)
{
	ASSERT_RTNL();
	WRITE_ONCE(peers->bulk, true);
	__teredo_peers_set_max(peers, tbl, max);
	WRITE_ONCE(peers->bulk, false);
}

int teredo_peers_init(struct teredo_peers *peers, struct net_device *dev,
		      struct teredo_counters __percpu *counters)
{
	struct teredo_peer_table *tbl;

	RCU_INIT_POINTER(peers->table, NULL);
	peers->hint = alloc_percpu(struct teredo_peer_hint);
	if (!peers->hint)
		return -ENOMEM;
	tbl = teredo_peers_table_for(peers, TEREDO_PEER_MAX_DEFAULT);
	if (IS_ERR(tbl)) {
		free_percpu(peers->hint);
		peers->hint = NULL;
		return PTR_ERR(tbl);
	}
	RCU_INIT_POINTER(peers->table, tbl);
	atomic64_set(&peers->unlinked, 0);
	RCU_INIT_POINTER(peers->future, NULL);
	spin_lock_init(&peers->lock);
	INIT_LIST_HEAD(&peers->age);
	peers->gc_cursor = 0;
	peers->bulk = false;
	peers->max = TEREDO_PEER_MAX_DEFAULT;
	peers->expiry = TEREDO_PEER_EXPIRY_DEFAULT;
	peers->mapping_peers = TEREDO_MAPPING_PEERS_DEFAULT;
	atomic_set(&peers->queued, 0);
	atomic_set(&peers->held, 0);
	get_random_bytes(&peers->key, sizeof(peers->key));
	get_random_bytes(&peers->ping_key, sizeof(peers->ping_key));
	peers->dev = dev;
	peers->counters = counters;
	INIT_DELAYED_WORK(&peers->gc, teredo_peers_gc);
	return 0;
}

/*
 * Every peer there is now goes, a batch at a time (as teredo_peers_trim());
 * peers the wire adds meanwhile may stay, as they would after a flush.
 * On the device's way out (@going) nothing may stay, no ICMPv6 error
 * goes back for what the peers had queued, and the peers go to RCU
 * callbacks: a grace period waited for here, for each device of a batch
 * being unregistered, would be one too many (teredo_dev_ndo_uninit()).
 */
static void __teredo_peers_flush(struct teredo_peers *peers, bool going)
{
	unsigned int n, left = going ? UINT_MAX : READ_ONCE(peers->count);
	struct teredo_peer *peer, *next;
	struct sk_buff_head orphans;
	LIST_HEAD(dead);
	bool more;

	do {
		__skb_queue_head_init(&orphans);
		n = 0;
		spin_lock_bh(&peers->lock);
		list_for_each_entry_safe(peer, next, &peers->age, age) {
			if (n == TEREDO_UNLINK_BATCH || n == left)
				break;
			teredo_peer_unlink(peers, peer, &orphans,
					   going ? NULL : &dead);
			n++;
		}
		left -= n;
		more = left && !list_empty(&peers->age);
		spin_unlock_bh(&peers->lock);
		teredo_peers_orphans(peers, &orphans, !going);
		cond_resched();
	} while (more);
	teredo_peers_free_dead(&dead);
}

void teredo_peers_flush(struct teredo_peers *peers)
{
	ASSERT_RTNL();
	WRITE_ONCE(peers->bulk, true);
	__teredo_peers_flush(peers, false);
	WRITE_ONCE(peers->bulk, false);
}

void teredo_peers_destroy(struct teredo_peers *peers)
{
	if (!rcu_access_pointer(peers->table))
		return;
	cancel_delayed_work_sync(&peers->gc);
	/* The device is going: no errors from it any more. */
	__teredo_peers_flush(peers, true);
	/* The table goes with the device, after readers are done. */
}

void teredo_peers_free(struct teredo_peers *peers)
{
	kvfree(rcu_dereference_protected(peers->table, true));
	RCU_INIT_POINTER(peers->table, NULL);
	free_percpu(peers->hint);
	peers->hint = NULL;
}
