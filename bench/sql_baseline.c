/* SPDX-License-Identifier: MIT */
/*
 * Baselines: pick an agent with SQL, three ways, in an in-memory SQLite
 * database (only built when libsqlite3 is available):
 *
 *  mod_callcenter   FreeSWITCH mod_callcenter as it is written: agents and
 *                   tiers tables with no key and no index; per decision the
 *                   module formats its longest-idle-agent query
 *                   (SELECT ... FROM agents LEFT JOIN tiers ON (agents.name
 *                   = tiers.agent) WHERE tiers.queue = '...' AND
 *                   (agents.status = 'Available' OR ... ) ORDER BY level,
 *                   agents.last_offered_call, position; no LIMIT), runs it
 *                   through sqlite3_exec with a callback that takes the
 *                   first row whose agent is Waiting and tier Ready, then
 *                   marks the agent with a formatted UPDATE.
 *  +indexes         the same, with indexes on the join and filter keys
 *                   (agents.name, tiers.agent, tiers.queue).
 *  ready table      a competent SQL design: a table of ready agents with a
 *                   covering primary key (queue, level, last offered,
 *                   position, agent), WITHOUT ROWID; a decision is one
 *                   prepared seek (ORDER BY the key, LIMIT 1) and one
 *                   DELETE of that row; an agent freeing up is one INSERT.
 *
 * A decision is timed from the query to the agent reserved (the UPDATE or
 * the DELETE); releasing the agent afterwards is untimed.
 */
#include "bench.h"

#include <stdio.h>
#include <string.h>

const char *const bench_sql_kind_name[BENCH_SQL_KINDS] = {
    "mod_callcenter", "mod_callcenter+indexes", "ready-table"};

#ifndef ACDROUTE_BENCH_HAVE_SQLITE

int bench_sql_available(void) { return 0; }

int bench_sql_run(int kind, uint32_t agents, uint32_t iterations,
                  double max_seconds, bench_sql_result *r) {
  (void)iterations;
  (void)max_seconds;
  memset(r, 0, sizeof(*r));
  r->kind = kind;
  r->agents = agents;
  snprintf(r->error, sizeof(r->error), "built without libsqlite3");
  return -1;
}

#else

#include <sqlite3.h>

int bench_sql_available(void) { return 1; }

/* The columns of mod_callcenter's agents and tiers tables; no keys. */
static const char k_schema[] =
    "CREATE TABLE agents ("
    " name VARCHAR(255), system VARCHAR(255), uuid VARCHAR(255),"
    " type VARCHAR(255), contact VARCHAR(255), status VARCHAR(255),"
    " state VARCHAR(255), max_no_answer INTEGER NOT NULL DEFAULT 0,"
    " wrap_up_time INTEGER NOT NULL DEFAULT 0,"
    " reject_delay_time INTEGER NOT NULL DEFAULT 0,"
    " busy_delay_time INTEGER NOT NULL DEFAULT 0,"
    " no_answer_delay_time INTEGER NOT NULL DEFAULT 0,"
    " last_bridge_start INTEGER NOT NULL DEFAULT 0,"
    " last_bridge_end INTEGER NOT NULL DEFAULT 0,"
    " last_offered_call INTEGER NOT NULL DEFAULT 0,"
    " last_status_change INTEGER NOT NULL DEFAULT 0,"
    " no_answer_count INTEGER NOT NULL DEFAULT 0,"
    " calls_answered INTEGER NOT NULL DEFAULT 0,"
    " talk_time INTEGER NOT NULL DEFAULT 0,"
    " ready_time INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE tiers ("
    " queue VARCHAR(255), agent VARCHAR(255), state VARCHAR(255),"
    " level INTEGER NOT NULL DEFAULT 1,"
    " position INTEGER NOT NULL DEFAULT 1);";

static const char k_indexes[] =
    "CREATE INDEX agents_name ON agents (name);"
    "CREATE INDEX tiers_agent ON tiers (agent);"
    "CREATE INDEX tiers_queue ON tiers (queue);";

static const char k_ready_schema[] =
    "CREATE TABLE ready (queue TEXT NOT NULL, level INTEGER NOT NULL,"
    " offered INTEGER NOT NULL, position INTEGER NOT NULL,"
    " agent TEXT NOT NULL,"
    " PRIMARY KEY (queue, level, offered, position, agent)) WITHOUT ROWID;";

static const char k_queue[] = "support@default";

typedef struct pick {
  char name[64];
  int found;
} pick;

