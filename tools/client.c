// SPDX-License-Identifier: GPL-2.0
/*
 * teredoctl client [DEV] --server HOST [--server2 HOST] [--bind A]
 *                  [--port N] [--mtu N] [--refresh S] [--inbound on|off]
 *                  [--local-discovery on|off]
 *                  [--discovery-interfaces REGEX]
 *                  [--discovery-netmask MASK] [--socket-netns NS]
 *                  [--cone-probe on|off] [--auth-id ID --auth-secret FILE]
 *                  [--load-reduction on|off] [--upnp on|off]
 *                  [--upnp-timeout MS] [--upnp-lease S] [-c FILE]
 *
 * The Teredo client's control plane (RFC 4380 5.2, RFC 5991): qualify
 * with Router Solicitations, hand the result to teredo.ko, keep the NAT
 * mapping alive, follow mapping changes, survive server loss. Nothing
 * per packet happens here; the socket is the kernel's except for the
 * Router Advertisements it passes up.
 *
 * States (Documentation/teredo.rst has the diagram):
 *   CONE      with --cone-probe on only: an RS with the cone flag to the
 *             primary, 4 s apart, 3 tries; the server answers from its
 *             secondary address, which only a cone NAT lets in. An answer
 *             qualifies us with the cone flag; silence goes on to PROBE
 *   PROBE     RS to the primary and secondary address, 4 s apart, 3 tries
 *   QUALIFIED address up; an RS every --refresh seconds, same 3 tries
 *   BACKOFF   no answer: wait, doubling, then PROBE
 * While qualified, local discovery (discovery.c) announces the address
 * on the links, if asked for, and with --upnp on the NAT's gateway maps
 * our mapping's port to us (upnp.c), which the kernel then knows.
 */
#include "auth.h"
#include "daemon.h"
#include "log.h"
#include "loop.h"
#include "role_dev.h"
#include "sockets.h"
#include "discovery.h"
#include "qualify_msg.h"
#include "rtnl.h"
#include "teredoctl.h"
#include "upnp.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <syslog.h>
#include <unistd.h>
#include <linux/teredo.h>
#include <teredo/wire.h>

#define RS_INTERVAL_MS	4000	/* RFC 4380 5.2.1 */
#define RS_TRIES	3
#define BACKOFF_MAX_MS	300000
#define DEFAULT_METRIC	1029	/* as Miredo, below most native routes */
#define PREFIX_METRIC	256	/* what the kernel gives an address's prefix */

static const char client_usage[] =
	"Usage: teredoctl client [DEV] --server HOST [--server2 HOST] [--bind ADDR]\n"
	"                        [--port N] [--mtu N] [--refresh SECONDS]\n"
	"                        [--inbound on|off] [--local-discovery on|off]\n"
	"                        [--discovery-interfaces REGEX]\n"
	"                        [--discovery-netmask MASK] [--socket-netns NS]\n"
	"                        [--cone-probe on|off]\n"
	"                        [--auth-id ID --auth-secret FILE]\n"
	"                        [--load-reduction on|off] [--upnp on|off]\n"
	"                        [--upnp-timeout MS] [--upnp-lease S] [-c FILE]\n"
	"                        [--daemon] [--syslog] [--pidfile FILE]\n";

enum client_state { C_CONE, C_PROBE, C_QUALIFIED, C_BACKOFF };

struct mapping {
	uint32_t addr;		/* host order */
	uint16_t port;
};

struct client {
	struct role_opts *ro;
	struct tnl t;
	int ifindex;
	bool created;		/* we made the device: delete it at exit */
	int fd;
	uint32_t server, server2;	/* network order */
	unsigned int refresh_ms;

	enum client_state state;
	unsigned int tries;
	uint64_t deadline;
	unsigned int backoff_ms;
	uint8_t nonce[TEREDO_NONCE_LEN], nonce2[TEREDO_NONCE_LEN];
	bool got1, got2;	/* RAs of this try, primary and secondary */
	struct mapping m1, m2;

