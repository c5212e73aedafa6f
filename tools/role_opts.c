// SPDX-License-Identifier: GPL-2.0
/*
 * A role's command line (client, relay, server): the config file first,
 * then the options, which override it.
 */
#include "role_opts.h"
#include "teredoctl.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static const struct option role_longopts[] = {
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
	{ "upnp",	required_argument, NULL, 'U' },
	{ "upnp-timeout", required_argument, NULL, 'W' },
	{ "upnp-lease",	required_argument, NULL, 'X' },
	{ NULL, 0, NULL, 0 },
};

/* Which long options each role takes besides the common ones. */
static bool role_takes(enum role role, int c)
{
	switch (c) {
	case 'S': case 'T': case 'r': case 'i': case 'L': case 'I': case 'M':
	case 'C': case 'D': case 'E': case 'U': case 'W': case 'X':
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
	const struct option *o = role_longopts;

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
	case 'U':
		return on_off(v, &cf->upnp) ? "is on or off" : NULL;
	case 'W':
		return conf_set_upnp_timeout(cf, v);
	case 'X':
		return conf_set_upnp_lease(cf, v);
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
	while ((c = getopt_long(argc, argv, "c:dhp:l", role_longopts, NULL)) != -1) {
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
	while ((c = getopt_long(argc, argv, "c:dhp:l", role_longopts, NULL)) != -1) {
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
