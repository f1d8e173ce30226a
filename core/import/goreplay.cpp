// SPDX-License-Identifier: MIT
#include "core/import/goreplay.h"

#include <sys/stat.h>

#include <algorithm>

#include "core/import/http_message.h"
#include "core/import/zlib_codec.h"

namespace dt::import {

namespace {

constexpr std::string_view kSeparator = "\xF0\x9F\x90\xB5\xF0\x9F\x99\x88\xF0\x9F\x99\x89";  // 🐵🙈🙉
constexpr size_t kMaxPayload = size_t(256) << 20;
constexpr int kMaxRecovered = 16;

bool isHex(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    });
}

bool parseInt(std::string_view s, int64_t* v) {
    bool neg = false;
    if (!s.empty() && s[0] == '-') {
        neg = true;
        s.remove_prefix(1);
    }
    if (s.empty() || s.size() > 19) return false;
    int64_t n = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
        n = n * 10 + (c - '0');
    }
    *v = neg ? -n : n;
    return true;
}

std::string_view typeName(char t) {
    return t == '1' ? "request" : t == '2' ? "original response" : "replayed response";
}

std::string quoted(std::string_view s) {
    std::string q = "'";
    for (char c : s.substr(0, 60)) q += (static_cast<unsigned char>(c) < 32 || c == 127) ? '?' : c;
    return q + (s.size() > 60 ? "…'" : "'");
}

uint64_t countLines(std::string_view s) { return static_cast<uint64_t>(std::count(s.begin(), s.end(), '\n')); }

}  // namespace

bool parseGorMeta(std::string_view line, GorMeta* meta, std::string* error) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::vector<std::string_view> f;
    size_t pos = 0;
    while (pos < line.size()) {
        const size_t sp = line.find(' ', pos);
        const std::string_view tok = line.substr(pos, sp == std::string_view::npos ? line.npos : sp - pos);
        if (!tok.empty()) f.push_back(tok);
        if (sp == std::string_view::npos) break;
        pos = sp + 1;
    }
    if (f.size() < 3 || f.size() > 4) {
        *error = "bad meta line " + quoted(line) + ": expected 'TYPE ID TIMESTAMP_NS LATENCY_NS'";
        return false;
    }
    if (f[0].size() != 1 || f[0][0] < '1' || f[0][0] > '3') {
        *error = "unknown payload type " + quoted(f[0]) + " (1 request, 2 response, 3 replayed response)";
        return false;
    }
    if (!isHex(f[1])) {
        *error = "bad id " + quoted(f[1]) + ": not hex";
        return false;
    }
    int64_t ts = 0;
    if (!parseInt(f[2], &ts) || ts < 0) {
        *error = "bad timestamp " + quoted(f[2]) + ": not nanoseconds";
        return false;
    }
    meta->type = f[0][0];
    meta->id = std::string(f[1]);
    meta->ts_ns = ts;
    meta->latency_ns.reset();
    if (f.size() == 4) {
        int64_t lat = 0;
        if (!parseInt(f[3], &lat)) {
            *error = "bad latency " + quoted(f[3]) + ": not nanoseconds";
            return false;
        }
        if (lat >= 0) meta->latency_ns = lat;
    }
    return true;
}

bool GorPairer::add(std::string_view payload, const Where& where) {
    m_report.input();
    return addParsed(payload, where, 0);
}

