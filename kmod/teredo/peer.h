/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The peer list of a teredo device: who we talk to, at which mapped
 * IPv4 address and port, and whether that mapping has been proven by a
 * packet from it (trusted). Lookups are lock-free (RCU); changes take
 * the table lock. The table is bounded: when it is full the oldest
 * untrusted or idle peer makes room, so a flood of spoofed peers cannot
 * lock out the ones in use.
 */
#ifndef _TEREDO_PEER_H
#define _TEREDO_PEER_H

#include <linux/in6.h>
#include <linux/jiffies.h>
#include <linux/list.h>
#include <linux/siphash.h>
#include <linux/skbuff.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

#include "../counters.h"
#include <uapi/linux/teredo.h>

/* Buckets: half the bound, at least 256, so chains stay short when full. */
#define TEREDO_PEER_HASH_BITS_MIN	8
/* Bounds and defaults of the settings: in the UAPI header. */
#define TEREDO_PEER_LOCAL_EXPIRY	600	/* at least, for a local peer */
#define TEREDO_PEER_QUEUE_LEN		16	/* packets waiting per peer */
#define TEREDO_QUEUE_TOTAL		4096	/* ... and for all peers */
/* Of strangers' packets held on their way in, apart: ours still go. */
#define TEREDO_HELD_TOTAL		256
/* Bubbles or pings (RFC 4380 5.2.6): 2 s apart, 4 per 300 s. */
#define TEREDO_PROBE_INTERVAL		(2 * HZ)
#define TEREDO_PROBE_BURST		4
#define TEREDO_PROBE_WINDOW		(300 * HZ)
#define TEREDO_PING_DATA_LEN		16
/* A trusted native peer we send to but do not hear from: test again. */
#define TEREDO_NATIVE_QUIET		(3 * HZ)

/*
 * Where a peer's packets go and whether that is proven, in one 64-bit
 * word: written whole under the peer's lock (teredo_peer_set_map()) and
 * read whole on the fast path (teredo_peer_map()), so that a sender
 * never pairs one mapping's address with another's port, nor a new
 * mapping with the trust of the old one.
 */
union teredo_peer_map {
	struct {
		__be32 addr;
		__be16 port;
		bool trusted;
		/* trusted at a socket of its own (prediction.c) */
		bool predicted;
	};
	u64 word;
};

/*
 * A million of these is what the table may hold, so every byte counts
 * (see pahole): times are 32-bit jiffies stamps (teredo_stamp()), the
 * queue is a bare list, and the connectivity test's payload is derived
 * from a key rather than stored. What a packet to or from a trusted peer
 * reads and writes fills the first cache line, and a peer starts on one:
 * over a million peers each packet misses the cache once for its peer,
 * not two or three times.
 */
struct teredo_peer {
	/* The fast path's line. */
	struct hlist_node node;		/* in the table; RCU readers */
	struct in6_addr addr;
	union teredo_peer_map map;	/* teredo_peer_map(), under @lock */
	u32 last_rx, last_tx;		/* stamps, 0: never */
	atomic64_t rx_packets, tx_packets;
	/* The rest: changes, probing, the queue. */
	union {
		struct list_head age;	/* oldest first; table lock */
		struct rcu_head rcu;	/* once off the age list */
	};
	spinlock_t lock;
	u32 created;			/* stamp */
	/* Under @lock: probing (bubbles, or the connectivity test). */
	u32 last_probe, window_start;
	u32 probes;
	u8 window_probes;
	bool overflowed;		/* queue-full reported */
	bool ping_pending;
	u8 queue_len;			/* READ_ONCE to report */
	__be16 ping_id, ping_seq;
	bool local;			/* on our link; READ_ONCE, under @lock */
	bool dead;			/* unlinked; under @lock */
	u8 table_gen;			/* the table it is in; table lock */
	u32 map_slot;			/* its mapping's count; table lock */
	/* Waiting for trust, linked through skb->next; under @lock. */
	struct sk_buff *queue;
} ____cacheline_aligned;

/*
 * The hash of peers, and how many peers each mapping owns: saturating
 * counters in 4 slots a bucket, hashed from the mapping (so that an
 * unlucky legitimate peer shares its slot with one another at most, at
 * the bound's fill), after the buckets.
 */
struct teredo_peer_table {
	struct rcu_head rcu;
	unsigned int bits;
	u8 gen;				/* tells a resize's two tables apart */
	u8 *map_count;			/* 4 << bits; the table lock */
	struct hlist_head buckets[];
};

/*
 * The peer a CPU last found, and @peers->unlinked when it did: a hit
 * spares the keyed hash, which is most of a lookup's cost, for traffic
 * that goes to one peer for a while. Only while no peer has left the
 * table since: a peer is freed only after it left, and a grace period.
 * Its own CPU's, with BH disabled.
 */
