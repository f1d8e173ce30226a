// SPDX-License-Identifier: MIT
// difftriage-cli groups STORE --follow [--json-lines] [--interval S] [--rules FILE] [--limit N]
// [--max-intervals N]: a summary per interval of a store that grows, reading only what is new: the
// appended bytes of a JSONL store, the rows of a SQLite store with a larger rowid
// (core/store/jsonl_tail.h, core/store/sqlite_tail.h, core/analysis/follow_summary.h).
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <thread>

#include "app/cli/common.h"
#include "core/analysis/follow_summary.h"
#include "core/store/jsonl_tail.h"
#include "core/store/sqlite_tail.h"

namespace dt::cli {

namespace {
volatile sig_atomic_t g_stopFollow = 0;
void onFollowSignal(int) { g_stopFollow = 1; }
}  // namespace

int cmdGroupsFollow(const Args& argsIn, std::ostream& out, std::ostream& err) {
    Args args = argsIn;
    std::string rulesPath, interval, limit, maxIntervals;
    bool missing = false;
    takeFlag(args, "--follow");
    const bool jsonLines = takeFlag(args, "--json-lines");
    takeOption(args, "--rules", &rulesPath, &missing);
    takeOption(args, "--interval", &interval, &missing);
    takeOption(args, "--limit", &limit, &missing);
    takeOption(args, "--max-intervals", &maxIntervals, &missing);
    if (missing || !rejectUnknownOptions(args, "groups --follow", err) || args.size() != 1) {
        err << "usage: difftriage-cli groups STORE --follow [--json-lines] [--interval SECONDS] [--rules FILE] "
               "[--limit N] [--max-intervals N]\n";
        return 2;
    }
    const std::string store = args[0];
    double seconds = 2;
    if (!interval.empty()) {
        char* end = nullptr;
        seconds = std::strtod(interval.c_str(), &end);
        if (*end || !(seconds > 0) || !std::isfinite(seconds)) {
            err << "difftriage-cli groups --follow: --interval needs a positive number of seconds\n";
            return 2;
        }
    }
    const size_t groupLimit = limit.empty() ? 10 : std::strtoul(limit.c_str(), nullptr, 10);
    const unsigned long rounds = maxIntervals.empty() ? 0 : std::strtoul(maxIntervals.c_str(), nullptr, 10);
    std::shared_ptr<const RuleProvider> rules;
    if (!rulesPath.empty()) {
        rules = loadRules(rulesPath, err);
        if (!rules) return 2;
    }
    bool sqlite = false;
    {
        std::FILE* f = std::fopen(store.c_str(), "rb");
        char magic[16] = {};
        if (f) {
            sqlite = std::fread(magic, 1, sizeof magic, f) == 16 && std::string_view(magic, 15) == "SQLite format 3";
            std::fclose(f);
        }
    }
    struct sigaction sa {};
    sa.sa_handler = onFollowSignal;
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);

    JsonlTail tail(store);
    SqliteTail sqliteTail(store);
    FollowSummary summary(rules);
    for (unsigned long round = 1; !g_stopFollow; ++round) {
        bool restarted = false;
        uint64_t before = summary.records();
        std::string error;
        const auto onRecord = [&](const Record& rec, int64_t) { summary.addRecord(rec); };
        const auto onProblem = [&](int64_t rowid, const std::string& why) {
            summary.addInvalid("row " + std::to_string(rowid), why);
        };
        if (sqlite) {
            if (!sqliteTail.poll(onRecord, onProblem, &error, &restarted)) {
                err << "difftriage-cli groups --follow: " << error << "\n";
                return 2;
            }
            if (restarted) {  // the table was replaced: count it again from its first row
                summary.reset();
                before = 0;
                sqliteTail = SqliteTail(store);
                sqliteTail.poll(onRecord, onProblem, &error);
            }
        } else {
            // the file shrank (truncated or replaced): what was counted is gone, start over
            struct stat st {};
            if (::stat(store.c_str(), &st) == 0 && static_cast<uint64_t>(st.st_size) < tail.offset()) {
                summary.reset();
                before = 0;
                tail = JsonlTail(store);
                restarted = true;
            }
            if (!tail.poll([&](std::string_view line, uint64_t lineNo, uint64_t) { summary.addLine(line, lineNo); },
                           &error)) {
                err << "difftriage-cli groups --follow: " << error << "\n";
                return 2;
            }
        }
        const auto counts = summary.counts();
        if (jsonLines) {
            nlohmann::json j;
            j["ts"] = isoTime(std::chrono::duration_cast<std::chrono::milliseconds>(
                                  std::chrono::system_clock::now().time_since_epoch())
                                  .count());
            j["store"] = store;
            j["records"] = summary.records();
            j["new_records"] = summary.records() - before;
            j["restarted"] = restarted;
            if (sqlite) {
                j["last_rowid"] = sqliteTail.lastRowid();
            } else {
                j["bytes"] = tail.offset();
                j["pending_bytes"] = tail.pending();
            }
            nlohmann::json oc = nlohmann::json::object();
            for (int o = 0; o < kOutcomeCount; ++o) oc[std::string(outcomeName(static_cast<Outcome>(o)))] = counts[o];
            j["outcomes"] = oc;
            j["match_rate"] = summary.matchRate();
            j["problems"] = summary.problemCount();
            auto groups = nlohmann::json::array();
            for (const auto& g : summary.groups(groupLimit)) {
                auto diffs = nlohmann::json::array();
                for (const auto& k : g.differences) {
                    diffs.push_back({{"path", k.path}, {"kind", std::string(kindName(k.kind))}, {"class", k.cls}});
                }
                groups.push_back({{"signature", g.signature},
                                  {"endpoint", g.endpoint},
                                  {"outcome", std::string(outcomeName(g.outcome))},
                                  {"count", g.count},
                                  {"weighted_count", g.weighted},
                                  {"differences", diffs}});
            }
            j["groups"] = std::move(groups);
            out << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
        } else {
            out << store << ": " << summary.records() << " records (+" << (summary.records() - before) << ")";
            for (int o = 0; o < kOutcomeCount; ++o)
                out << ", " << counts[o] << " " << outcomeName(static_cast<Outcome>(o));
            out << ", match rate " << percent(summary.matchRate()) << "\n";
        }
        out.flush();
        if (rounds && round >= rounds) break;
        const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
        while (!g_stopFollow && std::chrono::steady_clock::now() < until)
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return 0;
}

}  // namespace dt::cli
