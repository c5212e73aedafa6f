// SPDX-License-Identifier: GPL-2.0
/*
 * cpu-soak SECONDS
 *
 * Spins a SCHED_IDLE loop on every CPU this may run on for SECONDS, then
 * prints how many rounds the loops made in all. Any other work takes its
 * CPU from these loops first, so the rounds one run loses against a
 * quiet run of the same length are the CPU that work cost. make bench
 * uses it for the CPU time per packet: it needs neither the kernel's
 * accounting of idle time, which ticks lost under TCG on newer kernels
 * spoil, nor a second clock, and on the instruction clock it keeps the
 * guest from idling, where time would otherwise jump.
 */
#include <errno.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define ROUNDS_PER_CHECK 4096	/* between two reads of the clock */

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* One CPU's loop, at the lowest priority there is, until the deadline. */
static uint64_t soak(int cpu, int64_t deadline)
{
	struct sched_param idle = { .sched_priority = 0 };
	uint64_t rounds = 0;
	cpu_set_t one;
	int i;

	CPU_ZERO(&one);
	CPU_SET(cpu, &one);
	if (sched_setaffinity(0, sizeof(one), &one) ||
	    sched_setscheduler(0, SCHED_IDLE, &idle)) {
		perror("cpu-soak: CPU");
		exit(1);
	}
	while (now_ns() < deadline) {
		for (i = 0; i < ROUNDS_PER_CHECK; i++)
			__asm__ volatile("" ::: "memory");
		rounds += ROUNDS_PER_CHECK;
	}
	return rounds;
}

int main(int argc, char **argv)
{
	int fds[2], cpu, children = 0, status;
	uint64_t rounds, total = 0;
	int64_t deadline;
	cpu_set_t cpus;
	long seconds;
	char *end;

	if (argc != 2) {
		fprintf(stderr, "usage: cpu-soak SECONDS\n");
		return 2;
	}
	errno = 0;
	seconds = strtol(argv[1], &end, 10);
	if (errno || *end || seconds < 1 || seconds > 3600) {
		fprintf(stderr, "cpu-soak: bad duration '%s' (1..3600)\n", argv[1]);
		return 2;
	}
	if (sched_getaffinity(0, sizeof(cpus), &cpus) || pipe(fds)) {
		perror("cpu-soak");
		return 1;
	}
	deadline = now_ns() + seconds * 1000000000LL;
	for (cpu = 0; cpu < CPU_SETSIZE; cpu++) {
		if (!CPU_ISSET(cpu, &cpus))
			continue;
		switch (fork()) {
		case -1:
			perror("cpu-soak: fork");
			return 1;
		case 0:
			close(fds[0]);
			rounds = soak(cpu, deadline);
			if (write(fds[1], &rounds, sizeof(rounds)) != sizeof(rounds))
				_exit(1);
			_exit(0);
		}
		children++;
	}
	close(fds[1]);
	while (read(fds[0], &rounds, sizeof(rounds)) == sizeof(rounds))
		total += rounds;
	while (children--) {
		if (wait(&status) < 0 || !WIFEXITED(status) || WEXITSTATUS(status)) {
			fprintf(stderr, "cpu-soak: a loop failed\n");
			return 1;
		}
	}
	printf("%llu\n", (unsigned long long)total);
	return 0;
}
