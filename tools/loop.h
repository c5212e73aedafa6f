/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a role's event loop is made of: signals as a file descriptor,
 * poll, a budget per socket and a monotonic clock.
 */
#ifndef TEREDOCTL_LOOP_H
#define TEREDOCTL_LOOP_H

#include <signal.h>
#include <stdint.h>

/* A signalfd for TERM, INT, HUP and USR1 (blocked from now on). */
int signals_open(void);

/*
 * Poll @pfd, whose first entry is that signalfd, for up to @timeout ms
 * (-1: no limit). Returns the signal that arrived, 0 for none, -1 when
 * poll itself failed. SIGTERM and SIGINT mean stop.
 */
struct pollfd;
int role_poll(struct pollfd *pfd, unsigned int n, int timeout);
#define SIGNAL_STOPS(sig) ((sig) == SIGTERM || (sig) == SIGINT)

/*
 * Datagrams a role reads from one socket per wakeup, at most: poll wakes
 * it again for the rest, after the signals and the other sockets had
 * their turn, so a flood cannot keep it from its timers or SIGTERM.
 */
#define READ_BUDGET	256

/* Drop what is queued on @fd (datagrams passed up), READ_BUDGET at most. */
unsigned int drain(int fd);

uint64_t now_ms(void);

#endif
