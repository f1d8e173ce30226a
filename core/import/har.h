// SPDX-License-Identifier: MIT
#pragma once
// HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/) captures into diff-store records: one HAR
// file of the primary's traffic, one of the candidate's.
//
// Entries are paired by the correlation header (ImportOptions::correlation_header) when the primary
// entry's request carries it and a candidate entry has the same value; otherwise by method + path and
// query (the host is ignored: the two captures usually hit different hosts) + SHA-256 of the request
// body, in order of occurrence (the n-th such primary entry with the n-th such candidate entry).
// The record's id is the correlation value, else "har-N" (N = the primary entry's index); ts the
// primary's startedDateTime; latency each entry's "time". Bodies are content.text (base64-decoded
// when content.encoding says so). A response whose content has no text although its size is not 0
// (browsers drop bodies) is kept and marked: tag "no_body" names the side.
// Memory: both files are parsed whole (a HAR is one JSON document).
#include <string>

#include "core/import/import_report.h"

namespace dt::import {

// False only on a fatal error (a file that cannot be read or is not a HAR: *error).
bool importHar(const std::string& primaryHar, const std::string& candidateHar, ImportReport& report,
               std::string* error);

}  // namespace dt::import
