// SPDX-License-Identifier: MIT
#include "app/cli/common.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iomanip>
#include <mutex>
#include <sstream>

namespace dt::cli {

bool takeOption(Args& args, std::string_view name, std::string* value, bool* missing) {
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == name) {
            if (i + 1 >= args.size()) {
                if (missing) *missing = true;
                args.erase(args.begin() + static_cast<long>(i));
                return false;
            }
            *value = args[i + 1];
            args.erase(args.begin() + static_cast<long>(i), args.begin() + static_cast<long>(i) + 2);
            return true;
        }
        if (a.size() > name.size() && a.compare(0, name.size(), name) == 0 && a[name.size()] == '=') {
            *value = a.substr(name.size() + 1);
            args.erase(args.begin() + static_cast<long>(i));
            return true;
        }
    }
    return false;
}

bool takeFlag(Args& args, std::string_view name) {
    for (size_t i = 0; i < args.size(); ++i)
        if (args[i] == name) {
            args.erase(args.begin() + static_cast<long>(i));
            return true;
        }
    return false;
}

bool rejectUnknownOptions(const Args& args, std::string_view command, std::ostream& err) {
    for (const auto& a : args)
        if (a.size() > 1 && a[0] == '-' && a != "-") {
            err << "difftriage-cli " << command << ": unknown option '" << a << "'\n";
            return false;
        }
    return true;
}

bool takeSwapSides(Args& args) { return takeFlag(args, "--swap-sides"); }

std::unique_ptr<Analysis> loadStore(const std::string& path, std::shared_ptr<const RuleProvider> rules,
                                    std::ostream& err, bool swapSides) {
    AnalyzeOptions opt;
    opt.rules = std::move(rules);
    opt.swap_sides = swapSides;
    const bool tty = isatty(STDERR_FILENO);
    std::mutex m;
    auto start = std::chrono::steady_clock::now();
    auto last = start;
    if (tty) {
        opt.progress = [&](uint64_t done, uint64_t total, uint64_t records) {
            std::lock_guard lock(m);
            auto now = std::chrono::steady_clock::now();
            if (now - last < std::chrono::milliseconds(200)) return;
            last = now;
            const double pct = total ? 100.0 * double(done) / double(total) : 0;
            std::fprintf(stderr, "\rreading %s: %llu records, %.0f%%   ", path.c_str(),
                         static_cast<unsigned long long>(records), pct);
        };
    }
    std::string error;
    auto a = Analysis::analyze(path, opt, &error);
    if (tty) std::fprintf(stderr, "\r\033[K");
    if (!a) {
        err << "difftriage-cli: " << (error.rfind(path, 0) == 0 ? error : path + ": " + error) << "\n";
        return nullptr;
    }
    const auto& problems = a->problems();
    const size_t shown = std::min<size_t>(problems.size(), 20);
    for (size_t i = 0; i < shown; ++i) {
        const auto& p = problems[i];
        if (p.line)
            err << path << ":" << p.line << ": ";
        else if (p.rowid && p.reason.rfind("row", 0) != 0)
            err << path << ": row " << p.rowid << ": ";
        else if (p.reason.rfind(path + ":", 0) != 0)
            err << path << ": ";  // never "P: P: reason"
        err << p.reason << "\n";
    }
    if (problems.size() > shown) err << path << ": " << (problems.size() - shown) << " more problems not shown\n";
    if (!a->scanError().empty()) {
        // The store changed under the reader or could not be read to the end: no verdict.
        err << "difftriage-cli: the store was not read completely; no result\n";
        return nullptr;
    }
    return a;
}

std::string isoTime(int64_t ms) { return formatTimestampMs(ms); }

std::string percent(double v) {
    std::ostringstream s;
    s << std::fixed << std::setprecision(v < 0.001 && v > 0 ? 4 : 2) << v * 100 << "%";
    return s.str();
}

nlohmann::json groupJson(const Analysis& a, const Group& g, size_t sampleIds) {
    nlohmann::json j;
    j["signature"] = g.signature;
    j["endpoint"] = g.endpoint == kNone ? std::string() : a.endpoint(g.endpoint);
    j["outcome"] = std::string(outcomeName(g.outcome));
    j["count"] = g.count;
    j["weighted_count"] = g.weighted;
    j["first_ts"] = isoTime(g.first_ts);
    j["last_ts"] = isoTime(g.last_ts);
    auto diffs = nlohmann::json::array();
    for (const DiffKey& k : g.differences)
        diffs.push_back(
            {{"path", a.path(k.path)}, {"kind", std::string(kindName(k.kind))}, {"class", a.className(k.cls)}});
    j["differences"] = std::move(diffs);
    if (g.status_pair) j["status"] = {{"primary", g.status_pair->first}, {"candidate", g.status_pair->second}};
    auto ids = nlohmann::json::array();
    for (size_t i = 0; i < g.members.size() && i < sampleIds; ++i)
        ids.push_back(std::string(a.id(a.records()[g.members[i]])));
    j["sample_ids"] = std::move(ids);
    return j;
}

nlohmann::json outcomesJson(const Analysis& a, bool weighted) {
    nlohmann::json j = nlohmann::json::object();
    const auto counts = a.outcomeCounts();
    const auto weights = a.outcomeWeights();
    for (int o = 0; o < kOutcomeCount; ++o) {
        const std::string name(outcomeName(static_cast<Outcome>(o)));
        if (weighted)
            j[name] = weights[o];
        else
            j[name] = counts[o];
    }
    return j;
}

}  // namespace dt::cli
