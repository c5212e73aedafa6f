// SPDX-License-Identifier: GPL-2.0
/*
 * The long-running side of teredoctl: option parsing shared by the
 * roles, logging, signals, systemd notification, daemonizing.
 */
#include "daemon.h"
#include "teredoctl.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>
#include <linux/teredo.h>

const struct in6_addr teredo_prefix = { { { 0x20, 0x01 } } };

static bool use_syslog;

void logmsg(int prio, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (use_syslog) {
		vsyslog(prio, fmt, ap);
	} else {
		fprintf(stderr, "%s: ", progname);
		vfprintf(stderr, fmt, ap);
		fputc('\n', stderr);
	}
	va_end(ap);
}

static const struct option daemon_longopts[] = {
	{ "config",	required_argument, NULL, 'c' },
	{ "daemon",	no_argument, NULL, 'd' },
	{ "pidfile",	required_argument, NULL, 'p' },
	{ "syslog",	no_argument, NULL, 'l' },
	{ "help",	no_argument, NULL, 'h' },
	{ "server",	required_argument, NULL, 'S' },
	{ "server2",	required_argument, NULL, 'T' },
	{ "bind",	required_argument, NULL, 'b' },
	{ "port",	required_argument, NULL, 'P' },
	{ "mtu",	required_argument, NULL, 'm' },
	{ "refresh",	required_argument, NULL, 'r' },
	{ "inbound",	required_argument, NULL, 'i' },
	{ "local-discovery", required_argument, NULL, 'L' },
	{ "discovery-interfaces", required_argument, NULL, 'I' },
	{ "discovery-netmask", required_argument, NULL, 'M' },
	{ "socket-netns", required_argument, NULL, 'N' },
	{ "primary",	required_argument, NULL, 'A' },
	{ "secondary",	required_argument, NULL, 'B' },
	{ "cone-probe",	required_argument, NULL, 'C' },
	{ "auth-id",	required_argument, NULL, 'D' },
	{ "auth-secret", required_argument, NULL, 'E' },
	{ "auth-keys",	required_argument, NULL, 'K' },
	{ "route",	required_argument, NULL, 'R' },
	{ "load-reduction", required_argument, NULL, 'O' },
	{ NULL, 0, NULL, 0 },
};

/* Which long options each role takes besides the common ones. */
static bool role_takes(enum role role, int c)
{
	switch (c) {
	case 'S': case 'T': case 'r': case 'i': case 'L': case 'I': case 'M':
	case 'C': case 'D': case 'E':
		return role == ROLE_CLIENT;
	case 'b': case 'P': case 'm': case 'N': case 'O':
		return role != ROLE_SERVER;
	case 'A': case 'B': case 'K':
		return role == ROLE_SERVER;
	case 'R':
		return role == ROLE_RELAY;
	default:
		return true;
	}
}

/* The long name of option C: argv[optind - 1] may be its value instead. */
static const char *long_name(int c)
{
	const struct option *o = daemon_longopts;

	while (o->name && o->val != c)
		o++;
	return o->name ? o->name : "?";
}

static int bad_value(const char *cmd, int c, const char *v, const char *why)
{
	fprintf(stderr, "%s: %s: --%s '%s' %s\n", progname, cmd, long_name(c), v, why);
	return 2;
}

static int on_off(const char *v, int *out)
{
	if (strcmp(v, "on") && strcmp(v, "off"))
		return -1;
	*out = v[1] == 'n';
	return 0;
}

/* Option @c of a role's command line into @cf: NULL, or why @v is wrong. */
static const char *role_set(struct conf *cf, int c, const char *v)
{
	unsigned int n;

	switch (c) {
	case 'S':
	case 'T':
		if (!*v || strlen(v) >= sizeof(cf->server))
			return "is not a host name";
		strcpy(c == 'S' ? cf->server : cf->server2, v);
		return NULL;
	case 'b':
		return conf_parse_ipv4(v, &cf->bind_addr) ? "is not an IPv4 address" : NULL;
	case 'P':
		if (conf_parse_uint(v, 0, 65535, &n))
			return "is 0 to 65535";
		cf->bind_port = (uint16_t)n;
		return NULL;
	case 'm':
		return conf_parse_uint(v, 1280, 65535, &cf->mtu) ? "is 1280 to 65535" : NULL;
	case 'r':
		return conf_parse_uint(v, 2, 3600, &cf->refresh) ? "is 2 to 3600 seconds" : NULL;
	case 'i':
		return on_off(v, &cf->inbound) ? "is on or off" : NULL;
	case 'L':
		return on_off(v, &cf->discovery) ? "is on or off" : NULL;
	case 'C':
		return on_off(v, &cf->cone_probe) ? "is on or off" : NULL;
	case 'R':
		return on_off(v, &cf->relay_route) ? "is on or off" : NULL;
	case 'O':
		return on_off(v, &cf->load_reduction) ? "is on or off" : NULL;
	case 'I':
		return conf_set_discovery_ifaces(cf, v);
	case 'M':
		return conf_set_discovery_mask(cf, v);
	case 'N':
		return conf_set_socket_netns(cf, v);
	case 'D':
		return conf_set_auth_id(cf, v);
	case 'E':
		return conf_set_path(cf->auth_secret, v);
	case 'K':
		return conf_set_path(cf->auth_keys, v);
	case 'A':
		return conf_parse_ipv4(v, &cf->server_bind) ? "is not an IPv4 address" : NULL;
	case 'B':
		return conf_parse_ipv4(v, &cf->server_bind2) ? "is not an IPv4 address" : NULL;
	}
	return NULL;
}

