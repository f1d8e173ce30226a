// SPDX-License-Identifier: MIT
// The diff engine entry points (contract: core/compare.h): error, status, headers, bodies, noise.
//
// Documented behaviour beyond the header:
//  - Volatile headers ignored by default (volatileHeaders()): date, x-request-id, x-correlation-id,
//    request-id, x-trace-id, traceparent, tracestate, x-b3-* (prefix), x-amzn-trace-id,
//    x-amzn-requestid, x-amz-request-id, x-envoy-upstream-service-time, x-runtime, x-response-time,
//    server-timing, age, expires, etag, last-modified, content-length, connection, keep-alive,
//    transfer-encoding, via, server, x-powered-by, set-cookie, cf-ray, x-cache, x-served-by.
//    An entry ending in '*' is a prefix.
//  - Header values compare exactly, as ordered lists per (case-insensitive) name.
//  - A Status difference that no rule absorbs suppresses the body comparison.
//  - Body classes: Empty (0 bytes), Json (valid JSON after an optional UTF-8 BOM), Text (valid UTF-8
//    without NUL), Binary. A body nested deeper than max_depth or holding numbers that do not fit
//    64 bits / a double is treated as text, with a warning (so against a JSON body: TypeChanged).
//  - Text bodies compare line by line: line endings (CRLF vs LF, a final newline) do not count.
//  - Binary previews are "<N bytes sha256:<first 16 hex digits>…>" (SHA-256, compare_sha256.h).
//  - Duplicate object keys: the last occurrence wins.
//  - DiffPolicy::ignoredPath() is asked for body differences (JSON kinds, and TextChanged /
//    BinaryChanged / TypeChanged at ""); headers have header(), statuses statusEquivalent().
//  - Identical bodies are not parsed; only a body with more brackets than max_depth is, to warn.
#include "core/compare/compare.h"

#include <simdjson.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <new>

#include "core/compare/json_compare.h"
#include "core/compare/json_tree.h"
#include "core/compare/text_compare.h"
#include "core/util/sha256.h"
#include "core/util/text.h"

namespace dt {

namespace {

const std::vector<std::string> kVolatileHeaders = {
    "date",
    "x-request-id",
    "x-correlation-id",
    "request-id",
    "x-trace-id",
    "traceparent",
    "tracestate",
    "x-b3-*",
    "x-amzn-trace-id",
    "x-amzn-requestid",
    "x-amz-request-id",
    "x-envoy-upstream-service-time",
    "x-runtime",
    "x-response-time",
    "server-timing",
    "age",
    "expires",
    "etag",
    "last-modified",
    "content-length",
    "connection",
    "keep-alive",
    "transfer-encoding",
    "via",
    "server",
    "x-powered-by",
    "set-cookie",
    "cf-ray",
    "x-cache",
    "x-served-by",
};

struct VolatileIndex {
    std::vector<std::string_view> exact;     // sorted
    std::vector<std::string_view> prefixes;  // without the '*'
    // lengths[c] bit n: an exact name of n bytes (n < 64) starts with c. Most headers of a record
    // are rejected by it without a search.
    std::array<uint64_t, 256> lengths{};
    bool longNames = false;  // an exact name of 64 bytes or more
    VolatileIndex() {
        for (const std::string& h : kVolatileHeaders) {
            if (!h.empty() && h.back() == '*') {
                prefixes.emplace_back(h.data(), h.size() - 1);
            } else {
                exact.emplace_back(h);
                if (h.size() < 64)
                    lengths[static_cast<unsigned char>(h[0])] |= uint64_t(1) << h.size();
                else
                    longNames = true;
            }
        }
        std::sort(exact.begin(), exact.end());
    }
    bool mayBeExact(std::string_view name) const {
        if (name.empty()) return false;
        if (name.size() >= 64) return longNames;
        return (lengths[static_cast<unsigned char>(name[0])] >> name.size()) & 1;
    }
};

const VolatileIndex& volatileIndex() {
    static const VolatileIndex index;
    return index;
}

int ciCompare(std::string_view a, std::string_view b) {
    const size_t n = std::min(a.size(), b.size());
    for (size_t i = 0; i < n; ++i) {
        const char x = lowerAscii(a[i]), y = lowerAscii(b[i]);
        if (x != y) return static_cast<unsigned char>(x) < static_cast<unsigned char>(y) ? -1 : 1;
    }
    return a.size() < b.size() ? -1 : a.size() > b.size() ? 1 : 0;
}

// isVolatileHeader() for a name in any case, without allocating for ordinary names.
bool isVolatileAnyCase(std::string_view name) {
    char buf[96];
    if (name.size() > sizeof buf) return isVolatileHeader(lowercase(name));
    for (size_t i = 0; i < name.size(); ++i) buf[i] = lowerAscii(name[i]);
    return isVolatileHeader(std::string_view(buf, name.size()));
}

enum class ParseOutcome { Json, NotJson, TooDeep, BadNumber };

bool looksLikeJsonNumberOrContainer(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
        s.remove_suffix(1);
    if (s.empty()) return false;
    if (s.front() == '{' || s.front() == '[') return true;
    return std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
    });
}

