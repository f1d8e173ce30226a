// SPDX-License-Identifier: MIT
#include "core/import/import_report.h"

#include <functional>

namespace dt::import {

std::string ImportProblem::format() const {
    std::string s = where.file.empty() ? std::string("<input>") : where.file;
    if (where.line) s += ":" + std::to_string(where.line);
    if (!where.entry.empty()) s += " " + where.entry;
    if (where.offset) s += " (byte " + std::to_string(where.offset) + ")";
    s += ": " + reason;
    if (!dropped) s += " [warning]";
    return s;
}

void ImportReport::add(ImportProblem p) {
    ++m_problemCount;
    if (m_options.onProblem) m_options.onProblem(p);
    if (m_problems.size() < m_options.keep_problems) m_problems.push_back(std::move(p));
}

void ImportReport::problem(Where where, std::string reason, uint32_t droppedInputs) {
    m_totals.dropped += droppedInputs;
    add(ImportProblem{std::move(where), std::move(reason), true, droppedInputs});
}

void ImportReport::warning(Where where, std::string reason) {
    ++m_totals.warnings;
    add(ImportProblem{std::move(where), std::move(reason), false, 0});
}

bool ImportReport::write(Record record, uint32_t usedInputs, const Where& where) {
    const std::string original = record.id;
    for (int n = 2; !m_ids.insert(std::hash<std::string>{}(record.id)).second; ++n)
        record.id = original + "~" + std::to_string(n);
    if (record.id != original) warning(where, "id '" + original + "' repeats: written as '" + record.id + "'");
    if (m_sink && !m_sink(record, &m_error)) return false;
    m_totals.used += usedInputs;
    ++m_totals.records;
    if (record.candidate.error && !record.candidate.status) ++m_totals.not_replayed;
    for (const auto& [k, v] : record.tags) {
        if (k == "truncated") ++m_totals.truncated;
        if (k == "no_body") ++m_totals.without_body;
    }
    return true;
}

namespace {
void addToListTag(Record& record, std::string_view key, std::string_view side) {
    for (auto& [k, v] : record.tags) {
        if (k != key) continue;
        size_t pos = 0;
        while (pos <= v.size()) {
            const size_t comma = v.find(',', pos);
            if (std::string_view(v).substr(pos, comma == std::string::npos ? v.npos : comma - pos) == side) return;
            if (comma == std::string::npos) break;
            pos = comma + 1;
        }
        v += ",";
        v += side;
        return;
    }
    record.tags.emplace_back(std::string(key), std::string(side));
}
}  // namespace

void markTruncated(Record& record, std::string_view side) { addToListTag(record, "truncated", side); }
void markNoBody(Record& record, std::string_view side) { addToListTag(record, "no_body", side); }

std::string timestampFromNs(int64_t ns) {
    int64_t ms = ns / 1000000;
    if (ns < 0 && ns % 1000000) --ms;
    return formatTimestampMs(ms);
}

}  // namespace dt::import
