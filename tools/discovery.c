// SPDX-License-Identifier: GPL-2.0
/*
 * Local client discovery (RFC 4380 5.2.8).
 *
 * Every 200 to 300 s, and at once when our address changes, the client
 * announces itself on each of its links: a bubble from its Teredo
 * address to ff02::1, sent from its Teredo socket (so that the source is
 * where peers reach it) to 224.0.0.253, port 3544, TTL 1. It listens for
 * the others' on port 3544.
 *
 * An announcement makes its sender a trusted local peer, at the address
 * and port it came from, when it was sent to the group from an address
 * of one of our links and its Teredo address embeds our own mapped IPv4
 * (it sits behind our NAT, as Miredo requires too; DiscoveryNetmask can
 * widen that to the NAT's neighbours, as there). A peer not known
 * yet is answered with an announcement of ours, so that it learns us at
 * once rather than minutes later; at most one a second (a later one
 * waits for the second to pass), and never to an announcement of a peer
 * we knew, so that two clients do not answer each other forever.
 *
 * The kernel keeps a local peer alive 600 s after it was last heard of,
 * which covers the gap between announcements.
 */
#include "log.h"
#include "loop.h"
#include "discovery.h"
#include "teredoctl.h"

#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <syslog.h>
#include <unistd.h>
#include <linux/teredo.h>
#include <teredo/wire.h>

#define DISCOVERY_GROUP		0xe00000fdU	/* 224.0.0.253 */
#define ANNOUNCE_MIN_MS		200000
#define ANNOUNCE_SPREAD_MS	100000
#define ANSWER_GAP_MS		1000

static const struct in6_addr all_nodes = {
	.s6_addr = { 0xff, 0x02, [15] = 0x01 },
};

/* Private, shared or link-local: a link behind a NAT (host order). */
static bool ipv4_local(uint32_t a)
{
	return (a >> 24) == 10 || (a >> 20) == 0xac1 || (a >> 16) == 0xc0a8 ||
	       (a >> 16) == 0xa9fe || (a >> 22) == (100 << 2 | 1);
}

/* The links as they are now; each joins the group (again: harmless). */
static void discovery_links(struct discovery *d)
{
	struct ifaddrs *ifa, *all;

	d->n_links = 0;
	if (getifaddrs(&all)) {
		logmsg(LOG_WARNING, "local discovery: cannot list interfaces: %s",
		       strerror(errno));
		return;
	}
	for (ifa = all; ifa && d->n_links < DISCOVERY_LINKS_MAX; ifa = ifa->ifa_next) {
		const struct sockaddr_in *sa = (void *)ifa->ifa_addr;
		const struct sockaddr_in *mask = (void *)ifa->ifa_netmask;
		struct discovery_link *l = &d->links[d->n_links];
		struct ip_mreqn mr = { 0 };

		if (!sa || sa->sin_family != AF_INET || !mask ||
		    (ifa->ifa_flags & (IFF_UP | IFF_MULTICAST | IFF_LOOPBACK)) !=
		    (IFF_UP | IFF_MULTICAST) ||
		    !ipv4_local(ntohl(sa->sin_addr.s_addr)) ||
		    (d->match_names && regexec(&d->names, ifa->ifa_name, 0, NULL, 0)))
			continue;
		l->ifindex = (int)if_nametoindex(ifa->ifa_name);
		if (!l->ifindex)
			continue;
		l->addr = sa->sin_addr.s_addr;
		l->mask = mask->sin_addr.s_addr;
		mr.imr_multiaddr.s_addr = htonl(DISCOVERY_GROUP);
		mr.imr_ifindex = l->ifindex;
		if (setsockopt(d->fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mr, sizeof(mr)) &&
		    errno != EADDRINUSE) {
			logmsg(LOG_WARNING, "local discovery: cannot join the group on %s: %s",
			       ifa->ifa_name, strerror(errno));
			continue;
		}
		d->n_links++;
	}
	freeifaddrs(all);
}

