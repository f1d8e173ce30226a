// SPDX-License-Identifier: MIT
#pragma once
// Small helpers several core test files share (one definition each: the ci and asan builds compile
// the tests as unity batches, where two file-local copies would clash).
#include "core/store/record.h"

#include <fstream>
#include <sstream>
#include <string>
#include <utility>

namespace dt::test {

// A present response with this status, body and headers.
inline Response resp(int status, std::string body, Headers headers = {}) {
    Response r;
    r.present = true;
    r.status = status;
    r.body = std::move(body);
    r.headers = std::move(headers);
    return r;
}

// The bytes of a file ("" when it cannot be read).
inline std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// The value of a record's tag, "" when it has none.
inline std::string tag(const Record& r, const std::string& key) {
    for (const auto& [k, v] : r.tags)
        if (k == key) return v;
    return "";
}

}  // namespace dt::test
