// SPDX-License-Identifier: MIT
#include "core/store/store_fingerprint.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <vector>

#include <sys/stat.h>

#include "core/util/sha256.h"

namespace dt {

std::string StoreFingerprint::str() const { return "v1:" + format + ":" + std::to_string(size) + ":" + head; }

std::optional<StoreFingerprint> StoreFingerprint::parse(const std::string& text) {
    // v1:FORMAT:SIZE:HEAD
    if (text.rfind("v1:", 0) != 0) return std::nullopt;
    const size_t a = text.find(':', 3);
    if (a == std::string::npos) return std::nullopt;
    const size_t b = text.find(':', a + 1);
    if (b == std::string::npos) return std::nullopt;
    StoreFingerprint f;
    f.format = text.substr(3, a - 3);
    const std::string size = text.substr(a + 1, b - a - 1);
    f.head = text.substr(b + 1);
    if (f.format != "jsonl" && f.format != "sqlite") return std::nullopt;
    if (size.empty() || size.size() > 19 || size.find_first_not_of("0123456789") != std::string::npos)
        return std::nullopt;
    f.size = std::stoull(size);
    if (f.head.size() != 16 || f.head.find_first_not_of("0123456789abcdef") != std::string::npos) return std::nullopt;
    return f;
}

std::optional<StoreFingerprint> storeFingerprint(const std::string& path, std::string* error) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        if (error) *error = path + ": " + std::strerror(errno);
        return std::nullopt;
    }
    if (!S_ISREG(st.st_mode)) {
        if (error) *error = path + ": not a regular file";
        return std::nullopt;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        if (error) *error = path + ": cannot be read";
        return std::nullopt;
    }
    std::vector<char> buf(kFingerprintHeadBytes);
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    const auto got = static_cast<size_t>(in.gcount());
    const std::string_view head(buf.data(), got);
    static constexpr std::string_view kSqliteMagic("SQLite format 3\0", 16);
    StoreFingerprint f;
    f.format = head.substr(0, kSqliteMagic.size()) == kSqliteMagic ? "sqlite" : "jsonl";
    f.size = static_cast<uint64_t>(st.st_size);
    f.head = sha256Hex(head).substr(0, 16);
    return f;
}

FingerprintMatch compareFingerprints(const std::string& recorded, const StoreFingerprint& now) {
    const auto old = StoreFingerprint::parse(recorded);
    if (!old) return FingerprintMatch::Different;
    if (*old == now) return FingerprintMatch::Same;
    if (old->format == now.format && old->head == now.head && now.size > old->size &&
        old->size >= kFingerprintHeadBytes)
        return FingerprintMatch::Grown;
    return FingerprintMatch::Different;
}

}  // namespace dt