struct teredo_peer_hint {
	struct teredo_peer *peer;
	u64 unlinked;
};

struct teredo_peers {
	spinlock_t lock;		/* table changes, the age list */
	/* Replaced (resized) under RTNL and @lock; RCU readers. */
	struct teredo_peer_table __rcu *table;
	/* While a resize moves the peers over: where they go, new ones too. */
	struct teredo_peer_table __rcu *future;
	struct list_head age;
	unsigned int count;		/* under @lock; READ_ONCE to report */
	atomic64_t unlinked;		/* peers that left; bumped under @lock */
	struct teredo_peer_hint __percpu *hint;
	unsigned int max;		/* WRITE_ONCE under RTNL */
	unsigned int expiry;		/* seconds; WRITE_ONCE under RTNL */
	unsigned int mapping_peers;	/* WRITE_ONCE under RTNL */
	atomic_t queued;		/* packets in all peer queues */
	atomic_t held;			/* ... of them inbound, counted apart */
	siphash_key_t key;		/* bucket hash */
	siphash_key_t ping_key;		/* connectivity test payload */
	struct net_device *dev;
	struct teredo_counters __percpu *counters;
	struct delayed_work gc;
	unsigned int gc_cursor;		/* next bucket to expire; gc only */
	bool bulk;			/* a trim, resize or flush runs; set under RTNL */
};

/* The peers' slab cache, for the module's lifetime. */
int teredo_peer_cache_init(void);
void teredo_peer_cache_exit(void);

int teredo_peers_init(struct teredo_peers *peers, struct net_device *dev,
		      struct teredo_counters __percpu *counters);
/* Forget every peer and stop expiring them; may sleep. */
void teredo_peers_destroy(struct teredo_peers *peers);
/* Free the table, once no reader can be left (device destructor). */
void teredo_peers_free(struct teredo_peers *peers);
/* Forget every peer, e.g. when our own address changes. */
void teredo_peers_flush(struct teredo_peers *peers);

/*
 * A new bound, in two steps so that a refused request changes nothing:
 * under RTNL, teredo_peers_table_for() allocates a table sized for @max
 * (NULL when the current one fits, an ERR_PTR without memory); then
 * teredo_peers_set_max() moves the peers into it (if any) a batch at a
 * time, and applies @max. Lookups stay lock-free throughout and look in
 * both tables meanwhile: one that misses while peers move is repeated
 * under the lock by teredo_peer_get(), where nothing moves. May sleep.
 */
struct teredo_peer_table *teredo_peers_table_for(struct teredo_peers *peers,
						 unsigned int max);
void teredo_peers_set_max(struct teredo_peers *peers,
			  struct teredo_peer_table *tbl, unsigned int max);

/* BH disabled, under RCU or the table lock; the result valid until unlock. */
struct teredo_peer *teredo_peer_lookup(struct teredo_peers *peers,
				       const struct in6_addr *addr);
/*
 * Find or add the peer for @addr. A new one takes @map_addr/@map_port
 * and @trusted; an existing one is returned as is. ERR_PTR(-ENOMEM), or
 * ERR_PTR(-ENOSPC) when its mapping owns mapping_peers peers already.
 * Caller in an RCU read section; the result valid until it ends.
 */
struct teredo_peer *teredo_peer_get(struct teredo_peers *peers,
				    const struct in6_addr *addr,
				    __be32 map_addr, __be16 map_port,
				    bool trusted, gfp_t gfp);
int teredo_peer_del(struct teredo_peers *peers, const struct in6_addr *addr);

/* The peer's mapping and trust, as one read; any context. */
static inline union teredo_peer_map teredo_peer_map(const struct teredo_peer *peer)
{
	union teredo_peer_map m = { .word = READ_ONCE(peer->map.word) };

	return m;
}

static inline bool teredo_peer_trusted(const struct teredo_peer *peer)
{
	return teredo_peer_map(peer).trusted;
}

/* Whether mapping word @m is trusted at exactly @addr/@port. */
static inline bool teredo_map_trusted_at(union teredo_peer_map m,
					 __be32 addr, __be16 port)
{
	return m.trusted && m.addr == addr && m.port == port;
}

/* Whether the peer is trusted at exactly @addr/@port. */
static inline bool teredo_peer_trusted_at(const struct teredo_peer *peer,
					  __be32 addr, __be16 port)
{
	return teredo_map_trusted_at(teredo_peer_map(peer), addr, port);
}

/*
 * What userland says of a peer it adds: whether it is on our link
 * (local, kept alive by hearing its announcements) and its mapping,
 * which stays unproven unless @trusted (teredo_peer_trust() follows).
 */
