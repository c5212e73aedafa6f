// SPDX-License-Identifier: GPL-2.0
/*
 * teredoctl relay [DEV] [--bind A] [--port N] [--mtu N] [--socket-netns NS]
 *                 [--route on|off] [--load-reduction on|off] [-c FILE]
 *
 * The Teredo relay (RFC 4380 5.4): everything per packet is teredo.ko's.
 * This sets the device up (relay mode, socket, 2001::/32 route), stays
 * around to own the socket, and undoes it all on SIGTERM. With --route
 * off the route is the routing daemon's: FRR's zebra would prefer ours,
 * which outlives the carrier, to the static route it announces.
 */
#include "daemon.h"
#include "log.h"
#include "loop.h"
#include "role_dev.h"
#include "sockets.h"
#include "rtnl.h"
#include "teredoctl.h"

#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <syslog.h>
#include <unistd.h>
#include <linux/teredo.h>

static const char relay_usage[] =
	"Usage: teredoctl relay [DEV] [--bind ADDR] [--port N] [--mtu N]\n"
	"                       [--socket-netns NS] [--route on|off]\n"
	"                       [--load-reduction on|off] [-c FILE]\n"
	"                       [--daemon] [--syslog] [--pidfile FILE]\n";

int cmd_relay(struct options *opt, int argc, char **argv)
{
	struct pollfd pfd[2] = { { .fd = -1 }, { .fd = -1 } };
	struct sockaddr_in sin;
	socklen_t slen = sizeof(sin);
	struct role_dev d = { 0 };
	struct role_opts ro;
	int r, status = 1;
	bool routed = false;

	(void)opt;
	r = role_parse(&ro, ROLE_RELAY, argc, argv, relay_usage);
	if (r)
		return r < 0 ? 0 : r;
	pfd[0].fd = signals_open();
	if (pfd[0].fd < 0 || daemon_start(&ro))
		return 1;
	pfd[1].fd = role_socket(&ro.conf);
	if (pfd[1].fd < 0 ||
	    role_dev_attach(&d, &ro.conf, pfd[1].fd, TEREDO_MODE_RELAY))
		goto out;
	if (ro.conf.relay_route != 0) {
		if (rt_route6(d.ifindex, &teredo_prefix, 32, 1024, true)) {
			logmsg(LOG_ERR, "%s", rt_err);
			goto out;
		}
		routed = true;
	}
	getsockname(pfd[1].fd, (struct sockaddr *)&sin, &slen);
	logmsg(LOG_INFO, "relay on %s, UDP port %u", ro.conf.ifname,
	       ntohs(sin.sin_port));
	sd_notifyf("READY=1\nSTATUS=relaying on %s", ro.conf.ifname);
	pfd[0].events = pfd[1].events = POLLIN;
	for (;;) {
		int sig = role_poll(pfd, 2, -1);

		if (sig < 0)
			break;
		if (SIGNAL_STOPS(sig)) {
			status = 0;
			break;
		}
		/* What the kernel passes up is not a relay's business. */
		if (pfd[1].revents)
			drain(pfd[1].fd);
	}
	sd_notifyf("STOPPING=1");
out:
	if (routed)
		rt_route6(d.ifindex, &teredo_prefix, 32, 1024, false);
	role_dev_release(&d, &ro.conf);
	if (pfd[1].fd >= 0)
		close(pfd[1].fd);
	daemon_stop(&ro);
	close(pfd[0].fd);
	return status;
}
