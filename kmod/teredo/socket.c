// SPDX-License-Identifier: GPL-2.0
/*
 * The UDP socket of a teredo device. Userland creates and binds it (it
 * owns the control path: qualification, the server role) and hands it
 * over; the device then sends through it and takes its data packets
 * (rx.c). Closing the socket, detaching it or deleting the
 * device each give it back.
 *
 * The hooks (encap_rcv, GRO, encap_destroy) are installed once and stay
 * for the socket's life. The UDP layer tests a GRO hook and loads it
 * again to call it, so clearing one on a socket that can still be looked
 * up lets a CPU call NULL; a socket userland keeps open can always be.
 * Detaching therefore only unlinks the device (sk_user_data): each hook
 * finds no device and steps aside, the socket works for userland as a
 * plain one, and a later attach reuses the hooks. Hooks in module text
 * on a socket that outlives the device pin the module until the socket
 * is closed (teredo_hooked_socks below), so rmmod waits for the daemon to
 * close its socket, as with an open tun descriptor.
 */
#include "device.h"
#include "../compat.h"

#include <linux/file.h>
#include <linux/module.h>
#include <linux/net.h>
#include <linux/rtnetlink.h>
#include <net/inet_sock.h>
#include <net/udp.h>
#include <net/udp_tunnel.h>

static int teredo_udp_rcv(struct sock *sk, struct sk_buff *skb);

/*
 * The device a hooked socket carries traffic for, or NULL (RCU). Once
 * detached, the socket is userland's: a sockmap (its pointer flagged) or
 * another tunnel (its own encap_rcv) may take sk_user_data then.
 */
struct teredo_dev *teredo_sock_dev(struct sock *sk)
{
	void *data = rcu_dereference(__sk_user_data(sk));

	if ((uintptr_t)data & ~SK_USER_DATA_PTRMASK ||
	    READ_ONCE(udp_sk(sk)->encap_rcv) != teredo_udp_rcv)
		return NULL;
	return data;
}

/* Every datagram to the socket comes here first (softirq, RCU). */
static int teredo_udp_rcv(struct sock *sk, struct sk_buff *skb)
{
	struct teredo_dev *td = teredo_sock_dev(sk);

	if (!td)
		return 1;
	return teredo_rcv(td, sk, skb);
}

/* Whether @sk still carries our hooks and can carry traffic. */
static bool teredo_sock_hooked(struct sock *sk)
{
	return READ_ONCE(udp_sk(sk)->encap_rcv) == teredo_udp_rcv &&
	       READ_ONCE(udp_sk(sk)->encap_type);
}

/* The device's receivers let go of @sk; its hooks stay (see above). */
static void teredo_sock_unhook(struct teredo_dev *td, struct sock *sk)
{
	lock_sock(sk);
	if (READ_ONCE(sk->sk_user_data) == td) {
		rcu_assign_sk_user_data(sk, NULL);
		/* Undo what setup_udp_tunnel_sock() did for our sends. */
		teredo_compat_set_mc_loop(sk, true);
	}
	release_sock(sk);
}

/*
 * Detach, while the device stays: once no sender or receiver can still
 * be using the socket, its routes (its namespace, its binding) go, and a
 * client loses the mapping it had through it. One grace period each:
 * detaching is a request of its own, never a batch. RTNL.
 */
static void teredo_sock_release(struct teredo_dev *td, struct sock *sk)
{
	teredo_sock_unhook(td, sk);
	RCU_INIT_POINTER(td->sk, NULL);
	synchronize_net();
	teredo_route_cache_flush(&td->route);
	/* The peers' own sockets live in its namespace, at its address. */
	teredo_prediction_flush(td);
	teredo_dev_unqualify(td);
	/* UDP sockets are freed after an RCU grace period (SOCK_RCU_FREE). */
	sock_put(sk);
}

static void teredo_sock_destroy(struct sock *sk);