	bool qualified;
	bool cone;		/* the cone test passed: our address says so */
	uint8_t prediction;	/* enum teredo_prediction, from the probe */
	uint8_t pushed_prediction;	/* ... as the kernel has it */
	struct mapping mapping;
	struct in6_addr addr;
	unsigned int ra_refused, ra_auth_refused, ignored;
	struct auth_secret secret;	/* secure qualification, if configured */
	struct teredo_auth auth;	/* ... key_len 0 when not */
	struct discovery disc;
	struct upnp upnp;
};

static const char *ip4(uint32_t host_order, char *buf)
{
	struct in_addr a = { htonl(host_order) };

	return inet_ntop(AF_INET, &a, buf, INET_ADDRSTRLEN);
}

/* The server's IPv4 address; Teredo servers are IPv4 by definition. */
static int resolve(const char *host, uint32_t *out)
{
	struct addrinfo hints = { .ai_family = AF_INET, .ai_socktype = SOCK_DGRAM };
	struct addrinfo *res;
	int err;

	err = getaddrinfo(host, NULL, &hints, &res);
	if (err) {
		logmsg(LOG_ERR, "cannot resolve %s: %s", host, gai_strerror(err));
		return -1;
	}
	*out = ((struct sockaddr_in *)res->ai_addr)->sin_addr.s_addr;
	freeaddrinfo(res);
	return 0;
}

/* The identifier and key to qualify with, or NULL. */
static const struct teredo_auth *client_auth(const struct client *c)
{
	return c->auth.key_len ? &c->auth : NULL;
}

static void send_rs(struct client *c, uint32_t to, uint8_t *nonce)
{
	struct sockaddr_in sin = {
		.sin_family = AF_INET,
		.sin_addr.s_addr = to,
		.sin_port = htons(TEREDO_PORT),
	};
	uint8_t buf[TEREDO_QMSG_MAX];
	size_t len;

	if (getrandom(nonce, TEREDO_NONCE_LEN, 0) != TEREDO_NONCE_LEN)
		for (int i = 0; i < TEREDO_NONCE_LEN; i++)
			nonce[i] = (uint8_t)random();
	len = teredo_rs_build(buf, nonce, c->state == C_CONE, client_auth(c));
	if (sendto(c->fd, buf, len, 0, (struct sockaddr *)&sin, sizeof(sin)) < 0)
		logmsg(LOG_WARNING, "cannot send router solicitation: %s",
		       strerror(errno));
}

/*
 * One try: RS to the primary; while probing, to the secondary too (the
 * cone test sends to the primary and waits for the secondary's answer).
 */
static void try_rs(struct client *c)
{
	c->got1 = c->got2 = false;
	send_rs(c, c->server, c->nonce);
	if (c->state == C_PROBE)
		send_rs(c, c->server2, c->nonce2);
	c->tries++;
	c->deadline = now_ms() + RS_INTERVAL_MS;
}

static void start_probe(struct client *c)
{
	c->state = C_PROBE;
	c->tries = 0;
	sd_notifyf("STATUS=qualifying");
	try_rs(c);
}

/* Qualification from the start: the cone test first, if asked for. */
static void start_qualify(struct client *c)
{
	if (c->ro->conf.cone_probe <= 0) {
		start_probe(c);
		return;
	}
	c->state = C_CONE;
	c->tries = 0;
	sd_notifyf("STATUS=qualifying: cone test");
	try_rs(c);
}

static void start_backoff(struct client *c)
{
	c->state = C_BACKOFF;
	c->deadline = now_ms() + c->backoff_ms;
	logmsg(LOG_INFO, "next qualification attempt in %u s", c->backoff_ms / 1000);
	c->backoff_ms = c->backoff_ms * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS :
			c->backoff_ms * 2;
}

/* Mode, socket and servers; the address comes with qualification. */
static int push_setup(struct client *c)
{
	struct nl_msg *msg = dev_msg(&c->t, c->ifindex);
	int err;

	if (!msg ||
	    nla_put_u32(msg, TEREDO_A_SOCK_FD, (uint32_t)c->fd) ||
	    nla_put_u8(msg, TEREDO_A_MODE, TEREDO_MODE_CLIENT) ||
	    nla_put_u32(msg, TEREDO_A_SERVER, c->server) ||
	    nla_put_u32(msg, TEREDO_A_SERVER2, c->server2) ||
	    nla_put_u8(msg, TEREDO_A_INBOUND_OPEN, c->ro->conf.inbound > 0) ||
	    nla_put_u8(msg, TEREDO_A_QUALIFIED, 0) ||
	    (c->ro->conf.load_reduction >= 0 &&
	     nla_put_u8(msg, TEREDO_A_LOAD_REDUCTION,
			c->ro->conf.load_reduction))) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	err = tnl_request(&c->t, msg, NULL, NULL);
	if (err)
		logmsg(LOG_ERR, "%s: %s", c->ro->conf.ifname,
		       c->t.extack[0] ? c->t.extack : strerror(-err));
	return err;
}