/* Like the module's agents_callback: skip an agent that is not Waiting or
 * whose tier is not Ready, stop at the first one that can be offered.
 * Columns: 1 name, 9 tiers.state, 12 agents.state. */
static int first_ready(void *ud, int n, char **v, char **col) {
  pick *p = ud;
  (void)col;
  if (n < 13 || !v[1] || !v[9] || !v[12]) return 0;
  if (strcmp(v[12], "Waiting") != 0 || strcmp(v[9], "Ready") != 0) return 0;
  snprintf(p->name, sizeof(p->name), "%s", v[1]);
  p->found = 1;
  return 1; /* stops sqlite3_exec (it then returns SQLITE_ABORT) */
}

static int exec_fmt(sqlite3 *db, char *sql) {
  int rc;
  if (!sql) return -1;
  rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
  sqlite3_free(sql);
  return rc == SQLITE_OK ? 0 : -1;
}

/* One decision as the module makes it: format, run, reserve. */
static int modcc_decide(sqlite3 *db, int64_t clock, pick *p) {
  char *sql = sqlite3_mprintf(
      "SELECT system, name, status, contact, no_answer_count, max_no_answer,"
      " reject_delay_time, busy_delay_time, no_answer_delay_time,"
      " tiers.state, agents.last_bridge_end, agents.wrap_up_time,"
      " agents.state, agents.ready_time, tiers.position, tiers.level,"
      " agents.type, agents.uuid FROM agents LEFT JOIN tiers ON"
      " (agents.name = tiers.agent) WHERE tiers.queue = '%q' AND"
      " (agents.status = '%q' OR agents.status = '%q' OR agents.status ="
      " '%q') ORDER BY level, agents.last_offered_call, position",
      k_queue, "Available", "On Break", "Available (On Demand)");
  int rc;
  p->found = 0;
  if (!sql) return -1;
  rc = sqlite3_exec(db, sql, first_ready, p, NULL);
  sqlite3_free(sql);
  if ((rc != SQLITE_OK && rc != SQLITE_ABORT) || !p->found) return -1;
  return exec_fmt(db, sqlite3_mprintf(
                          "UPDATE agents SET state = '%q', last_offered_call"
                          " = %lld WHERE name = '%q'",
                          "Receiving", (long long)clock, p->name));
}

static int modcc_release(sqlite3 *db, const pick *p) {
  return exec_fmt(db, sqlite3_mprintf("UPDATE agents SET state = '%q',"
                                      " calls_answered = calls_answered + 1"
                                      " WHERE name = '%q'",
                                      "Waiting", p->name));
}

typedef struct ready_db {
  sqlite3_stmt *seek, *del, *ins;
} ready_db;

