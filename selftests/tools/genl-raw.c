// SPDX-License-Identifier: GPL-2.0
/*
 * genl-raw: send one teredo generic netlink request built from the command
 * line, attribute by attribute, including ones teredoctl would never send,
 * and print how the kernel answered. For tests of the netlink policy.
 *
 *   genl-raw [--dump] CMD [TYPE:KIND:VALUE ...]
 *   KIND: u8 u16 u32 u64 str (NUL-terminated) bin (hex bytes)
 *
 * Prints "ok" (exit 0) or "error: ERRNO: MESSAGE" (exit 1).
 */
#include "../../tools/nl.h"
#include "../../tools/teredoctl.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *progname = "genl-raw";

static int put_attr(struct nl_msg *msg, const char *spec)
{
	char *copy = strdup(spec), *kind, *value, *end;
	unsigned long type;
	int err = -1;

	kind = strchr(copy, ':');
	if (!kind)
		goto out;
	*kind++ = '\0';
	value = strchr(kind, ':');
	if (!value)
		goto out;
	*value++ = '\0';
	type = strtoul(copy, &end, 0);
	if (*end || type > 0xffff)
		goto out;
	if (!strcmp(kind, "u8"))
		err = nla_put_u8(msg, type, strtoul(value, NULL, 0));
	else if (!strcmp(kind, "u16"))
		err = nla_put_u16(msg, type, strtoul(value, NULL, 0));
	else if (!strcmp(kind, "u32"))
		err = nla_put_u32(msg, type, strtoul(value, NULL, 0));
	else if (!strcmp(kind, "u64"))
		err = nla_put_u64(msg, type, strtoull(value, NULL, 0));
	else if (!strcmp(kind, "str"))
		err = nla_put_string(msg, type, value);
	else if (!strcmp(kind, "bin")) {
		size_t n = strlen(value) / 2;
		unsigned char *b = calloc(1, n + 1);

		for (size_t i = 0; i < n; i++)
			sscanf(value + 2 * i, "%2hhx", &b[i]);
		err = nla_put(msg, type, n, b);
		free(b);
	}
out:
	free(copy);
	return err;
}

int main(int argc, char **argv)
{
	struct nl_msg *msg;
	struct tnl t;
	int flags = 0, i = 1, err;

	if (i < argc && !strcmp(argv[i], "--dump")) {
		flags = NLM_F_DUMP;
		i++;
	}
	if (i >= argc) {
		fprintf(stderr, "usage: genl-raw [--dump] CMD [TYPE:KIND:VALUE ...]\n");
		return 2;
	}
	if (tnl_open(&t) < 0)
		return 1;
	msg = tnl_msg(&t, strtoul(argv[i++], NULL, 0), flags);
	for (; msg && i < argc; i++) {
		if (put_attr(msg, argv[i]) < 0) {
			fprintf(stderr, "genl-raw: bad attribute '%s'\n", argv[i]);
			return 2;
		}
	}
	err = tnl_request(&t, msg, NULL, NULL);
	if (err) {
		printf("error: %s: %s\n", strerrorname_np(-err),
		       t.extack[0] ? t.extack : "(no message)");
		return 1;
	}
	printf("ok\n");
	return 0;
}
