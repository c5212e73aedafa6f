/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The counters' names (enum teredo_stats_attr), as teredoctl shows them
 * and ethtool -S lists them: the YNL spec's, dashes made underscores.
 * One table for the module and the tools.
 */
#ifndef _TEREDO_STAT_NAMES_H
#define _TEREDO_STAT_NAMES_H

#ifdef __KERNEL__
#include <uapi/linux/teredo.h>
#else
#include <linux/teredo.h>
#endif

static const char *const teredo_stat_names[TEREDO_STATS_MAX + 1] = {
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
	[TEREDO_STATS_RX_MAPPING_FULL] = "rx_mapping_full",
	[TEREDO_STATS_TX_MAPPING_FULL] = "tx_mapping_full",
	[TEREDO_STATS_RS_ANSWERED] = "rs_answered",
	[TEREDO_STATS_SERVER_FORWARDED] = "server_forwarded",
	[TEREDO_STATS_REFRESHES_SENT] = "refreshes_sent",
	[TEREDO_STATS_REFRESHES_ANSWERED] = "refreshes_answered",
	[TEREDO_STATS_PREDICTIONS] = "predictions",
	[TEREDO_STATS_PREDICTION_HITS] = "prediction_hits",
	[TEREDO_STATS_PREDICTION_MISSES] = "prediction_misses",
};

#endif /* _TEREDO_STAT_NAMES_H */
