// SPDX-License-Identifier: GPL-2.0
/*
 * miredo.conf(5) syntax: one "Directive value" per line, directives in
 * any case, '#' starts a comment, blank lines are fine. Values take no
 * quotes. A directive given twice is an error, as is any directive this
 * implementation does not know: a setting silently dropped would run a
 * tunnel other than the one the file describes.
 */
#include "conf.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <syslog.h>

#include <teredo/wire.h>

void conf_init(struct conf *c)
{
	memset(c, 0, sizeof(*c));
	c->facility = -1;
	c->inbound = -1;
	c->discovery = -1;
	c->cone_probe = -1;
	c->relay_route = -1;
	c->load_reduction = -1;
	c->upnp = -1;
}

const char *role_name(enum role role)
{
	switch (role) {
	case ROLE_CLIENT:
		return "client";
	case ROLE_RELAY:
		return "relay";
	case ROLE_SERVER:
		return "server";
	default:
		return "none";
	}
}

int conf_parse_ipv4(const char *v, uint32_t *out)
{
	struct in_addr a;

	if (inet_pton(AF_INET, v, &a) != 1)
		return -1;
	*out = a.s_addr;
	return 0;
}

int conf_parse_uint(const char *v, unsigned int min, unsigned int max,
		    unsigned int *out)
{
	unsigned long n;
	char *end;

	if (!isdigit((unsigned char)*v))
		return -1;
	errno = 0;
	n = strtoul(v, &end, 10);
	if (errno || *end || n < min || n > max)
		return -1;
	*out = (unsigned int)n;
	return 0;
}

static const struct {
	const char *name;
	enum role role;
} relay_types[] = {
	{ "client", ROLE_CLIENT },
	{ "autoclient", ROLE_CLIENT },	/* Miredo: client, server from DNS */
	{ "relay", ROLE_RELAY },
	{ "cone", ROLE_RELAY },		/* Miredo's names for relays */
	{ "restricted", ROLE_RELAY },
	{ "server", ROLE_SERVER },
};

static const struct {
	const char *name;
	int facility;
} facilities[] = {
	{ "daemon", LOG_DAEMON }, { "user", LOG_USER }, { "local0", LOG_LOCAL0 },
	{ "local1", LOG_LOCAL1 }, { "local2", LOG_LOCAL2 }, { "local3", LOG_LOCAL3 },
	{ "local4", LOG_LOCAL4 }, { "local5", LOG_LOCAL5 }, { "local6", LOG_LOCAL6 },
	{ "local7", LOG_LOCAL7 },
};

enum key {
	K_RELAY_TYPE, K_SERVER, K_SERVER2, K_BIND_ADDR, K_BIND_PORT, K_IFNAME,
	K_MTU, K_FACILITY, K_SERVER_BIND, K_SERVER_BIND2, K_REFRESH, K_INBOUND,
	K_DISCOVERY, K_DISCOVERY_IFACES, K_DISCOVERY_MASK, K_SOCKET_NETNS,
	K_CONE_PROBE, K_AUTH_ID, K_AUTH_SECRET, K_AUTH_KEYS, K_RELAY_ROUTE,
	K_LOAD_REDUCTION, K_UPNP, K_UPNP_TIMEOUT, K_UPNP_LEASE, K_MAX
};