/*
 * The default route and the Teredo prefix (peers, direct) through the
 * device; absent ones are not an error when removing.
 */
static int route(struct client *c)
{
	int err = rt_route6(c->ifindex, &teredo_prefix, 32, PREFIX_METRIC, true);

	return err ?: rt_route6(c->ifindex, &in6addr_any, 0, DEFAULT_METRIC, true);
}

static void unroute(struct client *c)
{
	rt_route6(c->ifindex, &in6addr_any, 0, DEFAULT_METRIC, false);
	rt_route6(c->ifindex, &teredo_prefix, 32, PREFIX_METRIC, false);
}

static struct discovery_client disc_client(struct client *c)
{
	return (struct discovery_client){
		.fd = c->fd,
		.addr = &c->addr,
		.mapped = c->mapping.addr,
		.t = &c->t,
		.ifindex = c->ifindex,
	};
}

static void unqualify(struct client *c, const char *why)
{
	struct nl_msg *msg;
	int err;

	if (!c->qualified)
		return;
	logmsg(LOG_NOTICE, "unqualified: %s", why);
	c->qualified = false;
	discovery_stop(&c->disc);
	upnp_forget(&c->upnp);
	msg = dev_msg(&c->t, c->ifindex);
	if (!msg || nla_put_u8(msg, TEREDO_A_QUALIFIED, 0) ||
	    nla_put_u8(msg, TEREDO_A_OPEN_MAPPING, 0)) {
		nlmsg_free(msg);
		logmsg(LOG_ERR, "out of memory");
	} else if ((err = tnl_request(&c->t, msg, NULL, NULL))) {
		logmsg(LOG_ERR, "cannot unqualify %s: %s", c->ro->conf.ifname,
		       c->t.extack[0] ? c->t.extack : strerror(-err));
	}
	unroute(c);
	if (rt_addr6(c->ifindex, &c->addr, 32, false))
		logmsg(LOG_WARNING, "%s", rt_err);
	sd_notifyf("STATUS=not qualified: %s", why);
}

/* Our socket's own address and port, as bound: 0, or -1 and errno. */
static int sock_name(const struct client *c, struct sockaddr_in *sin)
{
	socklen_t len = sizeof(*sin);

	return getsockname(c->fd, (struct sockaddr *)sin, &len);
}

/*
 * Tell the kernel one u8 setting: whether the NAT lets everyone in at our
 * mapping, how to predict its ports.
 */
static void push_u8(struct client *c, int attr, uint8_t value)
{
	struct nl_msg *msg = dev_msg(&c->t, c->ifindex);
	int err;

	if (!msg || nla_put_u8(msg, attr, value)) {
		nlmsg_free(msg);
		logmsg(LOG_ERR, "out of memory");
	} else if ((err = tnl_request(&c->t, msg, NULL, NULL))) {
		logmsg(LOG_ERR, "%s: %s", c->ro->conf.ifname,
		       c->t.extack[0] ? c->t.extack : strerror(-err));
	}
}

/*
 * RFC 6081 UPnP-enabled symmetric NAT: have the gateway map the port our
 * server saw to our socket, for everyone. The address stays as it is;
 * the kernel stops sending direct bubbles, which would only make the
 * NAT map us anew for each peer.
 */
static void client_upnp(struct client *c)
{
	struct sockaddr_in sin;

	if (c->ro->conf.upnp <= 0)
		return;
	if (sock_name(c, &sin)) {
		logmsg(LOG_ERR, "UPnP: cannot read our socket's port: %s",
		       strerror(errno));
		return;
	}
	push_u8(c, TEREDO_A_OPEN_MAPPING,
		!upnp_map(&c->upnp, c->mapping.addr, c->mapping.port,
			  sin.sin_addr.s_addr, ntohs(sin.sin_port)));
}

