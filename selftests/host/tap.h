/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TAP for the host's C unit tests: tap_start() first, ok() per case,
 * return tap_done() from main (0 all passed, 1 something failed).
 */
#ifndef KTEREDO_HOST_TAP_H
#define KTEREDO_HOST_TAP_H

#include <stdio.h>

static int tap_n, tap_failed;

static inline void tap_start(void)
{
	printf("TAP version 13\n");
}

static inline void ok(int cond, const char *what)
{
	tap_n++;
	if (!cond)
		tap_failed++;
	printf("%sok %d %s\n", cond ? "" : "not ", tap_n, what);
}

static inline int tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif
