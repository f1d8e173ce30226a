// SPDX-License-Identifier: MIT
#pragma once
// What every importer shares: where an input was (file, byte offset, line), the problems it met,
// the totals, and the record sink.
//
// Accounting (the totals add up): every input an importer reads (a GoReplay payload, an Envoy trace,
// a HAR entry) is either used in a written record or reported as dropped (unparsable or unpaired),
//     inputs == used + dropped,
// and a dropped input is always reported with its location and reason. Warnings (a body that could
// not be decoded, a missing separator recovered from) do not drop the input.
#include <cstdint>
#include <functional>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/store/record.h"

namespace dt::import {

struct Where {
    std::string file;
    uint64_t offset = 0;  // byte offset (in the decompressed stream for .gz inputs)
    uint64_t line = 0;    // 1-based; 0 = not line-oriented (then offset or entry index is given)
    std::string entry;    // optional: "entries[12]", a trace file name, ...
};

struct ImportProblem {
    Where where;
    std::string reason;
    bool dropped = true;  // the input is not in any record (false: a warning)
    uint32_t inputs = 1;  // how many inputs it dropped
    // "FILE:LINE (byte N): reason", "FILE (byte N): reason", "FILE entries[3]: reason", "FILE: reason"
    // (+ " [warning]")
    std::string format() const;
};

struct ImportTotals {
    uint64_t inputs = 0;        // payloads / traces / entries read
    uint64_t used = 0;          // inputs that are part of a written record
    uint64_t dropped = 0;       // inputs reported and not written
    uint64_t records = 0;       // records written
    uint64_t not_replayed = 0;  // records whose candidate is missing (candidate.error set)
    uint64_t truncated = 0;     // records marked truncated (not comparable)
    uint64_t without_body = 0;  // records marked as missing a body on some side
    uint64_t warnings = 0;
    bool balanced() const { return inputs == used + dropped; }
};

struct ImportOptions {
    // Called for every problem as it is found (the CLI prints it, the GUI lists it).
    std::function<void(const ImportProblem&)> onProblem;
    // Progress in bytes of input read (total 0 when unknown).
    std::function<void(uint64_t done, uint64_t total)> progress;
    // Pairing state kept at most for this many incomplete ids (oldest are finalized beyond it), so
    // memory stays bounded on endless or badly ordered inputs.
    size_t max_pending = 200000;
    // Envoy tap / HAR: the header that pairs a primary with its shadow (case-insensitive).
    std::string correlation_header = "x-request-id";
    // Stop after this many problems are kept in ImportReport::problems (all are still counted and
    // passed to onProblem).
    size_t keep_problems = 1000;
};

// Collects problems and totals, and hands records to the sink. One per import run.
class ImportReport {
public:
    using Sink = std::function<bool(const Record&, std::string* error)>;
    ImportReport(const ImportOptions& options, Sink sink) : m_options(options), m_sink(std::move(sink)) {}

    void input(uint64_t n = 1) { m_totals.inputs += n; }
    void problem(Where where, std::string reason, uint32_t droppedInputs = 1);
    void warning(Where where, std::string reason);
    // Writes a record made of `usedInputs` inputs. Ids are kept unique: a repeated id gets a "~N"
    // suffix (and a warning). False (and error()) when the sink failed: the import must stop.
    bool write(Record record, uint32_t usedInputs, const Where& where);

    const ImportTotals& totals() const { return m_totals; }
    const std::vector<ImportProblem>& problems() const { return m_problems; }
    uint64_t problemCount() const { return m_problemCount; }
    const std::string& error() const { return m_error; }
    const ImportOptions& options() const { return m_options; }

private:
    void add(ImportProblem p);
    const ImportOptions& m_options;
    Sink m_sink;
    ImportTotals m_totals;
    std::vector<ImportProblem> m_problems;
    uint64_t m_problemCount = 0;
    std::unordered_set<uint64_t> m_ids;  // hashes of written ids (8 bytes per record)
    std::string m_error;
};

// Marks that a side's body was cut short in the capture: tag "truncated" lists the sides
// ("request", "primary", "candidate", comma-separated). Analysis treats such a record as not
// comparable (drift) when its sides differ (core/analysis/classify.cpp).
void markTruncated(Record& record, std::string_view side);
// Marks that a side was captured without its body (HAR entries without content text): tag
// "no_body" lists the sides.
void markNoBody(Record& record, std::string_view side);

// Formats nanoseconds since the epoch as the store's RFC 3339 ts.
std::string timestampFromNs(int64_t ns);

}  // namespace dt::import
