/* SPDX-License-Identifier: MIT */
/*
 * acdroute - automatic call and conversation distribution.
 *
 * The umbrella header: include this one.  See engine.h for the engine and
 * the list of its topic headers (time, types, action, agent, queue,
 * contact), sys/strategy.h for writing routing strategies.
 */
#ifndef ACDROUTE_ACDROUTE_H
#define ACDROUTE_ACDROUTE_H

#include <acdroute/version.h>
#include <acdroute/export.h>
#include <acdroute/time.h>
#include <acdroute/types.h>
#include <acdroute/errors.h>
#include <acdroute/action.h>
#include <acdroute/names.h>
#include <acdroute/engine.h>
#include <acdroute/agent.h>
#include <acdroute/queue.h>
#include <acdroute/contact.h>
#include <acdroute/policy.h>
#include <acdroute/sys/strategy.h>
#include <acdroute/disposition.h>
#include <acdroute/erlang.h>
#include <acdroute/metrics.h>
#include <acdroute/customer.h>
#include <acdroute/outbound.h>
#include <acdroute/config.h>

#endif /* ACDROUTE_ACDROUTE_H */
