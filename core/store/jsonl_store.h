// SPDX-License-Identifier: MIT
#pragma once
// JSONL diff store reader (see store.h and ../shared/spec/diff-store.md, section 1).
//
// Scan: the file (up to its size at scan start) is cut into fixed-size chunks handed out to
// worker threads by an atomic counter. Each worker pread()s its chunk into its own reusable,
// simdjson-padded buffer, starts at the first line that *starts* inside the chunk and reads past
// the chunk end to finish its last line. The file is never mapped and never written.
#include <atomic>
#include <cstdint>
#include <string>

#include "core/store/store.h"

namespace dt {

class JsonlStore final : public Store {
public:
    static constexpr uint64_t kDefaultChunkBytes = uint64_t(8) << 20;
    static constexpr uint64_t kMaxLineBytes = uint64_t(512) << 20;  // longer lines are problems

    // Takes ownership of `fd` (opened read-only). `dataStart` skips a UTF-8 BOM.
    JsonlStore(std::string path, int fd, uint64_t dataStart, uint64_t size);
    ~JsonlStore() override;
    JsonlStore(const JsonlStore&) = delete;
    JsonlStore& operator=(const JsonlStore&) = delete;

    StoreFormat format() const override { return StoreFormat::Jsonl; }
    const std::string& path() const override { return m_path; }
    uint64_t sizeHint() const override { return m_size.load(std::memory_order_relaxed); }

    ScanSummary scan(ScanVisitor& visitor, const ScanControl& control) override;
    bool resumable() const override;  // the path still names the open file
    std::optional<Record> read(const Locator& loc, std::string* error = nullptr) const override;
    std::optional<std::string> readRaw(const Locator& loc, std::string* error = nullptr) const override;

    // Test / tuning hook. The default comes from env DIFFTRIAGE_JSONL_CHUNK_BYTES when set, else 8 MiB.
    void setChunkBytes(uint64_t bytes) { m_chunkBytes = bytes < 1 ? 1 : bytes; }
    uint64_t chunkBytes() const { return m_chunkBytes; }

private:
    class Scanner;
    std::string m_path;
    int m_fd = -1;
    uint64_t m_dataStart = 0;
    std::atomic<uint64_t> m_size{0};  // updated by scan() (the file may grow)
    uint64_t m_chunkBytes = kDefaultChunkBytes;
};

}  // namespace dt
