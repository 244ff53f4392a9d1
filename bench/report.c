/* SPDX-License-Identifier: MIT */
/* Output: the stdout table, the JSON file and the Markdown section that
 * scripts/bench pastes into docs/performance.md. */
#include "bench.h"

#include <stdio.h>
#include <string.h>

static void fmt_ns(char *buf, size_t n, double ns) {
  if (ns <= 0) snprintf(buf, n, "-");
  else if (ns < 10000) snprintf(buf, n, "%.0f", ns);
  else if (ns < 1e7) snprintf(buf, n, "%.0fk", ns / 1e3);
  else snprintf(buf, n, "%.0fM", ns / 1e6);
}

static void fmt_rate(char *buf, size_t n, double eps) {
  if (eps <= 0) snprintf(buf, n, "-");
  else snprintf(buf, n, "%.2fM", eps / 1e6);
}

static void row(const bench_result *r, FILE *f, int md) {
  char d50[16], d99[16], f50[16], f99[16], ev[16];
  const char *sep = md ? " | " : "  ";
  if (!r->ok) {
    fprintf(f, md ? "| %s | %u | %u | %s | failed: %s |||||||\n"
                  : "%-22s %7u %4u %-3s failed: %s\n",
            r->cfg.strategy, r->cfg.agents, r->cfg.queues,
            r->cfg.skills ? "yes" : "no", r->error);
    return;
  }
  fmt_ns(d50, sizeof(d50), r->decide_p50);
  fmt_ns(d99, sizeof(d99), r->decide_p99);
  fmt_ns(f50, sizeof(f50), r->free_p50);
  fmt_ns(f99, sizeof(f99), r->free_p99);
  fmt_rate(ev, sizeof(ev), r->life_events_per_s);
  if (md)
    fprintf(f, "| %s | %u | %u | %s | %s | %s | %.0f%% | %s | %s | %.0f%% | "
               "%s | %.0f | %.0f |\n",
            r->cfg.strategy, r->cfg.agents, r->cfg.queues,
            r->cfg.skills ? "yes" : "no", d50, d99,
            100 * r->decide_offer_rate, f50, f99, 100 * r->free_offer_rate,
            ev, r->bytes_per_agent, r->bytes_per_waiting_contact);
  else
    fprintf(f, "%-22s %7u %4u %-3s%s%7s %7s %4.0f%%%s%7s %7s %4.0f%%%s%7s"
               "%s%6.0f %6.0f\n",
            r->cfg.strategy, r->cfg.agents, r->cfg.queues,
            r->cfg.skills ? "yes" : "no", sep, d50, d99,
            100 * r->decide_offer_rate, sep, f50, f99,
            100 * r->free_offer_rate, sep, ev, sep, r->bytes_per_agent,
            r->bytes_per_waiting_contact);
}

