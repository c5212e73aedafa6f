// SPDX-License-Identifier: GPL-2.0
/*
 * A role's hold on its teredo device: the genl calls every role makes,
 * and a relay's or server's device, made if missing and let go again.
 */
#include "role_dev.h"
#include "conf.h"
#include "log.h"
#include "rtnl.h"

#include <teredo/qualify.h>

#include <netlink/attr.h>
#include <string.h>
#include <syslog.h>
#include <linux/teredo.h>

struct nl_msg *dev_msg(struct tnl *t, int ifindex)
{
	struct nl_msg *msg = tnl_msg(t, TEREDO_CMD_DEV_SET, 0);

	if (msg && nla_put_u32(msg, TEREDO_A_IFINDEX, (uint32_t)ifindex)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

void dev_detach(struct tnl *t, int ifindex)
{
	struct nl_msg *msg = dev_msg(t, ifindex);
	int err;

	if (!msg || nla_put_flag(msg, TEREDO_A_SOCK_DETACH)) {
		nlmsg_free(msg);
		return;
	}
	err = tnl_request(t, msg, NULL, NULL);
	if (err)
		logmsg(LOG_WARNING, "cannot detach the socket: %s",
		       t->extack[0] ? t->extack : strerror(-err));
}

int role_dev_attach(struct role_dev *d, const struct conf *cf, int fd,
		    uint8_t mode)
{
	struct nl_msg *msg;
	int err;

	d->ifindex = rt_link_ensure(cf->ifname, &d->created);
	if (d->ifindex < 0) {
		logmsg(LOG_ERR, "%s", rt_err);
		d->ifindex = 0;
		return -1;
	}
	if (tnl_open(&d->t) < 0)
		return -1;
	msg = dev_msg(&d->t, d->ifindex);
	if (!msg || nla_put_u32(msg, TEREDO_A_SOCK_FD, (uint32_t)fd) ||
	    nla_put_u8(msg, TEREDO_A_MODE, mode) ||
	    (cf->load_reduction >= 0 &&
	     nla_put_u8(msg, TEREDO_A_LOAD_REDUCTION, cf->load_reduction))) {
		nlmsg_free(msg);
		return -1;
	}
	err = tnl_request(&d->t, msg, NULL, NULL);
	if (err) {
		logmsg(LOG_ERR, "%s: %s", cf->ifname,
		       d->t.extack[0] ? d->t.extack : strerror(-err));
		return -1;
	}
	if (rt_link_set(d->ifindex, true, cf->mtu ? cf->mtu : TEREDO_MTU)) {
		logmsg(LOG_ERR, "%s", rt_err);
		return -1;
	}
	return 0;
}

void role_dev_release(struct role_dev *d, const struct conf *cf)
{
	if (d->t.sk) {
		dev_detach(&d->t, d->ifindex);
		tnl_close(&d->t);
	}
	if (d->created && rt_link_delete(d->ifindex))
		logmsg(LOG_WARNING, "%s: %s", cf->ifname, rt_err);
	d->created = false;
}