bool GorPairer::addParsed(std::string_view payload, const Where& where, int depth) {
    const size_t nl = payload.find('\n');
    if (nl == std::string_view::npos) {
        m_report.problem(where, "payload " + quoted(payload) + " has no meta line (truncated record?)");
        return true;
    }
    GorMeta meta;
    std::string why;
    if (!parseGorMeta(payload.substr(0, nl), &meta, &why)) {
        m_report.problem(where, why);
        return true;
    }
    const std::string_view http = payload.substr(nl + 1);
    auto msg = parseHttpMessage(http, &why);
    const std::string what = std::string(typeName(meta.type)) + " " + meta.id;
    if (!msg) {
        m_report.problem(where, what + ": unparsable HTTP message: " + why);
        return true;
    }
    if (msg->is_request != (meta.type == '1')) {
        m_report.problem(where, what + ": the HTTP message is a " + (msg->is_request ? "request" : "response"));
        return true;
    }
    for (const auto& w : msg->warnings) m_report.warning(where, what + ": " + w);

    // Bytes after the message: a payload whose separator is missing runs into the next one.
    std::string_view rest = http.substr(msg->consumed);
    while (!rest.empty() && (rest.front() == '\r' || rest.front() == '\n')) rest.remove_prefix(1);
    std::optional<std::pair<std::string_view, Where>> recovered;
    if (!rest.empty()) {
        const uint64_t restOffset = where.offset + static_cast<uint64_t>(rest.data() - payload.data());
        Where next = where;
        next.offset = restOffset;
        if (where.line)
            next.line = where.line + countLines(payload.substr(0, static_cast<size_t>(rest.data() - payload.data())));
        GorMeta probe;
        std::string ignored;
        const size_t rnl = rest.find('\n');
        if (depth < kMaxRecovered && rnl != std::string_view::npos &&
            parseGorMeta(rest.substr(0, rnl), &probe, &ignored)) {
            m_report.warning(next, "missing separator before this payload; it was read as the next one");
            recovered.emplace(rest, next);
        } else {
            m_report.warning(next, what + ": " + std::to_string(rest.size()) +
                                       " bytes after the HTTP message ignored (missing separator?)");
        }
    }

    auto [it, inserted] = m_pending.try_emplace(meta.id);
    Pending& p = it->second;
    if (inserted) {
        p.seq = ++m_seq;
        m_order.emplace_back(p.seq, meta.id);
    }
    Side& side = meta.type == '1' ? p.req : meta.type == '2' ? p.primary : p.candidate;
    if (side.have) {
        m_report.problem(where, "duplicate " + what + " (the first is at byte " + std::to_string(side.where.offset) +
                                    (side.where.line ? ", line " + std::to_string(side.where.line) : std::string()) +
                                    ")");
    } else {
        side.have = true;
        side.where = where;
        side.ts_ns = meta.ts_ns;
        side.latency_ns = meta.latency_ns;
        side.truncated = msg->truncated;
        if (meta.type == '1')
            p.request = toRequest(*msg);
        else if (meta.type == '2')
            p.primaryResp = toResponse(*msg);
        else
            p.candidateResp = toResponse(*msg);
    }
    if (p.req.have && p.primary.have && p.candidate.have) {
        const std::string id = it->first;
        if (!complete(id, p)) return false;
        m_pending.erase(id);
    }
    while (!m_order.empty()) {  // drop stale order entries at the front
        auto f = m_pending.find(m_order.front().second);
        if (f != m_pending.end() && f->second.seq == m_order.front().first) break;
        m_order.pop_front();
    }
    if (m_order.size() > 4 * m_report.options().max_pending + 1024) {  // compact stale entries
        std::deque<std::pair<uint64_t, std::string>> live;
        for (auto& e : m_order) {
            auto f = m_pending.find(e.second);
            if (f != m_pending.end() && f->second.seq == e.first) live.push_back(std::move(e));
        }
        m_order.swap(live);
    }
    while (m_pending.size() > m_report.options().max_pending)
        if (!evictOldest()) return false;
    if (recovered) {
        m_report.input();
        return addParsed(recovered->first, recovered->second, depth + 1);
    }
    return true;
}

bool GorPairer::evictOldest() {
    while (!m_order.empty()) {
        auto [seq, id] = m_order.front();
        m_order.pop_front();
        auto f = m_pending.find(id);
        if (f == m_pending.end() || f->second.seq != seq) continue;
        const bool ok = complete(id, f->second);
        m_pending.erase(f);
        return ok;
    }
    return true;
}

bool GorPairer::complete(const std::string& id, Pending& p) {
    if (p.req.have && p.primary.have) {
        Record r;
        r.id = id;
        r.ts = timestampFromNs(p.req.ts_ns);
        r.request = std::move(p.request);
        r.primary = std::move(p.primaryResp);
        if (p.primary.latency_ns) r.primary.latency_ms = double(*p.primary.latency_ns) / 1e6;
        if (p.candidate.have) {
            r.candidate = std::move(p.candidateResp);
            if (p.candidate.latency_ns) r.candidate.latency_ms = double(*p.candidate.latency_ns) / 1e6;
        } else {
            r.candidate.present = true;
            r.candidate.error = "not replayed";
        }
        if (p.req.truncated) markTruncated(r, "request");
        if (p.primary.truncated) markTruncated(r, "primary");
        if (p.candidate.have && p.candidate.truncated) markTruncated(r, "candidate");
        return m_report.write(std::move(r), p.candidate.have ? 3 : 2, p.req.where);
    }
    // Not pairable: report each payload where it is.
    if (p.req.have)
        m_report.problem(p.req.where, "request " + id + " has no original response (type 2)" +
                                          (p.candidate.have ? ", only a replayed one" : std::string()));
    if (p.primary.have) m_report.problem(p.primary.where, "original response " + id + " has no request (type 1)");
    if (p.candidate.have && !p.req.have)
        m_report.problem(p.candidate.where, "replayed response " + id + " has no request (type 1)");
    else if (p.candidate.have)
        m_report.problem(p.candidate.where, "replayed response " + id + " has no original response to compare with");
    return true;
}

bool GorPairer::finish() {
    while (!m_order.empty())
        if (!evictOldest()) return false;
    m_pending.clear();
    return true;
}