// `padded`: SIMDJSON_PADDING readable bytes follow the body (a std::string with that much spare
// capacity, see paddedBody()), so simdjson reads it in place instead of copying it first.
ParseOutcome parseBody(simdjson::dom::parser& parser, std::string_view body, simdjson::dom::element& out,
                       bool padded = false) {
    body = stripUtf8Bom(body);
    if (body.empty()) return ParseOutcome::NotJson;
    auto result = parser.parse(body.data(), body.size(), !padded);
    if (!result.error()) {
        out = result.value_unsafe();
        return ParseOutcome::Json;
    }
    switch (result.error()) {
    case simdjson::DEPTH_ERROR: return ParseOutcome::TooDeep;
    case simdjson::NUMBER_ERROR:
    case simdjson::NUMBER_OUT_OF_RANGE: {
        // Integers beyond 64 bits, 1e400: kept as tagged numbers (json_tree.h), still JSON.
        thread_local std::string preserved;
        if (preserveBigNumbers(body, preserved)) {
            auto again = parser.parse(preserved.data(), preserved.size(), true);
            if (!again.error()) {
                out = again.value_unsafe();
                return ParseOutcome::Json;
            }
            if (again.error() == simdjson::DEPTH_ERROR) return ParseOutcome::TooDeep;
        }
        return looksLikeJsonNumberOrContainer(body) ? ParseOutcome::BadNumber : ParseOutcome::NotJson;
    }
    default: return ParseOutcome::NotJson;
    }
}

bool paddedBody(const std::string& body) { return body.capacity() - body.size() >= simdjson::SIMDJSON_PADDING; }

BodyKind classifyNonJson(std::string_view body) {
    if (body.empty()) return BodyKind::Empty;
    return isUtf8Text(body) ? BodyKind::Text : BodyKind::Binary;
}

std::string joinValues(const std::vector<std::string_view>& values) {
    std::string out;
    for (size_t i = 0; i < values.size(); ++i) {
        if (i) out += ", ";
        out += values[i];
    }
    return out;
}

}  // namespace

const std::vector<std::string>& volatileHeaders() { return kVolatileHeaders; }

bool isVolatileHeader(std::string_view lowercaseName) {
    const VolatileIndex& index = volatileIndex();
    if (index.mayBeExact(lowercaseName) && std::binary_search(index.exact.begin(), index.exact.end(), lowercaseName))
        return true;
    for (std::string_view p : index.prefixes)
        if (lowercaseName.size() >= p.size() && lowercaseName.compare(0, p.size(), p) == 0) return true;
    return false;
}

BodyKind classifyBody(std::string_view body) {
    if (body.empty()) return BodyKind::Empty;
    thread_local simdjson::dom::parser parser;
    simdjson::dom::element root;
    if (parseBody(parser, body, root) == ParseOutcome::Json) return BodyKind::Json;
    return classifyNonJson(body);
}

// ---------------------------------------------------------------------------------------------

struct Comparer::Impl {
    struct HeaderRef {
        std::string_view name;
        std::string_view value;
        uint32_t index;
    };

    CompareOptions options;
    simdjson::dom::parser primaryParser;
    simdjson::dom::parser candidateParser;
    JsonComparer json;
    std::vector<HeaderRef> headersA, headersB;

    explicit Impl(const CompareOptions& o) : options(o) {
        if (options.max_depth < 1) options.max_depth = 1;
        // Capacity grows on demand; the depth limit is kept by later reallocations.
        if (primaryParser.allocate(4096, options.max_depth) != simdjson::SUCCESS ||
            candidateParser.allocate(4096, options.max_depth) != simdjson::SUCCESS)
            throw std::bad_alloc();
    }

