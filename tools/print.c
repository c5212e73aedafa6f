// SPDX-License-Identifier: GPL-2.0
/*
 * Printing what a request returns. Output is buffered and written only
 * when the whole exchange succeeded, so that an error never leaves half
 * a listing or half-written JSON behind.
 */
#include "print.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdlib.h>

void print_string(struct print_ctx *c, const char *key, const char *fmt,
		  const char *v)
{
	if (c->opt->json) {
		if (key)
			json_string(&c->json, key, v);
	} else if (fmt) {
		fprintf(c->out, fmt, v);
	}
}

void print_u64(struct print_ctx *c, const char *key, const char *fmt,
	       uint64_t v)
{
	if (c->opt->json) {
		if (key)
			json_u64(&c->json, key, v);
	} else if (fmt) {
		fprintf(c->out, fmt, v);
	}
}

void print_ipv4(struct print_ctx *c, const char *key, const char *fmt,
		uint32_t v)
{
	char a[INET_ADDRSTRLEN];

	print_string(c, key, fmt, inet_ntop(AF_INET, &v, a, sizeof(a)));
}

void print_ipv6(struct print_ctx *c, const char *key, const char *fmt,
		const void *v)
{
	char a[INET6_ADDRSTRLEN];

	print_string(c, key, fmt, inet_ntop(AF_INET6, v, a, sizeof(a)));
}

void print_bool(struct print_ctx *c, const char *key, const char *fmt,
		bool v, const char *yes, const char *no)
{
	if (c->opt->json) {
		if (key)
			json_bool(&c->json, key, v);
	} else if (fmt) {
		fprintf(c->out, fmt, v ? yes : no);
	}
}

void print_null(struct print_ctx *c, const char *key, const char *text)
{
	if (c->opt->json)
		json_null(&c->json, key);
	else
		fputs(text, c->out);
}

void print_text(struct print_ctx *c, const char *fmt, ...)
{
	va_list ap;

	if (c->opt->json)
		return;
	va_start(ap, fmt);
	vfprintf(c->out, fmt, ap);
	va_end(ap);
}

void open_json_object(struct print_ctx *c, const char *key)
{
	if (c->opt->json)
		json_open_object(&c->json, key);
}

void close_json_object(struct print_ctx *c)
{
	if (c->opt->json)
		json_close_object(&c->json);
}

int print_request(struct tnl *t, struct nl_msg *msg,
		  const struct options *opt, tnl_reply_fn fn, const char *what)
{
	struct print_ctx c = { .opt = opt };
	char *buf = NULL;
	size_t len = 0;
	int err;

	c.out = open_memstream(&buf, &len);
	if (!c.out) {
		nlmsg_free(msg);
		fprintf(stderr, "%s: out of memory\n", progname);
		return 1;
	}
	json_init(&c.json, c.out);
	if (opt->json && fn)
		json_open_array(&c.json, NULL);
	err = tnl_request(t, msg, fn, &c);
	if (opt->json && fn) {
		json_close_array(&c.json);
		json_finish(&c.json);
	}
	fclose(c.out);
	if (err < 0)
		tnl_perror(t, what, err);
	else
		fwrite(buf, 1, len, stdout);
	free(buf);
	return err < 0 ? 1 : 0;
}