int discovery_open(struct discovery *d, const char *ifaces, uint32_t nat_mask)
{
	struct sockaddr_in sin = {
		.sin_family = AF_INET,
		.sin_port = htons(TEREDO_PORT),
	};
	int on = 1;

	memset(d, 0, sizeof(*d));
	d->fd = -1;
	d->nat_mask = nat_mask ? ntohl(nat_mask) : 0xffffffffU;
	/*
	 * Checked when read, so only memory can fail here; all links must
	 * not stand in for the ones named.
	 */
	if (*ifaces) {
		if (regcomp(&d->names, ifaces, REG_EXTENDED | REG_NOSUB)) {
			logmsg(LOG_ERR, "local discovery: cannot compile '%s'", ifaces);
			return -1;
		}
		d->match_names = true;
	}
	d->fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (d->fd < 0 ||
	    setsockopt(d->fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) ||
	    setsockopt(d->fd, IPPROTO_IP, IP_PKTINFO, &on, sizeof(on)) ||
	    bind(d->fd, (struct sockaddr *)&sin, sizeof(sin))) {
		logmsg(LOG_ERR, "local discovery: cannot listen on port %u: %s",
		       TEREDO_PORT, strerror(errno));
		discovery_close(d);
		return -1;
	}
	discovery_links(d);
	if (!d->n_links)
		logmsg(LOG_NOTICE, "local discovery: no private IPv4 link%s yet",
		       d->match_names ? " of those named" : "");
	return 0;
}

void discovery_close(struct discovery *d)
{
	if (d->fd >= 0)
		close(d->fd);
	d->fd = -1;
	if (d->match_names)
		regfree(&d->names);
	d->match_names = false;
}

void discovery_stop(struct discovery *d)
{
	d->next = 0;
}

void discovery_announce(struct discovery *d, const struct discovery_client *c)
{
	struct sockaddr_in to = {
		.sin_family = AF_INET,
		.sin_addr.s_addr = htonl(DISCOVERY_GROUP),
		.sin_port = htons(TEREDO_PORT),
	};
	uint8_t bubble[TEREDO_IPV6_HLEN] = { 0x60 };
	int ttl = 1, loop = 0;
	uint32_t r;

	if (d->fd < 0)
		return;
	bubble[6] = TEREDO_NEXTHDR_NONE;
	bubble[7] = 255;
	memcpy(bubble + 8, c->addr, 16);
	memcpy(bubble + 24, &all_nodes, 16);
	setsockopt(c->fd, IPPROTO_IP, IP_MULTICAST_TTL, &ttl, sizeof(ttl));
	setsockopt(c->fd, IPPROTO_IP, IP_MULTICAST_LOOP, &loop, sizeof(loop));
	discovery_links(d);
	for (unsigned int i = 0; i < d->n_links; i++) {
		struct ip_mreqn mr = { .imr_ifindex = d->links[i].ifindex };

		if (setsockopt(c->fd, IPPROTO_IP, IP_MULTICAST_IF, &mr, sizeof(mr)) ||
		    sendto(c->fd, bubble, sizeof(bubble), 0, (struct sockaddr *)&to,
			   sizeof(to)) < 0)
			logmsg(LOG_WARNING, "local discovery: cannot announce on link %d: %s",
			       d->links[i].ifindex, strerror(errno));
	}
	d->last = now_ms();
	if (getrandom(&r, sizeof(r), 0) != sizeof(r))
		r = (uint32_t)random();
	d->next = d->last + ANNOUNCE_MIN_MS + r % (ANNOUNCE_SPREAD_MS + 1);
}

/* Whether @a (network order) is on one of our links, and not ours. */
static bool on_our_links(const struct discovery *d, uint32_t a)
{
	for (unsigned int i = 0; i < d->n_links; i++)
		if (!((a ^ d->links[i].addr) & d->links[i].mask) && a != d->links[i].addr)
			return true;
	return false;
}

/* Whether the datagram is a local peer's announcement, as above. */
static bool is_announcement(const struct discovery *d,
			    const struct discovery_client *c, const uint8_t *p,
			    size_t len, const struct sockaddr_in *from,
			    uint32_t group)
{
	struct teredo_addr_info info;

	return len >= TEREDO_IPV6_HLEN && (p[0] >> 4) == 6 &&
	       !p[4] && !p[5] && p[6] == TEREDO_NEXTHDR_NONE &&
	       !memcmp(p + 24, &all_nodes, 16) &&
	       teredo_addr_parse(p + 8, &info) &&
	       !((info.addr ^ c->mapped) & d->nat_mask) &&
	       memcmp(p + 8, c->addr, 16) &&
	       group == htonl(DISCOVERY_GROUP) && from->sin_port &&
	       on_our_links(d, from->sin_addr.s_addr);
}

struct known {
	const struct sockaddr_in *from;
	bool same;	/* a trusted local peer at that address already */
};

