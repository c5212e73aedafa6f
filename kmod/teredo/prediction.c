// SPDX-License-Identifier: GPL-2.0
/*
 * RFC 6081 port prediction (5.4, 5.5). Behind a symmetric NAT, each new
 * destination of our socket gets a port of the NAT's own: an untrusted
 * peer answering at our Teredo address's port, or at the port it came
 * from, is not let in. So a client that predicts opens a socket of its
 * own for each such peer, whose port towards the peer can be foretold:
 * - a port-preserving NAT gives a local port's first destination that
 *   very port (5.4);
 * - a sequential NAT gives consecutive destinations consecutive ports:
 *   the socket sends a Router Solicitation to each of our server's two
 *   addresses with a direct bubble to the peer in between, and the
 *   bubble's port lies between the two the server saw (5.5, the echo
 *   test).
 * An indirect bubble names the port to the peer in a random port
 * trailer, and the peer answers there; a peer that predicts too names
 * its own, and ours then sends there first, so that both NATs map the
 * pair the way each side foretold. The peer is trusted where its bubble
 * comes in on that socket, and is sent to from it from then on.
 *
 * The device's work makes the sockets (in the namespace of its own
 * socket, bound to the same address), keeps trusted ones' NAT mappings
 * alive (5.4.2.1: a bubble every 30 s without data, 20 at most) and lets
 * go of those that failed or whose peer is gone. Receivers and senders
 * find them under RCU. TEREDO_PSOCK_MAX at most at once: a peer beyond
 * that is asked the plain way (counted as a miss).
 */
#include "device.h"
#include "prediction.h"
#include "../compat.h"
#include "../../include/teredo/qualify.h"

#include <linux/ip.h>
#include <linux/net.h>
#include <linux/slab.h>
#include <linux/udp.h>
#include <net/inet_sock.h>
#include <net/udp.h>
#include <net/udp_tunnel.h>

#define TEREDO_PSOCK_MAX	64
/* A socket its peer never came in through is given up after this. */
#define TEREDO_PSOCK_TRIAL	(10 * HZ)
/* RFC 6081 5.4.2.1: the NAT mapping of a quiet peer, kept alive. */
#define TEREDO_PSOCK_REFRESH	(30 * HZ)
#define TEREDO_PSOCK_REFRESHES	20
#define TEREDO_PSOCK_PERIOD	(5 * HZ)
/* Auth header with the nonce alone, then the Router Solicitation. */
#define TEREDO_ECHO_RS_LEN	(TEREDO_AUTH_MIN + TEREDO_RS_LEN)

static struct sock *teredo_psock_sk(const struct teredo_psock *ps)
{
	return rcu_dereference_bh(ps->sk);
}

/* ... for a holder of the mutex, which alone closes them. */
static struct sock *teredo_psock_sk_held(struct teredo_psocks *pred,
					 struct teredo_psock *ps)
{
	return rcu_dereference_protected(ps->sk,
					 lockdep_is_held(&pred->mutex));
}

/* The peer's socket, if it has one; RCU (BH). */
static struct teredo_psock *teredo_psock_find(struct teredo_dev *td,
					      const struct in6_addr *peer)
{
	struct teredo_psock *ps;

	list_for_each_entry_rcu(ps, &td->pred.list, node)
		if (ipv6_addr_equal(&ps->peer, peer))
			return ps;
	return NULL;
}

/*
 * The peer's socket, asked for if it has none (the work makes it); NULL
 * when there is no room, counted as a miss. RCU (BH).
 */
static struct teredo_psock *teredo_psock_get(struct teredo_dev *td,
					     const struct in6_addr *peer)
{
	struct teredo_psocks *pred = &td->pred;
	struct teredo_psock *ps;

	ps = teredo_psock_find(td, peer);
	if (ps)
		return ps;
	spin_lock_bh(&pred->lock);
	ps = teredo_psock_find(td, peer);
	if (ps || pred->count >= TEREDO_PSOCK_MAX)
		goto out;
	ps = kzalloc(sizeof(*ps), GFP_ATOMIC);
	if (!ps)
		goto out;
	ps->peer = *peer;
	ps->td = td;
	ps->created = teredo_stamp();
	list_add_tail_rcu(&ps->node, &pred->list);
	pred->count++;
	mod_delayed_work(system_wq, &pred->work, 0);
out:
	spin_unlock_bh(&pred->lock);
	if (!ps)
		teredo_count_event(td->counters, TEREDO_STATS_PREDICTION_MISSES);
	return ps;
}