static void extras(const bench_run *run, FILE *f, int md) {
  size_t i;
  if (run->nfloor) {
    fprintf(f, md ? "\n### Against the floor (1 queue; batches of acdroute "
                    "and of the floor interleaved)\n\n"
                    "| strategy | agents | batch | warmed | acdroute decision "
                    "p50 ns | floor p50 ns | acdroute / floor | acdroute "
                    "lifecycle events/s | floor events/s | floor / acdroute "
                    "|\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
                  : "\nagainst the floor (decision p50 ns per decision, "
                    "batched; lifecycle events/s):\n");
    for (i = 0; i < run->nfloor; i++) {
      const bench_floor_row *r = &run->floor[i];
      if (!r->ok) {
        fprintf(f, md ? "| %s | %u | failed: %s |||||||\n"
                      : "  %-14s %7u failed: %s\n",
                r->strategy, r->agents, r->error);
        continue;
      }
      fprintf(f, md ? "| %s | %u | %u | %.0f%% | %.0f | %.0f | %.2f | %.2fM "
                      "| %.2fM | %.2f |\n"
                    : "  %-14s %7u batch %2u warmed %3.0f%%  decision %6.0f "
                      "vs %5.0f ns x%.2f   lifecycle %.2fM vs %.2fM x%.2f\n",
              r->strategy, r->agents, r->batch, 100 * r->warm_share,
              r->ours_decide_p50, r->floor_decide_p50, r->decide_ratio,
              r->ours_life_eps / 1e6, r->floor_life_eps / 1e6,
              r->life_ratio);
    }
  }
  if (run->nsql) {
    fprintf(f, md ? "\n### Against SQL (SQLite in memory, 1 queue; "
                    "acdroute: longest-idle from the floor table)\n\n"
                    "| design | agents | SQL decision p50 ns | p99 ns | "
                    "acdroute p50 ns | SQL / acdroute |\n"
                    "|---|---:|---:|---:|---:|---:|\n"
                  : "\nagainst SQL (decision = query to agent reserved):\n");
    for (i = 0; i < run->nsql; i++) {
      const bench_sql_row *s = &run->sql[i];
      const char *k = bench_sql_kind_name[s->sql.kind];
      if (!s->sql.ok) {
        fprintf(f, md ? "| %s | %u | failed: %s ||||\n" : "  %-24s %6u %s\n",
                k, s->sql.agents, s->sql.error);
        continue;
      }
      fprintf(f, md ? "| %s | %u | %.0f | %.0f | %.0f | %.0fx |\n"
                    : "  %-24s %6u agents: p50 %9.0f ns (p99 %9.0f); "
                      "acdroute %5.0f ns: x%.0f\n",
              k, s->sql.agents, s->sql.decide_p50, s->sql.decide_p99,
              s->ours_p50, s->ratio);
    }
  }
  if (run->have_shift) {
    const bench_shift_result *m = &run->shift;
    if (!m->ok) {
      fprintf(f, "\nshift: failed: %s\n", m->error);
    } else {
      size_t h;
      fprintf(f, md ? "\n### Memory after a shift, snapshot\n\n"
                      "%u agents (4 skills, 1 longest-idle queue), %.0f h "
                      "simulated at 80%% occupancy: %llu contacts, %llu "
                      "events in %.1f s; real glibc chunk sizes "
                      "(malloc_usable_size + 8).\n\n"
                      "| measure | value |\n|---|---:|\n"
                    : "\nshift: %u agents, %.0f h, %llu contacts, %llu "
                      "events, %.1f s\n",
              m->agents, m->hours, (unsigned long long)m->contacts,
              (unsigned long long)m->events, m->seconds);
      fprintf(f, md ? "| bytes per agent after login | %.0f |\n"
                    : "  bytes/agent after login     %8.0f\n",
              m->bytes_per_agent_start);
      for (h = 0; h < BENCH_SHIFT_HOURS; h++)
        if (m->bytes_per_agent_hour[h] > 0)
          fprintf(f, md ? "| bytes per agent after hour %zu (calls running) "
                          "| %.0f |\n"
                        : "  bytes/agent after hour %zu    %8.0f\n",
                  h + 1, m->bytes_per_agent_hour[h]);
      fprintf(f, md ? "| bytes per agent after the shift (no call left) | "
                      "%.0f |\n| bytes per waiting contact (%u waiting) | "
                      "%.0f |\n| peak bytes | %.0f |\n| snapshot bytes "
                      "(%u waiting) | %.0f |\n| snapshot ms | %.1f |\n| "
                      "restore ms | %.1f |\n"
                    : "  bytes/agent after the shift %8.0f\n  bytes/waiting "
                      "contact (%u)  %5.0f\n  peak bytes %.0f\n  snapshot "
                      "(%u waiting) %.0f bytes, %.1f ms; restore %.1f ms\n",
              m->bytes_per_agent, m->waiting, m->bytes_per_waiting,
              m->peak_bytes, m->waiting, m->snapshot_bytes, m->snapshot_ms,
              m->restore_ms);
      if (run->shift_nodispo.ok && run->shift_nocust.ok)
        fprintf(f, md ? "| bytes per agent after the shift, no disposition "
                        "codes set | %.0f |\n| bytes per agent after the "
                        "shift, no customer ids | %.0f |\n"
                      : "  bytes/agent, no disposition codes %8.0f\n"
                        "  bytes/agent, no customer ids      %8.0f\n",
                run->shift_nodispo.bytes_per_agent,
                run->shift_nocust.bytes_per_agent);
      if (run->cust1.ok && run->cust10.ok)
        fprintf(f, md ? "| bytes per remembered customer, 1 contact (%u "
                        "customers; the memory's own count) | %.0f (%.0f) |\n"
                        "| bytes per remembered customer, 10 contacts in "
                        "its history (%u customers) | %.0f (%.0f) |\n"
                      : "  bytes/customer, 1 contact (%u)     %8.0f (%.0f)\n"
                        "  bytes/customer, 10 contacts (%u)   %8.0f (%.0f)\n",
                run->cust1.customers, run->cust1.bytes_per_customer,
                run->cust1.counted_per_customer, run->cust10.customers,
                run->cust10.bytes_per_customer,
                run->cust10.counted_per_customer);
      if (run->shift_budget.ok)
        fprintf(f, md ? "| bytes per agent after the shift, "
                        "`metrics.agent_bucket_bytes` 1024 | %.0f |\n"
                      : "  bytes/agent, bucket budget 1024  %8.0f\n",
                run->shift_budget.bytes_per_agent);
    }
  }
  if (run->have_replay) {
    const bench_replay_result *p = &run->replay;
    if (!p->ok)
      fprintf(f, "\nreplay: failed: %s\n", p->error);
    else
      fprintf(f, md ? "\n### Replay (longest-idle, %u agents, lifecycle)\n\n"
                      "| measure | value |\n|---|---:|\n"
                      "| leader events/s, no recording | %.2fM |\n"
                      "| leader events/s, record_events on | %.2fM |\n"
                      "| record_events cost | %.0f%% |\n"
                      "| follower lines/s (apply_event_json) | %.2fM |\n"
                      "| follower / leader | %.2f |\n| lines applied | %llu |\n"
                    : "\nreplay: %u agents: leader %.2fM events/s, recording "
                      "%.2fM (cost %.0f%%); follower %.2fM lines/s = x%.2f "
                      "of the leader (%llu lines)\n",
              p->agents, p->leader_eps / 1e6, p->leader_rec_eps / 1e6,
              100 * p->record_cost, p->follower_lps / 1e6, p->follower_ratio,
              (unsigned long long)p->lines);
  }
}