static int check_known(struct nlattr **tb, void *arg)
{
	struct nlattr *p[TEREDO_PEER_A_MAX + 1];
	struct known *k = arg;

	if (peer_parse(tb, p))
		return -EPROTO;
	k->same = p[TEREDO_PEER_A_LOCAL] && nla_get_u8(p[TEREDO_PEER_A_LOCAL]) &&
		  p[TEREDO_PEER_A_TRUSTED] && nla_get_u8(p[TEREDO_PEER_A_TRUSTED]) &&
		  p[TEREDO_PEER_A_MAPPED_ADDR] && p[TEREDO_PEER_A_MAPPED_PORT] &&
		  nla_get_u32(p[TEREDO_PEER_A_MAPPED_ADDR]) == k->from->sin_addr.s_addr &&
		  nla_get_u16(p[TEREDO_PEER_A_MAPPED_PORT]) == ntohs(k->from->sin_port);
	return 0;
}

/* A request about one peer of the client's device. */
static struct nl_msg *peer_msg(const struct discovery_client *c, uint8_t cmd,
			       const struct peer_spec *s)
{
	struct nl_msg *msg = tnl_msg(c->t, cmd, 0);

	if (!msg || nla_put_u32(msg, TEREDO_A_IFINDEX, (uint32_t)c->ifindex) ||
	    peer_nest_put(msg, s)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

/* Ask the kernel about the peer, then make it a trusted local one. */
static int learn(const struct discovery_client *c, const struct in6_addr *addr,
		 const struct sockaddr_in *from, bool *known)
{
	struct peer_spec s = {
		.addr = addr,
		.map_addr = from->sin_addr.s_addr,
		.map_port = ntohs(from->sin_port),
		.trusted = 1,
		.local = 1,
	};
	struct peer_spec q = { .addr = addr, .trusted = -1, .local = -1 };
	struct known k = { .from = from };
	struct nl_msg *msg;
	int err;

	msg = peer_msg(c, TEREDO_CMD_PEER_GET, &q);
	if (!msg)
		return -ENOMEM;
	err = tnl_request(c->t, msg, check_known, &k);
	if (err && err != -ENOENT)
		return err;
	*known = k.same;
	msg = peer_msg(c, TEREDO_CMD_PEER_ADD, &s);
	if (!msg)
		return -ENOMEM;
	return tnl_request(c->t, msg, NULL, NULL);
}

static void on_announcement(struct discovery *d, const struct discovery_client *c,
			    const uint8_t *p, const struct sockaddr_in *from)
{
	char a6[INET6_ADDRSTRLEN], a4[INET_ADDRSTRLEN];
	struct in6_addr addr;
	bool known = false;
	int err;

	memcpy(&addr, p + 8, sizeof(addr));
	err = learn(c, &addr, from, &known);
	inet_ntop(AF_INET6, &addr, a6, sizeof(a6));
	inet_ntop(AF_INET, &from->sin_addr, a4, sizeof(a4));
	if (err) {
		logmsg(LOG_WARNING, "local discovery: cannot add %s: %s", a6,
		       c->t->extack[0] ? c->t->extack : strerror(-err));
		return;
	}
	if (known)
		return;
	d->learned++;
	logmsg(LOG_NOTICE, "local peer %s at %s:%u", a6, a4, ntohs(from->sin_port));
	/* Answer now, or as soon as the gap allows: the next one is early. */
	if (now_ms() >= d->last + ANSWER_GAP_MS)
		discovery_announce(d, c);
	else if (d->last + ANSWER_GAP_MS < d->next)
		d->next = d->last + ANSWER_GAP_MS;
}

void discovery_read(struct discovery *d, const struct discovery_client *c)
{
	uint8_t buf[2048];
	union {
		char buf[CMSG_SPACE(sizeof(struct in_pktinfo))];
		struct cmsghdr align;
	} ctl;
	struct sockaddr_in from;
	struct iovec iov = { .iov_base = buf, .iov_len = sizeof(buf) };
	struct msghdr mh = {
		.msg_name = &from,
		.msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = ctl.buf,
	};

	for (int i = 0; i < READ_BUDGET; i++) {
		struct cmsghdr *cm;
		uint32_t group = 0;
		ssize_t n;

		mh.msg_namelen = sizeof(from);
		mh.msg_controllen = sizeof(ctl.buf);
		n = recvmsg(d->fd, &mh, MSG_DONTWAIT);
		if (n < 0)
			return;
		for (cm = CMSG_FIRSTHDR(&mh); cm; cm = CMSG_NXTHDR(&mh, cm))
			if (cm->cmsg_level == IPPROTO_IP && cm->cmsg_type == IP_PKTINFO)
				group = ((struct in_pktinfo *)CMSG_DATA(cm))->ipi_addr.s_addr;
		/* Not qualified (nothing due): we have no address to compare. */
		if (!d->next || !is_announcement(d, c, buf, (size_t)n, &from, group)) {
			d->ignored++;
			continue;
		}
		on_announcement(d, c, buf, &from);
	}
}
