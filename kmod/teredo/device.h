/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _TEREDO_DEVICE_H
#define _TEREDO_DEVICE_H

#include <linux/netdevice.h>
#include <net/sock.h>

#include "bubble_limit.h"
#include "../counters.h"
#include "peer.h"
#include "prediction.h"
#include "../route_cache.h"
#include "../../include/teredo/wire.h"

/*
 * What userland told a teredo device. Replaced as a whole under RTNL and
 * read under RCU on the fast path, so a packet never sees half an update.
 */
struct teredo_cfg {
	u8 mode;		/* enum teredo_mode */
	bool qualified;		/* client: the fields below are valid */
	bool inbound_open;	/* client: accept peers we did not call */
	bool load_reduction;	/* RFC 6081 Server Load Reduction */
	bool open_mapping;	/* client: a UPnP port mapping lets all in */
	u8 prediction;		/* client: enum teredo_prediction */
	__be32 server, server2;	/* client: own server */
	__be32 mapped_addr;	/* client: own mapping, as the server saw it */
	u16 mapped_port;
	struct in6_addr addr6;	/* client: own Teredo address */
	struct rcu_head rcu;
};

/* Per CPU, a queue of decapsulated TCP and a NAPI context for it. */
struct teredo_rx_cell;
struct teredo_rx_cells {
	struct teredo_rx_cell __percpu *cells;
};

/* Private state of a "teredo" link. */
struct teredo_dev {
	struct net_device *dev;
	struct teredo_counters __percpu *counters;
	struct sock __rcu *sk;	/* the UDP socket from userland; RTNL */
	struct teredo_cfg __rcu *cfg;	/* never NULL once initialised */
	u8 state;	/* enum teredo_state; written under RTNL */
	struct teredo_peers peers;
	struct teredo_rx_cells rx_cells;	/* decapsulated TCP, up */
	struct teredo_route_cache route;	/* of what goes out on @sk */
	struct teredo_bubble_limit bubbles;	/* per destination */
	struct teredo_psocks pred;	/* a client's sockets per peer */
};

static inline bool teredo_cfg_ready(const struct teredo_cfg *cfg)
{
	return cfg->mode == TEREDO_MODE_RELAY ||
	       (cfg->mode == TEREDO_MODE_CLIENT && cfg->qualified);
}

/* Any non-zero encap type marks a socket as a tunnel's (not ESP's). */
#define TEREDO_UDP_ENCAP	1

/* socket.c: the socket userland hands over. All but the checks under RTNL. */
void teredo_sock_exit(void);
int teredo_sock_attach(struct teredo_dev *td, int fd,
		       struct netlink_ext_ack *extack);
void teredo_sock_detach(struct teredo_dev *td);
void teredo_sock_unhook_for_delete(struct teredo_dev *td);
void teredo_sock_put_deleted(struct teredo_dev *td);
/* The device @sk carries traffic for, or NULL; under RCU. */
struct teredo_dev *teredo_sock_dev(struct sock *sk);

/* device.c: state follows the socket and the mode; under RTNL. */
void teredo_dev_update_state(struct teredo_dev *td);
void teredo_dev_unqualify(struct teredo_dev *td);

/* gro.c: the socket's GRO callbacks, into a tunnel config. */
struct udp_tunnel_sock_cfg;
void teredo_gro_setup(struct udp_tunnel_sock_cfg *cfg);

/*
 * rx_cells.c: decapsulated TCP up through GRO, unless it came merged;
 * the receive with BH off, the rest under RTNL.
 */
int teredo_rx_cells_init(struct teredo_rx_cells *cells, struct net_device *dev);
void teredo_rx_cells_destroy(struct teredo_rx_cells *cells);
int teredo_rx_cells_receive(struct teredo_rx_cells *cells, struct sk_buff *skb);