static const char *const keys[K_MAX] = {
	[K_RELAY_TYPE] = "RelayType",
	[K_SERVER] = "ServerAddress",
	[K_SERVER2] = "ServerAddress2",
	[K_BIND_ADDR] = "BindAddress",
	[K_BIND_PORT] = "BindPort",
	[K_IFNAME] = "InterfaceName",
	[K_MTU] = "InterfaceMTU",
	[K_FACILITY] = "SyslogFacility",
	[K_SERVER_BIND] = "ServerBindAddress",
	[K_SERVER_BIND2] = "ServerBindAddress2",
	[K_REFRESH] = "RefreshInterval",	/* ours: seconds between RS */
	[K_INBOUND] = "AllowInbound",		/* ours: peers may start talking */
	[K_DISCOVERY] = "LocalDiscovery",	/* as later Miredo: RFC 4380 5.2.8 */
	[K_DISCOVERY_IFACES] = "DiscoveryInterfaces",	/* ... and its links */
	[K_DISCOVERY_MASK] = "DiscoveryNetmask",	/* ... and whose NATs */
	[K_SOCKET_NETNS] = "SocketNetns",	/* ours: where the UDP socket lives */
	[K_CONE_PROBE] = "ConeProbe",		/* ours: RFC 4380's cone test */
	[K_AUTH_ID] = "AuthIdentifier",		/* ours: secure qualification */
	[K_AUTH_SECRET] = "AuthSecretFile",	/* ... the client's secret */
	[K_AUTH_KEYS] = "AuthKeysFile",		/* ... the server's clients */
	[K_RELAY_ROUTE] = "RelayRoute",		/* ours: no, the routing daemon's */
	[K_LOAD_REDUCTION] = "ServerLoadReduction",	/* ours: RFC 6081 */
	[K_UPNP] = "UPnP",			/* ours: RFC 6081, the NAT's IGD */
	[K_UPNP_TIMEOUT] = "UPnPTimeout",	/* ... ms to wait for it */
	[K_UPNP_LEASE] = "UPnPLease",		/* ... s a mapping is asked for */
};

/* yes/on/enabled 1, no/off/disabled 0 (Miredo's words too), else -1. */
int conf_parse_bool(const char *v)
{
	if (!strcasecmp(v, "yes") || !strcasecmp(v, "on") ||
	    !strcasecmp(v, "enabled"))
		return 1;
	if (!strcasecmp(v, "no") || !strcasecmp(v, "off") ||
	    !strcasecmp(v, "disabled"))
		return 0;
	return -1;
}

/*
 * glibc's regcomp unrolls repetition: a+ into a copy of a and a*, a{n}
 * into n copies, so "S++++++++++++++++++++" or "a{255}{255}{255}" takes
 * gigabytes (the config fuzzer found the first). An interface name has
 * 15 bytes; its pattern needs neither intervals nor many +.
 */
#define IFACE_RE_MAX	64
#define IFACE_RE_PLUS	8

const char *conf_set_discovery_ifaces(struct conf *c, const char *v)
{
	unsigned int plus = 0;
	regex_t re;

	if (strlen(v) > IFACE_RE_MAX)
		return "is longer than 64 bytes";
	if (strchr(v, '{'))
		return "uses {n,m}, which is not taken here";
	for (const char *p = v; *p; p++)
		plus += *p == '+';
	if (plus > IFACE_RE_PLUS)
		return "has more than 8 +";
	if (regcomp(&re, v, REG_EXTENDED | REG_NOSUB))
		return "is not a valid extended regular expression";
	regfree(&re);
	strcpy(c->discovery_ifaces, v);
	return NULL;
}

const char *conf_set_discovery_mask(struct conf *c, const char *v)
{
	if (conf_parse_ipv4(v, &c->discovery_mask) || !c->discovery_mask)
		return "is a netmask in dotted-quad notation, not 0.0.0.0";
	return NULL;
}

#define STR_(x) #x
#define STR(x) STR_(x)

const char *conf_set_upnp_timeout(struct conf *c, const char *v)
{
	return conf_parse_uint(v, UPNP_TIMEOUT_MIN, UPNP_TIMEOUT_MAX,
			       &c->upnp_timeout) ?
	       "is " STR(UPNP_TIMEOUT_MIN) " to " STR(UPNP_TIMEOUT_MAX) " ms" : NULL;
}

const char *conf_set_upnp_lease(struct conf *c, const char *v)
{
	return conf_parse_uint(v, UPNP_LEASE_MIN, UPNP_LEASE_MAX,
			       &c->upnp_lease) ?
	       "is " STR(UPNP_LEASE_MIN) " to " STR(UPNP_LEASE_MAX) " seconds" : NULL;
}

/*
 * A network namespace: a name under /run/netns (as ip netns names them)
 * or, with a '/', an absolute path such as /proc/PID/ns/net (--daemon
 * leaves the directory a relative one would start from).
 */
const char *conf_set_socket_netns(struct conf *c, const char *v)
{
	if (!*v || strlen(v) >= sizeof(c->socket_netns))
		return "is a namespace's name or path (1 to 255 bytes)";
	if (strchr(v, '/') && *v != '/')
		return "is a name or an absolute path";
	if (!strcmp(v, ".") || !strcmp(v, ".."))
		return "is not a namespace's name";
	strcpy(c->socket_netns, v);
	return NULL;
}

/* A client identifier: 1 to 255 printable bytes (RFC 4380's ID-len). */
const char *conf_set_auth_id(struct conf *c, const char *v)
{
	if (!*v || strlen(v) >= sizeof(c->auth_id))
		return "is 1 to 255 bytes";
	for (const char *p = v; *p; p++)
		if (!isgraph((unsigned char)*p))
			return "is printable and has no spaces";
	strcpy(c->auth_id, v);
	return NULL;
}

const char *conf_set_path(char dst[CONF_PATH_MAX], const char *v)
{
	if (*v != '/' || strlen(v) >= CONF_PATH_MAX)
		return "is an absolute path (at most 255 bytes)";
	strcpy(dst, v);
	return NULL;
}

/*
 * Apply one setting; NULL or the reason it is wrong. One case per key of
 * the file, each a line or two: longer than 80 lines, but split it and
 * the keys would no longer read as one list.
 */
static const char *conf_set(struct conf *c, enum key k, const char *v)
{
	unsigned int n;

	switch (k) {
	case K_RELAY_TYPE:
		for (size_t i = 0; i < sizeof(relay_types) / sizeof(relay_types[0]); i++)
			if (!strcasecmp(v, relay_types[i].name)) {
				c->role = relay_types[i].role;
				return NULL;
			}
		return "is client, autoclient, relay, cone, restricted or server";
	case K_SERVER:
	case K_SERVER2:
		if (strlen(v) >= sizeof(c->server))
			return "is too long for a host name";
		strcpy(k == K_SERVER ? c->server : c->server2, v);
		return NULL;
	case K_BIND_ADDR:
		return conf_parse_ipv4(v, &c->bind_addr) ? "is not an IPv4 address" : NULL;
	case K_SERVER_BIND:
		return conf_parse_ipv4(v, &c->server_bind) ? "is not an IPv4 address" : NULL;
	case K_SERVER_BIND2:
		return conf_parse_ipv4(v, &c->server_bind2) ? "is not an IPv4 address" : NULL;
	case K_BIND_PORT:
		if (conf_parse_uint(v, 0, 65535, &n))
			return "is a UDP port, 0 to 65535";
		c->bind_port = (uint16_t)n;
		return NULL;
	case K_IFNAME:
		if (strlen(v) >= sizeof(c->ifname) || strchr(v, '/'))
			return "is not a valid interface name";
		strcpy(c->ifname, v);
		return NULL;
	case K_MTU:
		return conf_parse_uint(v, 1280, 65535, &c->mtu) ?
		       "is 1280 to 65535" : NULL;
	case K_REFRESH:
		return conf_parse_uint(v, 2, 3600, &c->refresh) ?
		       "is 2 to 3600 seconds" : NULL;
	case K_INBOUND:
		c->inbound = conf_parse_bool(v);
		return c->inbound < 0 ? "is yes or no" : NULL;
	case K_DISCOVERY:
		c->discovery = conf_parse_bool(v);
		return c->discovery < 0 ? "is yes or no" : NULL;
	case K_DISCOVERY_IFACES:
		return conf_set_discovery_ifaces(c, v);
	case K_DISCOVERY_MASK:
		return conf_set_discovery_mask(c, v);
	case K_SOCKET_NETNS:
		return conf_set_socket_netns(c, v);
	case K_CONE_PROBE:
		c->cone_probe = conf_parse_bool(v);
		return c->cone_probe < 0 ? "is yes or no" : NULL;
	case K_RELAY_ROUTE:
		c->relay_route = conf_parse_bool(v);
		return c->relay_route < 0 ? "is yes or no" : NULL;
	case K_LOAD_REDUCTION:
		c->load_reduction = conf_parse_bool(v);
		return c->load_reduction < 0 ? "is yes or no" : NULL;
	case K_UPNP:
		c->upnp = conf_parse_bool(v);
		return c->upnp < 0 ? "is yes or no" : NULL;
	case K_UPNP_TIMEOUT:
		return conf_set_upnp_timeout(c, v);
	case K_UPNP_LEASE:
		return conf_set_upnp_lease(c, v);
	case K_AUTH_ID:
		return conf_set_auth_id(c, v);
	case K_AUTH_SECRET:
		return conf_set_path(c->auth_secret, v);
	case K_AUTH_KEYS:
		return conf_set_path(c->auth_keys, v);
	case K_FACILITY:
		for (size_t i = 0; i < sizeof(facilities) / sizeof(facilities[0]); i++)
			if (!strcasecmp(v, facilities[i].name)) {
				c->facility = facilities[i].facility;
				return NULL;
			}
		return "is daemon, user or local0 to local7";
	default:
		return "is unknown";
	}
}