/*
 * A new (or the first) mapping: a new address with fresh random flag
 * bits (RFC 5991), pushed to the kernel, then the old one replaced on
 * the device so that stale addresses never pile up.
 */
static void qualify(struct client *c, const struct mapping *m)
{
	struct teredo_addr_info info = {
		.server = ntohl(c->server),
		.port = m->port,
		.addr = m->addr,
	};
	char a4[INET_ADDRSTRLEN], a6[INET6_ADDRSTRLEN];
	struct in6_addr old = c->addr;
	bool had = c->qualified;
	struct nl_msg *msg;
	uint16_t r;
	int err;

	if (getrandom(&r, sizeof(r), 0) != sizeof(r))
		r = (uint16_t)random();
	info.flags = (r & TEREDO_FLAG_RANDOM) | (c->cone ? TEREDO_FLAG_CONE : 0);
	teredo_addr_build(&info, c->addr.s6_addr);

	msg = dev_msg(&c->t, c->ifindex);
	if (!msg ||
	    nla_put_u32(msg, TEREDO_A_MAPPED_ADDR, htonl(m->addr)) ||
	    nla_put_u16(msg, TEREDO_A_MAPPED_PORT, m->port) ||
	    nla_put(msg, TEREDO_A_ADDR6, sizeof(c->addr), &c->addr) ||
	    nla_put_u8(msg, TEREDO_A_PREDICTION, c->prediction) ||
	    nla_put_u8(msg, TEREDO_A_QUALIFIED, 1)) {
		nlmsg_free(msg);
		logmsg(LOG_ERR, "out of memory");
		return;
	}
	err = tnl_request(&c->t, msg, NULL, NULL);
	if (err) {
		logmsg(LOG_ERR, "%s refused the qualification: %s", c->ro->conf.ifname,
		       c->t.extack[0] ? c->t.extack : strerror(-err));
		c->addr = old;
		return;
	}
	c->mapping = *m;
	c->qualified = true;
	c->pushed_prediction = c->prediction;
	if (rt_addr6(c->ifindex, &c->addr, 32, true))
		logmsg(LOG_ERR, "%s", rt_err);
	if (had && memcmp(&old, &c->addr, sizeof(old)) &&
	    rt_addr6(c->ifindex, &old, 32, false))
		logmsg(LOG_WARNING, "%s", rt_err);
	if (route(c))
		logmsg(LOG_ERR, "%s", rt_err);
	inet_ntop(AF_INET6, &c->addr, a6, sizeof(a6));
	logmsg(LOG_NOTICE, "qualified: %s (mapping %s:%u)", a6, ip4(m->addr, a4),
	       m->port);
	sd_notifyf("STATUS=qualified %s", a6);
	client_upnp(c);
	if (c->disc.fd >= 0) {
		struct discovery_client dc = disc_client(c);

		discovery_announce(&c->disc, &dc);
	}
}

/*
 * How the kernel can foretell the port the NAT gives us towards a new
 * peer (RFC 6081 5.4, 5.5): a NAT that kept our socket's port for the
 * server's primary address keeps a new socket's for its first
 * destination; any other is taken for a sequential one, whose next port
 * the kernel's echo test finds. That test's solicitations carry no
 * authentication value: with secure qualification there is none.
 */
static uint8_t symmetric_prediction(struct client *c)
{
	struct sockaddr_in sin;

	if (sock_name(c, &sin) == 0 && ntohs(sin.sin_port) == c->m1.port)
		return TEREDO_PREDICTION_PORT_PRESERVING;
	return client_auth(c) ? TEREDO_PREDICTION_NONE :
				TEREDO_PREDICTION_SEQUENTIAL;
}

/*
 * RFC 6081 Symmetric NAT Support: qualify anyway, at the mapping the
 * primary address saw. The kernel's bubbles open a port of the NAT's
 * for each peer, which a peer that implements the extension learns; for
 * a peer whose NAT filters by port too, it predicts the port.
 */
