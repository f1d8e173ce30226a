// SPDX-License-Identifier: MIT
#pragma once
// zlib for the importers: inflating gzip / zlib / raw deflate bodies, and reading a capture file that
// may or may not be gzip-compressed (".gor.gz") as one byte stream, in constant memory.
#include <cstdint>
#include <string>
#include <string_view>

namespace dt::import {

enum class Deflate { Gzip, Zlib, Raw, Auto };  // Auto: gzip or zlib by header, else raw

// Inflates `in` into `out`. Stops with an error past `limit` output bytes (a decompression bomb).
bool inflateData(std::string_view in, Deflate format, std::string& out, std::string* error,
                 uint64_t limit = uint64_t(1) << 30);

// Reads a plain or gzip-compressed file sequentially (zlib detects which). Offsets are in the
// decompressed stream.
class CompressedFile {
public:
    CompressedFile() = default;
    ~CompressedFile();
    CompressedFile(const CompressedFile&) = delete;
    CompressedFile& operator=(const CompressedFile&) = delete;

    bool open(const std::string& path, std::string* error);
    // Appends up to `max` bytes to `buf`; returns the count (0 at the end). -1 with *error on a read
    // or decompression error (a truncated .gz file reports "unexpected end of file").
    long read(std::string& buf, size_t max, std::string* error);
    bool compressed() const { return m_compressed; }
    uint64_t rawOffset() const;  // bytes of the file itself consumed so far (for progress)

private:
    void* m_file = nullptr;  // gzFile
    bool m_compressed = false;
};

}  // namespace dt::import
