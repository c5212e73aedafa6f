// SPDX-License-Identifier: GPL-2.0
/*
 * teredo.ko: Teredo (RFC 4380, 5991, 6081) and 6to4 (RFC 3056) tunnels.
 */
#include "link.h"
#include "netlink.h"

#include <linux/module.h>
#include <net/genetlink.h>
#include <net/rtnetlink.h>

static int __init teredo_mod_init(void)
{
	int err;

	err = teredo_dev_init();
	if (err)
		return err;
	err = stf_init();
	if (err)
		goto err_stf;
	/* Last: userland may act on the devices as soon as the family exists. */
	err = teredo_genl_init();
	if (err)
		goto err_genl;
	return 0;

err_genl:
	stf_uninit();
err_stf:
	teredo_dev_uninit();
	return err;
}

static void __exit teredo_mod_exit(void)
{
	teredo_genl_uninit();
	stf_uninit();
	teredo_dev_uninit();
}

module_init(teredo_mod_init);
module_exit(teredo_mod_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Teredo and 6to4 (stf) tunnel devices");
MODULE_AUTHOR("kteredo developers");
MODULE_VERSION(TEREDO_VERSION);
MODULE_ALIAS_RTNL_LINK(TEREDO_LINK_KIND);
MODULE_ALIAS_RTNL_LINK(STF_LINK_KIND);
MODULE_ALIAS_GENL_FAMILY(TEREDO_GENL_NAME);
