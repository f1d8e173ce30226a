// SPDX-License-Identifier: MIT
// bench_pg_groups: time to show groups of an indexed PostgreSQL store (pushdown), on a throwaway
// local server (tests/pg/pg_test_server.h) whose result tables are filled server-side with
// generate_series — a full 10M-record import would take hours on this machine, and the pushdown
// reads only the result tables.
//
// usage: bench_pg_groups [--rows N] [--signatures K] [--no-store] [--no-records] [--json]
//        (default 10,000,000 rows, 2,000 signatures)
// Prints: fill time, aggregate refresh time (what an index worker pays at the end of a run), and the
// time until groups + outcome counts are in memory, from the per-signature aggregates and from a
// live GROUP BY over all rows. Then the GUI's path (core/pg/pg_open.h, run by ui/loadjob.cpp): time
// until groups are visible (the summary), time to read every record from the index in the background
// (the full analysis), one record opened (its row read from the store by key), and the peak RSS.
// Also what the window shows meanwhile: causes from the summary's groups, and the dashboard's series
// computed by SQL on the server (core/pg/pg_parity.h), whole store and for one endpoint.
// The store table gets `rows` small rows too (--no-store: an empty table). The synthetic result rows
// are not self-consistent (a signature spans 40 endpoints), so the assembled analysis has more
// groups than the aggregates: the timing is what counts here; tests/pg/test_pg_open.cpp checks results.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "core/analysis/causes.h"
#include "core/pg/pg_conn.h"
#include "core/pg/pg_index.h"
#include "core/pg/pg_open.h"
#include "core/pg/pg_parity.h"
#include "core/pg/pg_pushdown.h"
#include "core/pg/pg_store.h"
#include "tests/pg/pg_load.h"
#include "tests/pg/pg_test_server.h"