static void growth(const bench_run *run, FILE *f, int md) {
  size_t i;
  fprintf(f, md ? "\n### Growth: cost at 100,000 agents / cost at 1,000\n\n"
                  "| strategy | queues | skills | decision 1k | decision "
                  "100k | ratio | free 1k | free 100k | ratio |\n"
                  "|---|---:|---|---:|---:|---:|---:|---:|---:|\n"
                : "\ngrowth (median at 100,000 agents / median at 1,000):\n");
  for (i = 0; i < run->ngrowth; i++) {
    const bench_growth *g = &run->growth[i];
    fprintf(f, md ? "| %s | %u | %s | %.0f | %.0f | %.2f | %.0f | %.0f | "
                    "%.2f |\n"
                  : "  %-22s q=%-3u skills=%-3s decision %6.0f -> %6.0f ns "
                    "x%.2f   free %6.0f -> %6.0f ns x%.2f\n",
            g->strategy, g->queues, g->skills ? "yes" : "no", g->decide_1k,
            g->decide_100k, g->decide_ratio, g->free_1k, g->free_100k,
            g->free_ratio);
  }
}

static void targets(const bench_run *run, FILE *f, int md) {
  size_t i;
  fprintf(f, md ? "\n### Targets (issue 16), from this run\n\n| target | strategy | "
                  "measured | limit | met |\n|---|---|---:|---:|---|\n"
                : "\ntargets:\n");
  for (i = 0; i < run->ntargets; i++) {
    const bench_target *t = &run->targets[i];
    const char *verdict = !t->measured ? "not measured"
                          : t->met     ? "met"
                                       : "MISSED";
    fprintf(f, md ? "| %s | %s | %.2f | %s%.2f | %s |\n"
                  : "  %-48s %-14s %10.2f  (%s%.2f)  %s\n",
            t->what, t->strategy, t->value, t->higher_is_better ? ">= " : "<= ",
            t->limit, verdict);
  }
}

