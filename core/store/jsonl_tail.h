// SPDX-License-Identifier: MIT
#pragma once
// Follows a JSONL store that is being appended to: each poll() hands over the complete lines added
// since the previous poll, reading only the new bytes. A last line without its newline is being
// written: it is left for a later poll, never reported as invalid. A file that shrank (truncated or
// replaced) is read again from the start, and the caller is told so.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace dt {

class JsonlTail {
public:
    explicit JsonlTail(std::string path) : m_path(std::move(path)) {}

    // Calls onLine(line without its newline, 1-based line number, byte offset) for every new complete
    // line. *restarted is set when the file shrank and reading began again at byte 0. False +
    // *error when the file cannot be read (it may not exist yet: then nothing is read, true).
    bool poll(const std::function<void(std::string_view line, uint64_t lineNo, uint64_t offset)>& onLine,
              std::string* error, bool* restarted = nullptr);

    uint64_t offset() const { return m_offset; }    // bytes consumed (complete lines)
    uint64_t pending() const { return m_pending; }  // bytes of a half-written last line seen at the last poll
    uint64_t lines() const { return m_line; }

private:
    std::string m_path;
    uint64_t m_offset = 0;
    uint64_t m_line = 0;
    uint64_t m_pending = 0;
};

}  // namespace dt