void teredo_peer_claim(struct teredo_peer *peer, bool local, bool trusted,
		       __be32 map_addr, __be16 map_port);

/*
 * A packet came from the peer at @map_addr/@map_port: it is proven. With
 * @predicted, it came in on the peer's own socket, where what we send it
 * goes out from then on.
 */
void teredo_peer_trust(struct teredo_peers *peers, struct teredo_peer *peer,
		       __be32 map_addr, __be16 map_port, bool predicted);
/* The peer's own socket is gone: trusted there, it must prove itself again. */
void teredo_peer_forget_predicted(struct teredo_peer *peer);
/* Whether a bubble or ping may go now; counts it if so. */
bool teredo_peer_may_probe(struct teredo_peer *peer);
/*
 * Whether a refresh of a trusted peer may go now: one per probe
 * interval, outside the probe budget (an answer ends them; without one
 * the peer expires).
 */
bool teredo_peer_may_refresh(struct teredo_peer *peer);

/*
 * What a queued packet carries in skb->cb. Most wait to go out to the
 * peer; a native stranger's packet (@inbound) waits to come in until
 * the connectivity test names the relay it must come through, and
 * keeps the mapping it came from to be checked against that one.
 */
struct teredo_queued_cb {
	__be32 addr;
	__be16 port;
	bool inbound;
};

static inline struct teredo_queued_cb *teredo_queued_cb(struct sk_buff *skb)
{
	BUILD_BUG_ON(sizeof(struct teredo_queued_cb) > sizeof(skb->cb));
	return (struct teredo_queued_cb *)skb->cb;
}

/*
 * Queue a packet, its teredo_queued_cb() filled in, until the peer is
 * trusted: 0, or why it cannot be (the caller drops it and counts that
 * reason).
 */
enum teredo_stats_attr teredo_peer_enqueue(struct teredo_peers *peers,
					   struct teredo_peer *peer,
					   struct sk_buff *skb);
/* Take every queued packet, to be sent (or let in) now. */
void teredo_peer_dequeue_all(struct teredo_peers *peers,
			     struct teredo_peer *peer,
			     struct sk_buff_head *out);

/*
 * peer_netlink.c: tell the events multicast group, if anyone listens.
 * Any context; @peer valid (RCU or the table lock).
 */
void teredo_peer_notify(struct teredo_peers *peers, struct teredo_peer *peer,
			enum teredo_event event);

/*
 * Peer times are jiffies cut to 32 bits: ages up to 2^32 jiffies (49
 * days at HZ=1000) come out right, and nothing that old is compared; the
 * expiry work clamps what is left idle longer (last_tx).
 */
static inline u32 teredo_stamp(void)
{
	return (u32)jiffies ?: 1;	/* 0 means never */
}

#define TEREDO_STAMP_AGE_MAX	(1U << 30)

static inline u32 teredo_stamp_age(u32 stamp, u32 now)
{
	return now - stamp;
}

static inline void teredo_peer_touch(u32 *when)
{
	u32 now = teredo_stamp();

	/* Skip the store (and the cache line bounce) most of the time. */
	if (READ_ONCE(*when) != now)
		WRITE_ONCE(*when, now);
}

/* When the peer last showed life: its last packet, or its creation. */
static inline u32 teredo_peer_active(const struct teredo_peer *peer)
{
	u32 rx = READ_ONCE(peer->last_rx);

	return rx && time_after32(rx, peer->created) ? rx : peer->created;
}

/*
 * Jiffies since the peer last showed life, as of @now; 0 if that came
 * after @now was read (a packet on another CPU), which would otherwise
 * look 49 days old.
 */
static inline u32 teredo_peer_idle(const struct teredo_peer *peer, u32 now)
{
	u32 active = teredo_peer_active(peer);

	return time_after32(active, now) ? 0 : teredo_stamp_age(active, now);
}

/* Nothing came from the peer for @quiet jiffies. */
static inline bool teredo_peer_quiet(const struct teredo_peer *peer, u32 quiet)
{
	return teredo_peer_idle(peer, teredo_stamp()) > quiet;
}

/* Whether a reply to the connectivity test we sent the peer matches it. */
bool teredo_peer_is_ping_reply(struct teredo_peers *peers,
			       struct teredo_peer *peer, __be16 id, __be16 seq,
			       const u8 *data);
/* A try of the connectivity test: fills in the request's id, seq, data. */
void teredo_peer_ping_start(struct teredo_peers *peers,
			    struct teredo_peer *peer, __be16 *id, __be16 *seq,
			    u8 *data);
/* Packets queued for the peer, for reports. */
static inline unsigned int teredo_peer_queue_len(const struct teredo_peer *peer)
{
	return READ_ONCE(peer->queue_len);
}

#endif /* _TEREDO_PEER_H */
