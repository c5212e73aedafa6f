/* SPDX-License-Identifier: GPL-2.0 */
/* Generic netlink plumbing: the one place teredoctl talks to the kernel. */
#ifndef TEREDOCTL_NL_H
#define TEREDOCTL_NL_H

#include <netlink/attr.h>
#include <netlink/msg.h>
#include <stdint.h>

struct tnl {
	struct nl_sock *sk;
	int family;
	char extack[256];	/* the kernel's message for the last error */
};

/* Open a socket and resolve the family; prints why on failure. */
int tnl_open(struct tnl *t);
void tnl_close(struct tnl *t);

/* A new request for CMD; NLM_F_DUMP in flags makes it a dump. */
struct nl_msg *tnl_msg(struct tnl *t, uint8_t cmd, int flags);

typedef int (*tnl_reply_fn)(struct nlattr **tb, void *arg);

/*
 * Send msg (consumed), hand each reply's attributes, parsed against the
 * family's reply policy, to fn, and wait for the end of the exchange.
 * Returns 0 or a negative errno; t->extack then holds the kernel's reason.
 */
int tnl_request(struct tnl *t, struct nl_msg *msg, tnl_reply_fn fn, void *arg);

/*
 * Join the family's multicast GROUP and hand each notification to fn,
 * until fn returns > 0 (0 or the first error). A request's fn returning
 * > 0 ends it early the same way. Notifications the kernel had to drop
 * (receive buffer overrun) are reported on stderr, not an error.
 */
int tnl_listen(struct tnl *t, const char *group, tnl_reply_fn fn, void *arg);

/* Print "teredoctl: WHAT: reason" for a failed request. */
void tnl_perror(const struct tnl *t, const char *what, int err);

#endif
