// SPDX-License-Identifier: GPL-2.0
/*
 * The peer table: an RCU hash of peers keyed by IPv6 address, an age
 * list for eviction and expiry, and the per-peer packet queue that holds
 * traffic until the peer has proven its mapping.
 */
#include "peer.h"

#include <linux/jiffies.h>
#include <linux/netdevice.h>
#include <linux/slab.h>
#include <net/ipv6.h>

/* How many of the oldest peers eviction looks at for the best victim. */
#define TEREDO_EVICT_SCAN	64
#define TEREDO_GC_PERIOD	HZ

static struct hlist_head *teredo_peer_bucket(struct teredo_peers *peers,
					     const struct in6_addr *addr)
{
	u64 h = siphash(addr, sizeof(*addr), &peers->key);

	return &peers->table[hash_64(h, TEREDO_PEER_HASH_BITS)];
}

struct teredo_peer *teredo_peer_lookup(struct teredo_peers *peers,
				       const struct in6_addr *addr)
{
	struct teredo_peer *peer;

	hlist_for_each_entry_rcu(peer, teredo_peer_bucket(peers, addr), node,
				 rcu_read_lock_bh_held() ||
				 lockdep_is_held(&peers->lock))
		if (ipv6_addr_equal(&peer->addr, addr))
			return peer;
	return NULL;
}

/* When the peer last showed life: its last packet, or its creation. */
static unsigned long teredo_peer_active(const struct teredo_peer *peer)
{
	unsigned long rx = READ_ONCE(peer->last_rx);

	return rx && time_after(rx, peer->created) ? rx : peer->created;
}

static bool teredo_peer_expired(const struct teredo_peers *peers,
				const struct teredo_peer *peer,
				unsigned long now)
{
	unsigned long life = READ_ONCE(peers->expiry) * HZ;

	return time_after(now, teredo_peer_active(peer) + life);
}

/* Unlink under the table lock; RCU readers may still hold it. */
static void teredo_peer_unlink(struct teredo_peers *peers,
			       struct teredo_peer *peer)
{
	unsigned int n;

	lockdep_assert_held(&peers->lock);
	hlist_del_rcu(&peer->node);
	list_del(&peer->age);
	WRITE_ONCE(peers->count, peers->count - 1);
	/* Nobody can queue once dead is set under the queue's lock. */
	spin_lock(&peer->queue.lock);
	peer->dead = true;
	n = skb_queue_len(&peer->queue);
	__skb_queue_purge(&peer->queue);
	spin_unlock(&peer->queue.lock);
	atomic_sub(n, &peers->queued);
	/* Packets that waited for a peer that never answered. */
	while (n--) {
		teredo_count_drop(peers->counters, TEREDO_STATS_TX_UNREACHABLE);
		dev_core_stats_tx_dropped_inc(peers->dev);
	}
	kfree_rcu(peer, rcu);
}

/*
 * How much a peer is worth keeping: one in a two-way conversation (we
 * sent to it and it answered) over one that only sent to us, as a flood
 * of spoofed peers does, over one that never proved its mapping.
 */
static int teredo_peer_worth(const struct teredo_peers *peers,
			     const struct teredo_peer *peer, unsigned long now)
{
	if (!READ_ONCE(peer->trusted) || teredo_peer_expired(peers, peer, now))
		return 0;
	return READ_ONCE(peer->last_tx) ? 2 : 1;
}

/*
 * Make room: among the oldest peers, the first one worth nothing goes,
 * else the least worth, idle longest. Bounded work either way.
 */
