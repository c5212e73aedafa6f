// SPDX-License-Identifier: GPL-2.0
/*
 * The client's UPnP port mapping (RFC 6081): find the Internet Gateway
 * Device, map our server-seen port to our socket, renew, release.
 *
 * Every call blocks (SSDP and SOAP over HTTP, as libminiupnpc does
 * them): discovery for at most the timeout, each request for at most
 * libminiupnpc's socket timeouts. The client makes them only when its
 * mapping changes and at half each lease, never per packet.
 */
#include "log.h"
#include "loop.h"
#include "upnp.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include <miniupnpc/miniupnpc.h>
#include <miniupnpc/upnpcommands.h>
#include <miniupnpc/upnperrors.h>

struct upnp_igd {
	struct UPNPUrls urls;
	struct IGDdatas data;
	char lan[64];		/* our address towards it */
};

#define UPNP_DESC	"TEREDO"	/* RFC 6081 5.3.3 */

void upnp_init(struct upnp *u, unsigned int timeout_ms, unsigned int lease_s)
{
	memset(u, 0, sizeof(*u));
	u->timeout_ms = timeout_ms;
	u->lease_s = lease_s;
}

/*
 * What to search for, all at once: upnpDiscover() asks for one type
 * after another and waits the whole delay for each, four times the
 * timeout when nobody answers.
 */
static const char *const upnp_types[] = {
	"urn:schemas-upnp-org:device:InternetGatewayDevice:1",
	"urn:schemas-upnp-org:service:WANIPConnection:1",
	"urn:schemas-upnp-org:service:WANPPPConnection:1",
	NULL,
};

static struct upnp_igd *upnp_discover(unsigned int timeout_ms)
{
	uint64_t start = now_ms();
	struct UPNPDev *devs;
	struct upnp_igd *igd;
	int err = 0, r;

	devs = upnpDiscoverDevices(upnp_types, (int)timeout_ms, NULL, NULL,
				   UPNP_LOCAL_PORT_ANY, 0, 2, &err, 1);
	if (!devs) {
		logmsg(LOG_NOTICE, "UPnP: no Internet Gateway Device answered "
		       "(searched for %u ms)", (unsigned int)(now_ms() - start));
		return NULL;
	}
	igd = calloc(1, sizeof(*igd));
	if (!igd) {
		freeUPNPDevlist(devs);
		return NULL;
	}
#if MINIUPNPC_API_VERSION >= 18
	r = UPNP_GetValidIGD(devs, &igd->urls, &igd->data, igd->lan,
			     sizeof(igd->lan), NULL, 0);
#else
	r = UPNP_GetValidIGD(devs, &igd->urls, &igd->data, igd->lan,
			     sizeof(igd->lan));
#endif
	freeUPNPDevlist(devs);
	if (r == 1)
		return igd;
	logmsg(LOG_NOTICE, "UPnP: %s", r == 2 ?
	       "the Internet Gateway Device says it is not connected" :
	       "no Internet Gateway Device among the UPnP devices that answered");
	if (r)
		FreeUPNPUrls(&igd->urls);
	free(igd);
	return NULL;
}

/* The IGD's external address is our mapping's: it is the NAT we are behind. */
static bool upnp_is_our_nat(struct upnp_igd *igd, uint32_t ext_addr)
{
	char ext[40] = "";
	struct in_addr a;

	if (UPNP_GetExternalIPAddress(igd->urls.controlURL,
				      igd->data.first.servicetype, ext) ||
	    inet_pton(AF_INET, ext, &a) != 1) {
		logmsg(LOG_WARNING, "UPnP: the gateway did not tell its external address");
		return false;
	}
	if (ntohl(a.s_addr) == ext_addr)
		return true;
	logmsg(LOG_WARNING, "UPnP: the gateway's external address %s is not our "
	       "mapping's: another NAT lies beyond it, not using UPnP", ext);
	return false;
}

static int upnp_add(struct upnp *u, uint16_t ext_port, uint32_t int_addr,
		    uint16_t int_port)
{
	char ext[8], in[8], lease[12], client[sizeof(u->igd->lan)];
	struct in_addr a = { int_addr };
	int r;

	snprintf(ext, sizeof(ext), "%u", ext_port);
	snprintf(in, sizeof(in), "%u", int_port);
	snprintf(lease, sizeof(lease), "%u", u->lease_s);
	if (int_addr)
		inet_ntop(AF_INET, &a, client, sizeof(client));
	else
		snprintf(client, sizeof(client), "%s", u->igd->lan);
	r = UPNP_AddPortMapping(u->igd->urls.controlURL,
				u->igd->data.first.servicetype, ext, in, client,
				UPNP_DESC, "UDP", NULL, lease);
	if (r != UPNPCOMMAND_SUCCESS) {
		u->refused++;
		logmsg(LOG_WARNING, "UPnP: the gateway refused to map port %u to "
		       "%s:%u: %s", ext_port, client, int_port, strupnperror(r));
		return -1;
	}
	u->renew_at = now_ms() + u->lease_s * 500ULL;	/* at half the lease */
	return 0;
}

int upnp_map(struct upnp *u, uint32_t ext_addr, uint16_t ext_port,
	     uint32_t int_addr, uint16_t int_port)
{
	if (u->ext_port && u->ext_port == ext_port && u->int_port == int_port &&
	    u->int_addr == int_addr)
		return 0;
	if (u->ext_port)
		upnp_forget(u);
	if (!u->igd && !u->searched) {
		u->searched = true;
		u->igd = upnp_discover(u->timeout_ms);
	}
	if (!u->igd || !upnp_is_our_nat(u->igd, ext_addr) ||
	    upnp_add(u, ext_port, int_addr, int_port))
		return -1;
	u->added++;
	u->ext_port = ext_port;
	u->int_port = int_port;
	u->int_addr = int_addr;
	logmsg(LOG_NOTICE, "UPnP: the gateway maps port %u to us for %u s",
	       ext_port, u->lease_s);
	return 0;
}

int upnp_renew(struct upnp *u, uint64_t now)
{
	if (!u->ext_port || now < u->renew_at)
		return 0;
	if (upnp_add(u, u->ext_port, u->int_addr, u->int_port)) {
		u->ext_port = 0;
		return -1;
	}
	u->renewed++;
	return 0;
}

void upnp_forget(struct upnp *u)
{
	char ext[8];
	int r;

	if (u->ext_port && u->igd) {
		snprintf(ext, sizeof(ext), "%u", u->ext_port);
		r = UPNP_DeletePortMapping(u->igd->urls.controlURL,
					   u->igd->data.first.servicetype,
					   ext, "UDP", NULL);
		if (r != UPNPCOMMAND_SUCCESS)
			logmsg(LOG_WARNING, "UPnP: cannot remove the mapping of "
			       "port %u: %s", u->ext_port, strupnperror(r));
		else
			logmsg(LOG_INFO, "UPnP: mapping of port %u removed",
			       u->ext_port);
	}
	u->ext_port = 0;
	u->searched = false;
}

void upnp_close(struct upnp *u)
{
	upnp_forget(u);
	if (u->igd) {
		FreeUPNPUrls(&u->igd->urls);
		free(u->igd);
		u->igd = NULL;
	}
}
