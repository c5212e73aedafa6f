// SPDX-License-Identifier: GPL-2.0
/*
 * Printing what a request returns. Output is buffered and written only
 * when the whole exchange succeeded, so that an error never leaves half
 * a listing or half-written JSON behind.
 */
#include "print.h"

#include <stdlib.h>

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