static void symmetric_nat(struct client *c)
{
	static const char *const how[] = {
		[TEREDO_PREDICTION_NONE] = "no port prediction (secure "
			"qualification: the echo test cannot carry it)",
		[TEREDO_PREDICTION_PORT_PRESERVING] = "port-preserving: ports "
			"predicted from a socket per peer",
		[TEREDO_PREDICTION_SEQUENTIAL] = "taken for sequential: ports "
			"predicted by an echo test per peer",
	};
	char a[INET_ADDRSTRLEN], b[INET_ADDRSTRLEN];

	c->prediction = symmetric_prediction(c);
	logmsg(LOG_WARNING,
	       "symmetric NAT: the server saw %s:%u at its primary address and "
	       "%s:%u at its secondary; qualifying anyway (RFC 6081), %s",
	       ip4(c->m1.addr, a), c->m1.port, ip4(c->m2.addr, b), c->m2.port,
	       how[c->prediction]);
}

/*
 * The primary answered (while probing: the secondary too, or it stayed
 * silent for a whole try).
 */
static void probe_done(struct client *c)
{
	char a[INET_ADDRSTRLEN];

	if (c->state == C_PROBE)
		c->prediction = TEREDO_PREDICTION_NONE;
	if (c->state == C_PROBE && c->got2 &&
	    (c->m1.addr != c->m2.addr || c->m1.port != c->m2.port))
		symmetric_nat(c);
	else if (c->state == C_PROBE && !c->got2)
		logmsg(LOG_WARNING, "no answer from the secondary address %s: "
		       "cannot rule out a symmetric NAT", ip4(ntohl(c->server2), a));
	c->backoff_ms = c->refresh_ms;
	if (!c->qualified || c->m1.addr != c->mapping.addr ||
	    c->m1.port != c->mapping.port ||
	    !!(c->addr.s6_addr[8] & 0x80) != c->cone) {
		qualify(c, &c->m1);
	} else if (c->prediction != c->pushed_prediction) {
		push_u8(c, TEREDO_A_PREDICTION, c->prediction);
		c->pushed_prediction = c->prediction;
	}
	c->state = C_QUALIFIED;
	c->tries = 0;
	c->deadline = now_ms() + c->refresh_ms;
}

static void on_datagram(struct client *c, const uint8_t *buf, size_t len,
			const struct sockaddr_in *from)
{
	enum teredo_qmsg_err err;
	struct teredo_ra ra;
	bool primary;

	if (from->sin_port != htons(TEREDO_PORT) ||
	    (from->sin_addr.s_addr != c->server && from->sin_addr.s_addr != c->server2) ||
	    c->state == C_BACKOFF) {
		c->ignored++;
		return;
	}
	primary = from->sin_addr.s_addr == c->server;
	if (c->state == C_CONE && primary) {
		/* A server that ignores the cone flag proves nothing. */
		c->ignored++;
		return;
	}
	err = teredo_ra_parse(buf, len,
			      primary || c->state == C_CONE ? c->nonce : c->nonce2,
			      ntohl(c->server), client_auth(c), &ra);
	if (err) {
		/* Late answers to an earlier try are normal; say it once. */
		if (err == TEREDO_QMSG_BAD_AUTH)
			c->ra_auth_refused++;
		if (err != TEREDO_QMSG_BAD_NONCE && !c->ra_refused++)
			logmsg(LOG_WARNING, "router advertisement refused: %s",
			       teredo_qmsg_strerror(err));
		return;
	}
	if (c->state == C_CONE) {
		/* Only a cone NAT lets in an answer from another address. */
		logmsg(LOG_NOTICE, "cone NAT: the secondary address's answer came in");
		c->cone = true;
		c->m1 = (struct mapping){ ra.mapped_addr, ra.mapped_port };
		probe_done(c);
		return;
	}
	if (primary && !c->got1) {
		c->got1 = true;
		c->m1 = (struct mapping){ ra.mapped_addr, ra.mapped_port };
	} else if (!primary && c->state == C_PROBE && !c->got2) {
		c->got2 = true;
		c->m2 = (struct mapping){ ra.mapped_addr, ra.mapped_port };
	} else {
		return;
	}
	if (c->state == C_QUALIFIED && c->got1) {
		/* Maintenance: a changed mapping is a new address. */
		if (c->m1.addr != c->mapping.addr || c->m1.port != c->mapping.port)
			logmsg(LOG_NOTICE, "the NAT mapping changed");
		probe_done(c);
	} else if (c->got1 && c->got2) {
		probe_done(c);
	}
}

