/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Local client discovery (RFC 4380 5.2.8), the client's optional
 * procedure: Teredo clients behind one NAT find each other on their link
 * and talk there, not through the NAT (which may not hairpin).
 */
#ifndef TEREDOCTL_DISCOVERY_H
#define TEREDOCTL_DISCOVERY_H

#include "nl.h"

#include <netinet/in.h>
#include <regex.h>
#include <stdbool.h>
#include <stdint.h>

#define DISCOVERY_LINKS_MAX	16

/* A link discovery runs on: an up, multicast one with a private IPv4. */
struct discovery_link {
	int ifindex;
	uint32_t addr, mask;	/* network order */
};

struct discovery {
	int fd;			/* port 3544, in the group; -1: off */
	struct discovery_link links[DISCOVERY_LINKS_MAX];
	unsigned int n_links;
	uint32_t nat_mask;	/* host order: of a peer's mapped IPv4 and ours */
	bool match_names;	/* only links whose name matches @names */
	regex_t names;
	uint64_t next;		/* the next announcement, ms; 0: none due */
	uint64_t last;		/* the last one */
	unsigned int learned, ignored;
};

/* What discovery needs of the client: its socket, address and device. */
struct discovery_client {
	int fd;				/* the Teredo socket */
	const struct in6_addr *addr;	/* our Teredo address */
	uint32_t mapped;		/* our mapped IPv4, host order */
	struct tnl *t;
	int ifindex;
};

/*
 * Bind port 3544 and join the group on our links (those whose name
 * matches @ifaces, a POSIX ERE, if not ""); -1 (logged) on failure.
 * A peer's mapped IPv4 must equal ours under @nat_mask (network order,
 * 0: all of it).
 */
int discovery_open(struct discovery *d, const char *ifaces, uint32_t nat_mask);
void discovery_close(struct discovery *d);

/* Announce our address on every link now; the next one in 200-300 s. */
void discovery_announce(struct discovery *d, const struct discovery_client *c);

/* Stop announcing (no address). */
void discovery_stop(struct discovery *d);

/* Read the announcements that came: their senders become local peers. */
void discovery_read(struct discovery *d, const struct discovery_client *c);

#endif
