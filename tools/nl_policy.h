/* SPDX-License-Identifier: GPL-2.0 */
/* Do not edit: made by scripts/nl-policy-gen from */
/* Documentation/netlink/specs/teredo.yaml. */
#ifndef TEREDOCTL_NL_POLICY_H
#define TEREDOCTL_NL_POLICY_H

#include <netlink/attr.h>
#include <linux/teredo.h>

/* Attribute set dev (TEREDO_A_*). */
extern const struct nla_policy teredo_dev_policy[TEREDO_A_MAX + 1];
/* Attribute set stats (TEREDO_STATS_*). */
extern const struct nla_policy teredo_stats_policy[TEREDO_STATS_MAX + 1];
/* Attribute set stf (TEREDO_STF_A_*). */
extern const struct nla_policy teredo_stf_policy[TEREDO_STF_A_MAX + 1];
/* Attribute set peer (TEREDO_PEER_A_*). */
extern const struct nla_policy teredo_peer_policy[TEREDO_PEER_A_MAX + 1];

#endif