static int ready_insert(ready_db *r, const char *name, int64_t offered,
                        int position) {
  int rc;
  sqlite3_bind_text(r->ins, 1, k_queue, -1, SQLITE_STATIC);
  sqlite3_bind_int64(r->ins, 2, offered);
  sqlite3_bind_int(r->ins, 3, position);
  sqlite3_bind_text(r->ins, 4, name, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step(r->ins);
  sqlite3_reset(r->ins);
  return rc == SQLITE_DONE ? 0 : -1;
}

/* seek + delete; *position receives the agent's tier position */
static int ready_decide(ready_db *r, pick *p, int *position) {
  int64_t offered;
  int rc;
  p->found = 0;
  sqlite3_bind_text(r->seek, 1, k_queue, -1, SQLITE_STATIC);
  if (sqlite3_step(r->seek) != SQLITE_ROW) {
    sqlite3_reset(r->seek);
    return -1;
  }
  offered = sqlite3_column_int64(r->seek, 1);
  *position = sqlite3_column_int(r->seek, 2);
  snprintf(p->name, sizeof(p->name), "%s",
           (const char *)sqlite3_column_text(r->seek, 3));
  sqlite3_reset(r->seek);
  sqlite3_bind_text(r->del, 1, k_queue, -1, SQLITE_STATIC);
  sqlite3_bind_int64(r->del, 2, offered);
  sqlite3_bind_int(r->del, 3, *position);
  sqlite3_bind_text(r->del, 4, p->name, -1, SQLITE_STATIC);
  rc = sqlite3_step(r->del);
  sqlite3_reset(r->del);
  p->found = rc == SQLITE_DONE && sqlite3_changes(sqlite3_db_handle(r->del));
  return p->found ? 0 : -1;
}

int bench_sql_run(int kind, uint32_t agents, uint32_t iterations,
                  double max_seconds, bench_sql_result *r) {
  sqlite3 *db = NULL;
  sqlite3_stmt *ins_a = NULL, *ins_t = NULL;
  ready_db rd = {NULL, NULL, NULL};
  bench_samples sd = {NULL, 0, 0};
  uint32_t i, warm = iterations / 10 + 1;
  uint64_t start;
  int64_t clock = 1;
  int rv = -1;
  memset(r, 0, sizeof(*r));
  r->kind = kind;
  r->agents = agents;
  if (sqlite3_open(":memory:", &db) != SQLITE_OK) goto out;
  if (kind == BENCH_SQL_READY) {
    if (sqlite3_exec(db, k_ready_schema, NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db,
                           "SELECT level, offered, position, agent FROM ready"
                           " WHERE queue = ?1 ORDER BY level, offered,"
                           " position, agent LIMIT 1",
                           -1, &rd.seek, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db,
                           "DELETE FROM ready WHERE queue = ?1 AND level = 1"
                           " AND offered = ?2 AND position = ?3 AND agent = ?4",
                           -1, &rd.del, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db,
                           "INSERT INTO ready (queue, level, offered,"
                           " position, agent) VALUES (?1, 1, ?2, ?3, ?4)",
                           -1, &rd.ins, NULL) != SQLITE_OK)
      goto out;
  } else {
    if (sqlite3_exec(db, k_schema, NULL, NULL, NULL) != SQLITE_OK ||
        (kind == BENCH_SQL_MODCC_INDEXED &&
         sqlite3_exec(db, k_indexes, NULL, NULL, NULL) != SQLITE_OK) ||
        sqlite3_prepare_v2(db,
                           "INSERT INTO agents (name, system, type, contact,"
                           " status, state, last_offered_call) VALUES (?1,"
                           " 'single_box', 'callback', ?2, 'Available',"
                           " 'Waiting', ?3)",
                           -1, &ins_a, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db,
                           "INSERT INTO tiers (queue, agent, state, level,"
                           " position) VALUES (?1, ?2, 'Ready', 1, ?3)",
                           -1, &ins_t, NULL) != SQLITE_OK)
      goto out;
  }
  sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
  for (i = 0; i < agents; i++) {
    char name[32], contact[64];
    snprintf(name, sizeof(name), "%u@default", i);
    if (kind == BENCH_SQL_READY) {
      if (ready_insert(&rd, name, clock++, (int)i) != 0) goto out;
      continue;
    }
    snprintf(contact, sizeof(contact), "[call_timeout=15]user/%u", i);
    sqlite3_bind_text(ins_a, 1, name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(ins_a, 2, contact, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(ins_a, 3, clock++);
    sqlite3_bind_text(ins_t, 1, k_queue, -1, SQLITE_STATIC);
    sqlite3_bind_text(ins_t, 2, name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(ins_t, 3, (int)i);
    if (sqlite3_step(ins_a) != SQLITE_DONE ||
        sqlite3_step(ins_t) != SQLITE_DONE)
      goto out;
    sqlite3_reset(ins_a);
    sqlite3_reset(ins_t);
  }
  sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
  start = bench_now_ns();
  for (i = 0; i < warm + iterations; i++) {
    pick p;
    int position = 0;
    uint64_t t0, t1;
    if (i > warm + 10 && (double)(bench_now_ns() - start) > max_seconds * 1e9)
      break;
    t0 = bench_now_ns();
    if (kind == BENCH_SQL_READY) {
      if (ready_decide(&rd, &p, &position) != 0) goto out;
    } else if (modcc_decide(db, clock++, &p) != 0) {
      goto out;
    }
    t1 = bench_now_ns();
    if (i >= warm) bench_samples_add(&sd, t1 - t0);
    /* the call is answered and ends: the agent is ready again (untimed) */
    if (kind == BENCH_SQL_READY) {
      if (ready_insert(&rd, p.name, clock++, position) != 0) goto out;
    } else if (modcc_release(db, &p) != 0) {
      goto out;
    }
  }
  r->decide_p50 = bench_samples_quantile(&sd, 0.5);
  r->decide_p99 = bench_samples_quantile(&sd, 0.99);
  r->n = sd.n;
  r->ok = 1;
  rv = 0;
out:
  if (rv != 0)
    snprintf(r->error, sizeof(r->error), "sqlite: %s",
             db ? sqlite3_errmsg(db) : "cannot open");
  sqlite3_finalize(ins_a);
  sqlite3_finalize(ins_t);
  sqlite3_finalize(rd.seek);
  sqlite3_finalize(rd.del);
  sqlite3_finalize(rd.ins);
  sqlite3_close(db);
  bench_samples_free(&sd);
  return rv;
}

#endif
