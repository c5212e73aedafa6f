/* SPDX-License-Identifier: GPL-2.0 */
/* Printing replies: text, or with -j one JSON list. */
#ifndef TEREDOCTL_PRINT_H
#define TEREDOCTL_PRINT_H

#include "json.h"
#include "nl.h"
#include "teredoctl.h"

/* What a reply printer (a tnl_reply_fn) gets as its argument. */
struct print_ctx {
	const struct options *opt;
	FILE *out;
	struct json json;	/* writing to out, used with -j */
};

/*
 * Send msg (consumed) and print each reply with fn (NULL: a request with
 * no reply to print). Returns the exit status: 0, or 1 after printing
 * "teredoctl: WHAT: reason".
 */
int print_request(struct tnl *t, struct nl_msg *msg,
		  const struct options *opt, tnl_reply_fn fn, const char *what);

/*
 * peer.c: one peer of a peer-get or peer-event message; with @event, the
 * event's name and the device's ifindex come first.
 */
int peer_print(struct print_ctx *c, struct nlattr **tb, const char *event);

#endif
