// SPDX-License-Identifier: GPL-2.0
/*
 * Parsing of command-line values. Each prints "teredoctl: CMD: KEY takes
 * ..., not 'VALUE'" and returns -1 when the value is wrong.
 */
#include "teredoctl.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int bad(const char *cmd, const char *key, const char *what,
	       const char *v)
{
	fprintf(stderr, "%s: %s: %s takes %s, not '%s'\n", progname, cmd, key,
		what, v);
	return -1;
}

int arg_onoff(const char *cmd, const char *key, const char *v, bool *out)
{
	if (!strcmp(v, "on") || !strcmp(v, "yes") || !strcmp(v, "1")) {
		*out = true;
		return 0;
	}
	if (!strcmp(v, "off") || !strcmp(v, "no") || !strcmp(v, "0")) {
		*out = false;
		return 0;
	}
	return bad(cmd, key, "on or off", v);
}

int arg_enum(const char *cmd, const char *key, const char *v, unsigned int lo,
	     unsigned int hi, const char *(*name)(unsigned int),
	     const char *choices, unsigned int *out)
{
	for (unsigned int i = lo; i <= hi; i++) {
		if (!strcmp(v, name(i))) {
			*out = i;
			return 0;
		}
	}
	return bad(cmd, key, choices, v);
}

int arg_ipv4(const char *cmd, const char *key, const char *v, uint32_t *out)
{
	struct in_addr a;

	if (inet_pton(AF_INET, v, &a) != 1)
		return bad(cmd, key, "an IPv4 address", v);
	*out = a.s_addr;
	return 0;
}

int arg_ipv6(const char *cmd, const char *key, const char *v,
	     struct in6_addr *out)
{
	if (inet_pton(AF_INET6, v, out) != 1)
		return bad(cmd, key, "an IPv6 address", v);
	return 0;
}

int arg_u32(const char *cmd, const char *key, const char *v, uint32_t min,
	    uint32_t max, uint32_t *out)
{
	unsigned long n;
	char *end, what[64];

	errno = 0;
	n = strtoul(v, &end, 10);
	if (errno || !*v || *end || *v == '-' || n < min || n > max) {
		snprintf(what, sizeof(what), "a number from %u to %u", min, max);
		return bad(cmd, key, what, v);
	}
	*out = n;
	return 0;
}

int arg_mapping(const char *cmd, const char *v, uint32_t *addr, uint16_t *port)
{
	char buf[32], *colon;
	struct in_addr a;
	uint32_t p;

	if (strlen(v) >= sizeof(buf))
		return bad(cmd, "mapping", "IPV4:PORT", v);
	strcpy(buf, v);
	colon = strrchr(buf, ':');
	if (!colon)
		return bad(cmd, "mapping", "IPV4:PORT", v);
	*colon = '\0';
	if (inet_pton(AF_INET, buf, &a) != 1 ||
	    arg_u32(cmd, "a mapping's port", colon + 1, 1, 65535, &p))
		return bad(cmd, "mapping", "IPV4:PORT", v);
	*addr = a.s_addr;
	*port = p;
	return 0;
}