    void emitBody(CompareResult& r, DiffKind kind, std::string p, std::string c, const DiffPolicy* policy,
                  const std::string* ruleId = nullptr) {
        Difference d{kind, "", "", std::move(p), std::move(c), {}, ValueClass::None, {}};
        d.cls = kind == DiffKind::TextChanged     ? ValueClass::Text
                : kind == DiffKind::BinaryChanged ? ValueClass::Binary
                                                  : ValueClass::TypeChanged;
        if (ruleId) {
            d.rule_id = *ruleId;
            r.absorbed.push_back(std::move(d));
            return;
        }
        if (policy) {
            if (auto rule = policy->ignoredPath("", "")) {
                d.rule_id = std::move(*rule);
                r.absorbed.push_back(std::move(d));
                return;
            }
        }
        r.differences.push_back(std::move(d));
    }

    std::string bodyPreview(std::string_view body, BodyKind kind) const {
        if (kind == BodyKind::Binary) return binarySummary(body);
        return truncatePreview(body, options.preview_bytes);
    }

    void warnFallback(CompareResult& r, const char* side, ParseOutcome o) const {
        if (o == ParseOutcome::TooDeep)
            r.warnings.push_back(std::string(side) + " body: JSON nested deeper than " +
                                 std::to_string(options.max_depth) + " levels, compared as text");
        else if (o == ParseOutcome::BadNumber)
            r.warnings.push_back(std::string(side) +
                                 " body: JSON number out of 64-bit range or malformed, compared as text");
    }

    void compareText(CompareResult& r, std::string_view p, std::string_view c, const DiffPolicy* policy) {
        std::string lineA, lineB;
        if (policy) {
            if (auto rule = policy->text()) {
                const std::string np = normalizeText(p, *rule), nc = normalizeText(c, *rule);
                if (!firstDifferingLines(np, nc, lineA, lineB)) {
                    firstDifferingLines(p, c, lineA, lineB);
                    if (lineA.empty() && lineB.empty()) return;  // only line endings differ: no difference at all
                    emitBody(r, DiffKind::TextChanged, truncatePreview(lineA, options.preview_bytes),
                             truncatePreview(lineB, options.preview_bytes), policy, &rule->rule_id);
                    return;
                }
                emitBody(r, DiffKind::TextChanged, truncatePreview(lineA, options.preview_bytes),
                         truncatePreview(lineB, options.preview_bytes), policy);
                return;
            }
        }
        if (!firstDifferingLines(p, c, lineA, lineB)) return;
        emitBody(r, DiffKind::TextChanged, truncatePreview(lineA, options.preview_bytes),
                 truncatePreview(lineB, options.preview_bytes), policy);
    }

    // Identical bodies are not parsed, except to report JSON deeper than the limit: only a body with
    // more brackets than max_depth can be too deep, so the count is checked first.
    void warnIdenticalTooDeep(CompareResult& r, std::string_view body) {
        size_t brackets = 0;
        for (char ch : body) brackets += (ch == '[') | (ch == '{');
        if (brackets <= options.max_depth) return;
        simdjson::dom::element root;
        const ParseOutcome o = parseBody(primaryParser, body, root);
        warnFallback(r, "primary", o);
        warnFallback(r, "candidate", o);
    }

    // pPadded / cPadded: see parseBody().
    void compareBodies(CompareResult& r, std::string_view p, std::string_view c, const DiffPolicy* policy,
                       bool pPadded = false, bool cPadded = false) {
        if (p == c) {
            warnIdenticalTooDeep(r, p);
            return;
        }
        simdjson::dom::element ea, eb;
        const ParseOutcome oa = parseBody(primaryParser, p, ea, pPadded);
        const ParseOutcome ob = parseBody(candidateParser, c, eb, cPadded);
        if (oa == ParseOutcome::Json && ob == ParseOutcome::Json) {
            if (!json.equal(ea, eb)) json.diff(ea, eb, policy, options.preview_bytes, r);
            return;
        }
        warnFallback(r, "primary", oa);
        warnFallback(r, "candidate", ob);
        // A side that could not be parsed as JSON (too deep, numbers out of range) is text.
        const BodyKind ka = oa == ParseOutcome::Json ? BodyKind::Json : classifyNonJson(p);
        const BodyKind kb = ob == ParseOutcome::Json ? BodyKind::Json : classifyNonJson(c);
        if ((ka == BodyKind::Json) != (kb == BodyKind::Json)) {
            emitBody(r, DiffKind::TypeChanged, bodyPreview(p, ka), bodyPreview(c, kb), policy);
        } else if (ka == BodyKind::Binary || kb == BodyKind::Binary) {
            emitBody(r, DiffKind::BinaryChanged, binarySummary(p), binarySummary(c), policy);
        } else {
            compareText(r, p, c, policy);
        }
    }

