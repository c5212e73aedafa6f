// SPDX-License-Identifier: GPL-2.0
/* Names for the UAPI enumerations, as shown and as accepted on input. */
#include "teredoctl.h"

#include <stddef.h>
#include <linux/teredo.h>

#define NAME(table, i) \
	((i) < sizeof(table) / sizeof(table[0]) && table[i] ? table[i] : "?")

static const char *const kinds[] = {
	[TEREDO_KIND_TEREDO]	= "teredo",
	[TEREDO_KIND_STF]	= "stf",
};

static const char *const modes[] = {
	[TEREDO_MODE_CLIENT]	= "client",
	[TEREDO_MODE_RELAY]	= "relay",
	[TEREDO_MODE_SERVER]	= "server",
};

static const char *const states[] = {
	[TEREDO_STATE_UNCONFIGURED]	= "unconfigured",
	[TEREDO_STATE_QUALIFYING]	= "qualifying",
	[TEREDO_STATE_QUALIFIED]	= "qualified",
	[TEREDO_STATE_ACTIVE]		= "active",
};

static const char *const stats[] = {
	[TEREDO_STATS_RX_PACKETS] = "rx_packets",
	[TEREDO_STATS_RX_BYTES] = "rx_bytes",
	[TEREDO_STATS_TX_PACKETS] = "tx_packets",
	[TEREDO_STATS_TX_BYTES] = "tx_bytes",
	[TEREDO_STATS_TX_NOT_CONFIGURED] = "tx_not_configured",
	[TEREDO_STATS_TX_NOT_IPV6] = "tx_not_ipv6",
	[TEREDO_STATS_TX_MALFORMED] = "tx_malformed",
	[TEREDO_STATS_TX_NO_RELAY] = "tx_no_relay",
	[TEREDO_STATS_TX_LOCAL_SCOPE] = "tx_local_scope",
	[TEREDO_STATS_TX_BAD_DST] = "tx_bad_dst",
	[TEREDO_STATS_TX_NO_ROUTE] = "tx_no_route",
	[TEREDO_STATS_TX_TOO_BIG] = "tx_too_big",
	[TEREDO_STATS_TX_NO_MEMORY] = "tx_no_memory",
	[TEREDO_STATS_RX_NOT_IPV6] = "rx_not_ipv6",
	[TEREDO_STATS_RX_OUTPUT_ONLY] = "rx_output_only",
	[TEREDO_STATS_RX_MARTIAN] = "rx_martian",
	[TEREDO_STATS_RX_RFC1918] = "rx_rfc1918",
	[TEREDO_STATS_RX_BROADCAST] = "rx_broadcast",
	[TEREDO_STATS_RX_INGRESS] = "rx_ingress",
	[TEREDO_STATS_RX_V4COMPAT] = "rx_v4compat",
	[TEREDO_STATS_RX_SPOOFED] = "rx_spoofed",
	[TEREDO_STATS_RX_PREFIX] = "rx_prefix",
	[TEREDO_STATS_RX_ECN] = "rx_ecn",
	[TEREDO_STATS_RX_MALFORMED] = "rx_malformed",
	[TEREDO_STATS_RX_NOT_CONFIGURED] = "rx_not_configured",
	[TEREDO_STATS_RX_LOCAL_SCOPE] = "rx_local_scope",
	[TEREDO_STATS_RX_WRONG_DST] = "rx_wrong_dst",
	[TEREDO_STATS_RX_INBOUND_CLOSED] = "rx_inbound_closed",
	[TEREDO_STATS_RX_UNTRUSTED] = "rx_untrusted",
	[TEREDO_STATS_TX_QUEUE_FULL] = "tx_queue_full",
	[TEREDO_STATS_TX_UNREACHABLE] = "tx_unreachable",
	[TEREDO_STATS_BUBBLES_SENT] = "bubbles_sent",
	[TEREDO_STATS_BUBBLES_RECEIVED] = "bubbles_received",
	[TEREDO_STATS_PINGS_SENT] = "pings_sent",
	[TEREDO_STATS_PEERS_EVICTED] = "peers_evicted",
	[TEREDO_STATS_PEERS_EXPIRED] = "peers_expired",
	[TEREDO_STATS_SYMMETRIC_PEERS] = "symmetric_peers",
	[TEREDO_STATS_HAIRPIN_PEERS] = "hairpin_peers",
	[TEREDO_STATS_BUBBLES_RATELIMITED] = "bubbles_ratelimited",
};

const char *kind_name(unsigned int kind)
{
	return NAME(kinds, kind);
}

const char *mode_name(unsigned int mode)
{
	return NAME(modes, mode);
}

const char *state_name(unsigned int state)
{
	return NAME(states, state);
}

const char *stat_name(unsigned int stat)
{
	if (stat >= sizeof(stats) / sizeof(stats[0]))
		return NULL;
	return stats[stat];
}
