// SPDX-License-Identifier: MIT
#pragma once
// Envoy tap traces (envoy.data.tap.v3.TraceWrapper with an http_buffered_trace, as the tap filter's
// file_per_tap sink writes them with format JSON_BODY_AS_BYTES or JSON_BODY_AS_STRING) into
// diff-store records.
//
// Two directories: the traces of the primary cluster and those of the shadow (candidate). A trace is
// paired with the other side's trace that carries the same correlation header (ImportOptions::
// correlation_header, default x-request-id) on its request. The record's request is the primary's;
// ts its request headers_received_time (else the trace file's modification time); latency the
// difference of the response's and the request's headers_received_time when both are present.
// A body with "truncated": true is kept and the side is marked (tag "truncated": not comparable).
// Memory: one trace at a time plus an index of the primary side's ids (id -> file name).
#include <string>

#include "core/import/import_report.h"

namespace dt::import {

// False only on a fatal error (a directory that cannot be read: *error).
bool importEnvoyTap(const std::string& primaryDir, const std::string& shadowDir, ImportReport& report,
                    std::string* error);

}  // namespace dt::import
