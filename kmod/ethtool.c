// SPDX-License-Identifier: GPL-2.0
/*
 * ethtool for both link kinds: -i names the driver, -S lists the
 * kind's counters (each drop reason, and the Teredo events) under the
 * names teredoctl shows, so that the usual tool sees them too.
 */
#include "ethtool.h"
#include "link.h"
#include "../include/teredo/stat_names.h"

#include <linux/ethtool.h>

static void teredo_ethtool_desc(struct net_device *dev,
				struct teredo_link_desc *desc)
{
	if (!teredo_dev_describe(dev, desc) && !stf_dev_describe(dev, desc))
		desc->n_drops = 0;
}

static void teredo_get_drvinfo(struct net_device *dev,
			       struct ethtool_drvinfo *info)
{
	strscpy(info->driver, "teredo", sizeof(info->driver));
	strscpy(info->version, TEREDO_VERSION, sizeof(info->version));
}

static int teredo_get_sset_count(struct net_device *dev, int sset)
{
	struct teredo_link_desc desc;

	if (sset != ETH_SS_STATS)
		return -EOPNOTSUPP;
	teredo_ethtool_desc(dev, &desc);
	return desc.n_drops;
}

static void teredo_get_strings(struct net_device *dev, u32 sset, u8 *buf)
{
	struct teredo_link_desc desc;
	unsigned int i;

	if (sset != ETH_SS_STATS)
		return;
	teredo_ethtool_desc(dev, &desc);
	for (i = 0; i < desc.n_drops; i++)
		ethtool_sprintf(&buf, "%s", teredo_stat_names[desc.drops[i]]);
}

static void teredo_get_ethtool_stats(struct net_device *dev,
				     struct ethtool_stats *stats, u64 *data)
{
	struct teredo_link_desc desc;
	unsigned int i;

	teredo_ethtool_desc(dev, &desc);
	for (i = 0; i < desc.n_drops; i++)
		data[i] = teredo_counters_read(desc.counters, desc.drops[i]);
}

const struct ethtool_ops teredo_ethtool_ops = {
	.get_drvinfo		= teredo_get_drvinfo,
	.get_link		= ethtool_op_get_link,
	.get_sset_count		= teredo_get_sset_count,
	.get_strings		= teredo_get_strings,
	.get_ethtool_stats	= teredo_get_ethtool_stats,
};
