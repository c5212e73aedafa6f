// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: include/teredo/wire.h, the parser teredo.ko runs on
 * every datagram. Besides "no crash, no over-read" (ASan), what it says
 * must hold: the IPv6 packet it finds lies inside the datagram, starts
 * with version 6 and its length matches, trailers fill the rest; a
 * Teredo address read back builds the same address.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <teredo/wire.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct teredo_addr_info info;
	struct teredo_hdrs h;
	uint8_t a[16];

	if (teredo_parse_datagram(data, size, &h) == TEREDO_PARSE_OK) {
		if ((size_t)h.ipv6_off + h.ipv6_len + h.trailer_len != size ||
		    h.ipv6_len < TEREDO_IPV6_HLEN ||
		    data[h.ipv6_off] >> 4 != 6 ||
		    TEREDO_IPV6_HLEN + (size_t)(data[h.ipv6_off + 4] << 8 |
						data[h.ipv6_off + 5]) != h.ipv6_len ||
		    (h.has_auth && h.auth_off != 0))
			abort();
	}
	if (size >= 16 && teredo_addr_parse(data, &info)) {
		teredo_addr_build(&info, a);
		if (memcmp(a, data, 16))
			abort();
	}
	return 0;
}