/* The device @sk is attached to, if any. RTNL. */
static struct teredo_dev *teredo_sock_owner(struct sock *sk)
{
	struct teredo_dev *td = READ_ONCE(sk->sk_user_data);

	if (!td || (uintptr_t)td & ~SK_USER_DATA_PTRMASK ||
	    READ_ONCE(udp_sk(sk)->encap_destroy) != teredo_sock_destroy ||
	    rtnl_dereference(td->sk) != sk)
		return NULL;
	return td;
}

/*
 * Every socket that ever got our hooks, each with a reference, until it
 * is closed: while there is one the module stays (one reference for the
 * lot). The UDP layer calls our destroy callback on the last close, but
 * not if the holder of the descriptor set UDP_ENCAP to 0 before: closed
 * sockets are found here (SOCK_DEAD) by a check that runs soon after each
 * destroy and every TEREDO_SOCK_WATCH, so that no device keeps one (and
 * its namespace) or sends from a port anyone may bind now. Under RTNL.
 */
struct teredo_hooked_sock {
	struct list_head node;
	struct sock *sk;
};

static LIST_HEAD(teredo_hooked_socks);
static void teredo_sock_watch(struct work_struct *work);
static DECLARE_DELAYED_WORK(teredo_sock_watch_work, teredo_sock_watch);

#define TEREDO_SOCK_WATCH	(2 * HZ)

static void teredo_sock_watch(struct work_struct *work)
{
	struct teredo_hooked_sock *h, *tmp;
	struct teredo_dev *td;
	LIST_HEAD(closed);
	bool last;

	rtnl_lock();
	list_for_each_entry_safe(h, tmp, &teredo_hooked_socks, node) {
		/* Set after the destroy callback has returned, if it ran. */
		if (!sock_flag(h->sk, SOCK_DEAD))
			continue;
		td = teredo_sock_owner(h->sk);
		if (td) {
			netdev_warn(td->dev, "the socket was closed without its Teredo hooks (UDP_ENCAP 0); detached\n");
			teredo_sock_release(td, h->sk);
		}
		list_move(&h->node, &closed);
	}
	last = !list_empty(&closed) && list_empty(&teredo_hooked_socks);
	if (!list_empty(&teredo_hooked_socks))
		schedule_delayed_work(&teredo_sock_watch_work, TEREDO_SOCK_WATCH);
	rtnl_unlock();
	if (list_empty(&closed))
		return;
	/* Unhashed at close: wait for receivers that found them before. */
	synchronize_net();
	list_for_each_entry_safe(h, tmp, &closed, node) {
		sock_put(h->sk);
		kfree(h);
	}
	/* Module exit cancels this work synchronously: it waits for us. */
	if (last)
		module_put(THIS_MODULE);
}

/* The UDP layer destroys the socket: a device still on it lets go. */
static void teredo_sock_destroy(struct sock *sk)
{
	struct teredo_dev *td;

	rtnl_lock();
	td = teredo_sock_owner(sk);
	if (td)
		teredo_sock_release(td, sk);
	/* Closed in a moment (SOCK_DEAD): let go of it then. */
	mod_delayed_work(system_wq, &teredo_sock_watch_work, HZ / 10);
	rtnl_unlock();
}

void teredo_sock_exit(void)
{
	cancel_delayed_work_sync(&teredo_sock_watch_work);
	WARN_ON(!list_empty(&teredo_hooked_socks));
}

/* A socket never hooked gets hooks and is watched; ours are reused. */
static int teredo_sock_hook(struct teredo_dev *td, struct socket *sock,
			    struct netlink_ext_ack *extack)
{
	struct udp_tunnel_sock_cfg cfg = {
		.sk_user_data	= td,
		.encap_type	= TEREDO_UDP_ENCAP,
		.encap_rcv	= teredo_udp_rcv,
		.encap_destroy	= teredo_sock_destroy,
	};
	struct sock *sk = sock->sk;
	struct teredo_hooked_sock *h;