/* A Router Solicitation with the echo test's @nonce, to @server. */
static void teredo_echo_rs(struct teredo_dev *td, struct sock *sk,
			   const u8 *nonce, __be32 server)
{
	struct sk_buff *skb;
	u8 *q;

	skb = teredo_alloc_datagram(TEREDO_ECHO_RS_LEN, &q);
	if (!skb) {
		teredo_count_drop(td->counters, TEREDO_STATS_TX_NO_MEMORY);
		return;
	}
	/* Indicator, no identifier, no value, the nonce, confirmation 0. */
	memset(q, 0, TEREDO_AUTH_MIN);
	q[1] = 1;
	memcpy(q + 4, nonce, TEREDO_NONCE_LEN);
	teredo_rs_put(q + TEREDO_AUTH_MIN, false);
	teredo_send_on(td, sk, skb, server, htons(TEREDO_PORT));
}

/* Where the socket's bubble to the peer goes: its own port, if named. */
static __be16 teredo_psock_dport(const struct teredo_psock *ps,
				 const struct teredo_addr_info *info)
{
	u16 port = READ_ONCE(ps->peer_port);

	return htons(port ?: info->port);
}

/*
 * A direct bubble out of @ps's socket @sk to the peer @info names, at
 * its own port if it named one, naming @port (0: none) and echoing
 * @nonce. The socket has sent from then on: its NAT's mapping is made.
 */
static void teredo_psock_bubble(struct teredo_dev *td,
				const struct teredo_cfg *cfg,
				struct teredo_psock *ps, struct sock *sk,
				const struct teredo_addr_info *info, u16 port,
				const u8 *nonce)
{
	teredo_send_bubble_from(td, cfg, sk, &ps->peer, htonl(info->addr),
				teredo_psock_dport(ps, info), port, nonce);
	set_bit(TEREDO_PSOCK_SENT, &ps->flags);
}

/*
 * The echo test (RFC 6081 5.5.4.1.1): a solicitation to the server's
 * primary address, a direct bubble to the peer, a solicitation to its
 * secondary address, all from @ps's socket. The same socket's test run
 * again sends from the same NAT mappings: its nonces stay.
 */
static void teredo_echo_test(struct teredo_dev *td,
			     const struct teredo_cfg *cfg,
			     struct teredo_psock *ps, struct sock *sk,
			     const struct teredo_addr_info *info)
{
	teredo_echo_rs(td, sk, ps->nonce[0], cfg->server);
	teredo_psock_bubble(td, cfg, ps, sk, info, 0, NULL);
	teredo_echo_rs(td, sk, ps->nonce[1], cfg->server2);
}

/* The indirect bubble naming the predicted port, through its server. */
static void teredo_psock_offer(struct teredo_dev *td,
			       const struct teredo_cfg *cfg,
			       const struct teredo_psock *ps, u16 port)
{
	struct teredo_addr_info info;

	if (!teredo_addr_parse(ps->peer.s6_addr, &info))
		return;
	teredo_send_bubble_from(td, cfg, NULL, &ps->peer, htonl(info.server),
				htons(TEREDO_PORT), port, NULL);
}

/* The port is known: say so once, and name it to the peer. */
static void teredo_psock_predicted(struct teredo_dev *td,
				   const struct teredo_cfg *cfg,
				   struct teredo_psock *ps, u16 port)
{
	if (cmpxchg(&ps->port, 0, port))
		return;
	teredo_count_event(td->counters, TEREDO_STATS_PREDICTIONS);
	teredo_psock_offer(td, cfg, ps, port);
}

void teredo_prediction_probe(struct teredo_dev *td,
			     const struct teredo_cfg *cfg,
			     struct teredo_peer *peer,
			     const struct teredo_addr_info *info)
{
	struct teredo_psock *ps;
	struct sock *sk;
	u16 port;

	ps = teredo_psock_get(td, &peer->addr);
	sk = ps ? teredo_psock_sk(ps) : NULL;
	if (!sk)
		return;		/* the work makes it, and asks then */
	port = READ_ONCE(ps->port);
	if (cfg->prediction == TEREDO_PREDICTION_SEQUENTIAL && !port) {
		teredo_echo_test(td, cfg, ps, sk, info);
		return;
	}
	/*
	 * The socket's first bubble fixes its NAT's mapping: to the peer's
	 * own port if it predicts too (it answers from there), else to its
	 * mapping. Then the peer hears of our port again.
	 */
	teredo_psock_bubble(td, cfg, ps, sk, info, port, NULL);
	if (port)
		teredo_psock_offer(td, cfg, ps, port);
}

