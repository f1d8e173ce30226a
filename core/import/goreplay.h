// SPDX-License-Identifier: MIT
#pragma once
// GoReplay (https://github.com/buger/goreplay) captures into diff-store records.
//
// A payload is a meta line "TYPE ID TIMESTAMP_NS [LATENCY_NS]" + "\n" + a raw HTTP/1.x message;
// TYPE 1 = request, 2 = original response (the primary), 3 = replayed response (the candidate).
// Files (--output-file, ".gor", also gzip-compressed ".gor.gz") hold payloads each followed by the
// separator line "\n🐵🙈🙉\n"; the middleware protocol sends each payload hex-encoded on one line.
// Payloads with the same ID are paired into one record; the request's timestamp is the record's ts,
// a response's LATENCY_NS its latency. A request with an original but no replayed response becomes a
// record whose candidate has error "not replayed". Everything else that cannot be paired or parsed
// is reported (file, byte offset, line, reason) and the import goes on.
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/import/import_report.h"

namespace dt::import {

struct GorMeta {
    char type = 0;   // '1', '2', '3'
    std::string id;  // hex
    int64_t ts_ns = 0;
    std::optional<int64_t> latency_ns;
};

// Parses a meta line (without its newline). False with *error ("bad id 'xyz': not hex", ...).
bool parseGorMeta(std::string_view line, GorMeta* meta, std::string* error);

// Pairs payloads by id and writes records through the report, in constant memory apart from the
// ids still waiting for a partner (bounded by ImportOptions::max_pending).
class GorPairer {
public:
    explicit GorPairer(ImportReport& report) : m_report(report) {}
    // One payload: meta line + "\n" + HTTP message. False only when the sink failed.
    bool add(std::string_view payload, const Where& where);
    // End of input: requests with an original response are written as not replayed, the rest is
    // reported as unpaired. False only when the sink failed.
    bool finish();
    size_t pending() const { return m_pending.size(); }

private:
    struct Side {
        bool have = false;
        Where where;
        int64_t ts_ns = 0;
        std::optional<int64_t> latency_ns;
        bool truncated = false;
    };
    struct Pending {
        Side req, primary, candidate;
        Request request;
        Response primaryResp, candidateResp;
        uint64_t seq = 0;
    };
    bool addParsed(std::string_view payload, const Where& where, int depth);
    bool complete(const std::string& id, Pending& p);  // writes or reports, then forgets
    bool evictOldest();
    ImportReport& m_report;
    std::unordered_map<std::string, Pending> m_pending;
    std::deque<std::pair<uint64_t, std::string>> m_order;  // (seq, id), oldest first
    uint64_t m_seq = 0;
};

// Imports GoReplay files (plain or gzip) into the report's sink. False only on a fatal error (an
// input that cannot be opened or a sink failure: *error); per-payload problems go to the report.
bool importGoReplayFiles(const std::vector<std::string>& files, ImportReport& report, std::string* error);

// Middleware mode: one hex-encoded payload per line (without the newline). Bad hex is reported with
// the line number. False only when the sink failed.
bool addGorMiddlewareLine(GorPairer& pairer, ImportReport& report, std::string_view line, uint64_t lineNo);

}  // namespace dt::import
