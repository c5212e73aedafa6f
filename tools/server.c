// SPDX-License-Identifier: GPL-2.0
/*
 * teredoctl server --primary A [--secondary B] [--auth-keys FILE] [-c FILE]
 *
 * A Teredo server (RFC 4380 5.3), in userland: it sees a few packets per
 * client per 30 s, so recvmmsg() on two sockets is plenty. On UDP 3544
 * of both addresses it
 *   - answers Router Solicitations with an RA naming the client's mapping
 *     (origin indication), prefix 2001:0:<primary>::/64 and MTU 1280,
 *     from the other address when the RS asks for the cone test; with
 *     --auth-keys, only to clients that name themselves and prove they
 *     hold their key (RFC 4380 5.1.1), each nonce once;
 *   - forwards bubbles and ICMPv6 to its clients (destination
 *     2001:0:<primary>:...) with an origin indication saying who sent it;
 *   - sends its clients' connectivity-test Echo Requests out to native
 *     IPv6 (the host must be dual-stack);
 *   - drops everything else, each reason counted (SIGUSR1 logs them).
 * With DEV, the device's kernel answers the plain solicitations and
 * forwards to the clients itself (kmod/teredo/server.c); the rest comes
 * up to us.
 */
#include "auth.h"
#include "daemon.h"
#include "log.h"
#include "loop.h"
#include "qualify_msg.h"
#include "role_dev.h"
#include "sockets.h"
#include "teredoctl.h"

#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <syslog.h>
#include <unistd.h>
#include <linux/teredo.h>
#include <teredo/server.h>

#define BATCH		32

static const char server_usage[] =
	"Usage: teredoctl server [DEV] --primary ADDR [--secondary ADDR]\n"
	"                        [--auth-keys FILE] [-c FILE]\n"
	"                        [--daemon] [--syslog] [--pidfile FILE]\n";

enum srv_stat {
	S_RS, S_TO_CLIENT, S_TO_NATIVE,
	S_MALFORMED, S_BAD_RS, S_AUTH, S_REPLAY, S_SPOOFED, S_NOT_OURS, S_POLICY,
	S_SEND_FAILED, S_MAX
};

static const char *const srv_stat_names[S_MAX] = {
	[S_RS] = "rs_answered",
	[S_TO_CLIENT] = "forwarded_to_client",
	[S_TO_NATIVE] = "forwarded_to_ipv6",
	[S_MALFORMED] = "drop_malformed",
	[S_BAD_RS] = "drop_bad_rs",
	[S_AUTH] = "drop_auth_failed",
	[S_REPLAY] = "drop_nonce_replayed",
	[S_SPOOFED] = "drop_spoofed_source",
	[S_NOT_OURS] = "drop_not_our_client",
	[S_POLICY] = "drop_not_allowed",
	[S_SEND_FAILED] = "send_failed",
};

/*
 * What a batch read makes to send, per socket: one sendmmsg() for the
 * lot instead of a system call per answer.
 */
struct outq {
	unsigned int n;
	struct mmsghdr msgs[BATCH];
	struct iovec iov[BATCH];
	struct sockaddr_in to[BATCH];
	uint8_t buf[BATCH][2048];
};

struct server {
	int fd[2];		/* primary, secondary */
	/*
	 * With DEV: the device, in server mode, takes the primary socket,
	 * answers plain Router Solicitations on it and forwards to our
	 * clients in the kernel; the rest still comes up to us.
	 */
	struct role_dev dev;
	struct outq *out[2];	/* ... and what goes out of each */
	int raw6;		/* native IPv6 out */
	uint32_t primary;	/* host order */
	bool auth;		/* --auth-keys: secure qualification only */
	struct auth_keys keys;
	struct auth_replay replay;
	unsigned long long stats[S_MAX];
};

static void log_stats(const struct server *s)
{
	char line[512];
	size_t off = 0;

	for (int i = 0; i < S_MAX; i++)
		off += (size_t)snprintf(line + off, sizeof(line) - off, "%s%s %llu",
					i ? ", " : "", srv_stat_names[i], s->stats[i]);
	logmsg(LOG_INFO, "counters: %s", line);
}

/* Sends what socket @i has queued; counts what the stack refused. */
static void flush(struct server *s, int i)
{
	struct outq *q = s->out[i];
	unsigned int done = 0;

	while (done < q->n) {
		int n = sendmmsg(s->fd[i], q->msgs + done, q->n - done, 0);

		if (n <= 0) {
			/* That one failed (no route, buffers full): the next. */
			s->stats[S_SEND_FAILED]++;
			n = 1;
		}
		done += (unsigned int)n;
	}
	q->n = 0;
}

/* Where the next datagram out of socket @i is built. */
static uint8_t *out_slot(struct server *s, int i)
{
	if (s->out[i]->n == BATCH)
		flush(s, i);
	return s->out[i]->buf[s->out[i]->n];
}

