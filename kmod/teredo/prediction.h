/* SPDX-License-Identifier: GPL-2.0 */
/*
 * prediction.c: RFC 6081 port prediction for a client behind a symmetric
 * NAT, through a socket of its own for each untrusted Teredo peer.
 */
#ifndef _TEREDO_PREDICTION_H
#define _TEREDO_PREDICTION_H

#include <linux/in6.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

#include "../../include/teredo/wire.h"

enum {
	TEREDO_PSOCK_HIT,		/* the peer came in through it */
	TEREDO_PSOCK_SENT,		/* something went out of it */
};

/* A peer's own socket. Ports in host order, 0 for none. */
struct teredo_psock {
	struct list_head node;		/* the device's; RCU readers */
	struct in6_addr peer;
	struct sock __rcu *sk;		/* NULL until the work made it */
	struct teredo_dev *td;
	u32 port;			/* predicted: our NAT's for the peer */
	u32 peer_port;			/* the peer's own, from its trailer */
	u32 created;			/* stamps */
	u32 last_data, last_refresh;
	u8 refreshes;			/* bubbles since the last data */
	unsigned long flags;		/* TEREDO_PSOCK_* */
	/* Sequential NATs: the echo test's nonces and the ports seen. */
	u8 nonce[2][TEREDO_NONCE_LEN];
	u32 echo_port[2];
	struct teredo_psock *next_done;	/* unlinked, to be closed */
};

struct teredo_psocks {
	spinlock_t lock;		/* adds to the list; the count */
	struct mutex mutex;		/* makes sockets; unlinks, closes */
	struct list_head list;
	unsigned int count;
	struct delayed_work work;	/* makes sockets, refreshes, expires */
};

struct teredo_dev;
struct teredo_cfg;
struct teredo_peer;
struct teredo_addr_info;
struct sk_buff;

void teredo_prediction_init(struct teredo_dev *td);
/* Every socket goes, at once. Process context (RTNL or not). */
void teredo_prediction_flush(struct teredo_dev *td);

/*
 * The probe of an untrusted Teredo peer @peer (at @info), when the client
 * predicts: its socket is asked for, and once made, a direct bubble goes
 * out of it and an indirect one names the predicted port. Softirq or
 * process context, RCU (BH).
 */
void teredo_prediction_probe(struct teredo_dev *td,
			     const struct teredo_cfg *cfg,
			     struct teredo_peer *peer,
			     const struct teredo_addr_info *info);
/*
 * An indirect bubble from @src, untrusted, named its own port
 * @peer_port (host order) in a random port trailer: a peer that predicts
 * too. Ours is asked for and answers it there. RCU (BH).
 */
void teredo_prediction_peer_port(struct teredo_dev *td,
				 const struct teredo_cfg *cfg,
				 const struct in6_addr *src, u16 peer_port,
				 const u8 *nonce);
/*
 * Send @skb, to a peer trusted at its own socket, out of that socket.
 * RCU (BH).
 */
void teredo_prediction_send(struct teredo_dev *td, struct sk_buff *skb,
			    const struct in6_addr *peer, __be32 daddr,
			    __be16 dport);
/*
 * The echo test's answer on @ps (RFC 6081 5.5.4.4): the port the
 * server saw, from the origin indication of a Router Advertisement that
 * carries one of the test's nonces. Softirq, RCU.
 */
void teredo_prediction_echo(struct teredo_dev *td,
			    const struct teredo_cfg *cfg,
			    struct teredo_psock *ps, const u8 *nonce,
			    u16 port);
/* The peer came in on its own socket @ps and is trusted there. */
void teredo_prediction_hit(struct teredo_dev *td, struct teredo_psock *ps);

#endif /* _TEREDO_PREDICTION_H */
