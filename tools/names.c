// SPDX-License-Identifier: GPL-2.0
/* Names for the UAPI enumerations, as shown and as accepted on input. */
#include "teredoctl.h"

#include <stddef.h>
#include <linux/teredo.h>
#include <teredo/stat_names.h>

#define NAME(table, i) \
	((i) < sizeof(table) / sizeof(table[0]) && table[i] ? table[i] : "?")

static const char *const kinds[] = {
	[TEREDO_KIND_TEREDO]	= "teredo",
	[TEREDO_KIND_STF]	= "stf",
};

static const char *const modes[] = {
	[TEREDO_MODE_CLIENT]	= "client",
	[TEREDO_MODE_RELAY]	= "relay",
	[TEREDO_MODE_SERVER]	= "server",
};

static const char *const states[] = {
	[TEREDO_STATE_UNCONFIGURED]	= "unconfigured",
	[TEREDO_STATE_QUALIFYING]	= "qualifying",
	[TEREDO_STATE_QUALIFIED]	= "qualified",
	[TEREDO_STATE_ACTIVE]		= "active",
};

static const char *const predictions[] = {
	[TEREDO_PREDICTION_NONE]		= "none",
	[TEREDO_PREDICTION_PORT_PRESERVING]	= "port-preserving",
	[TEREDO_PREDICTION_SEQUENTIAL]		= "sequential",
};

const char *kind_name(unsigned int kind)
{
	return NAME(kinds, kind);
}

const char *mode_name(unsigned int mode)
{
	return NAME(modes, mode);
}

const char *prediction_name(unsigned int prediction)
{
	return NAME(predictions, prediction);
}

const char *state_name(unsigned int state)
{
	return NAME(states, state);
}

const char *stat_name(unsigned int stat)
{
	if (stat > TEREDO_STATS_MAX)
		return NULL;
	return teredo_stat_names[stat];
}