void teredo_prediction_peer_port(struct teredo_dev *td,
				 const struct teredo_cfg *cfg,
				 const struct in6_addr *src, u16 peer_port,
				 const u8 *nonce)
{
	struct teredo_addr_info info;
	struct teredo_psock *ps;
	struct sock *sk;

	if (!teredo_addr_parse(src->s6_addr, &info) ||
	    !teredo_mapping_usable(&info))
		return;
	/* A stranger gets nothing of ours unless inbound is open. */
	if (!cfg->inbound_open && !teredo_peer_lookup(&td->peers, src))
		return;
	ps = teredo_psock_get(td, src);
	if (!ps || test_bit(TEREDO_PSOCK_HIT, &ps->flags))
		return;
	/* Learned before anything left the socket: its first goes there. */
	if (!test_bit(TEREDO_PSOCK_SENT, &ps->flags))
		WRITE_ONCE(ps->peer_port, peer_port);
	sk = teredo_psock_sk(ps);
	if (!sk || !READ_ONCE(ps->port))
		return;
	teredo_psock_bubble(td, cfg, ps, sk, &info, READ_ONCE(ps->port), nonce);
}

void teredo_prediction_send(struct teredo_dev *td, struct sk_buff *skb,
			    const struct in6_addr *peer, __be32 daddr,
			    __be16 dport)
{
	struct teredo_psock *ps = teredo_psock_find(td, peer);

	if (ps) {
		WRITE_ONCE(ps->last_data, teredo_stamp());
		WRITE_ONCE(ps->refreshes, 0);
	}
	teredo_send_on(td, ps ? teredo_psock_sk(ps) : NULL, skb, daddr, dport);
}

void teredo_prediction_echo(struct teredo_dev *td,
			    const struct teredo_cfg *cfg,
			    struct teredo_psock *ps, const u8 *nonce,
			    u16 port)
{
	u16 lower, upper;
	int i;

	for (i = 0; i < 2; i++)
		if (!memcmp(nonce, ps->nonce[i], TEREDO_NONCE_LEN))
			break;
	if (i == 2 || !port || READ_ONCE(ps->port))
		return;
	cmpxchg(&ps->echo_port[i], 0, port);
	lower = READ_ONCE(ps->echo_port[0]);
	upper = READ_ONCE(ps->echo_port[1]);
	/* The bubble went out between the two (RFC 6081 3.4, 5.5.4.4). */
	if (lower && upper)
		teredo_psock_predicted(td, cfg, ps,
				       (u16)(((u32)lower + upper) / 2));
}

void teredo_prediction_hit(struct teredo_dev *td, struct teredo_psock *ps)
{
	if (!test_and_set_bit(TEREDO_PSOCK_HIT, &ps->flags))
		teredo_count_event(td->counters, TEREDO_STATS_PREDICTION_HITS);
	WRITE_ONCE(ps->last_data, teredo_stamp());
}

/*
 * @ps's socket is made, at @local_port: a port-preserving NAT keeps that
 * port, which goes to the peer at once (nothing leaves the socket yet:
 * a peer that predicts too names its own port first); a sequential
 * NAT's port comes from the echo test. A peer that named its port
 * before is answered there now. RCU (BH).
 */
static void teredo_prediction_start(struct teredo_dev *td,
				    struct teredo_psock *ps, u16 local_port)
{
	const struct teredo_cfg *cfg = rcu_dereference_bh(td->cfg);
	struct sock *sk = teredo_psock_sk(ps);
	struct teredo_addr_info info;

