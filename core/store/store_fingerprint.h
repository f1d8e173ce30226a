// SPDX-License-Identifier: MIT
#pragma once
// A cheap, stable identity of a store file, kept in the triage workspace (docs/workspace.md) so that
// reopening a workspace can tell "the same store", "the same store, grown" (a JSONL store appended
// to) and "another store" apart without reading the whole file.
//
// Text form: "v1:FORMAT:SIZE:HEAD" — FORMAT "jsonl" or "sqlite" (by the SQLite magic header, as
// Store::open decides), SIZE the file size in bytes, HEAD the first 16 hex digits of the SHA-256 of
// the first 64 KiB (the whole file when smaller). Reading it costs one 64 KiB read.
#include <cstdint>
#include <optional>
#include <string>

namespace dt {

struct StoreFingerprint {
    std::string format;  // "jsonl" | "sqlite"
    uint64_t size = 0;
    std::string head;  // 16 hex digits
    std::string str() const;
    static std::optional<StoreFingerprint> parse(const std::string& text);
    bool operator==(const StoreFingerprint&) const = default;
};

constexpr uint64_t kFingerprintHeadBytes = 64 * 1024;

// Null with *error ("PATH: reason") when the file cannot be read (or is a URI, not a file).
std::optional<StoreFingerprint> storeFingerprint(const std::string& path, std::string* error);

enum class FingerprintMatch {
    Same,       // format, size and head agree
    Grown,      // same format, larger, and the old head is still the head (only when the old size
                // was >= kFingerprintHeadBytes, so the hashed bytes are the same bytes)
    Different,  // anything else (including an unparseable recorded fingerprint)
};
FingerprintMatch compareFingerprints(const std::string& recorded, const StoreFingerprint& now);

}  // namespace dt