static void teredo_peer_evict(struct teredo_peers *peers)
{
	struct teredo_peer *peer, *victim = NULL;
	unsigned long now = jiffies;
	unsigned int scanned = 0;
	int worth, vworth = 0;

	list_for_each_entry(peer, &peers->age, age) {
		worth = teredo_peer_worth(peers, peer, now);
		if (!worth) {
			victim = peer;
			break;
		}
		if (!victim || worth < vworth ||
		    (worth == vworth &&
		     time_before(teredo_peer_active(peer),
				 teredo_peer_active(victim)))) {
			victim = peer;
			vworth = worth;
		}
		if (++scanned == TEREDO_EVICT_SCAN)
			break;
	}
	if (victim) {
		teredo_peer_notify(peers, victim, TEREDO_EVENT_PEER_EVICTED);
		teredo_peer_unlink(peers, victim);
		teredo_count_event(peers->counters, TEREDO_STATS_PEERS_EVICTED);
	}
}

struct teredo_peer *teredo_peer_get(struct teredo_peers *peers,
				    const struct in6_addr *addr,
				    __be32 map_addr, __be16 map_port,
				    bool trusted, gfp_t gfp)
{
	struct teredo_peer *peer, *old;

	peer = teredo_peer_lookup(peers, addr);
	if (peer)
		return peer;
	peer = kzalloc(sizeof(*peer), gfp);
	if (!peer)
		return NULL;
	peer->addr = *addr;
	peer->map_addr = map_addr;
	peer->map_port = map_port;
	peer->trusted = trusted;
	peer->created = jiffies;
	spin_lock_init(&peer->lock);
	skb_queue_head_init(&peer->queue);

	spin_lock_bh(&peers->lock);
	/* Someone may have added it since the lock-free lookup. */
	old = teredo_peer_lookup(peers, addr);
	if (old) {
		spin_unlock_bh(&peers->lock);
		kfree(peer);
		return old;
	}
	while (peers->count >= READ_ONCE(peers->max) && peers->count)
		teredo_peer_evict(peers);
	hlist_add_head_rcu(&peer->node, teredo_peer_bucket(peers, addr));
	list_add_tail(&peer->age, &peers->age);
	WRITE_ONCE(peers->count, peers->count + 1);
	/* Expiry runs only while there is something to expire. */
	if (peers->count == 1)
		schedule_delayed_work(&peers->gc, TEREDO_GC_PERIOD);
	spin_unlock_bh(&peers->lock);
	return peer;
}

int teredo_peer_del(struct teredo_peers *peers, const struct in6_addr *addr)
{
	struct teredo_peer *peer;
	int err = -ENOENT;

	spin_lock_bh(&peers->lock);
	peer = teredo_peer_lookup(peers, addr);
	if (peer) {
		teredo_peer_unlink(peers, peer);
		err = 0;
	}
	spin_unlock_bh(&peers->lock);
	return err;
}

void teredo_peer_trust(struct teredo_peers *peers, struct teredo_peer *peer,
		       __be32 map_addr, __be16 map_port)
{
	bool was;

	spin_lock_bh(&peer->lock);
	was = peer->trusted;
	WRITE_ONCE(peer->map_addr, map_addr);
	WRITE_ONCE(peer->map_port, map_port);
	WRITE_ONCE(peer->trusted, true);
	peer->ping_pending = false;
	spin_unlock_bh(&peer->lock);
	if (!was)
		teredo_peer_notify(peers, peer, TEREDO_EVENT_PEER_TRUSTED);
}

bool teredo_peer_may_probe(struct teredo_peer *peer)
{
	unsigned long now = jiffies;
	bool ok = false;

	spin_lock_bh(&peer->lock);
	if (!peer->window_probes ||
	    time_after(now, peer->window_start + TEREDO_PROBE_WINDOW)) {
		peer->window_start = now;
		peer->window_probes = 0;
	}
	if (peer->window_probes < TEREDO_PROBE_BURST &&
	    (!peer->window_probes ||
	     time_after_eq(now, peer->last_probe + TEREDO_PROBE_INTERVAL))) {
		peer->last_probe = now;
		peer->window_probes++;
		peer->probes++;
		ok = true;
	}
	spin_unlock_bh(&peer->lock);
	return ok;
}

