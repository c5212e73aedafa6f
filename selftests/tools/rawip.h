/* SPDX-License-Identifier: GPL-2.0 */
/* What the raw-socket senders of the tests share. */
#ifndef SELFTESTS_RAWIP_H
#define SELFTESTS_RAWIP_H

#include <arpa/inet.h>
#include <stddef.h>
#include <stdint.h>

/* The IPv4 header checksum, network order, of the @len bytes at @p. */
static inline uint16_t ip_csum(const void *p, size_t len)
{
	const uint8_t *b = p;
	uint32_t s = 0;

	for (size_t i = 0; i + 1 < len; i += 2)
		s += (uint32_t)b[i] << 8 | b[i + 1];
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return htons(~s & 0xffff);
}

#endif