int conf_read(const char *path, struct conf *c, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	int r;

	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	r = conf_read_stream(f, path, c, err, errlen);
	fclose(f);
	return r;
}

int conf_read_stream(FILE *f, const char *path, struct conf *c, char *err,
		     size_t errlen)
{
	unsigned int seen[K_MAX] = { 0 };
	char line[1024];
	unsigned int lineno = 0;

	while (fgets(line, sizeof(line), f)) {
		char *p = line, *key, *val, *hash;
		const char *why;
		enum key k;

		lineno++;
		if (!strchr(line, '\n') && !feof(f)) {
			snprintf(err, errlen, "%s:%u: line too long", path, lineno);
			return -1;
		}
		hash = strchr(p, '#');
		if (hash)
			*hash = '\0';
		key = strtok(p, " \t\r\n");
		if (!key)
			continue;
		val = strtok(NULL, " \t\r\n");
		if (!val) {
			snprintf(err, errlen, "%s:%u: %s needs a value", path, lineno, key);
			return -1;
		}
		if (strtok(NULL, " \t\r\n")) {
			snprintf(err, errlen, "%s:%u: %s takes one value", path, lineno, key);
			return -1;
		}
		for (k = 0; k < K_MAX; k++)
			if (!strcasecmp(key, keys[k]))
				break;
		if (k == K_MAX) {
			snprintf(err, errlen, "%s:%u: unknown setting '%s'", path, lineno, key);
			return -1;
		}
		if (seen[k]) {
			snprintf(err, errlen, "%s:%u: %s is already set on line %u",
				 path, lineno, keys[k], seen[k]);
			return -1;
		}
		seen[k] = lineno;
		why = conf_set(c, k, val);
		if (why) {
			snprintf(err, errlen, "%s:%u: %s '%s' %s", path, lineno,
				 keys[k], val, why);
			return -1;
		}
	}
	if (ferror(f)) {
		snprintf(err, errlen, "%s: read error", path);
		return -1;
	}
	/* A file with server bind addresses and no RelayType is a server's. */
	if (c->role == ROLE_NONE)
		c->role = seen[K_SERVER_BIND] ? ROLE_SERVER : ROLE_CLIENT;
	return 0;
}

/* What each role cannot do without. */
static int conf_check_needs(const struct conf *c, char *err, size_t errlen)
{
	if (c->role == ROLE_CLIENT && !c->server[0]) {
		snprintf(err, errlen, "a client needs ServerAddress");
		return -1;
	}
	if (c->role == ROLE_SERVER && !c->server_bind) {
		snprintf(err, errlen, "a server needs ServerBindAddress");
		return -1;
	}
	return 0;
}