bool teredo_peer_enqueue(struct teredo_peers *peers, struct teredo_peer *peer,
			 struct sk_buff *skb)
{
	bool queued = false;

	/* It outlives the RCU section it came in: a noref dst must be held. */
	if (!skb_dst_force(skb))
		return false;
	if (atomic_inc_return(&peers->queued) > TEREDO_QUEUE_TOTAL)
		goto out;
	spin_lock_bh(&peer->queue.lock);
	if (!peer->dead && skb_queue_len(&peer->queue) < TEREDO_PEER_QUEUE_LEN) {
		__skb_queue_tail(&peer->queue, skb);
		queued = true;
	}
	spin_unlock_bh(&peer->queue.lock);
out:
	if (queued)
		return true;
	atomic_dec(&peers->queued);
	/* Once per peer: a stuck peer must not flood the listeners. */
	spin_lock_bh(&peer->lock);
	queued = peer->overflowed;
	peer->overflowed = true;
	spin_unlock_bh(&peer->lock);
	if (!queued)
		teredo_peer_notify(peers, peer, TEREDO_EVENT_QUEUE_FULL);
	return false;
}

void teredo_peer_dequeue_all(struct teredo_peers *peers,
			     struct teredo_peer *peer,
			     struct sk_buff_head *out)
{
	spin_lock_bh(&peer->queue.lock);
	skb_queue_splice_tail_init(&peer->queue, out);
	spin_unlock_bh(&peer->queue.lock);
	atomic_sub(skb_queue_len(out), &peers->queued);
}

static void teredo_peers_gc(struct work_struct *work)
{
	struct teredo_peers *peers = container_of(to_delayed_work(work),
						  struct teredo_peers, gc);
	struct teredo_peer *peer, *next;
	unsigned long now = jiffies;

	spin_lock_bh(&peers->lock);
	list_for_each_entry_safe(peer, next, &peers->age, age) {
		if (teredo_peer_expired(peers, peer, now)) {
			teredo_peer_notify(peers, peer,
					   TEREDO_EVENT_PEER_EXPIRED);
			teredo_peer_unlink(peers, peer);
			teredo_count_event(peers->counters,
					   TEREDO_STATS_PEERS_EXPIRED);
		}
	}
	/* Decided under the lock: the next peer added restarts us. */
	if (peers->count)
		schedule_delayed_work(&peers->gc, TEREDO_GC_PERIOD);
	spin_unlock_bh(&peers->lock);
}

int teredo_peers_init(struct teredo_peers *peers, struct net_device *dev,
		      struct teredo_counters __percpu *counters)
{
	peers->table = kvcalloc(1 << TEREDO_PEER_HASH_BITS,
				sizeof(*peers->table), GFP_KERNEL);
	if (!peers->table)
		return -ENOMEM;
	spin_lock_init(&peers->lock);
	INIT_LIST_HEAD(&peers->age);
	peers->max = TEREDO_PEER_MAX_DEFAULT;
	peers->expiry = TEREDO_PEER_EXPIRY_DEFAULT;
	atomic_set(&peers->queued, 0);
	get_random_bytes(&peers->key, sizeof(peers->key));
	peers->dev = dev;
	peers->counters = counters;
	INIT_DELAYED_WORK(&peers->gc, teredo_peers_gc);
	return 0;
}

void teredo_peers_flush(struct teredo_peers *peers)
{
	struct teredo_peer *peer, *next;

	spin_lock_bh(&peers->lock);
	list_for_each_entry_safe(peer, next, &peers->age, age)
		teredo_peer_unlink(peers, peer);
	spin_unlock_bh(&peers->lock);
}

void teredo_peers_destroy(struct teredo_peers *peers)
{
	if (!peers->table)
		return;
	cancel_delayed_work_sync(&peers->gc);
	teredo_peers_flush(peers);
	/* The table goes with the device, after readers are done. */
}

void teredo_peers_free(struct teredo_peers *peers)
{
	kvfree(peers->table);
	peers->table = NULL;
}
