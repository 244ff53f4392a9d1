/* SPDX-License-Identifier: MIT */
/*
 * acdroute - basic types shared by every public header.
 *
 * The shared vocabulary of the engine and its modules: the opaque engine,
 * channels, agent status and activity, contact states, end reasons,
 * key/value pairs and skills.  Host time (acdr_tstamp and its units) is in
 * time.h, included here.
 */
#ifndef ACDROUTE_TYPES_H
#define ACDROUTE_TYPES_H

#include <stddef.h>
#include <stdint.h>

#include <acdroute/export.h>
#include <acdroute/time.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The routing engine (opaque). */
typedef struct acdr_engine acdr_engine;

/** Channels a contact can arrive on and an agent can serve. */
typedef enum acdr_channel {
  ACDR_CHANNEL_VOICE = 0,
  ACDR_CHANNEL_CHAT = 1,
  ACDR_CHANNEL_EMAIL = 2
} acdr_channel;
#define ACDR_CHANNEL_COUNT 3

/** Agent status: set by the host. */
typedef enum acdr_agent_status {
  ACDR_AGENT_LOGGED_OUT = 0,
  ACDR_AGENT_AVAILABLE = 1,
  ACDR_AGENT_AWAY = 2
} acdr_agent_status;

/** Agent activity: derived by the engine from the agent's contacts. */
typedef enum acdr_agent_activity {
  ACDR_ACTIVITY_IDLE = 0,       /* nothing assigned */
  ACDR_ACTIVITY_OFFERED = 1,    /* at least one offer ringing */
  ACDR_ACTIVITY_ON_CONTACT = 2, /* at least one connected contact */
  ACDR_ACTIVITY_WRAPUP = 3      /* only contacts in wrap-up */
} acdr_agent_activity;

/** Contact states. */
typedef enum acdr_contact_state {
  ACDR_CONTACT_WAITING = 0,
  ACDR_CONTACT_OFFERED = 1,
  ACDR_CONTACT_CONNECTED = 2,
  ACDR_CONTACT_WRAPUP = 3,
  ACDR_CONTACT_ENDED = 4
} acdr_contact_state;

/** Why a contact ended (or left a queue). */
typedef enum acdr_end_reason {
  ACDR_END_NONE = 0,
  ACDR_END_COMPLETED = 1,   /* connected, then hung up and wrapped up */
  ACDR_END_ABANDONED = 2,   /* caller hung up while waiting or ringing */
  ACDR_END_TIMED_OUT = 3,   /* max wait passed and no overflow target */
  ACDR_END_OVERFLOWED = 4,  /* handed to an overflow target outside */
  ACDR_END_TRANSFERRED = 5, /* transferred out of the engine */
  ACDR_END_CALLBACK = 6,    /* callback scheduled; the caller hung up */
  ACDR_END_REJECTED = 7     /* refused on arrival (full, closed, no agents) */
} acdr_end_reason;

/** A key/value pair (contact attributes, strategy settings). */
typedef struct acdr_kv {
  const char *key;
  const char *value;
} acdr_kv;

/** A skill with a proficiency level (0..100, higher is better). */
typedef struct acdr_skill {
  const char *name;
  int32_t level;
} acdr_skill;

#ifdef __cplusplus
}
#endif

#endif /* ACDROUTE_TYPES_H */