	if (!sk || cfg->mode != TEREDO_MODE_CLIENT || !cfg->qualified ||
	    !teredo_addr_parse(ps->peer.s6_addr, &info))
		return;
	if (cfg->prediction == TEREDO_PREDICTION_SEQUENTIAL) {
		teredo_echo_test(td, cfg, ps, sk, &info);
		return;
	}
	if (cfg->prediction != TEREDO_PREDICTION_PORT_PRESERVING)
		return;
	teredo_psock_predicted(td, cfg, ps, local_port);
	if (READ_ONCE(ps->peer_port))
		teredo_psock_bubble(td, cfg, ps, sk, &info, local_port, NULL);
}

static int teredo_psock_rcv(struct sock *sk, struct sk_buff *skb)
{
	struct teredo_psock *ps = rcu_dereference_sk_user_data(sk);

	if (!ps) {
		kfree_skb(skb);
		return 0;
	}
	return teredo_rcv_predicted(ps->td, ps, sk, skb);
}

/*
 * A socket for @ps, in @net, bound to @addr like the device's: any
 * port, which a port-preserving NAT keeps. Process context.
 */
static struct socket *teredo_psock_open(struct teredo_psock *ps,
					struct net *net, __be32 addr)
{
	struct udp_port_cfg ucfg = {
		.family		= AF_INET,
		.local_ip.s_addr = addr,
		.use_udp_checksums = true,	/* RFC 4380 5.1.1 */
	};
	struct udp_tunnel_sock_cfg tcfg = {
		.sk_user_data	= ps,
		.encap_type	= TEREDO_UDP_ENCAP,
		.encap_rcv	= teredo_psock_rcv,
	};
	struct socket *sock;

	if (udp_sock_create(net, &ucfg, &sock))
		return NULL;
	teredo_compat_setup_udp_tunnel_sock(net, sock, &tcfg);
	return sock;
}

/* Close @sk, which no receiver can find any more. Process context. */
static void teredo_psock_close(struct sock *sk)
{
	struct socket *sock = sk->sk_socket;

	kernel_sock_shutdown(sock, SHUT_RDWR);
	sock_release(sock);
}

/*
 * Make the sockets asked for: in the namespace of the device's socket,
 * bound to its address. Once made, a port-preserving NAT's port is
 * known at once, a sequential NAT's by the echo test.
 */
static void teredo_prediction_open(struct teredo_dev *td)
{
	struct teredo_psock *ps, *todo[8];
	struct sock *main_sk;
	struct socket *sock;
	struct net *net;
	__be32 addr;
	int i, n = 0, made = 0;

	rcu_read_lock();
	main_sk = rcu_dereference(td->sk);
	if (main_sk && !refcount_inc_not_zero(&main_sk->sk_refcnt))
		main_sk = NULL;
	list_for_each_entry_rcu(ps, &td->pred.list, node)
		if (!rcu_access_pointer(ps->sk) && n < ARRAY_SIZE(todo))
			todo[n++] = ps;
	rcu_read_unlock();
	if (!main_sk)
		return;
	net = sock_net(main_sk);
	addr = inet_sk(main_sk)->inet_rcv_saddr;
	for (i = 0; i < n; i++) {
		ps = todo[i];
		get_random_bytes(ps->nonce, sizeof(ps->nonce));
		sock = teredo_psock_open(ps, net, addr);
		if (!sock)
			continue;	/* given up at its trial's end */
		/* Only holders of the mutex unlink: @ps is still listed. */
		rcu_assign_pointer(ps->sk, sock->sk);
		made++;
		rcu_read_lock_bh();
		teredo_prediction_start(td, ps,
					ntohs(inet_sk(sock->sk)->inet_sport));
		rcu_read_unlock_bh();
	}
	sock_put(main_sk);
	/* More asked for: at once, unless none could be made just now. */
	if (n == ARRAY_SIZE(todo) && made)
		mod_delayed_work(system_wq, &td->pred.work, 0);
}

/*
 * Whether @ps has had its day: its peer gone, or trusted on the device's
 * socket, or not at all any more; or not come in through it within its
 * trial. A trusted peer quiet for 30 s is sent a bubble to keep the
 * NAT's mapping, 20 times at most (RFC 6081 5.4.2.1). RCU (BH).
 */
static bool teredo_psock_done(struct teredo_dev *td,
			      const struct teredo_cfg *cfg,
			      struct teredo_psock *ps, u32 now)
{
	struct teredo_peer *peer = teredo_peer_lookup(&td->peers, &ps->peer);
	union teredo_peer_map m = {};
	struct sock *sk;