    void collectHeaders(const Headers& headers, std::vector<HeaderRef>& out) {
        out.clear();
        uint32_t i = 0;
        for (const auto& [name, value] : headers) {
            if (!isVolatileAnyCase(name)) out.push_back({name, value, i});
            ++i;
        }
        std::sort(out.begin(), out.end(), [](const HeaderRef& x, const HeaderRef& y) {
            const int c = ciCompare(x.name, y.name);
            return c < 0 || (c == 0 && x.index < y.index);
        });
    }

    void headerDifference(CompareResult& r, std::string_view name, size_t a0, size_t a1, size_t b0, size_t b1,
                          const DiffPolicy* policy) {
        std::vector<std::string_view> va, vb;
        for (size_t i = a0; i < a1; ++i) va.push_back(headersA[i].value);
        for (size_t j = b0; j < b1; ++j) vb.push_back(headersB[j].value);
        Difference d;
        d.kind = DiffKind::Header;
        d.path = lowercase(name);
        d.generalized = d.path;
        if (options.preview_bytes) {  // 0: no previews (see JsonComparer::preview)
            d.primary = truncatePreview(joinValues(va), options.preview_bytes);
            d.candidate = truncatePreview(joinValues(vb), options.preview_bytes);
        }
        {
            ClassResult cls = classifyHeader(joinValues(va), a1 > a0, joinValues(vb), b1 > b0);
            d.cls = cls.cls;
            d.cls_param = std::move(cls.param);
        }
        if (policy) {
            if (auto rule = policy->acceptClass(DiffKind::Header, d.path, d.path, d.cls, d.cls_param)) {
                d.rule_id = std::move(*rule);
                r.absorbed.push_back(std::move(d));
                return;
            }
            if (auto rule = policy->header(d.path)) {
                const bool bothPresent = a1 > a0 && b1 > b0;
                if (!rule->presence_only || bothPresent) {
                    d.rule_id = rule->rule_id;
                    r.absorbed.push_back(std::move(d));
                    return;
                }
            }
        }
        r.differences.push_back(std::move(d));
    }

    void compareHeaders(CompareResult& r, const Headers& a, const Headers& b, const DiffPolicy* policy) {
        // Fast path: same names in the same order (the usual case), values equal unless volatile.
        if (a.size() == b.size()) {
            bool same = true;
            for (size_t i = 0; same && i < a.size(); ++i)
                same = a[i].first == b[i].first && (a[i].second == b[i].second || isVolatileAnyCase(a[i].first));
            if (same) return;
        }
        collectHeaders(a, headersA);
        collectHeaders(b, headersB);
        size_t i = 0, j = 0;
        const size_t na = headersA.size(), nb = headersB.size();
        while (i < na || j < nb) {
            int order;
            if (i >= na)
                order = 1;
            else if (j >= nb)
                order = -1;
            else
                order = ciCompare(headersA[i].name, headersB[j].name);
            size_t gi = i, gj = j;
            if (order <= 0)
                while (gi < na && ciCompare(headersA[gi].name, headersA[i].name) == 0) ++gi;
            if (order >= 0)
                while (gj < nb && ciCompare(headersB[gj].name, headersB[j].name) == 0) ++gj;
            bool same = order == 0 && gi - i == gj - j;
            for (size_t k = 0; same && k < gi - i; ++k) same = headersA[i + k].value == headersB[j + k].value;
            if (!same) headerDifference(r, order <= 0 ? headersA[i].name : headersB[j].name, i, gi, j, gj, policy);
            i = gi;
            j = gj;
        }
    }

    static void finish(CompareResult& r) {
        auto byPathKind = [](const Difference& x, const Difference& y) {
            const int c = x.path.compare(y.path);
            return c < 0 || (c == 0 && x.kind < y.kind);
        };
        auto samePathKind = [](const Difference& x, const Difference& y) {
            return x.path == y.path && x.kind == y.kind;
        };
        for (auto* v : {&r.differences, &r.absorbed}) {
            if (v->size() < 2) continue;
            if (v->size() <= 32) {
                // Insertion sort (stable, as stable_sort, which would allocate a buffer per record).
                for (size_t i = 1; i < v->size(); ++i) {
                    if (!byPathKind((*v)[i], (*v)[i - 1])) continue;
                    Difference moving = std::move((*v)[i]);
                    size_t j = i;
                    for (; j > 0 && byPathKind(moving, (*v)[j - 1]); --j) (*v)[j] = std::move((*v)[j - 1]);
                    (*v)[j] = std::move(moving);
                }
            } else {
                std::stable_sort(v->begin(), v->end(), byPathKind);
            }
            v->erase(std::unique(v->begin(), v->end(), samePathKind), v->end());
        }
    }
};

