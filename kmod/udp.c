// SPDX-License-Identifier: GPL-2.0
/*
 * The UDP socket of a teredo device. Userland creates and binds it (it
 * owns the control path: qualification, the server role) and hands it
 * over; the device then sends through it and takes its data packets
 * (teredo_rcv.c). Closing the socket, detaching it or deleting the
 * device each give it back cleanly.
 */
#include "device.h"
#include "compat.h"

#include <linux/file.h>
#include <linux/net.h>
#include <linux/rtnetlink.h>
#include <net/inet_sock.h>
#include <net/udp.h>
#include <net/udp_tunnel.h>

/* Any non-zero encap type marks the socket as a tunnel's (not ESP's). */
#define TEREDO_UDP_ENCAP	1

/* Every datagram to the socket comes here first (softirq, RCU). */
static int teredo_udp_rcv(struct sock *sk, struct sk_buff *skb)
{
	struct teredo_dev *td = rcu_dereference_sk_user_data(sk);

	if (!td)
		return 1;
	return teredo_rcv(td, sk, skb);
}

/* Both ways out run under RTNL and lock_sock: whoever finds us owns it. */
static void teredo_sock_release(struct teredo_dev *td, struct sock *sk)
{
	void *owner;

	lock_sock(sk);
	/* Only compared: the socket lock keeps it from changing under us. */
	rcu_read_lock();
	owner = rcu_dereference_sk_user_data(sk);
	rcu_read_unlock();
	if (owner != td) {
		release_sock(sk);
		return;
	}
	udp_sk(sk)->encap_type = 0;
	WRITE_ONCE(udp_sk(sk)->encap_rcv, NULL);
	udp_sk(sk)->encap_destroy = NULL;
	/*
	 * Datagrams GRO merged before this point may still reach the
	 * socket, now userland's, as one: data it drops as malformed.
	 */
	WRITE_ONCE(udp_sk(sk)->gro_receive, NULL);
	WRITE_ONCE(udp_sk(sk)->gro_complete, NULL);
	rcu_assign_sk_user_data(sk, NULL);
	release_sock(sk);
	RCU_INIT_POINTER(td->sk, NULL);
	/*
	 * The routes were this socket's (its namespace, its binding): once
	 * no sender can still be using them, they go too.
	 */
	synchronize_net();
	teredo_route_cache_flush(&td->route);
	/* Without its socket a client has no mapping any more. */
	teredo_dev_unqualify(td);
	/* UDP sockets are freed after an RCU grace period (SOCK_RCU_FREE). */
	sock_put(sk);
}

/* Userland closed the socket while we had it. */
static void teredo_sock_destroy(struct sock *sk)
{
	struct teredo_dev *td;

	rtnl_lock();
	rcu_read_lock();
	td = rcu_dereference_sk_user_data(sk);
	rcu_read_unlock();
	if (td)
		teredo_sock_release(td, sk);
	rtnl_unlock();
}

int teredo_sock_attach(struct teredo_dev *td, int fd,
		       struct netlink_ext_ack *extack)
{
	struct udp_tunnel_sock_cfg cfg = {
		.sk_user_data	= td,
		.encap_type	= TEREDO_UDP_ENCAP,
		.encap_rcv	= teredo_udp_rcv,
		.encap_destroy	= teredo_sock_destroy,
	};
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
	if (!inet_sk(sk)->inet_num) {
		NL_SET_ERR_MSG(extack, "the socket must be bound");
		err = -EINVAL;
	} else if (sk->sk_user_data) {
		NL_SET_ERR_MSG(extack, "the socket is in use by another tunnel");
		err = -EBUSY;
	} else {
		sock_hold(sk);
		teredo_gro_setup(&cfg);
		teredo_compat_setup_udp_tunnel_sock(sock_net(sk), sock, &cfg);
		rcu_assign_pointer(td->sk, sk);
		err = 0;
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