	if (cfg->prediction == TEREDO_PREDICTION_NONE)
		return true;
	if (peer)
		m = teredo_peer_map(peer);
	if (m.trusted && !m.predicted)
		return true;	/* it came in on the device's socket */
	/* A peer that called us may have no entry until it comes in. */
	if (!test_bit(TEREDO_PSOCK_HIT, &ps->flags))
		return teredo_stamp_age(ps->created, now) > TEREDO_PSOCK_TRIAL;
	if (!m.trusted)
		return true;
	sk = teredo_psock_sk(ps);
	if (sk && teredo_stamp_age(READ_ONCE(ps->last_data), now) >=
		  TEREDO_PSOCK_REFRESH &&
	    teredo_stamp_age(ps->last_refresh, now) >= TEREDO_PSOCK_REFRESH &&
	    ps->refreshes < TEREDO_PSOCK_REFRESHES) {
		ps->last_refresh = now;
		ps->refreshes++;
		teredo_send_bubble_from(td, cfg, sk, &ps->peer, m.addr, m.port,
					0, NULL);
	}
	return false;
}

/*
 * Let go of the sockets that are done, or of all: unlinked first (a
 * peer trusted at one is not any more), then no receiver or sender can
 * see them after one grace period, then closed. Process context.
 */
static void teredo_prediction_release(struct teredo_dev *td, bool all)
{
	struct teredo_psocks *pred = &td->pred;
	struct teredo_psock *ps, *tmp, *done = NULL;
	const struct teredo_cfg *cfg;
	struct teredo_peer *peer;
	u32 now = teredo_stamp();
	struct sock *sk;

	/* Only holders of the mutex unlink: no walker lock. */
	lockdep_assert_held(&pred->mutex);
	rcu_read_lock_bh();
	cfg = rcu_dereference_bh(td->cfg);
	list_for_each_entry_rcu(ps, &pred->list, node) {
		if (!all && !teredo_psock_done(td, cfg, ps, now))
			continue;
		peer = teredo_peer_lookup(&td->peers, &ps->peer);
		if (peer)
			teredo_peer_forget_predicted(peer);
		spin_lock_bh(&pred->lock);
		list_del_rcu(&ps->node);
		pred->count--;
		spin_unlock_bh(&pred->lock);
		sk = teredo_psock_sk_held(pred, ps);
		if (sk)
			rcu_assign_sk_user_data(sk, NULL);
		if (!test_bit(TEREDO_PSOCK_HIT, &ps->flags))
			teredo_count_event(td->counters,
					   TEREDO_STATS_PREDICTION_MISSES);
		ps->next_done = done;
		done = ps;
	}
	rcu_read_unlock_bh();
	if (!done)
		return;
	synchronize_net();
	for (ps = done; ps; ps = tmp) {
		tmp = ps->next_done;
		sk = teredo_psock_sk_held(pred, ps);
		if (sk)
			teredo_psock_close(sk);
		kfree(ps);
	}
}

static void teredo_prediction_work(struct work_struct *work)
{
	struct teredo_dev *td = container_of(to_delayed_work(work),
					     struct teredo_dev, pred.work);
	bool more;

	mutex_lock(&td->pred.mutex);
	teredo_prediction_open(td);
	teredo_prediction_release(td, false);
	mutex_unlock(&td->pred.mutex);
	spin_lock_bh(&td->pred.lock);
	more = td->pred.count;
	spin_unlock_bh(&td->pred.lock);
	/* Not mod_: a socket asked for meanwhile wants the work now. */
	if (more)
		queue_delayed_work(system_wq, &td->pred.work,
				   TEREDO_PSOCK_PERIOD);
}

void teredo_prediction_init(struct teredo_dev *td)
{
	spin_lock_init(&td->pred.lock);
	mutex_init(&td->pred.mutex);
	INIT_LIST_HEAD(&td->pred.list);
	INIT_DELAYED_WORK(&td->pred.work, teredo_prediction_work);
}

void teredo_prediction_flush(struct teredo_dev *td)
{
	/* A packet may ask for the work again: it finds nothing to do. */
	cancel_delayed_work_sync(&td->pred.work);
	mutex_lock(&td->pred.mutex);
	teredo_prediction_release(td, true);
	mutex_unlock(&td->pred.mutex);
}
