/* SPDX-License-Identifier: GPL-2.0 */
/*
 * RFC 6081's UPnP-enabled symmetric NAT: a port mapping on the NAT's
 * Internet Gateway Device (libminiupnpc), so that everyone, not only our
 * server, gets in at the mapping our server saw. The client asks for
 * exactly that external port: its Teredo address stays what
 * qualification made it, and becomes reachable from any peer.
 */
#ifndef TEREDOCTL_UPNP_H
#define TEREDOCTL_UPNP_H

#include <stdbool.h>
#include <stdint.h>

struct upnp_igd;

struct upnp {
	unsigned int timeout_ms;	/* discovery */
	unsigned int lease_s;		/* asked for; renewed at half */
	struct upnp_igd *igd;		/* NULL: none found (yet) */
	bool searched;			/* discovery ran for this mapping */
	uint32_t int_addr;		/* the mapping we hold: network order */
	uint16_t int_port, ext_port;	/* host order; ext_port 0: none */
	uint64_t renew_at;		/* ms, now_ms()'s clock */
	unsigned int added, renewed, refused;
};

/* Set up (nothing held, nothing found). */
void upnp_init(struct upnp *u, unsigned int timeout_ms, unsigned int lease_s);

/*
 * Hold a mapping of @ext_addr:@ext_port (host order) on the IGD to
 * @int_addr:@int_port (our socket; @int_addr 0 for the address we reach
 * the IGD from). Finds the IGD first, waiting at most the timeout, once
 * per call of upnp_forget(). Releases a mapping held for another port.
 * 0 when held; -1 (logged) when there is no IGD, it is not the NAT that
 * gave us @ext_addr, or it refused.
 */
int upnp_map(struct upnp *u, uint32_t ext_addr, uint16_t ext_port,
	     uint32_t int_addr, uint16_t int_port);

/* Renew the mapping held if half its lease is gone: 0, or -1 (lost). */
int upnp_renew(struct upnp *u, uint64_t now);

/* Release the mapping held, if any; the next upnp_map() searches again. */
void upnp_forget(struct upnp *u);

/* Release everything. */
void upnp_close(struct upnp *u);

#endif