int role_parse(struct role_opts *ro, enum role role, int argc, char **argv,
	       const char *usage)
{
	const char *cmd = argv[0], *why;
	char err[512];
	int c;

	memset(ro, 0, sizeof(*ro));
	conf_init(&ro->conf);
	/*
	 * The file first, so that the command line overrides it, wherever
	 * -c stands (before DEV or after it).
	 */
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "c:dhp:l", daemon_longopts, NULL)) != -1) {
		if (c == 'c' && conf_read(optarg, &ro->conf, err, sizeof(err))) {
			fprintf(stderr, "%s: %s\n", progname, err);
			return 1;
		}
	}
	if (ro->conf.role != ROLE_NONE && ro->conf.role != role) {
		fprintf(stderr, "%s: %s: the config file describes a %s\n",
			progname, cmd, role_name(ro->conf.role));
		return 2;
	}
	ro->conf.role = role;
	optind = 0;
	while ((c = getopt_long(argc, argv, "c:dhp:l", daemon_longopts, NULL)) != -1) {
		if (c == '?') {
			fprintf(stderr, "%s: %s: unknown option '%s'\n%s", progname,
				cmd, argv[optind - 1], usage);
			return 2;
		}
		if (!role_takes(role, c)) {
			fprintf(stderr, "%s: %s: unknown option '--%s'\n%s", progname,
				cmd, long_name(c), usage);
			return 2;
		}
		switch (c) {
		case 'c':
			break;
		case 'd':
			ro->daemonize = true;
			break;
		case 'l':
			ro->syslog = true;
			break;
		case 'p':
			ro->pidfile = optarg;
			break;
		case 'h':
			fputs(usage, stdout);
			return -1;
		default:
			why = role_set(&ro->conf, c, optarg);
			if (why)
				return bad_value(cmd, c, optarg, why);
		}
	}
	if (optind < argc) {
		if (strlen(argv[optind]) >= sizeof(ro->conf.ifname) || !*argv[optind]) {
			fprintf(stderr, "%s: invalid device name '%s'\n", progname, argv[optind]);
			return 2;
		}
		strcpy(ro->conf.ifname, argv[optind++]);
	}
	if (optind < argc) {
		fprintf(stderr, "%s: %s: unexpected argument '%s'\n%s", progname, cmd,
			argv[optind], usage);
		return 2;
	}
	/* A server without a device answers everything in userland. */
	if (!ro->conf.ifname[0] && role != ROLE_SERVER)
		strcpy(ro->conf.ifname, "teredo");
	if (conf_check_role(&ro->conf, err, sizeof(err))) {
		fprintf(stderr, "%s: %s: %s\n", progname, cmd, err);
		return 2;
	}
	return 0;
}

int daemon_start(struct role_opts *ro)
{
	FILE *f;

	if (ro->daemonize && daemon(0, 0)) {
		logmsg(LOG_ERR, "cannot daemonize: %s", strerror(errno));
		return -1;
	}
	if (ro->daemonize || ro->syslog) {
		openlog(progname, LOG_PID, ro->conf.facility >= 0 ?
			ro->conf.facility : LOG_DAEMON);
		use_syslog = true;
	}
	if (ro->pidfile) {
		f = fopen(ro->pidfile, "w");
		if (!f) {
			logmsg(LOG_ERR, "%s: %s", ro->pidfile, strerror(errno));
			return -1;
		}
		fprintf(f, "%ld\n", (long)getpid());
		fclose(f);
	}
	return 0;
}

void daemon_stop(struct role_opts *ro)
{
	if (ro->pidfile)
		unlink(ro->pidfile);
	if (use_syslog)
		closelog();
}

int signals_open(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGUSR1);
	signal(SIGPIPE, SIG_IGN);
	if (sigprocmask(SIG_BLOCK, &set, NULL))
		return -1;
	return signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
}

int role_poll(struct pollfd *pfd, unsigned int n, int timeout)
{
	struct signalfd_siginfo si;

	if (poll(pfd, n, timeout) < 0) {
		if (errno == EINTR)
			return 0;
		logmsg(LOG_ERR, "poll: %s", strerror(errno));
		return -1;
	}
	if (!pfd[0].revents || read(pfd[0].fd, &si, sizeof(si)) != sizeof(si))
		return 0;
	return (int)si.ssi_signo;
}