Comparer::Comparer(CompareOptions options) : m_impl(std::make_unique<Impl>(options)) {}
Comparer::~Comparer() = default;

CompareResult Comparer::compare(const Response& primary, const Response& candidate, const DiffPolicy* policy) {
    CompareResult r;
    Impl& m = *m_impl;
    if (candidate.error) {
        r.differences.push_back({DiffKind::CandidateError,
                                 "",
                                 "",
                                 "",
                                 truncatePreview(*candidate.error, m.options.preview_bytes),
                                 {},
                                 ValueClass::CandidateError,
                                 {}});
        return r;
    }
    if (primary.error) r.warnings.push_back("primary failed to answer: " + *primary.error);
    bool compareBody = true;
    if (primary.status && candidate.status && *primary.status != *candidate.status) {
        Difference d{
            DiffKind::Status,          "", "", std::to_string(*primary.status), std::to_string(*candidate.status), {},
            ValueClass::StatusChanged, {}};
        std::optional<std::string> rule;
        if (policy) rule = policy->statusEquivalent(*primary.status, *candidate.status);
        if (rule) {
            d.rule_id = std::move(*rule);
            r.absorbed.push_back(std::move(d));
        } else {
            // An error page vs a resource would only split one root cause into many groups.
            r.differences.push_back(std::move(d));
            compareBody = false;
        }
    }
    if (m.options.compare_headers) m.compareHeaders(r, primary.headers, candidate.headers, policy);
    if (compareBody)
        m.compareBodies(r, primary.body, candidate.body, policy, paddedBody(primary.body), paddedBody(candidate.body));
    Impl::finish(r);
    return r;
}

CompareResult Comparer::compareBodies(std::string_view primary, std::string_view candidate, const DiffPolicy* policy) {
    CompareResult r;
    m_impl->compareBodies(r, primary, candidate, policy);
    Impl::finish(r);
    return r;
}

bool Comparer::bodiesEqual(std::string_view primary, std::string_view candidate) {
    if (primary == candidate) return true;
    Impl& m = *m_impl;
    simdjson::dom::element ea, eb;
    if (parseBody(m.primaryParser, primary, ea) != ParseOutcome::Json) return false;
    if (parseBody(m.candidateParser, candidate, eb) != ParseOutcome::Json) return false;
    return m.json.equal(ea, eb);
}

// ---------------------------------------------------------------------------------------------

size_t removeNoise(CompareResult& result, const CompareResult& primaryVsSecondary) {
    std::vector<std::string_view> bodyPaths, headerNames;
    bool status = false, textOrBinary = false;
    for (const Difference& n : primaryVsSecondary.differences) {
        if (isBodyKind(n.kind))
            bodyPaths.push_back(n.path);
        else if (n.kind == DiffKind::Header)
            headerNames.push_back(n.path);
        else if (n.kind == DiffKind::Status)
            status = true;
        else if (n.kind == DiffKind::TextChanged || n.kind == DiffKind::BinaryChanged)
            textOrBinary = true;
    }
    if (bodyPaths.empty() && headerNames.empty() && !status && !textOrBinary) return 0;
    std::sort(bodyPaths.begin(), bodyPaths.end());
    std::sort(headerNames.begin(), headerNames.end());
    auto has = [](const std::vector<std::string_view>& v, std::string_view s) {
        return std::binary_search(v.begin(), v.end(), s);
    };
    // True when `path` is at or below a noisy path: look up each ancestor of `path` (and itself).
    auto noisyBody = [&](std::string_view path) {
        if (bodyPaths.empty()) return false;
        if (has(bodyPaths, "")) return true;
        size_t pos = 1;
        while (pos <= path.size()) {
            const size_t slash = path.find('/', pos);
            const std::string_view prefix = path.substr(0, slash);
            if (has(bodyPaths, prefix)) return true;
            if (slash == std::string_view::npos) break;
            pos = slash + 1;
        }
        return false;
    };
    const size_t before = result.differences.size();
    std::erase_if(result.differences, [&](const Difference& d) {
        if (isBodyKind(d.kind)) return noisyBody(d.path);
        if (d.kind == DiffKind::Header) return has(headerNames, d.path);
        if (d.kind == DiffKind::Status) return status;
        if (d.kind == DiffKind::TextChanged || d.kind == DiffKind::BinaryChanged) return textOrBinary;
        return false;
    });
    return before - result.differences.size();
}

}  // namespace dt
