/* SPDX-License-Identifier: GPL-2.0 */
/* The UDP sockets of the roles. */
#ifndef TEREDOCTL_SOCKETS_H
#define TEREDOCTL_SOCKETS_H

#include <stdint.h>

struct conf;

/* An IPv4 UDP socket bound to addr:port (network order); -1 on error. */
int udp_socket(uint32_t addr, uint16_t port);

/*
 * A client's or relay's tunnel socket: bound as the config says, in the
 * namespace SocketNetns names (the device's when unset), so that a
 * device in a container can talk through its host's network. Logs why
 * not and returns -1.
 */
int role_socket(const struct conf *cf);

#endif