/* rx.c: a datagram on the socket; 0 consumed, 1 for userland. */
int teredo_rcv(struct teredo_dev *td, struct sock *sk, struct sk_buff *skb);
/* ... and one on @ps's socket, a peer's own (prediction.c); consumed. */
int teredo_rcv_predicted(struct teredo_dev *td, struct teredo_psock *ps,
			 struct sock *sk, struct sk_buff *skb);

/*
 * server.c: a datagram on a server-mode device's socket; 0 when
 * it was a plain Router Solicitation, answered, or a packet for a
 * client, forwarded (consumed either way); 1 for userland.
 */
struct teredo_hdrs;
int teredo_server_rcv(struct teredo_dev *td, struct sock *sk,
		      struct sk_buff *skb, const struct teredo_hdrs *h);

/* tx.c */
netdev_tx_t teredo_xmit(struct sk_buff *skb, struct net_device *dev);
/* Encapsulate @skb (an IPv6 packet) and send it to @daddr:@dport. */
void teredo_send(struct teredo_dev *td, struct sk_buff *skb,
		 __be32 daddr, __be16 dport);
/*
 * A Teredo datagram of @len bytes (headers, IPv6 packet) with room for
 * what teredo_send() puts in front; its bytes at *@q. NULL when there is
 * no memory.
 */
struct sk_buff *teredo_alloc_datagram(unsigned int len, u8 **q);
/* ... out of @sk (none: dropped), in an RCU (BH) read section. */
void teredo_send_on(struct teredo_dev *td, struct sock *sk,
		    struct sk_buff *skb, __be32 daddr, __be16 dport);
/*
 * A bubble from @src to @dst, sent to @daddr:@dport. With @offer_local,
 * to a peer behind our own NAT, a client behind one names its address
 * on this side of it in an alternate address trailer (RFC 6081
 * hairpinning). A @nonce (TEREDO_TRAILER_NONCE_SIZE bytes, or NULL)
 * goes in a nonce trailer: the one of the indirect bubble it answers.
 */
void teredo_send_bubble(struct teredo_dev *td, const struct teredo_cfg *cfg,
			const struct in6_addr *src, const struct in6_addr *dst,
			__be32 daddr, __be16 dport, bool offer_local,
			const u8 *nonce);
/*
 * A client's bubble to @dst out of @sk (a peer's own socket; NULL for
 * the device's), sent to @daddr:@dport, naming @random_port (host
 * order; 0: none) in a random port trailer, and echoing @nonce if any.
 */
void teredo_send_bubble_from(struct teredo_dev *td,
			     const struct teredo_cfg *cfg, struct sock *sk,
			     const struct in6_addr *dst, __be32 daddr,
			     __be16 dport, u16 random_port, const u8 *nonce);
/*
 * A bubble from @src to @dst, sent to @daddr:@dport out of @sk (NULL:
 * the device's socket), with a neighbor discovery trailer of @type (RFC
 * 6081 Server Load Reduction): a solicitation refreshes a quiet peer, an
 * advertisement answers one.
 */
void teredo_send_discovery(struct teredo_dev *td, struct sock *sk,
			   const struct in6_addr *src,
			   const struct in6_addr *dst, __be32 daddr,
			   __be16 dport, enum teredo_nd_type type);
/* A trusted native peer's relay looks gone: run its test again. */
void teredo_retest_native(struct teredo_dev *td, const struct teredo_cfg *cfg,
			  struct teredo_peer *peer);
/*
 * The peer became trusted: send what waited for it, and let in what it
 * sent us meanwhile through the relay it is now trusted at.
 */
void teredo_peer_flush(struct teredo_dev *td, struct teredo_peer *peer);
/*
 * rx.c: a native stranger's packet that waited for its test, now that
 * the peer is trusted at @m: in if it came through that relay, else
 * dropped. BH disabled.
 */
void teredo_rx_held(struct teredo_dev *td, struct teredo_peer *peer,
		    struct sk_buff *skb, union teredo_peer_map m);

#endif /* _TEREDO_DEVICE_H */