/* Keys that belong to other roles than this one. */
static int conf_check_owners(const struct conf *c, char *err, size_t errlen)
{
	const char *role = role_name(c->role);

	if (c->role != ROLE_CLIENT && (c->server[0] || c->server2[0])) {
		snprintf(err, errlen, "ServerAddress is for clients, not a %s", role);
		return -1;
	}
	if (c->role != ROLE_CLIENT &&
	    (c->refresh || c->inbound >= 0 || c->discovery >= 0 ||
	     c->discovery_ifaces[0] || c->discovery_mask)) {
		snprintf(err, errlen,
			 "RefreshInterval, AllowInbound and LocalDiscovery are for clients, and so are DiscoveryInterfaces and DiscoveryNetmask");
		return -1;
	}
	if (c->role == ROLE_SERVER && c->socket_netns[0]) {
		snprintf(err, errlen, "SocketNetns is for clients and relays, not a server");
		return -1;
	}
	if (c->role != ROLE_CLIENT &&
	    (c->cone_probe >= 0 || c->auth_id[0] || c->auth_secret[0])) {
		snprintf(err, errlen,
			 "ConeProbe, AuthIdentifier and AuthSecretFile are for clients");
		return -1;
	}
	if (c->role != ROLE_CLIENT &&
	    (c->upnp >= 0 || c->upnp_timeout || c->upnp_lease)) {
		snprintf(err, errlen, "UPnP, UPnPTimeout and UPnPLease are for clients");
		return -1;
	}
	if (c->role != ROLE_RELAY && c->relay_route >= 0) {
		snprintf(err, errlen, "RelayRoute is for relays, not a %s", role);
		return -1;
	}
	if (c->role == ROLE_SERVER && c->load_reduction >= 0) {
		snprintf(err, errlen,
			 "ServerLoadReduction is for clients and relays, not a server");
		return -1;
	}
	if (c->role != ROLE_SERVER && c->auth_keys[0]) {
		snprintf(err, errlen, "AuthKeysFile is for servers");
		return -1;
	}
	if (c->role != ROLE_SERVER && (c->server_bind || c->server_bind2)) {
		snprintf(err, errlen, "ServerBindAddress is for servers, not a %s", role);
		return -1;
	}
	return 0;
}

/* Keys that need, or exclude, each other. */
static int conf_check_pairs(const struct conf *c, char *err, size_t errlen)
{
	if ((c->discovery_ifaces[0] || c->discovery_mask) && c->discovery <= 0) {
		snprintf(err, errlen,
			 "DiscoveryInterfaces and DiscoveryNetmask need LocalDiscovery yes");
		return -1;
	}
	/* Discovery finds its links in our namespace, not the socket's. */
	if (c->discovery > 0 && c->socket_netns[0]) {
		snprintf(err, errlen, "LocalDiscovery does not go with SocketNetns");
		return -1;
	}
	/* Announcements come to port 3544: the tunnel's socket cannot share it. */
	if (c->discovery > 0 && c->bind_port == TEREDO_PORT) {
		snprintf(err, errlen, "LocalDiscovery listens on port 3544: BindPort must be another");
		return -1;
	}
	/* The IGD is found and asked from our namespace, not the socket's. */
	if (c->upnp > 0 && c->socket_netns[0]) {
		snprintf(err, errlen, "UPnP does not go with SocketNetns");
		return -1;
	}
	if (!c->auth_id[0] != !c->auth_secret[0]) {
		snprintf(err, errlen, "AuthIdentifier and AuthSecretFile go together");
		return -1;
	}
	/* The kernel would answer plain solicitations, which such a server refuses. */
	if (c->role == ROLE_SERVER && c->auth_keys[0] && c->ifname[0]) {
		snprintf(err, errlen,
			 "AuthKeysFile and InterfaceName do not go together: secure qualification is answered in userland");
		return -1;
	}
	return 0;
}

int conf_check_role(const struct conf *c, char *err, size_t errlen)
{
	if (conf_check_needs(c, err, errlen) ||
	    conf_check_owners(c, err, errlen) ||
	    conf_check_pairs(c, err, errlen))
		return -1;
	return 0;
}