static void on_timeout(struct client *c)
{
	switch (c->state) {
	case C_BACKOFF:
		start_qualify(c);
		return;
	case C_CONE:
		if (c->tries < RS_TRIES)
			break;
		logmsg(LOG_INFO, "no answer to the cone test: not a cone NAT");
		c->cone = false;
		start_probe(c);
		return;
	case C_PROBE:
		if (c->got1) {	/* the secondary stayed silent */
			probe_done(c);
			return;
		}
		break;
	case C_QUALIFIED:
		if (c->tries == 0) {	/* time for the periodic RS */
			try_rs(c);
			return;
		}
		break;
	}
	if (c->tries < RS_TRIES) {
		try_rs(c);
		return;
	}
	if (c->qualified) {
		logmsg(LOG_WARNING, "the server stopped answering");
		unqualify(c, "server lost");
	} else {
		logmsg(LOG_WARNING, "no router advertisement from the server");
	}
	start_backoff(c);
}

static void read_socket(struct client *c)
{
	uint8_t buf[2048];
	struct sockaddr_in from;
	socklen_t flen;
	ssize_t n;

	for (int i = 0; i < READ_BUDGET; i++) {
		flen = sizeof(from);
		n = recvfrom(c->fd, buf, sizeof(buf), MSG_DONTWAIT,
			     (struct sockaddr *)&from, &flen);
		if (n < 0)
			return;
		on_datagram(c, buf, (size_t)n, &from);
	}
}

/*
 * The device was there already: a client killed before its cleanup may
 * have left its Teredo address and routes. None is valid any
 * more (the kernel dropped the mapping with the socket), and a stale
 * address would linger next to the new one.
 */
static void forget_predecessor(struct client *c)
{
	int n = rt_addr6_flush(c->ifindex, &teredo_prefix, 32);

	if (n < 0)
		logmsg(LOG_WARNING, "%s", rt_err);
	else if (n)
		logmsg(LOG_NOTICE, "%s: removed %d stale Teredo address%s",
		       c->ro->conf.ifname, n, n > 1 ? "es" : "");
	/* Absent in the usual case: not an error. */
	unroute(c);
}

static int client_setup(struct client *c)
{
	struct conf *cf = &c->ro->conf;
	int err;

	if (cf->auth_id[0]) {
		char err[512];

		if (auth_secret_read(cf->auth_secret, &c->secret, err, sizeof(err))) {
			logmsg(LOG_ERR, "%s", err);
			return -1;
		}
		c->auth = (struct teredo_auth){
			.id = (const uint8_t *)cf->auth_id,
			.id_len = (uint8_t)strlen(cf->auth_id),
			.key = c->secret.key, .key_len = c->secret.len,
		};
	}
	if (resolve(cf->server, &c->server))
		return -1;
	if (cf->server2[0]) {
		if (resolve(cf->server2, &c->server2))
			return -1;
	} else {
		/* RFC 4380: the secondary is usually the next address. */
		c->server2 = htonl(ntohl(c->server) + 1);
	}
	c->ifindex = rt_link_ensure(cf->ifname, &c->created);
	if (c->ifindex < 0) {
		logmsg(LOG_ERR, "%s", rt_err);
		return -1;
	}
	if (!c->created)
		forget_predecessor(c);
	c->fd = role_socket(cf);
	if (c->fd < 0)
		return -1;
	upnp_init(&c->upnp, conf_upnp_timeout(cf), conf_upnp_lease(cf));
	if (cf->discovery > 0 &&
	    discovery_open(&c->disc, cf->discovery_ifaces, cf->discovery_mask))
		return -1;
	if (tnl_open(&c->t) < 0)
		return -1;
	err = push_setup(c);
	if (err)
		return -1;
	if (rt_link_set(c->ifindex, true, cf->mtu ? cf->mtu : TEREDO_MTU)) {
		logmsg(LOG_ERR, "%s", rt_err);
		return -1;
	}
	return 0;
}

