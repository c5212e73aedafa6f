/* SPDX-License-Identifier: GPL-2.0 */
/* ethtool -i and -S, the same for both link kinds (ethtool.c). */
#ifndef _TEREDO_ETHTOOL_H
#define _TEREDO_ETHTOOL_H

#include <linux/ethtool.h>

extern const struct ethtool_ops teredo_ethtool_ops;

#endif /* _TEREDO_ETHTOOL_H */