/* Queues the @len bytes built at out_slot(s, @i) for @addr:@port (host order). */
static void out_push(struct server *s, int i, size_t len, uint32_t addr, uint16_t port)
{
	struct outq *q = s->out[i];
	unsigned int k = q->n++;

	q->to[k] = (struct sockaddr_in){
		.sin_family = AF_INET,
		.sin_addr.s_addr = htonl(addr),
		.sin_port = htons(port),
	};
	q->iov[k] = (struct iovec){ q->buf[k], len };
	q->msgs[k] = (struct mmsghdr){ .msg_hdr = {
		.msg_name = &q->to[k], .msg_namelen = sizeof(q->to[k]),
		.msg_iov = &q->iov[k], .msg_iovlen = 1 } };
}

/* One datagram from @addr:@port (host order) on socket @which. */
static void handle(struct server *s, int which, const uint8_t *p, size_t len,
		   uint32_t addr, uint16_t port)
{
	static const enum srv_stat drop[] = {
		[TEREDO_SERVER_MALFORMED] = S_MALFORMED,
		[TEREDO_SERVER_SPOOFED] = S_SPOOFED,
		[TEREDO_SERVER_NOT_OURS] = S_NOT_OURS,
		[TEREDO_SERVER_POLICY] = S_POLICY,
	};
	enum teredo_server_verdict v;
	struct teredo_addr_info dst;
	struct teredo_hdrs h;
	struct teredo_rs rs;
	const uint8_t *ip6;
	uint8_t *out;
	size_t fwd;

	if (teredo_parse_datagram(p, len, &h) != TEREDO_PARSE_OK) {
		s->stats[S_MALFORMED]++;
		return;
	}
	ip6 = p + h.ipv6_off;
	if (teredo_server_is_rs(ip6, &h)) {
		struct teredo_auth auth;

		if (teredo_rs_parse(p, len, &rs)) {
			s->stats[S_BAD_RS]++;
			return;
		}
		if (s->auth) {
			if (!auth_keys_find(&s->keys, rs.id, rs.id_len, &auth) ||
			    !teredo_qmsg_auth_ok(p, len, &rs, &auth)) {
				s->stats[S_AUTH]++;
				return;
			}
			/* Only after the check: only key holders fill the memory. */
			if (!auth_replay_fresh(&s->replay, &rs, now_ms())) {
				s->stats[S_REPLAY]++;
				return;
			}
		}
		/* The cone test: answered from the other address. */
		which = rs.cone ? !which : which;
		len = teredo_ra_build(out_slot(s, which), &rs, addr, port,
				      s->primary, s->auth ? &auth : NULL);
		out_push(s, which, len, addr, port);
		s->stats[S_RS]++;
		return;
	}
	v = teredo_server_classify(ip6, &h, addr, port, s->primary, &dst);
	if (v == TEREDO_SERVER_TO_CLIENT) {
		/*
		 * To the client, saying who sent it (origin indication), with
		 * any RFC 6081 trailers: they are for the client.
		 */
		fwd = h.ipv6_len + h.trailer_len;
		out = out_slot(s, 0);
		teredo_origin_build(out, addr, port);
		memcpy(out + TEREDO_ORIGIN_LEN, ip6, fwd);
		out_push(s, 0, TEREDO_ORIGIN_LEN + fwd, dst.addr, dst.port);
		s->stats[S_TO_CLIENT]++;
		return;
	}
	if (v != TEREDO_SERVER_TO_NATIVE) {
		s->stats[drop[v]]++;
		return;
	}
	if (s->raw6 >= 0) {
		struct sockaddr_in6 to = { .sin6_family = AF_INET6 };

		memcpy(&to.sin6_addr, ip6 + 24, 16);
		if (sendto(s->raw6, ip6, h.ipv6_len, 0, (struct sockaddr *)&to,
			   sizeof(to)) < 0) {
			s->stats[S_SEND_FAILED]++;
			return;
		}
	}
	s->stats[S_TO_NATIVE]++;
}

static void read_batch(struct server *s, int which)
{
	static uint8_t bufs[BATCH][2048];
	struct sockaddr_in from[BATCH];
	struct mmsghdr msgs[BATCH];
	struct iovec iov[BATCH];
	int n, batches = 0;

	do {
		for (int i = 0; i < BATCH; i++) {
			iov[i] = (struct iovec){ bufs[i], sizeof(bufs[i]) };
			msgs[i] = (struct mmsghdr){ .msg_hdr = {
				.msg_name = &from[i], .msg_namelen = sizeof(from[i]),
				.msg_iov = &iov[i], .msg_iovlen = 1 } };
		}
		n = recvmmsg(s->fd[which], msgs, BATCH, MSG_DONTWAIT, NULL);
		for (int i = 0; i < n; i++) {
			if (msgs[i].msg_hdr.msg_flags & MSG_TRUNC) {
				s->stats[S_MALFORMED]++;
				continue;
			}
			handle(s, which, bufs[i], msgs[i].msg_len,
			       ntohl(from[i].sin_addr.s_addr), ntohs(from[i].sin_port));
		}
		for (int i = 0; i < 2; i++)
			flush(s, i);
	} while (n == BATCH && ++batches < READ_BUDGET / BATCH);
}