static void client_teardown(struct client *c)
{
	if (c->t.sk) {
		unqualify(c, "stopping");
		dev_detach(&c->t, c->ifindex);
		tnl_close(&c->t);
	}
	upnp_close(&c->upnp);
	discovery_close(&c->disc);
	if (c->fd >= 0)
		close(c->fd);
	if (c->created && rt_link_delete(c->ifindex))
		logmsg(LOG_WARNING, "%s", rt_err);
}

/* SIGUSR1: what the client counted, in the log. */
static void client_report(const struct client *c)
{
	logmsg(LOG_INFO, "qualification: %s%s, advertisements refused %u "
	       "(authentication %u), datagrams ignored %u",
	       c->qualified ? "qualified" : "not qualified",
	       c->cone ? " (cone)" : "", c->ra_refused, c->ra_auth_refused,
	       c->ignored);
	if (c->ro->conf.upnp > 0)
		logmsg(LOG_INFO, "UPnP: %s port %u, mappings added %u, "
		       "renewed %u, refusals %u",
		       c->upnp.ext_port ? "holding" : "not holding",
		       c->upnp.ext_port ? c->upnp.ext_port : c->mapping.port,
		       c->upnp.added, c->upnp.renewed, c->upnp.refused);
	if (c->disc.fd >= 0)
		logmsg(LOG_INFO, "local discovery: learned %u, ignored %u",
		       c->disc.learned, c->disc.ignored);
}

/* When the client has something to do next (ms, now_ms()'s clock). */
static uint64_t client_due(const struct client *c)
{
	uint64_t due = c->deadline;

	if (c->disc.next && c->disc.next < due)
		due = c->disc.next;
	if (c->upnp.ext_port && c->upnp.renew_at < due)
		due = c->upnp.renew_at;
	return due;
}

int cmd_client(struct options *opt, int argc, char **argv)
{
	struct role_opts ro;
	struct client c = { .fd = -1, .disc.fd = -1 };
	struct pollfd pfd[3];
	char a4[INET_ADDRSTRLEN];
	int r, sig, status = 1;

	(void)opt;
	r = role_parse(&ro, ROLE_CLIENT, argc, argv, client_usage);
	if (r)
		return r < 0 ? 0 : r;
	c.ro = &ro;
	c.refresh_ms = (ro.conf.refresh ? ro.conf.refresh : 30) * 1000;
	c.backoff_ms = c.refresh_ms;
	pfd[0].fd = signals_open();
	if (pfd[0].fd < 0 || daemon_start(&ro))
		return 1;
	if (client_setup(&c))
		goto out;
	logmsg(LOG_INFO, "client on %s, server %s", ro.conf.ifname,
	       ip4(ntohl(c.server), a4));
	sd_notifyf("READY=1");
	pfd[0].events = POLLIN;
	pfd[1].fd = c.fd;
	pfd[1].events = POLLIN;
	pfd[2].fd = c.disc.fd;
	pfd[2].events = POLLIN;
	start_qualify(&c);
	for (;;) {
		uint64_t now = now_ms(), due = client_due(&c);

		sig = role_poll(pfd, 3, due > now ? (int)(due - now) : 0);
		if (sig < 0)
			break;
		if (SIGNAL_STOPS(sig)) {
			status = 0;
			break;
		}
		if (sig == SIGHUP && c.state != C_PROBE && c.state != C_CONE) {
			logmsg(LOG_INFO, "SIGHUP: qualifying again");
			c.backoff_ms = c.refresh_ms;
			start_qualify(&c);
		}
		if (sig == SIGUSR1)
			client_report(&c);
		if (pfd[1].revents)
			read_socket(&c);
		if (pfd[2].revents || (c.disc.next && now_ms() >= c.disc.next)) {
			struct discovery_client dc = disc_client(&c);

			if (pfd[2].revents)
				discovery_read(&c.disc, &dc);
			if (c.disc.next && now_ms() >= c.disc.next)
				discovery_announce(&c.disc, &dc);
		}
		if (upnp_renew(&c.upnp, now_ms()))
			push_u8(&c, TEREDO_A_OPEN_MAPPING, 0);
		if (now_ms() >= c.deadline)
			on_timeout(&c);
	}
	sd_notifyf("STOPPING=1");
out:
	client_teardown(&c);
	daemon_stop(&ro);
	close(pfd[0].fd);
	return status;
}