void sd_notifyf(const char *fmt, ...)
{
	const char *path = getenv("NOTIFY_SOCKET");
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	socklen_t len;
	char msg[256];
	va_list ap;
	int fd;

	if (!path || (path[0] != '/' && path[0] != '@') ||
	    strlen(path) >= sizeof(sun.sun_path))
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	strcpy(sun.sun_path, path);
	if (path[0] == '@')	/* abstract namespace */
		sun.sun_path[0] = '\0';
	len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(path));
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return;
	if (sendto(fd, msg, strlen(msg), MSG_NOSIGNAL, (struct sockaddr *)&sun, len) < 0)
		logmsg(LOG_WARNING, "cannot notify systemd: %s", strerror(errno));
	close(fd);
}

uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

struct nl_msg *dev_msg(struct tnl *t, int ifindex)
{
	struct nl_msg *msg = tnl_msg(t, TEREDO_CMD_DEV_SET, 0);

	if (msg && nla_put_u32(msg, TEREDO_A_IFINDEX, (uint32_t)ifindex)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

void dev_detach(struct tnl *t, int ifindex)
{
	struct nl_msg *msg = dev_msg(t, ifindex);
	int err;

	if (!msg || nla_put_flag(msg, TEREDO_A_SOCK_DETACH)) {
		nlmsg_free(msg);
		return;
	}
	err = tnl_request(t, msg, NULL, NULL);
	if (err)
		logmsg(LOG_WARNING, "cannot detach the socket: %s",
		       t->extack[0] ? t->extack : strerror(-err));
}

unsigned int drain(int fd)
{
	unsigned int n = 0;
	char buf[2048];

	while (n < READ_BUDGET && recv(fd, buf, sizeof(buf), MSG_DONTWAIT) >= 0)
		n++;
	return n;
}

int udp_socket(uint32_t addr, uint16_t port)
{
	struct sockaddr_in sin = {
		.sin_family = AF_INET,
		.sin_addr.s_addr = addr,
		.sin_port = htons(port),
	};
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);

	if (fd < 0)
		return -1;
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin))) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

/* The namespace file of @name: a path, or a name under /run/netns. */
static int netns_open(const char *name)
{
	char path[PATH_MAX];

	if (strchr(name, '/'))
		return open(name, O_RDONLY | O_CLOEXEC);
	snprintf(path, sizeof(path), "/run/netns/%s", name);
	return open(path, O_RDONLY | O_CLOEXEC);
}

int role_socket(const struct conf *cf)
{
	const char *name = cf->socket_netns;
	int ns = -1, self = -1, fd, err;

	if (*name) {
		ns = netns_open(name);
		if (ns < 0) {
			logmsg(LOG_ERR, "namespace %s: %s", name, strerror(errno));
			return -1;
		}
		self = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
		if (self < 0 || setns(ns, CLONE_NEWNET)) {
			logmsg(LOG_ERR, "cannot enter namespace %s: %s", name,
			       strerror(errno));
			fd = -1;
			goto out;
		}
	}
	fd = udp_socket(cf->bind_addr, cf->bind_port);
	err = errno;
	/* Back home: every other socket of ours belongs to the device's. */
	if (*name && setns(self, CLONE_NEWNET)) {
		logmsg(LOG_ERR, "cannot return from namespace %s: %s", name,
		       strerror(errno));
		exit(1);
	}
	if (fd < 0)
		logmsg(LOG_ERR, "cannot bind the UDP socket%s%s: %s",
		       *name ? " in namespace " : "", name, strerror(err));
out:
	if (self >= 0)
		close(self);
	if (ns >= 0)
		close(ns);
	return fd;
}

/* teredoctl run -c FILE [options]: the role the file names. */
int cmd_run(struct options *opt, int argc, char **argv)
{
	const char *path = NULL;
	char err[512];
	struct conf c;

	for (int i = 1; i < argc; i++) {
		if ((!strcmp(argv[i], "-c") || !strcmp(argv[i], "--config")) && i + 1 < argc)
			path = argv[i + 1];
		else if (!strncmp(argv[i], "--config=", 9))
			path = argv[i] + 9;
	}
	if (!path) {
		fprintf(stderr, "%s: usage: run -c FILE [--daemon] [--syslog] [--pidfile FILE]\n",
			progname);
		return 2;
	}
	conf_init(&c);
	if (conf_read(path, &c, err, sizeof(err))) {
		fprintf(stderr, "%s: %s\n", progname, err);
		return 1;
	}
	switch (c.role) {
	case ROLE_CLIENT:
		return cmd_client(opt, argc, argv);
	case ROLE_RELAY:
		return cmd_relay(opt, argc, argv);
	default:
		return cmd_server(opt, argc, argv);
	}
}
