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
 * One value for text and JSON alike, as iproute2's print_* do: with -j
 * a member @key of the open JSON object (none if @key is NULL),
 * otherwise @fmt printed with the value (nothing if @fmt is NULL).
 */
void print_string(struct print_ctx *c, const char *key, const char *fmt,
		  const char *v);
void print_u64(struct print_ctx *c, const char *key, const char *fmt,
	       uint64_t v);
/* @v in network order, printed as a dotted quad ("%s" in @fmt). */
void print_ipv4(struct print_ctx *c, const char *key, const char *fmt,
		uint32_t v);
void print_ipv6(struct print_ctx *c, const char *key, const char *fmt,
		const void *v);
/* A JSON boolean; the text is @fmt with @yes or @no. */
void print_bool(struct print_ctx *c, const char *key, const char *fmt,
		bool v, const char *yes, const char *no);
/* A JSON null; the text is @text as it is. */
void print_null(struct print_ctx *c, const char *key, const char *text);
/* Text only, or JSON only. */
void print_text(struct print_ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void open_json_object(struct print_ctx *c, const char *key);
void close_json_object(struct print_ctx *c);

/*
 * peer.c: one peer of a peer-get or peer-event message; with @event, the
 * event's name and the device's ifindex come first.
 */
int peer_print(struct print_ctx *c, struct nlattr **tb, const char *event);

#endif
