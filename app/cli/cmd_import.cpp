// SPDX-License-Identifier: MIT
// difftriage-cli import FORMAT INPUT... --out STORE  and  goreplay-middleware --out STORE
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>

#include "app/cli/common.h"
#include "core/import/envoy_tap.h"
#include "core/import/goreplay.h"
#include "core/import/har.h"
#include "core/import/import_report.h"
#include "core/store/store_writer.h"

namespace dt::cli {

namespace {

constexpr size_t kShownProblems = 100;

struct Printer {
    std::ostream& err;
    uint64_t shown = 0;
    void operator()(const import::ImportProblem& p) {
        if (shown++ < kShownProblems) err << p.format() << "\n";
    }
};

void printSummary(const import::ImportReport& report, const std::string& out, bool json, std::ostream& os,
                  std::ostream& err, uint64_t shown) {
    const auto& t = report.totals();
    if (shown > kShownProblems) err << "... and " << (shown - kShownProblems) << " more problems\n";
    if (json) {
        nlohmann::json j = {{"store", out},
                            {"records", t.records},
                            {"inputs", t.inputs},
                            {"used", t.used},
                            {"dropped", t.dropped},
                            {"warnings", t.warnings},
                            {"not_replayed", t.not_replayed},
                            {"truncated", t.truncated},
                            {"without_body", t.without_body},
                            {"balanced", t.balanced()}};
        auto problems = nlohmann::json::array();
        for (const auto& p : report.problems())
            problems.push_back({{"file", p.where.file},
                                {"offset", p.where.offset},
                                {"line", p.where.line},
                                {"entry", p.where.entry},
                                {"reason", p.reason},
                                {"dropped", p.dropped}});
        j["problems"] = std::move(problems);
        os << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
        return;
    }
    os << out << ": " << t.records << " records from " << t.inputs << " inputs (" << t.used << " used, " << t.dropped
       << " reported and dropped, " << t.warnings << " warnings)";
    if (t.not_replayed) os << ", " << t.not_replayed << " not replayed";
    if (t.truncated) os << ", " << t.truncated << " truncated (not comparable)";
    if (t.without_body) os << ", " << t.without_body << " without a body";
    os << "\n";
}

std::unique_ptr<StoreWriter> openWriter(const std::string& out, const StoreWriter::Options& o, std::string_view cmd,
                                        std::ostream& err) {
    std::string error;
    auto w = StoreWriter::create(out, o, &error);
    if (!w) err << "difftriage-cli " << cmd << ": " << error << "\n";
    return w;
}

volatile sig_atomic_t g_stop = 0;
void onSignal(int) { g_stop = 1; }

}  // namespace

int cmdImport(const Args& argsIn, std::ostream& out, std::ostream& err) {
    Args args = argsIn;
    std::string outPath, maxPending, header;
    bool missing = false;
    takeOption(args, "--out", &outPath, &missing);
    takeOption(args, "--max-pending", &maxPending, &missing);
    takeOption(args, "--header", &header, &missing);
    const bool json = takeFlag(args, "--json");
    if (missing) {
        err << "difftriage-cli import: an option is missing its value\n";
        return 2;
    }
    if (!rejectUnknownOptions(args, "import", err)) return 2;
    if (args.size() < 2 || outPath.empty()) {
        err << "usage: difftriage-cli import goreplay INPUT... --out STORE.sqlite|STORE.jsonl [--json]\n"
               "       difftriage-cli import envoy PRIMARY_DIR SHADOW_DIR --out STORE [--header NAME] [--json]\n"
               "       difftriage-cli import har PRIMARY.har CANDIDATE.har --out STORE [--header NAME] [--json]\n";
        return 2;
    }
    const std::string format = args[0];
    const std::vector<std::string> inputs(args.begin() + 1, args.end());
    import::ImportOptions opt;
    if (!maxPending.empty()) {
        char* end = nullptr;
        const unsigned long n = std::strtoul(maxPending.c_str(), &end, 10);
        if (*end || n == 0 || maxPending[0] == '-') {
            err << "difftriage-cli import: --max-pending needs a positive number\n";
            return 2;
        }
        opt.max_pending = n;
    }
    if (!header.empty()) opt.correlation_header = header;
    Printer printer{err};
    opt.onProblem = [&](const import::ImportProblem& p) { printer(p); };
    if (format != "goreplay" && format != "envoy" && format != "har") {
        err << "difftriage-cli import: unknown format '" << format << "' (goreplay, envoy, har)\n";
        return 2;
    }
    if (format != "goreplay" && inputs.size() != 2) {
        err << "difftriage-cli import " << format << ": needs two inputs, the primary's and the candidate's capture\n";
        return 2;
    }
    auto writer = openWriter(outPath, {}, "import", err);
    if (!writer) return 2;
    import::ImportReport report(opt, [&](const Record& r, std::string* e) { return writer->append(r, e);
});
std::string error;
bool ok = false;
if (format == "goreplay")
    ok = import::importGoReplayFiles(inputs, report, &error);
else if (format == "envoy")
    ok = import::importEnvoyTap(inputs[0], inputs[1], report, &error);
else
    ok = import::importHar(inputs[0], inputs[1], report, &error);
if (!ok || !writer->commit(&error)) {
    err << "difftriage-cli import: " << error << "\n";
    return 2;
}
printSummary(report, outPath, json, out, err, printer.shown);
return 0;
}  // namespace dt::cli

int cmdGoreplayMiddleware(const Args& argsIn, std::ostream& out, std::ostream& err) {
    Args args = argsIn;
    std::string outPath, batch, maxPending;
    bool missing = false;
    takeOption(args, "--out", &outPath, &missing);
    takeOption(args, "--batch", &batch, &missing);
    takeOption(args, "--max-pending", &maxPending, &missing);
    if (missing || !rejectUnknownOptions(args, "goreplay-middleware", err) || !args.empty() || outPath.empty()) {
        err << "usage: difftriage-cli goreplay-middleware --out STORE.sqlite|STORE.jsonl [--batch N] [--max-pending "
               "N]\n";
        return 2;
    }
    StoreWriter::Options wo;
    wo.atomic = false;
    wo.batch = 200;
    if (!batch.empty()) wo.batch = static_cast<uint32_t>(std::max(1ul, std::strtoul(batch.c_str(), nullptr, 10)));
    import::ImportOptions opt;
    if (!maxPending.empty()) opt.max_pending = std::max(1ul, std::strtoul(maxPending.c_str(), nullptr, 10));
    // stderr is GoReplay's log: problems go there.
    Printer printer{err};
    opt.onProblem = [&](const import::ImportProblem& p) { printer(p); };
    auto writer = openWriter(outPath, wo, "goreplay-middleware", err);
    if (!writer) return 2;
    import::ImportReport report(opt, [&](const Record& r, std::string* e) { return writer->append(r, e);
});
import::GorPairer pairer(report);

struct sigaction sa {};
sa.sa_handler = onSignal;
sigaction(SIGTERM, &sa, nullptr);
sigaction(SIGINT, &sa, nullptr);
signal(SIGPIPE, SIG_IGN);

std::string error;
std::string buf;
uint64_t lineNo = 0;
uint64_t unflushed = 0;
bool ok = true;
char chunk[1 << 16];
while (ok && !g_stop) {
    // Idle for a second with records written since the last flush: make them durable.
    pollfd pfd{STDIN_FILENO, POLLIN, 0};
    const int pr = ::poll(&pfd, 1, 1000);
    if (pr < 0 && errno == EINTR) continue;
    if (pr == 0) {
        if (unflushed != writer->written()) {
            ok = writer->flush(&error);
            unflushed = writer->written();
        }
        continue;
    }
    const ssize_t n = ::read(STDIN_FILENO, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    buf.append(chunk, static_cast<size_t>(n));
    size_t start = 0;
    for (size_t nl; ok && (nl = buf.find('\n', start)) != std::string::npos; start = nl + 1) {
        // Echo first and unchanged, so GoReplay is never held up by the store.
        out.write(buf.data() + start, static_cast<std::streamsize>(nl + 1 - start));
        out.flush();
        ok = import::addGorMiddlewareLine(pairer, report, std::string_view(buf).substr(start, nl - start), ++lineNo);
    }
    buf.erase(0, start);
}
if (ok && !buf.empty()) {  // a last line without its newline
    out << buf;
    out.flush();
    ok = import::addGorMiddlewareLine(pairer, report, buf, ++lineNo);
}
if (ok) ok = pairer.finish();
if (!ok && error.empty()) error = report.error();
if (!writer->commit(ok ? &error : nullptr) || !ok) {
    err << "difftriage-cli goreplay-middleware: " << error << "\n";
    return 2;
}
printSummary(report, outPath, false, err, err, printer.shown);
return 0;
}

}  // namespace dt::cli