	if (!inet_sk(sk)->inet_num) {
		NL_SET_ERR_MSG(extack, "the socket must be bound");
		return -EINVAL;
	}
	if (sk->sk_user_data) {
		NL_SET_ERR_MSG(extack, "the socket is in use by another tunnel");
		return -EBUSY;
	}
	if (teredo_sock_hooked(sk) &&
	    READ_ONCE(udp_sk(sk)->encap_destroy) == teredo_sock_destroy) {
		/* Detached from a teredo device before: its hooks are ours. */
		teredo_compat_set_mc_loop(sk, false);
		rcu_assign_sk_user_data(sk, td);
		return 0;
	}
	if (udp_sk(sk)->encap_type || udp_sk(sk)->encap_rcv ||
	    udp_sk(sk)->gro_receive) {
		NL_SET_ERR_MSG(extack, "the socket is in use by another tunnel");
		return -EBUSY;
	}
	h = kzalloc(sizeof(*h), GFP_KERNEL);
	if (!h)
		return -ENOMEM;
	/* Called from our own genl operation: the module is live. */
	if (list_empty(&teredo_hooked_socks)) {
		__module_get(THIS_MODULE);
		schedule_delayed_work(&teredo_sock_watch_work, TEREDO_SOCK_WATCH);
	}
	sock_hold(sk);
	h->sk = sk;
	list_add(&h->node, &teredo_hooked_socks);
	teredo_gro_setup(&cfg);
	teredo_compat_setup_udp_tunnel_sock(sock_net(sk), sock, &cfg);
	return 0;
}

int teredo_sock_attach(struct teredo_dev *td, int fd,
		       struct netlink_ext_ack *extack)
{
	struct socket *sock;
	struct sock *sk;
	int err;

	ASSERT_RTNL();
	if (rtnl_dereference(td->sk)) {
		NL_SET_ERR_MSG(extack, "the device has a socket already; detach it first");
		return -EBUSY;
	}
	sock = sockfd_lookup(fd, &err);
	if (!sock) {
		NL_SET_ERR_MSG(extack, "not a socket file descriptor");
		return err;
	}
	sk = sock->sk;
	if (sk->sk_family != AF_INET || sk->sk_type != SOCK_DGRAM ||
	    sk->sk_protocol != IPPROTO_UDP) {
		NL_SET_ERR_MSG(extack, "the socket must be UDP over IPv4");
		err = -EINVAL;
		goto out;
	}
	lock_sock(sk);
	err = teredo_sock_hook(td, sock, extack);
	if (!err) {
		sock_hold(sk);
		rcu_assign_pointer(td->sk, sk);
	}
	release_sock(sk);
	if (!err)
		teredo_dev_update_state(td);
out:
	sockfd_put(sock);
	return err;
}

void teredo_sock_detach(struct teredo_dev *td)
{
	struct sock *sk = rtnl_dereference(td->sk);

	if (sk)
		teredo_sock_release(td, sk);
}

/*
 * The device is being deleted (ip link del, its namespace going, rmmod),
 * in two steps: unhooked in dellink, before the core closes and
 * unregisters it, so that the grace period the core waits for then
 * covers our receivers too, one for a whole batch of devices; let go of
 * in ndo_uninit, after it. RTNL.
 */
void teredo_sock_unhook_for_delete(struct teredo_dev *td)
{
	struct sock *sk = rtnl_dereference(td->sk);

	if (sk)
		teredo_sock_unhook(td, sk);
}

void teredo_sock_put_deleted(struct teredo_dev *td)
{
	struct sock *sk = rtnl_dereference(td->sk);

	if (!sk)
		return;
	/* Unhooked in dellink, a grace period ago. */
	RCU_INIT_POINTER(td->sk, NULL);
	sock_put(sk);
}
