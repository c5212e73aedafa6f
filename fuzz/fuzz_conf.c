// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: tools/conf.c, the miredo.conf reader. Any file gives
 * a configuration or an error message naming where it went wrong.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../tools/conf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[512] = "";
	struct conf c;
	FILE *f;
	int r;

	if (!size)
		return 0;
	f = fmemopen((void *)data, size, "r");
	if (!f)
		return 0;
	conf_init(&c);
	r = conf_read_stream(f, "fuzz", &c, err, sizeof(err));
	fclose(f);
	if (r && strncmp(err, "fuzz", 4))
		abort();	/* every error names the file */
	if (!r) {
		conf_check_role(&c, err, sizeof(err));
		if (c.role == ROLE_NONE || memchr(c.ifname, 0, sizeof(c.ifname)) == NULL ||
		    memchr(c.server, 0, sizeof(c.server)) == NULL)
			abort();
	}
	return 0;
}
