// SPDX-License-Identifier: MIT
// difftriage-cli index STORE --into postgresql://.../db?schema=difftriage [--shard K/N] [--rules FILE] [--full]
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <sstream>

#include "app/cli/common.h"
#include "core/pg/pg_conn.h"
#include "core/pg/pg_index.h"
#include "core/util/sha256.h"

namespace dt::cli {
namespace {

bool parseShard(const std::string& text, unsigned* k, unsigned* n) {
    const size_t slash = text.find('/');
    if (slash == std::string::npos || slash == 0 || slash + 1 >= text.size()) return false;
    char* end = nullptr;
    const unsigned long a = std::strtoul(text.c_str(), &end, 10);
    if (end != text.c_str() + slash) return false;
    const unsigned long b = std::strtoul(text.c_str() + slash + 1, &end, 10);
    if (*end || a < 1 || b < 1 || a > b || b > 100000) return false;
    *k = static_cast<unsigned>(a);
    *n = static_cast<unsigned>(b);
    return true;
}

}  // namespace

int cmdIndex(const Args& argsIn, std::ostream& out, std::ostream& err) {
    Args args = argsIn;
    std::string into, shard, rulesPath, threads;
    bool missing = false;
    takeOption(args, "--into", &into, &missing);
    takeOption(args, "--shard", &shard, &missing);
    takeOption(args, "--rules", &rulesPath, &missing);
    takeOption(args, "--threads", &threads, &missing);
    const bool full = takeFlag(args, "--full");
    if (missing) {
        err << "difftriage-cli index: an option is missing its value\n";
        return 2;
    }
    if (!rejectUnknownOptions(args, "index", err)) return 2;
    if (args.size() != 1 || into.empty()) {
        err << "usage: difftriage-cli index STORE --into postgresql://.../DB?schema=SCHEMA [--shard K/N] [--rules "
               "FILE] "
               "[--full] [--threads N]\n";
        return 2;
    }
    if (!pg::isPostgresUri(into)) {
        err << "difftriage-cli index: --into needs a postgresql:// URI, got '" << into << "'\n";
        return 2;
    }
    pg::IndexOptions opt;
    if (!shard.empty() && !parseShard(shard, &opt.shardK, &opt.shardN)) {
        err << "difftriage-cli index: --shard needs K/N with 1 <= K <= N, got '" << shard << "'\n";
        return 2;
    }
    if (!threads.empty()) opt.threads = static_cast<unsigned>(std::strtoul(threads.c_str(), nullptr, 10));
    if (!rulesPath.empty()) {
        opt.rules = loadRules(rulesPath, err);
        if (!opt.rules) return 2;
        std::ifstream in(rulesPath, std::ios::binary);
        std::stringstream text;
        text << in.rdbuf();
        opt.rulesFingerprint = sha256Hex(text.str());
    }
    opt.full = full;
    const bool tty = isatty(STDERR_FILENO);
    std::mutex m;
    auto last = std::chrono::steady_clock::now();
    if (tty) {
        opt.progress = [&](uint64_t done, uint64_t total, uint64_t records) {
            std::lock_guard lock(m);
            const auto now = std::chrono::steady_clock::now();
            if (now - last < std::chrono::milliseconds(200)) return;
            last = now;
            std::fprintf(stderr, "\rindexing: %llu records, %.0f%%   ", static_cast<unsigned long long>(records),
                         total ? 100.0 * double(done) / double(total) : 0.0);
        };
    }
    pg::IndexReport report;
    std::string error;
    const bool ok = pg::indexStore(args[0], into, opt, &report, &error);
    if (tty) std::fprintf(stderr, "\r\033[K");
    if (!ok) {
        err << "difftriage-cli index: " << error << "\n";
        return 2;
    }
    if (report.rulesChanged)
        out << "shard " << opt.shardK << "/" << opt.shardN << ": other rules than the last run; " << report.reevaluated
            << " indexed records with differences re-evaluated from the index, " << report.reread
            << " of them read back from the store, " << report.changed << " changed\n";
    out << "shard " << opt.shardK << "/" << opt.shardN << ": " << report.read << " records read"
        << (report.incremental ? " (new since the last run)" : "") << ", " << report.problems << " invalid, "
        << report.written << " written to " << pg::indexSchemaOf(into) << ".records; " << report.groups
        << " groups in total\n";
    if (!report.partial.empty()) {
        err << "difftriage-cli index: the scan stopped early; what was read was written, the shard will be read "
               "again next time: "
            << report.partial << "\n";
        return 1;
    }
    return 0;
}

}  // namespace dt::cli
