/*
 * Baseline: pick an agent the way FreeSWITCH mod_callcenter does.
 *
 * mod_callcenter keeps agents and tiers in SQL tables (SQLite by default)
 * with no index on them, and for every waiting member runs one
 * SELECT ... FROM agents LEFT JOIN tiers ... WHERE tiers.queue = ... ORDER
 * BY ... (for longest-idle-agent: by level, last_bridge_end, position),
 * then marks the chosen agent with an UPDATE.  We reproduce that against
 * an in-memory SQLite database with the same columns, using prepared
 * statements (cheaper than the module's formatted SQL, so the baseline is
 * if anything flattered).  Only built when libsqlite3 is available.
 */
#include "bench.h"

#include <stdio.h>
#include <string.h>

#ifndef ACDROUTE_BENCH_HAVE_SQLITE

int bench_sql_available(void) { return 0; }

int bench_sql_run(uint32_t agents, uint32_t iterations, double max_seconds,
                  bench_sql_result *r) {
  (void)iterations;
  (void)max_seconds;
  memset(r, 0, sizeof(*r));
  r->agents = agents;
  snprintf(r->error, sizeof(r->error), "built without libsqlite3");
  return -1;
}

#else

#include <sqlite3.h>

int bench_sql_available(void) { return 1; }

/* The columns of mod_callcenter's agents and tiers tables; no keys, no
 * indexes. */
static const char k_schema[] =
    "CREATE TABLE agents ("
    " name VARCHAR(255), instance_id VARCHAR(255), uuid VARCHAR(255),"
    " type VARCHAR(255), contact VARCHAR(1024), status VARCHAR(255),"
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
    " ready_time INTEGER NOT NULL DEFAULT 0,"
    " external_calls_count INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE tiers ("
    " queue VARCHAR(255), agent VARCHAR(255), state VARCHAR(255),"
    " level INTEGER NOT NULL DEFAULT 1,"
    " position INTEGER NOT NULL DEFAULT 1);";

static const char k_select[] =
    "SELECT agents.name, agents.contact, agents.state, tiers.state,"
    " agents.last_bridge_end, tiers.level, tiers.position"
    " FROM agents LEFT JOIN tiers ON (agents.name = tiers.agent)"
    " WHERE tiers.queue = ?1 AND agents.status = 'Available'"
    " AND agents.state = 'Waiting' AND tiers.state = 'Ready'"
    " ORDER BY tiers.level, agents.last_bridge_end, tiers.position"
    " LIMIT 1";

static const char k_reserve[] =
    "UPDATE agents SET state = 'Receiving', last_offered_call = ?2"
    " WHERE name = ?1";

static const char k_release[] =
    "UPDATE agents SET state = 'Waiting', last_bridge_end = ?2,"
    " calls_answered = calls_answered + 1 WHERE name = ?1";

static int run_update(sqlite3_stmt *st, const char *name, int64_t t) {
  int rc;
  sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64(st, 2, t);
  rc = sqlite3_step(st);
  sqlite3_reset(st);
  return rc == SQLITE_DONE ? 0 : -1;
}

int bench_sql_run(uint32_t agents, uint32_t iterations, double max_seconds,
                  bench_sql_result *r) {
  sqlite3 *db = NULL;
  sqlite3_stmt *ins_a = NULL, *ins_t = NULL, *sel = NULL, *res = NULL,
               *rel = NULL;
  bench_samples ss = {NULL, 0, 0}, sd = {NULL, 0, 0};
  uint32_t i, warm = iterations / 10 + 1;
  uint64_t start;
  int64_t clock = 1;
  int rv = -1;
  memset(r, 0, sizeof(*r));
  r->agents = agents;
  if (sqlite3_open(":memory:", &db) != SQLITE_OK ||
      sqlite3_exec(db, k_schema, NULL, NULL, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2(db,
                         "INSERT INTO agents (name, type, contact, status,"
                         " state, last_bridge_end) VALUES (?1, 'callback',"
                         " ?2, 'Available', 'Waiting', ?3)",
                         -1, &ins_a, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2(db,
                         "INSERT INTO tiers (queue, agent, state, level,"
                         " position) VALUES ('support@default', ?1, 'Ready',"
                         " 1, ?2)",
                         -1, &ins_t, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2(db, k_select, -1, &sel, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2(db, k_reserve, -1, &res, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2(db, k_release, -1, &rel, NULL) != SQLITE_OK)
    goto out;
  sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
  for (i = 0; i < agents; i++) {
    char name[32], contact[64];
    snprintf(name, sizeof(name), "%u@default", i);
    snprintf(contact, sizeof(contact), "[call_timeout=15]user/%u", i);
    sqlite3_bind_text(ins_a, 1, name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(ins_a, 2, contact, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(ins_a, 3, clock++);
    sqlite3_bind_text(ins_t, 1, name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(ins_t, 2, (int)i);
    if (sqlite3_step(ins_a) != SQLITE_DONE ||
        sqlite3_step(ins_t) != SQLITE_DONE)
      goto out;
    sqlite3_reset(ins_a);
    sqlite3_reset(ins_t);
  }
  sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
  sqlite3_bind_text(sel, 1, "support@default", -1, SQLITE_STATIC);
  start = bench_now_ns();
  for (i = 0; i < warm + iterations; i++) {
    char name[32];
    uint64_t t0, t1, t2;
    if (i > warm + 10 && (double)(bench_now_ns() - start) > max_seconds * 1e9)
      break;
    t0 = bench_now_ns();
    if (sqlite3_step(sel) != SQLITE_ROW) goto out;
    snprintf(name, sizeof(name), "%s", sqlite3_column_text(sel, 0));
    sqlite3_reset(sel);
    t1 = bench_now_ns();
    if (run_update(res, name, clock++) != 0) goto out;
    t2 = bench_now_ns();
    if (i >= warm) {
      bench_samples_add(&ss, t1 - t0);
      bench_samples_add(&sd, t2 - t0);
    }
    /* the call is answered and ends: the agent waits again (untimed) */
    if (run_update(rel, name, clock++) != 0) goto out;
  }
  r->select_p50 = bench_samples_quantile(&ss, 0.5);
  r->select_p99 = bench_samples_quantile(&ss, 0.99);
  r->decide_p50 = bench_samples_quantile(&sd, 0.5);
  r->n = ss.n;
  r->ok = 1;
  rv = 0;
out:
  if (rv != 0)
    snprintf(r->error, sizeof(r->error), "sqlite: %s",
             db ? sqlite3_errmsg(db) : "cannot open");
  sqlite3_finalize(ins_a);
  sqlite3_finalize(ins_t);
  sqlite3_finalize(sel);
  sqlite3_finalize(res);
  sqlite3_finalize(rel);
  sqlite3_close(db);
  bench_samples_free(&ss);
  bench_samples_free(&sd);
  return rv;
}

#endif