namespace {

double secondsSince(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
    long long rows = 10'000'000, signatures = 2000;
    bool json = false, withStore = true, readRecords = true;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--rows") && i + 1 < argc)
            rows = std::atoll(argv[++i]);
        else if (!std::strcmp(argv[i], "--signatures") && i + 1 < argc)
            signatures = std::atoll(argv[++i]);
        else if (!std::strcmp(argv[i], "--json"))
            json = true;
        else if (!std::strcmp(argv[i], "--no-store"))
            withStore = false;
        else if (!std::strcmp(argv[i], "--no-records"))
            readRecords = false;
        else {
            std::fprintf(stderr,
                         "usage: bench_pg_groups [--rows N] [--signatures K] [--no-store] [--no-records] [--json]\n");
            return 2;
        }
    }
    std::string why;
    auto server = dt::pgtest::TestServer::start(&why);
    if (!server) {
        std::fprintf(stderr, "bench_pg_groups: %s\n", why.c_str());
        return 2;
    }
    if (const std::string e = server->createDatabase("bench"); !e.empty()) {
        std::fprintf(stderr, "bench_pg_groups: %s\n", e.c_str());
        return 2;
    }
    const std::string storeUri = server->uri("bench") + "&table=comparisons";
    std::string error;
    auto uri = dt::pg::parsePgUri(server->uri("bench"), &error);
    auto conn = dt::pg::PgConn::connect(*uri, false, &error);
    if (!conn || !dt::pg::ensureIndexSchema(*conn, "difftriage", &error)) {
        std::fprintf(stderr, "bench_pg_groups: %s\n", error.c_str());
        return 2;
    }
    // 10% mismatch over K signatures (Zipf-like: signature = floor(K * u^3)), 1% drift, rest match/noise.
    const std::string n = std::to_string(rows), k = std::to_string(signatures);
    auto t0 = std::chrono::steady_clock::now();
    const std::string fill =
        "SET max_parallel_workers_per_gather = 2; SET maintenance_work_mem = '512MB';"
        "DROP INDEX difftriage.records_signature; DROP INDEX difftriage.records_id;"
        "ALTER TABLE difftriage.records SET UNLOGGED;"
        "INSERT INTO difftriage.records SELECT g, 'c-' || g, '1/1',"
        " CASE WHEN g % 10 = 0 THEN 'mismatch' WHEN g % 100 = 1 THEN 'drift' WHEN g % 7 = 0 THEN 'noise' ELSE 'match' "
        "END,"
        " CASE WHEN g % 10 = 0 THEN 's' || lpad((floor(" +
        k +
        " * power(((g * 2654435761) % 1000003) / 1000003.0, 3)))::text, 11, '0')"
        "      WHEN g % 100 = 1 THEN 'd' || lpad((g % 37)::text, 11, '0') END,"
        " 'GET /api/' || (g % 40) || '/{id}', timestamptz '2026-11-20 00:00:00+00' + g * interval '8 ms',"
        " CASE WHEN g % 3 = 0 THEN 100 ELSE 1 END, 200, CASE WHEN g % 20 = 0 THEN 500 ELSE 200 END,"
        " 5 + (g % 4999) * 0.1, 5 + ((g * 7) % 5003) * 0.1, NULL"
        " FROM generate_series(1, " +
        n +
        ") g;"
        "ALTER TABLE difftriage.records SET LOGGED;"
        "CREATE INDEX records_signature ON difftriage.records (signature);"
        "CREATE INDEX records_id ON difftriage.records (id);"
        "INSERT INTO difftriage.signatures SELECT DISTINCT signature, CASE WHEN signature LIKE 'd%' THEN 'drift' ELSE "
        "'mismatch' END,"
        " 'GET /api/x', ('[{\"path\":\"/' || signature || '\",\"kind\":\"changed\"}]')::jsonb, NULL::integer,"
        " NULL::integer"
        " FROM difftriage.records WHERE signature IS NOT NULL;"
        "INSERT INTO difftriage.index_state VALUES ('1/1', 'bench', " +
        n + ", '', " + n + ", now());";
    // VACUUM cannot run in the implicit transaction of a multi-statement query: on its own.
    if (!conn->run(fill, "filling the result tables", &error) ||
        !conn->run("VACUUM ANALYZE difftriage.records", "vacuuming the result tables", &error)) {
        std::fprintf(stderr, "bench_pg_groups: %s\n", error.c_str());
        return 2;
    }
    const double fillS = secondsSince(t0);
    t0 = std::chrono::steady_clock::now();
    if (!dt::pg::refreshAggregates(*conn, "difftriage", &error)) {
        std::fprintf(stderr, "bench_pg_groups: %s\n", error.c_str());
        return 2;
    }
    const double refreshS = secondsSince(t0);
    double best[2] = {1e9, 1e9};
    size_t groups[2] = {0, 0};
    uint64_t records[2] = {0, 0};
    for (int live = 0; live < 2; ++live) {
        for (int rep = 0; rep < 3; ++rep) {
            t0 = std::chrono::steady_clock::now();
            auto s = dt::pg::readIndexedGroups(storeUri, live == 1, &error);
            const double t = secondsSince(t0);
            if (!s) {
                std::fprintf(stderr, "bench_pg_groups: %s\n", error.c_str());
                return 2;
            }
            best[live] = std::min(best[live], t);
            groups[live] = s->groups.size();
            records[live] = s->records;
        }
    }
    // What the GUI runs (ui/loadjob.cpp, core/pg/pg_open.h): the summary until groups are visible,
    // then the records read from the index in the background. The store table holds `rows` small
    // rows too, so opening it (catalog, key range) and reading a record back see a table that size.
    double storeFillS = 0, summaryS = 1e9, recordsS = 0, detailS = 0;
    size_t summaryGroups = 0, fullGroups = 0, fullRecords = 0;
    if (withStore) {
        t0 = std::chrono::steady_clock::now();
        const std::string storeFill =
            dt::pgtest::tableDdl("comparisons", dt::pgtest::Columns::Native) +
            "; INSERT INTO comparisons (id, ts, endpoint, req_method, req_url, primary_status, primary_body,"
            " candidate_status, candidate_body, weight) SELECT 'c-' || g,"
            " timestamptz '2026-11-20 00:00:00+00' + g * interval '8 ms', 'GET /api/' || (g % 40) || '/{id}', 'GET',"
            " '/api/' || (g % 40) || '/' || g, 200, convert_to('{\"a\":' || g || ',\"b\":\"x\"}', 'UTF8'),"
            " CASE WHEN g % 20 = 0 THEN 500 ELSE 200 END, convert_to('{\"a\":' || (g + g % 10) || ',\"b\":\"x\"}',"
            " 'UTF8'), CASE WHEN g % 3 = 0 THEN 100 ELSE 1 END FROM generate_series(1, " +
            n + ") g ORDER BY g";
        if (!conn->run(storeFill, "filling the store table", &error) ||
            !conn->run("VACUUM ANALYZE comparisons", "vacuuming the store table", &error)) {
            std::fprintf(stderr, "bench_pg_groups: %s\n", error.c_str());
            return 2;
        }
        storeFillS = secondsSince(t0);
    } else if (!conn->run(dt::pgtest::tableDdl("comparisons", dt::pgtest::Columns::Native), "creating the store",
                          &error)) {
        std::fprintf(stderr, "bench_pg_groups: %s\n", error.c_str());
        return 2;
    }
    dt::pg::registerPostgresStores();
    dt::pg::IndexOpen open;
    for (int rep = 0; rep < 3; ++rep) {
        t0 = std::chrono::steady_clock::now();
        open = dt::pg::openIndexSummary(storeUri, {});
        const double t = secondsSince(t0);
        if (!open.analysis) {
            std::fprintf(stderr, "bench_pg_groups: not opened from the index: %s\n", open.refused.c_str());
            return 2;
        }
        summaryS = std::min(summaryS, t);
        summaryGroups = open.analysis->groups().size();
    }
    // The causes (from the summary's groups) and the dashboard's series (SQL on the server, whole
    // store and under an endpoint filter) shown while the records are read.
    t0 = std::chrono::steady_clock::now();
    const dt::CauseIndex causes = dt::computeCauses(*open.analysis);
    const double causesS = secondsSince(t0);
    double parityS[2] = {0, 0};
    size_t parityBuckets = 0;
    for (int filtered = 0; filtered < 2; ++filtered) {
        dt::FilterSpec spec;
        if (filtered) spec.endpoint = "/api/7/";
        t0 = std::chrono::steady_clock::now();
        auto par = dt::pg::parityFromIndex(storeUri, open.schema, *open.analysis, {}, spec, nullptr, &error);
        parityS[filtered] = secondsSince(t0);
        if (!par) {
            std::fprintf(stderr, "bench_pg_groups: dashboard: %s\n", error.c_str());
            return 2;
        }
        if (!filtered) parityBuckets = par->report.buckets.size();
    }
    if (readRecords) {
        dt::pg::IndexRecordsOptions ro;
        ro.schema = open.schema;
        ro.expected = open.records;
        t0 = std::chrono::steady_clock::now();
        auto full = dt::pg::readIndexedRecords(storeUri, ro, &error);
        recordsS = secondsSince(t0);
        if (!full) {
            std::fprintf(stderr, "bench_pg_groups: %s\n", error.c_str());
            return 2;
        }
        fullGroups = full->groups().size();
        fullRecords = full->records().size();
        if (withStore && !full->groups().empty()) {
            t0 = std::chrono::steady_clock::now();
            auto d = full->detail(full->groups().front().members.front(), nullptr, &error);
            detailS = secondsSince(t0);
            if (!d) std::fprintf(stderr, "bench_pg_groups: detail: %s\n", error.c_str());
        }
    }
    struct rusage usage {};
    ::getrusage(RUSAGE_SELF, &usage);
    const double maxRssMb = double(usage.ru_maxrss) / 1024.0;
    if (json) {
        std::printf("{\"rows\":%lld,\"fill_s\":%.2f,\"refresh_aggregates_s\":%.2f,\"groups\":%zu,"
                    "\"open_from_aggregates_s\":%.3f,\"open_live_group_by_s\":%.3f,\"store_fill_s\":%.2f,"
                    "\"gui_groups_visible_s\":%.3f,\"gui_records_s\":%.2f,\"gui_records\":%zu,\"gui_groups\":%zu,"
                    "\"detail_s\":%.4f,\"causes_s\":%.4f,\"causes\":%zu,\"dashboard_s\":%.2f,"
                    "\"dashboard_filtered_s\":%.2f,\"max_rss_mb\":%.0f}\n",
                    rows, fillS, refreshS, groups[0], best[0], best[1], storeFillS, summaryS, recordsS, fullRecords,
                    fullGroups, detailS, causesS, causes.causes.size(), parityS[0], parityS[1], maxRssMb);
    } else {
        std::printf("rows %lld (records counted: %llu / %llu), groups %zu / %zu\n", rows,
                    static_cast<unsigned long long>(records[0]), static_cast<unsigned long long>(records[1]), groups[0],
                    groups[1]);
        std::printf("fill (server-side generate_series + indexes): %.1f s\n", fillS);
        std::printf("refresh aggregates (index worker, end of run): %.2f s\n", refreshS);
        std::printf("open: groups + counts from aggregates: %.3f s (best of 3)\n", best[0]);
        std::printf("open: groups + counts by live GROUP BY over all rows: %.3f s (best of 3)\n", best[1]);
        if (withStore) std::printf("store table filled with %lld rows: %.1f s\n", rows, storeFillS);
        std::printf("GUI open (pg::openIndexSummary): groups visible after %.3f s (best of 3), %zu groups\n", summaryS,
                    summaryGroups);
        std::printf("causes from the summary's groups: %.4f s, %zu causes\n", causesS, causes.causes.size());
        std::printf("dashboard series by SQL on the server (pg::parityFromIndex): %.2f s whole store (%zu buckets),"
                    " %.2f s for one endpoint\n",
                    parityS[0], parityBuckets, parityS[1]);
        if (readRecords)
            std::printf("GUI records (pg::readIndexedRecords, background): %zu records, %zu groups in %.1f s\n",
                        fullRecords, fullGroups, recordsS);
        if (detailS > 0) std::printf("a record opened (row read by key + compare): %.4f s\n", detailS);
        std::printf("max RSS: %.0f MB\n", maxRssMb);
    }
    return 0;
}
