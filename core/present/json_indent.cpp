// SPDX-License-Identifier: MIT
#include "core/present/json_indent.h"

#include <nlohmann/json.hpp>

namespace dt {

namespace {

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

void newline(std::string& out, size_t depth) {
    out.push_back('\n');
    out.append(depth * 2, ' ');
}

}  // namespace

std::optional<std::string> indentJson(std::string_view body) {
    // The parser is iterative (explicit state stack) and only validates here; nothing is built.
    if (!nlohmann::json::accept(body.begin(), body.end())) return std::nullopt;
    std::string out;
    out.reserve(body.size() + body.size() / 4);
    size_t depth = 0;
    size_t i = 0;
    const size_t n = body.size();
    while (i < n) {
        const char c = body[i];
        if (isSpace(c)) {
            ++i;
            continue;
        }
        if (c == '"') {  // a string, escapes and all, copied as is
            const size_t start = i++;
            while (i < n && body[i] != '"') i += body[i] == '\\' ? 2 : 1;
            ++i;
            out.append(body.substr(start, i - start));
            continue;
        }
        if (c == '{' || c == '[') {
            out.push_back(c);
            ++i;
            size_t j = i;  // an empty container stays "{}" / "[]"
            while (j < n && isSpace(body[j])) ++j;
            if (j < n && (body[j] == '}' || body[j] == ']')) {
                out.push_back(body[j]);
                i = j + 1;
                continue;
            }
            newline(out, ++depth);
            continue;
        }
        if (c == '}' || c == ']') {
            newline(out, depth > 0 ? --depth : 0);
            out.push_back(c);
            ++i;
            continue;
        }
        if (c == ',') {
            out.push_back(',');
            newline(out, depth);
            ++i;
            continue;
        }
        if (c == ':') {
            out.append(": ");
            ++i;
            continue;
        }
        const size_t start = i;  // a number or literal
        while (i < n && !isSpace(body[i]) && body[i] != ',' && body[i] != '}' && body[i] != ']' && body[i] != ':') ++i;
        out.append(body.substr(start, i - start));
    }
    return out;
}

}  // namespace dt