/* The keys of secure qualification, when the config names them; 0 or 1. */
static int server_auth(struct server *s, const struct conf *cf)
{
	char err[512];

	if (!cf->auth_keys[0])
		return 0;
	if (auth_keys_read(cf->auth_keys, &s->keys, err, sizeof(err))) {
		fprintf(stderr, "%s: server: %s\n", progname, err);
		return 1;
	}
	if (auth_replay_init(&s->replay)) {
		fprintf(stderr, "%s: server: out of memory\n", progname);
		return 1;
	}
	s->auth = true;
	return 0;
}

/*
 * Both sockets bound (@a and @b, for the log), the device given the
 * primary one when the config names a device, and the raw socket that
 * sends connectivity tests natively; 0, or -1 after logging why.
 */
static int server_open(struct server *s, const struct role_opts *ro,
		       uint32_t second, const char *a, const char *b)
{
	s->fd[0] = udp_socket(ro->conf.server_bind, TEREDO_PORT);
	s->fd[1] = udp_socket(second, TEREDO_PORT);
	if (s->fd[0] < 0 || s->fd[1] < 0) {
		logmsg(LOG_ERR, "cannot bind UDP %s:%u and %s:%u: %s", a, TEREDO_PORT,
		       b, TEREDO_PORT, strerror(errno));
		return -1;
	}
	if (ro->conf.ifname[0] &&
	    role_dev_attach(&s->dev, &ro->conf, s->fd[0], TEREDO_MODE_SERVER))
		return -1;
	/* IPPROTO_RAW: we write the whole IPv6 packet, header included. */
	s->raw6 = socket(AF_INET6, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_RAW);
	if (s->raw6 < 0)
		logmsg(LOG_WARNING, "no native IPv6 (%s): connectivity tests will fail",
		       strerror(errno));
	return 0;
}

/* Serve until SIGTERM or SIGINT (0) or a failed poll (1). */
static int server_loop(struct server *s, int sigfd)
{
	struct pollfd pfd[3] = { { .fd = sigfd, .events = POLLIN } };

	for (int i = 0; i < 2; i++)
		pfd[i + 1] = (struct pollfd){ .fd = s->fd[i], .events = POLLIN };
	for (;;) {
		int sig = role_poll(pfd, 3, -1);

		if (sig < 0)
			return 1;
		if (SIGNAL_STOPS(sig))
			return 0;
		if (sig == SIGUSR1)
			log_stats(s);
		for (int i = 0; i < 2; i++)
			if (pfd[i + 1].revents)
				read_batch(s, i);
	}
}

int cmd_server(struct options *opt, int argc, char **argv)
{
	struct server s = { .fd = { -1, -1 }, .raw6 = -1 };
	char a[INET_ADDRSTRLEN], b[INET_ADDRSTRLEN];
	int r, sigfd, status = 1;
	struct role_opts ro;
	uint32_t second;

	(void)opt;
	r = role_parse(&ro, ROLE_SERVER, argc, argv, server_usage);
	if (r)
		return r < 0 ? 0 : r;
	s.primary = ntohl(ro.conf.server_bind);
	second = ro.conf.server_bind2 ? ro.conf.server_bind2 :
		 htonl(s.primary + 1);	/* RFC 4380: usually the next one */
	if (server_auth(&s, &ro.conf))
		goto out_keys;
	s.out[0] = malloc(sizeof(*s.out[0]));
	s.out[1] = malloc(sizeof(*s.out[1]));
	if (!s.out[0] || !s.out[1]) {
		fprintf(stderr, "%s: server: out of memory\n", progname);
		goto out_keys;
	}
	s.out[0]->n = s.out[1]->n = 0;
	sigfd = signals_open();
	if (sigfd < 0 || daemon_start(&ro))
		goto out_keys;
	inet_ntop(AF_INET, &ro.conf.server_bind, a, sizeof(a));
	inet_ntop(AF_INET, &second, b, sizeof(b));
	if (server_open(&s, &ro, second, a, b))
		goto out;
	logmsg(LOG_INFO, "server on %s and %s, UDP %u%s%s%s", a, b, TEREDO_PORT,
	       s.auth ? ", secure qualification only" : "",
	       s.dev.ifindex > 0 ? ", plain solicitations answered by " : "",
	       s.dev.ifindex > 0 ? ro.conf.ifname : "");
	sd_notifyf("READY=1\nSTATUS=serving on %s and %s", a, b);
	status = server_loop(&s, sigfd);
	sd_notifyf("STOPPING=1");
	log_stats(&s);
out:
	role_dev_release(&s.dev, &ro.conf);
	for (int i = 0; i < 2; i++)
		if (s.fd[i] >= 0)
			close(s.fd[i]);
	if (s.raw6 >= 0)
		close(s.raw6);
	daemon_stop(&ro);
	close(sigfd);
out_keys:
	free(s.out[0]);
	free(s.out[1]);
	auth_keys_free(&s.keys);
	auth_replay_free(&s.replay);
	return status;
}
