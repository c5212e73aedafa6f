/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Configuration of the client, relay and server roles, in the syntax of
 * miredo.conf(5) so that Miredo users can keep their file. Every unknown
 * or malformed line is an error naming its line; nothing is ignored.
 */
#ifndef TEREDOCTL_CONF_H
#define TEREDOCTL_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum role {
	ROLE_NONE,
	ROLE_CLIENT,
	ROLE_RELAY,
	ROLE_SERVER,
};

#define CONF_PATH_MAX	256	/* a file's path, NUL included */

struct conf {
	enum role role;
	char server[256];		/* ServerAddress: name or IPv4 */
	char server2[256];		/* ServerAddress2 */
	uint32_t bind_addr;		/* BindAddress, network order, 0: any */
	uint16_t bind_port;		/* BindPort, 0: any */
	char ifname[16];		/* InterfaceName */
	unsigned int mtu;		/* InterfaceMTU, 0: the default 1280 */
	int facility;			/* SyslogFacility, -1: the default */
	uint32_t server_bind;		/* ServerBindAddress, network order */
	uint32_t server_bind2;		/* ServerBindAddress2 */
	unsigned int refresh;		/* RefreshInterval: seconds between RS */
	int inbound;			/* AllowInbound: 1, 0, -1 for unset */
	int discovery;			/* LocalDiscovery: 1, 0, -1 for unset */
	char discovery_ifaces[65];	/* DiscoveryInterfaces: ERE, "": all */
	uint32_t discovery_mask;	/* DiscoveryNetmask, network order, 0: unset */
	char socket_netns[256];		/* SocketNetns: name or path, "": ours */
	int cone_probe;			/* ConeProbe: 1, 0, -1 for unset */
	int relay_route;		/* RelayRoute: 1, 0, -1 for unset */
	int load_reduction;		/* ServerLoadReduction: 1, 0, -1 */
	char auth_id[256];		/* AuthIdentifier: "" for none */
	char auth_secret[CONF_PATH_MAX];	/* AuthSecretFile: the client's key */
	char auth_keys[CONF_PATH_MAX];	/* AuthKeysFile: the server's keys */
	int upnp;			/* UPnP: 1, 0, -1 for unset */
	unsigned int upnp_timeout;	/* UPnPTimeout: ms, 0: the default */
	unsigned int upnp_lease;	/* UPnPLease: s, 0: the default */
};

/*
 * UPnP's defaults and bounds (RFC 6081 UPnP-enabled symmetric NAT);
 * plain numbers, so that the messages about them can quote them.
 */
#define UPNP_TIMEOUT_DEFAULT	2000	/* ms to wait for an IGD's answer */
#define UPNP_TIMEOUT_MIN	100
#define UPNP_TIMEOUT_MAX	60000
#define UPNP_LEASE_DEFAULT	3600	/* s a port mapping is asked for */
#define UPNP_LEASE_MIN		2
#define UPNP_LEASE_MAX		86400

/* The defaults: no role, MTU and facility unset. */
void conf_init(struct conf *c);

/*
 * Read @path into @c. On error returns -1 with "PATH:LINE: what" in @err
 * (or "PATH: what" for the file as a whole).
 */
int conf_read(const char *path, struct conf *c, char *err, size_t errlen);
/* The same from an open file, named @path in the messages. */
#include <stdio.h>
int conf_read_stream(FILE *f, const char *path, struct conf *c, char *err,
		     size_t errlen);

/* Whether @c is complete for its role; -1 with the reason in @err. */
int conf_check_role(const struct conf *c, char *err, size_t errlen);

/* Parse one value the way the config file does; -1 if it is wrong. */
int conf_parse_ipv4(const char *v, uint32_t *out);
int conf_parse_bool(const char *v);
/*
 * DiscoveryInterfaces (a POSIX ERE that must compile: 64 bytes, no
 * {n,m}, 8 + at most, so that compiling it stays small) and
 * DiscoveryNetmask, for the file and the command line alike: NULL, or
 * why @v is wrong.
 */
const char *conf_set_discovery_ifaces(struct conf *c, const char *v);
/* AuthIdentifier / --auth-id; NULL or why @v is not taken. */
const char *conf_set_auth_id(struct conf *c, const char *v);
/* A file's path: AuthSecretFile, AuthKeysFile; NULL or why not. */
const char *conf_set_path(char dst[CONF_PATH_MAX], const char *v);
/* SocketNetns / --socket-netns; NULL or why @v is not taken. */
const char *conf_set_socket_netns(struct conf *c, const char *v);
const char *conf_set_discovery_mask(struct conf *c, const char *v);
/* UPnPTimeout / --upnp-timeout and UPnPLease / --upnp-lease. */
const char *conf_set_upnp_timeout(struct conf *c, const char *v);
const char *conf_set_upnp_lease(struct conf *c, const char *v);
/* ... and what they are when not set: their defaults. */
static inline unsigned int conf_upnp_timeout(const struct conf *c)
{
	return c->upnp_timeout ? c->upnp_timeout : UPNP_TIMEOUT_DEFAULT;
}

static inline unsigned int conf_upnp_lease(const struct conf *c)
{
	return c->upnp_lease ? c->upnp_lease : UPNP_LEASE_DEFAULT;
}
int conf_parse_uint(const char *v, unsigned int min, unsigned int max,
		    unsigned int *out);

const char *role_name(enum role role);

#endif
