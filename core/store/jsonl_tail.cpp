// SPDX-License-Identifier: MIT
#include "core/store/jsonl_tail.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

namespace dt {

bool JsonlTail::poll(const std::function<void(std::string_view, uint64_t, uint64_t)>& onLine, std::string* error,
                     bool* restarted) {
    if (restarted) *restarted = false;
    struct stat st {};
    if (::stat(m_path.c_str(), &st) != 0) {
        if (errno == ENOENT) return true;  // not created yet
        if (error) *error = m_path + ": " + std::strerror(errno);
        return false;
    }
    const auto size = static_cast<uint64_t>(st.st_size);
    if (size < m_offset) {  // truncated or replaced: start over
        m_offset = 0;
        m_line = 0;
        if (restarted) *restarted = true;
    }
    if (size == m_offset) {
        m_pending = 0;
        return true;
    }
    std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(m_path.c_str(), "rb"), &std::fclose);
    if (!f || ::fseeko(f.get(), static_cast<off_t>(m_offset), SEEK_SET) != 0) {
        if (error) *error = m_path + ": " + std::strerror(errno);
        return false;
    }
    std::string buf;
    std::string carry;  // an incomplete line from the previous chunk
    uint64_t carryOffset = m_offset;
    char chunk[1 << 16];
    for (;;) {
        const size_t n = std::fread(chunk, 1, sizeof chunk, f.get());
        if (n == 0) break;
        carry.append(chunk, n);
        size_t start = 0;
        for (size_t nl; (nl = carry.find('\n', start)) != std::string::npos; start = nl + 1) {
            std::string_view line(carry.data() + start, nl - start);
            if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
            onLine(line, ++m_line, carryOffset + start);
        }
        carry.erase(0, start);
        carryOffset += start;
    }
    m_offset = carryOffset;  // only complete lines are consumed
    m_pending = carry.size();
    return true;
}

}  // namespace dt
