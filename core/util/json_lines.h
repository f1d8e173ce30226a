// SPDX-License-Identifier: MIT
#pragma once
// Line numbers of JSON values by JSON Pointer, for error messages of user-authored JSON files
// (rules configs, triage workspaces): "FILE:LINE: /pointer: reason". Runs only on text a JSON
// parser already accepted; a pointer to a missing value resolves to its nearest existing parent.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "core/util/text.h"

namespace dt {

class JsonLineIndex {
public:
    explicit JsonLineIndex(std::string_view text) : m_text(text) {
        skipWs();
        value("", 0);
    }
    uint32_t lineOf(std::string pointer) const {
        while (true) {
            auto it = m_lines.find(pointer);
            if (it != m_lines.end()) return it->second;
            if (pointer.empty()) return 0;
            pointer.erase(pointer.rfind('/'));
        }
    }

private:
    void skipWs() {
        while (m_pos < m_text.size()) {
            const char c = m_text[m_pos];
            if (c == '\n')
                ++m_line;
            else if (c != ' ' && c != '\t' && c != '\r')
                break;
            ++m_pos;
        }
    }
    std::string string() {  // at '"'; returns the raw (still escaped) content, good enough for keys
        std::string out;
        ++m_pos;
        while (m_pos < m_text.size() && m_text[m_pos] != '"') {
            if (m_text[m_pos] == '\\' && m_pos + 1 < m_text.size()) {
                const char e = m_text[m_pos + 1];
                out.push_back(e == 'n' ? '\n' : e == 't' ? '\t' : e);
                m_pos += 2;
                continue;
            }
            out.push_back(m_text[m_pos++]);
        }
        ++m_pos;
        return out;
    }
    void value(const std::string& ptr, int depth) {
        if (m_pos >= m_text.size()) return;
        m_lines.emplace(ptr, m_line);
        const char c = m_text[m_pos];
        if (depth > 64) {  // deeper than any config: skip the rest without recording
            m_pos = m_text.size();
            return;
        }
        if (c == '{') {
            ++m_pos;
            skipWs();
            while (m_pos < m_text.size() && m_text[m_pos] != '}') {
                if (m_text[m_pos] == ',') {
                    ++m_pos;
                    skipWs();
                    continue;
                }
                const std::string key = string();
                skipWs();
                if (m_pos < m_text.size() && m_text[m_pos] == ':') ++m_pos;
                skipWs();
                value(ptr + "/" + escapePointerToken(key), depth + 1);
                skipWs();
            }
            ++m_pos;
        } else if (c == '[') {
            ++m_pos;
            skipWs();
            size_t i = 0;
            while (m_pos < m_text.size() && m_text[m_pos] != ']') {
                if (m_text[m_pos] == ',') {
                    ++m_pos;
                    skipWs();
                    continue;
                }
                value(ptr + "/" + std::to_string(i++), depth + 1);
                skipWs();
            }
            ++m_pos;
        } else if (c == '"') {
            string();
        } else {
            while (m_pos < m_text.size() &&
                   std::string_view(",]} \t\r\n").find(m_text[m_pos]) == std::string_view::npos)
                ++m_pos;
        }
    }

    std::string_view m_text;
    size_t m_pos = 0;
    uint32_t m_line = 1;
    std::map<std::string, uint32_t> m_lines;
};

}  // namespace dt