void bench_report_table(const bench_run *run, FILE *f) {
  size_t i;
  fprintf(f, "%-22s %7s %4s %-3s  %7s %7s %5s  %7s %7s %5s  %7s  %6s %6s\n",
          "strategy", "agents", "qs", "skl", "dec p50", "dec p99", "offr",
          "free50", "free99", "offr", "life/s", "B/agt", "B/wait");
  for (i = 0; i < run->ncells; i++) row(&run->cells[i], f, 0);
  growth(run, f, 0);
  extras(run, f, 0);
  targets(run, f, 0);
  fprintf(f, "\n(%.1f s; times in ns; life/s = engine events per second "
             "through arrive, accept, hangup, wrap-up done)\n", run->seconds);
}

static void json_str(FILE *f, const char *s) {
  fputc('"', f);
  for (; s && *s; s++) {
    unsigned char ch = (unsigned char)*s;
    if (ch == '"' || ch == '\\') fprintf(f, "\\%c", ch);
    else if (ch < 0x20) fprintf(f, "\\u%04x", ch);
    else fputc(ch, f);
  }
  fputc('"', f);
}

/* JSON has no NaN or infinity; the values here are finite or 0. */
static void json_num(FILE *f, const char *key, double v, int comma) {
  fprintf(f, "\"%s\": %.6g%s", key, v == v ? v : 0.0, comma ? ", " : "");
}

