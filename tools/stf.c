// SPDX-License-Identifier: GPL-2.0
/*
 * teredoctl stf DEV show | set OPTION VALUE...: the 6to4 options of an stf
 * device.
 */
#include "nl_policy.h"
#include "print.h"

#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/teredo.h>

/* The on/off options, by attribute, with their names and stf(4) aliases. */
static const struct {
	const char *name;
	int attr;
	bool inverted;
} stf_flags[] = {
	{ "permit-rfc1918",	TEREDO_STF_A_PERMIT_RFC1918, false },
	{ "output-only",	TEREDO_STF_A_OUTPUT_ONLY, false },
	{ "ecn",		TEREDO_STF_A_ECN, false },
	{ "ingress-check",	TEREDO_STF_A_INGRESS_CHECK, false },
	{ "link0",		TEREDO_STF_A_OUTPUT_ONLY, false },
	{ "link1",		TEREDO_STF_A_ECN, false },
	{ "link2",		TEREDO_STF_A_INGRESS_CHECK, true },
	{ "no-ingress-check",	TEREDO_STF_A_INGRESS_CHECK, true },
};
#define N_SHOWN_FLAGS 4	/* the first four are how they are shown */

static int stf_parse(struct nlattr **tb, struct nlattr *nest)
{
	if (nla_parse_nested(tb, TEREDO_STF_A_MAX, nest, teredo_stf_policy) < 0 ||
	    !tb[TEREDO_STF_A_LOCAL] || !tb[TEREDO_STF_A_RELAY] ||
	    !tb[TEREDO_STF_A_TTL] || !tb[TEREDO_STF_A_PREFIXLEN]) {
		fprintf(stderr, "%s: kernel reply has malformed stf options\n",
			progname);
		return -EPROTO;
	}
	return 0;
}

/* Text as `teredoctl stf` takes it; JSON with null for "none". */
int stf_show(struct print_ctx *c, struct nlattr *nest)
{
	struct nlattr *tb[TEREDO_STF_A_MAX + 1];
	uint32_t local, relay;
	unsigned int ttl;
	char key[32];

	if (stf_parse(tb, nest))
		return -EPROTO;
	local = nla_get_u32(tb[TEREDO_STF_A_LOCAL]);
	relay = nla_get_u32(tb[TEREDO_STF_A_RELAY]);
	ttl = nla_get_u8(tb[TEREDO_STF_A_TTL]);
	open_json_object(c, "stf");
	print_text(c, "    6to4 local ");
	if (local) {
		print_ipv4(c, "local", "%s", local);
		print_u64(c, "prefixlen", " prefixlen %" PRIu64,
			  nla_get_u8(tb[TEREDO_STF_A_PREFIXLEN]));
	} else {
		print_null(c, "local", "none");
	}
	if (relay)
		print_ipv4(c, "relay", " relay %s", relay);
	else
		print_null(c, "relay", " relay none");
	print_u64(c, "ttl", ttl ? " ttl %" PRIu64 "\n   " : NULL, ttl);
	if (!ttl)
		print_text(c, " ttl inherit\n   ");
	for (int i = 0; i < N_SHOWN_FLAGS; i++) {
		if (!tb[stf_flags[i].attr])
			continue;
		/* JSON keys have underscores, the command's words dashes. */
		snprintf(key, sizeof(key), "%s", stf_flags[i].name);
		for (char *p = key; *p; p++)
			if (*p == '-')
				*p = '_';
		print_text(c, " %s", stf_flags[i].name);
		print_bool(c, key, " %s", nla_get_u8(tb[stf_flags[i].attr]),
			   "on", "off");
	}
	print_text(c, "\n");
	close_json_object(c);
	return 0;
}

/* Add "OPTION VALUE" to the request's stf nest; -1 after printing why. */
static int stf_put_option(struct nl_msg *msg, const char *opt, const char *v)
{
	struct in_addr a;
	char *end;
	bool on;

	if (!strcmp(opt, "relay")) {
		if (!strcmp(v, "none"))
			a.s_addr = 0;
		else if (inet_pton(AF_INET, v, &a) != 1) {
			fprintf(stderr, "%s: stf: relay takes an IPv4 address or none, not '%s'\n",
				progname, v);
			return -1;
		}
		return nla_put_u32(msg, TEREDO_STF_A_RELAY, a.s_addr);
	}
	if (!strcmp(opt, "ttl")) {
		unsigned long ttl = 0;

		if (strcmp(v, "inherit")) {
			errno = 0;
			ttl = strtoul(v, &end, 10);
			if (errno || !*v || *end || ttl < 1 || ttl > 255) {
				fprintf(stderr, "%s: stf: ttl takes 1..255 or inherit, not '%s'\n",
					progname, v);
				return -1;
			}
		}
		return nla_put_u8(msg, TEREDO_STF_A_TTL, ttl);
	}
	for (size_t i = 0; i < sizeof(stf_flags) / sizeof(stf_flags[0]); i++) {
		if (strcmp(opt, stf_flags[i].name))
			continue;
		if (arg_onoff("stf", opt, v, &on))
			return -1;
		return nla_put_u8(msg, stf_flags[i].attr, on != stf_flags[i].inverted);
	}
	fprintf(stderr, "%s: stf: unknown option '%s'\n", progname, opt);
	return -1;
}

static int stf_set(const char *dev, int argc, char **argv)
{
	struct nlattr *nest;
	struct nl_msg *msg;
	struct tnl t;
	int err;

	if (argc == 0 || argc % 2) {
		fprintf(stderr, "%s: stf %s set: %s\n", progname, dev,
			argc ? "every option needs a value" : "no option given");
		return 2;
	}
	if (tnl_open(&t) < 0)
		return 1;
	msg = tnl_msg(&t, TEREDO_CMD_STF_SET, 0);
	if (!msg || nla_put_string(msg, TEREDO_A_IFNAME, dev) < 0 ||
	    !(nest = nla_nest_start(msg, TEREDO_A_STF))) {
		fprintf(stderr, "%s: out of memory\n", progname);
		nlmsg_free(msg);
		tnl_close(&t);
		return 1;
	}
	for (int i = 0; i < argc; i += 2) {
		if (stf_put_option(msg, argv[i], argv[i + 1]) < 0) {
			nlmsg_free(msg);
			tnl_close(&t);
			return 2;
		}
	}
	nla_nest_end(msg, nest);
	err = tnl_request(&t, msg, NULL, NULL);
	if (err)
		tnl_perror(&t, dev, err);
	tnl_close(&t);
	return err ? 1 : 0;
}

int cmd_stf(struct options *opt, int argc, char **argv)
{
	const char *dev;
	int i;

	i = parse_common_options(opt, argc, argv);
	if (i <= 0)
		return i ? 2 : 0;
	if (argc - i < 2) {
		fprintf(stderr, "%s: usage: stf DEV show | stf DEV set OPTION VALUE...\n",
			progname);
		return 2;
	}
	dev = argv[i];
	if (!*dev || strlen(dev) >= 16) {
		fprintf(stderr, "%s: invalid device name '%s'\n", progname, dev);
		return 2;
	}
	if (!strcmp(argv[i + 1], "show")) {
		if (argc - i > 2) {
			fprintf(stderr, "%s: stf %s show: unexpected argument '%s'\n",
				progname, dev, argv[i + 2]);
			return 2;
		}
		return show_devices(opt, dev);
	}
	if (!strcmp(argv[i + 1], "set"))
		return stf_set(dev, argc - i - 2, argv + i + 2);
	fprintf(stderr, "%s: stf: unknown action '%s' (show or set)\n",
		progname, argv[i + 1]);
	return 2;
}
