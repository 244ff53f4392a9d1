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

static void summary(const bench_run *run, FILE *f, int md) {
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
  if (run->nsql) {
    fprintf(f, md ? "\n### Against the SQL baseline (mod_callcenter style, "
                    "SQLite, no indexes, 1 queue)\n\n"
                    "| agents | SQL SELECT p50 ns | SQL p99 ns | SELECT+UPDATE "
                    "p50 ns | acdroute longest-idle p50 ns | acdroute is "
                    "faster by |\n|---:|---:|---:|---:|---:|---:|\n"
                  : "\nSQL baseline (mod_callcenter-style SELECT ... JOIN "
                    "... ORDER BY, SQLite, no indexes, 1 queue):\n");
    for (i = 0; i < run->nsql; i++) {
      const bench_sql_row *s = &run->sql[i];
      if (!s->sql.ok) {
        fprintf(f, md ? "| %u | failed: %s |||||\n" : "  %u agents: %s\n",
                s->sql.agents, s->sql.error);
        continue;
      }
      fprintf(f, md ? "| %u | %.0f | %.0f | %.0f | %.0f | %.0fx |\n"
                    : "  %6u agents: SELECT p50 %.0f ns (p99 %.0f), "
                      "+UPDATE %.0f ns; acdroute %.0f ns: %.0fx faster\n",
              s->sql.agents, s->sql.select_p50, s->sql.select_p99,
              s->sql.decide_p50, s->ours_p50, s->ratio);
    }
  }
  fprintf(f, md ? "\n### Targets\n\n| target | strategy | measured | limit "
                  "| met |\n|---|---|---:|---:|---|\n"
                : "\ntargets:\n");
  for (i = 0; i < run->ntargets; i++) {
    const bench_target *t = &run->targets[i];
    const char *verdict = !t->measured ? "not measured"
                          : t->met     ? "met"
                                       : "MISSED";
    fprintf(f, md ? "| %s | %s | %.2f | %s%.0f | %s |\n"
                  : "  %-40s %-22s %12.2f  (%s%.0f)  %s\n",
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
  summary(run, f, 0);
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
    fprintf(f, "    {\"agents\": %u, \"ok\": %s, \"error\": ", s->sql.agents,
            s->sql.ok ? "true" : "false");
    json_str(f, s->sql.error);
    fprintf(f, ", ");
    json_num(f, "select_p50_ns", s->sql.select_p50, 1);
    json_num(f, "select_p99_ns", s->sql.select_p99, 1);
    json_num(f, "select_update_p50_ns", s->sql.decide_p50, 1);
    json_num(f, "samples", (double)s->sql.n, 1);
    fprintf(f, "\"ours_strategy\": ");
    json_str(f, s->strategy);
    fprintf(f, ", ");
    json_num(f, "ours_p50_ns", s->ours_p50, 1);
    json_num(f, "speedup", s->ratio, 0);
    fprintf(f, "}%s\n", i + 1 < run->nsql ? "," : "");
  }
  fprintf(f, "  ],\n  \"targets\": [\n");
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
  fprintf(f, "| strategy | agents | queues | skills | decision p50 ns | "
             "p99 ns | offered | free-up p50 ns | p99 ns | offered | "
             "lifecycle events/s | bytes/agent | bytes/waiting contact |\n"
             "|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"
             "---:|\n");
  for (i = 0; i < run->ncells; i++) row(&run->cells[i], f, 1);
  summary(run, f, 1);
  return fclose(f) == 0 ? 0 : -1;
}