int bench_report_json(const bench_run *run, const char *path) {
  FILE *f = fopen(path, "w");
  size_t i;
  if (!f) return -1;
  fprintf(f, "{\n  \"tool\": \"acdroute-bench\", \"version\": ");
  json_str(f, acdr_version());
  fprintf(f, ", \"quick\": %s,\n  \"machine\": {\"cpu\": ",
          run->quick ? "true" : "false");
  json_str(f, run->cpu);
  fprintf(f, ", \"cores\": %ld},\n  ", run->cores);
  json_num(f, "clock_overhead_ns", run->clock_overhead_ns, 1);
  json_num(f, "seconds", run->seconds, 0);
  fprintf(f, ",\n  \"cells\": [\n");
  for (i = 0; i < run->ncells; i++) {
    const bench_result *r = &run->cells[i];
    fprintf(f, "    {\"strategy\": ");
    json_str(f, r->cfg.strategy);
    fprintf(f, ", \"agents\": %u, \"queues\": %u, \"skills\": %s, "
               "\"ok\": %s, \"error\": ",
            r->cfg.agents, r->cfg.queues, r->cfg.skills ? "true" : "false",
            r->ok ? "true" : "false");
    json_str(f, r->error);
    fprintf(f, ",\n     ");
    json_num(f, "decide_p50_ns", r->decide_p50, 1);
    json_num(f, "decide_p99_ns", r->decide_p99, 1);
    json_num(f, "decide_samples", (double)r->decide_n, 1);
    json_num(f, "decide_offer_rate", r->decide_offer_rate, 1);
    fprintf(f, "\n     ");
    json_num(f, "free_p50_ns", r->free_p50, 1);
    json_num(f, "free_p99_ns", r->free_p99, 1);
    json_num(f, "free_samples", (double)r->free_n, 1);
    json_num(f, "free_offer_rate", r->free_offer_rate, 1);
    json_num(f, "waiting", (double)r->cfg.waiting, 1);
    fprintf(f, "\n     ");
    json_num(f, "lifecycle_events_per_s", r->life_events_per_s, 1);
    json_num(f, "lifecycle_contacts_per_s", r->life_contacts_per_s, 1);
    json_num(f, "lifecycle_events", (double)r->life_events, 1);
    fprintf(f, "\n     ");
    json_num(f, "bytes_per_agent", r->bytes_per_agent, 1);
    json_num(f, "bytes_per_waiting_contact", r->bytes_per_waiting_contact, 1);
    json_num(f, "setup_ms", r->setup_ms, 0);
    fprintf(f, "}%s\n", i + 1 < run->ncells ? "," : "");
  }
  fprintf(f, "  ],\n  \"growth\": [\n");
  for (i = 0; i < run->ngrowth; i++) {
    const bench_growth *g = &run->growth[i];
    fprintf(f, "    {\"strategy\": ");
    json_str(f, g->strategy);
    fprintf(f, ", \"queues\": %u, \"skills\": %s, ", g->queues,
            g->skills ? "true" : "false");
    json_num(f, "decide_p50_1k", g->decide_1k, 1);
    json_num(f, "decide_p50_100k", g->decide_100k, 1);
    json_num(f, "decide_ratio", g->decide_ratio, 1);
    json_num(f, "free_p50_1k", g->free_1k, 1);
    json_num(f, "free_p50_100k", g->free_100k, 1);
    json_num(f, "free_ratio", g->free_ratio, 0);
    fprintf(f, "}%s\n", i + 1 < run->ngrowth ? "," : "");
  }
  fprintf(f, "  ],\n  \"sql_baseline\": [\n");
  for (i = 0; i < run->nsql; i++) {
    const bench_sql_row *s = &run->sql[i];
    fprintf(f, "    {\"design\": ");
    json_str(f, bench_sql_kind_name[s->sql.kind]);
    fprintf(f, ", \"agents\": %u, \"ok\": %s, \"error\": ", s->sql.agents,
            s->sql.ok ? "true" : "false");
    json_str(f, s->sql.error);
    fprintf(f, ", ");
    json_num(f, "decide_p50_ns", s->sql.decide_p50, 1);
    json_num(f, "decide_p99_ns", s->sql.decide_p99, 1);
    json_num(f, "samples", (double)s->sql.n, 1);
    fprintf(f, "\"ours_strategy\": ");
    json_str(f, s->strategy);
    fprintf(f, ", ");
    json_num(f, "ours_p50_ns", s->ours_p50, 1);
    json_num(f, "sql_over_ours", s->ratio, 0);
    fprintf(f, "}%s\n", i + 1 < run->nsql ? "," : "");
  }
  fprintf(f, "  ],\n  \"floor\": [\n");
  for (i = 0; i < run->nfloor; i++) {
    const bench_floor_row *r = &run->floor[i];
    fprintf(f, "    {\"strategy\": ");
    json_str(f, r->strategy);
    fprintf(f, ", \"agents\": %u, \"skills\": %s, \"ok\": %s, \"error\": ",
            r->agents, r->skills ? "true" : "false", r->ok ? "true" : "false");
    json_str(f, r->error);
    fprintf(f, ",\n     ");
    json_num(f, "batch", r->batch, 1);
    json_num(f, "warm_share", r->warm_share, 1);
    json_num(f, "ours_decide_p50_ns", r->ours_decide_p50, 1);
    json_num(f, "floor_decide_p50_ns", r->floor_decide_p50, 1);
    json_num(f, "decide_ours_over_floor", r->decide_ratio, 1);
    json_num(f, "ours_offer_rate", r->ours_offer_rate, 1);
    json_num(f, "floor_offer_rate", r->floor_offer_rate, 1);
    fprintf(f, "\n     ");
    json_num(f, "ours_lifecycle_events_per_s", r->ours_life_eps, 1);
    json_num(f, "floor_lifecycle_events_per_s", r->floor_life_eps, 1);
    json_num(f, "lifecycle_floor_over_ours", r->life_ratio, 0);
    fprintf(f, "}%s\n", i + 1 < run->nfloor ? "," : "");
  }
  fprintf(f, "  ],\n  \"shift\": ");
  if (!run->have_shift) {
    fprintf(f, "null");
  } else {
    const bench_shift_result *m = &run->shift;
    size_t h;
    fprintf(f, "{\"ok\": %s, \"error\": ", m->ok ? "true" : "false");
    json_str(f, m->error);
    fprintf(f, ", \"agents\": %u, \"waiting\": %u,\n    ", m->agents,
            m->waiting);
    json_num(f, "hours", m->hours, 1);
    json_num(f, "contacts", (double)m->contacts, 1);
    json_num(f, "events", (double)m->events, 1);
    json_num(f, "seconds", m->seconds, 1);
    json_num(f, "bytes_per_agent_start", m->bytes_per_agent_start, 1);
    fprintf(f, "\"bytes_per_agent_hour\": [");
    for (h = 0; h < BENCH_SHIFT_HOURS; h++)
      fprintf(f, "%.6g%s", m->bytes_per_agent_hour[h],
              h + 1 < BENCH_SHIFT_HOURS ? ", " : "], ");
    fprintf(f, "\n    ");
    json_num(f, "bytes_per_agent", m->bytes_per_agent, 1);
    json_num(f, "bytes_per_waiting_contact", m->bytes_per_waiting, 1);
    json_num(f, "peak_bytes", m->peak_bytes, 1);
    json_num(f, "total_bytes", m->total_bytes, 1);
    json_num(f, "snapshot_bytes", m->snapshot_bytes, 1);
    json_num(f, "snapshot_ms", m->snapshot_ms, 1);
    json_num(f, "restore_ms", m->restore_ms, 1);
    json_num(f, "bytes_per_agent_no_dispo",
             run->shift_nodispo.ok ? run->shift_nodispo.bytes_per_agent : 0, 1);
    json_num(f, "bytes_per_agent_no_customers",
             run->shift_nocust.ok ? run->shift_nocust.bytes_per_agent : 0, 1);
    json_num(f, "bytes_per_agent_bucket_budget_1024",
             run->shift_budget.ok ? run->shift_budget.bytes_per_agent : 0, 1);
    json_num(f, "bytes_per_customer_1_contact",
             run->cust1.ok ? run->cust1.bytes_per_customer : 0, 1);
    json_num(f, "bytes_per_customer_10_contacts",
             run->cust10.ok ? run->cust10.bytes_per_customer : 0, 0);
    fprintf(f, "}");
  }
  fprintf(f, ",\n  \"replay\": ");
  if (!run->have_replay) {
    fprintf(f, "null");
  } else {
    const bench_replay_result *p = &run->replay;
    fprintf(f, "{\"ok\": %s, \"error\": ", p->ok ? "true" : "false");
    json_str(f, p->error);
    fprintf(f, ", \"agents\": %u,\n    ", p->agents);
    json_num(f, "lines", (double)p->lines, 1);
    json_num(f, "leader_events", (double)p->leader_events, 1);
    json_num(f, "leader_events_per_s", p->leader_eps, 1);
    json_num(f, "leader_recording_events_per_s", p->leader_rec_eps, 1);
    json_num(f, "record_cost", p->record_cost, 1);
    json_num(f, "follower_lines_per_s", p->follower_lps, 1);
    json_num(f, "follower_over_leader", p->follower_ratio, 0);
    fprintf(f, "}");
  }
  fprintf(f, ",\n  \"callgrind\": null");
  fprintf(f, ",\n  \"targets\": [\n");
  for (i = 0; i < run->ntargets; i++) {
    const bench_target *t = &run->targets[i];
    fprintf(f, "    {\"what\": ");
    json_str(f, t->what);
    fprintf(f, ", \"strategy\": ");
    json_str(f, t->strategy);
    fprintf(f, ", ");
    json_num(f, "value", t->value, 1);
    json_num(f, "limit", t->limit, 1);
    fprintf(f, "\"higher_is_better\": %s, \"measured\": %s, \"met\": %s}%s\n",
            t->higher_is_better ? "true" : "false",
            t->measured ? "true" : "false", t->met ? "true" : "false",
            i + 1 < run->ntargets ? "," : "");
  }
  fprintf(f, "  ]\n}\n");
  return fclose(f) == 0 ? 0 : -1;
}

int bench_report_markdown(const bench_run *run, const char *path) {
  FILE *f = fopen(path, "w");
  size_t i;
  if (!f) return -1;
  fprintf(f, "Machine: %s, %ld cores (`lscpu`: see below). acdroute %s. "
             "Run took %.0f s%s. `clock_gettime` costs ~%.0f ns and is "
             "included in every timing.\n\n",
          run->cpu, run->cores, acdr_version(), run->seconds,
          run->quick ? " (--quick: small sizes, few samples)" : "",
          run->clock_overhead_ns);
  targets(run, f, 1);
  extras(run, f, 1);
  if (run->ncells) {
    fprintf(f, "\n### Every strategy (decisions in batches after warming "
               "every agent; bytes: real chunks, before any traffic)\n\n"
               "| strategy | agents | queues | skills | decision p50 ns | "
               "p99 ns | offered | free-up p50 ns | p99 ns | offered | "
               "lifecycle events/s | bytes/agent | bytes/waiting contact |\n"
               "|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"
               "---:|\n");
    for (i = 0; i < run->ncells; i++) row(&run->cells[i], f, 1);
    growth(run, f, 1);
  }
  return fclose(f) == 0 ? 0 : -1;
}