bool importGoReplayFiles(const std::vector<std::string>& files, ImportReport& report, std::string* error) {
    GorPairer pairer(report);
    uint64_t total = 0;
    for (const auto& f : files) {
        struct stat st {};
        if (::stat(f.c_str(), &st) == 0) total += static_cast<uint64_t>(st.st_size);
    }
    uint64_t doneBefore = 0;
    for (const auto& path : files) {
        CompressedFile file;
        if (!file.open(path, error)) return false;
        std::string buf;
        size_t pos = 0;         // start of the current payload in buf
        size_t scan = 0;        // where to resume the separator search
        uint64_t base = 0;      // stream offset of buf[0]
        uint64_t line = 1;      // line number at buf[pos]
        bool skipping = false;  // inside an oversized payload, discarding up to the next separator
        Where skipWhere;
        auto where = [&](size_t at, uint64_t ln) { return Where{path, base + at, ln, {}}; };
        for (;;) {
            const size_t sep = buf.find(kSeparator, scan);
            if (sep != std::string::npos) {
                std::string_view payload(buf.data() + pos, sep - pos);
                if (!payload.empty() && payload.back() == '\n') payload.remove_suffix(1);
                if (!payload.empty() && payload.back() == '\r') payload.remove_suffix(1);
                size_t after = sep + kSeparator.size();
                if (after < buf.size() && buf[after] == '\r') ++after;
                if (after < buf.size() && buf[after] == '\n')
                    ++after;
                else if (after >= buf.size()) {  // the separator's newline may not be read yet
                    std::string ignored;
                    if (file.read(buf, 1, &ignored) > 0) {
                        scan = sep;  // re-find it next round with the byte available
                        continue;
                    }
                }
                if (skipping) {
                    skipping = false;
                } else {
                    std::string_view trimmed = payload;
                    while (!trimmed.empty() && (trimmed.front() == '\n' || trimmed.front() == '\r'))
                        trimmed.remove_prefix(1);
                    const size_t lead = payload.size() - trimmed.size();
                    if (!trimmed.empty()) {
                        const uint64_t ln = line + countLines(payload.substr(0, lead));
                        if (!pairer.add(trimmed, where(pos + lead, ln))) {
                            if (error) *error = report.error();
                            return false;
                        }
                    }
                }
                line += countLines(std::string_view(buf.data() + pos, after - pos));
                pos = scan = after;
                if (pos > (1u << 20) && pos * 2 > buf.size()) {
                    buf.erase(0, pos);
                    base += pos;
                    scan -= pos;
                    pos = 0;
                }
                continue;
            }
            scan = buf.size() >= kSeparator.size() ? std::max(pos, buf.size() - kSeparator.size() + 1) : pos;
            if (!skipping && buf.size() - pos > kMaxPayload) {
                skipWhere = where(pos, line);
                report.input();
                report.problem(skipWhere, "payload larger than " + std::to_string(kMaxPayload >> 20) +
                                              " MiB (or a missing separator): skipped up to the next separator");
                skipping = true;
            }
            if (skipping) {  // keep only a separator's worth of tail
                const size_t keep = std::min(buf.size() - pos, kSeparator.size());
                line += countLines(std::string_view(buf.data() + pos, buf.size() - pos - keep));
                base += buf.size() - keep;
                buf.erase(0, buf.size() - keep);
                pos = scan = 0;
            }
            std::string readError;
            const long n = file.read(buf, 1 << 20, &readError);
            if (report.options().progress) report.options().progress(doneBefore + file.rawOffset(), total);
            if (n > 0) continue;
            std::string_view rest(buf.data() + pos, buf.size() - pos);
            std::string_view trimmed = rest;
            while (!trimmed.empty() && (trimmed.front() == '\n' || trimmed.front() == '\r' || trimmed.front() == ' '))
                trimmed.remove_prefix(1);
            if (n < 0) report.warning(where(buf.size(), 0), readError);
            if (!trimmed.empty() && !skipping) {
                report.input();
                const uint64_t ln = line + countLines(rest.substr(0, rest.size() - trimmed.size()));
                report.problem(where(pos + (rest.size() - trimmed.size()), ln),
                               "truncated record at the end of the file (no separator after it)");
            }
            break;
        }
        struct stat st {};
        if (::stat(path.c_str(), &st) == 0) doneBefore += static_cast<uint64_t>(st.st_size);
    }
    if (!pairer.finish()) {
        if (error) *error = report.error();
        return false;
    }
    return true;
}

bool addGorMiddlewareLine(GorPairer& pairer, ImportReport& report, std::string_view line, uint64_t lineNo) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) return true;
    const Where where{"<stdin>", 0, lineNo, {}};
    if (line.size() % 2) {
        report.input();
        report.problem(where, "bad hex: odd length " + std::to_string(line.size()));
        return true;
    }
    std::string payload;
    payload.resize(line.size() / 2);
    for (size_t i = 0; i < line.size(); i += 2) {
        int v[2];
        for (int k = 0; k < 2; ++k) {
            const char c = line[i + size_t(k)];
            v[k] = (c >= '0' && c <= '9')   ? c - '0'
                   : (c >= 'a' && c <= 'f') ? c - 'a' + 10
                   : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                            : -1;
            if (v[k] < 0) {
                report.input();
                report.problem(where, "bad hex: " + quoted(std::string_view(&c, 1)) + " at column " +
                                          std::to_string(i + size_t(k) + 1));
                return true;
            }
        }
        payload[i / 2] = static_cast<char>(v[0] * 16 + v[1]);
    }
    return pairer.add(payload, where);
}

}  // namespace dt::import
