/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A role's hold on its teredo device: the genl calls every role makes,
 * and a relay's or server's device, made if missing, put in the role's
 * mode with the role's socket, up; and let go of again.
 */
#ifndef TEREDOCTL_ROLE_DEV_H
#define TEREDOCTL_ROLE_DEV_H

#include "nl.h"

#include <stdbool.h>
#include <stdint.h>

struct conf;

/* The device's genl request with IFINDEX; send with tnl_request. */
struct nl_msg *dev_msg(struct tnl *t, int ifindex);

/* Give the device's socket back (the roles' last genl call). */
void dev_detach(struct tnl *t, int ifindex);

struct role_dev {
	int ifindex;		/* 0 before attach */
	bool created;		/* made by us, and deleted on release */
	struct tnl t;		/* open while the device holds our socket */
};

/* The device cf->ifname, in @mode, with @fd; logs why not and returns -1. */
int role_dev_attach(struct role_dev *d, const struct conf *cf, int fd,
		    uint8_t mode);

/* The socket given back and, if we made the device, the device deleted. */
void role_dev_release(struct role_dev *d, const struct conf *cf);

#endif
