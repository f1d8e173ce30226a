// SPDX-License-Identifier: MIT
// JSON -> Record, shared by the JSONL and SQLite readers. See record_parse.h and
// ../shared/spec/diff-store.md. Liberal in what it accepts (aliases, header shapes, numeric
// strings, bodies given as JSON), precise in what it reports ("invalid primary.status: ...").
#include "core/store/record_parse.h"
#include "core/util/json_message.h"

#include "core/util/text.h"

#include <nlohmann/json.hpp>

#include <charconv>
#include <climits>
#include <cmath>
#include <cstring>

#include "core/util/base64.h"

namespace dt::detail {
namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

constexpr size_t kShrinkParserAbove = size_t(64) << 20;

const char* typeName(element v) {
    switch (v.type()) {
    case element_type::ARRAY: return "an array";
    case element_type::OBJECT: return "an object";
    case element_type::INT64:
    case element_type::UINT64:
    case element_type::DOUBLE: return "a number";
    case element_type::STRING: return "a string";
    case element_type::BOOL: return "a boolean";
    case element_type::NULL_VALUE: return "null";
    }
    return "a value";
}

bool fail(std::string& reason, std::string_view what, std::string_view expected, element v) {
    reason = "invalid ";
    reason += what;
    reason += ": expected ";
    reason += expected;
    reason += ", found ";
    reason += typeName(v);
    return false;
}

bool missing(std::string& reason, std::string_view field) {
    reason = "missing required field \"";
    reason += field;
    reason += '"';
    return false;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

class ErrorSax : public nlohmann::json_sax<nlohmann::json> {
public:
    size_t byte = 0;
    std::string message;
    bool null() override { return true; }
    bool boolean(bool) override { return true; }
    bool number_integer(number_integer_t) override { return true; }
    bool number_unsigned(number_unsigned_t) override { return true; }
    bool number_float(number_float_t, const string_t&) override { return true; }
    bool string(string_t&) override { return true; }
    bool binary(binary_t&) override { return true; }
    bool start_object(std::size_t) override { return true; }
    bool key(string_t&) override { return true; }
    bool end_object() override { return true; }
    bool start_array(std::size_t) override { return true; }
    bool end_array() override { return true; }
    bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& ex) override {
        byte = position;
        message = ex.what();
        return false;
    }
};

bool bodyFromJson(const element* body, const element* b64, std::string& out, std::string_view side,
                  std::string& reason) {
    if (b64 && !b64->is_null()) {
        std::string_view s;
        if (b64->get_string().get(s)) return fail(reason, std::string(side) + ".body_base64", "a string", *b64);
        if (!base64Decode(s, out)) {
            reason = "invalid ";
            reason += side;
            reason += ".body_base64: not valid base64";
            return false;
        }
        return true;
    }
    out.clear();
    if (!body || body->is_null()) return true;
    if (body->type() == element_type::STRING) {
        std::string_view s;
        s = body->get_string().value_unsafe();
        // Spare capacity for simdjson's padding: the diff engine then parses the body in place.
        if (out.capacity() < s.size() + simdjson::SIMDJSON_PADDING) out.reserve(s.size() + simdjson::SIMDJSON_PADDING);
        out.assign(s.data(), s.size());
    } else {
        out = jsonText(*body);  // a body given as a JSON object/array/number: its minified text
    }
    return true;
}

bool stringField(element v, std::string& out, std::string_view what, std::string& reason) {
    std::string_view s;
    if (v.get_string().get(s)) return fail(reason, what, "a string", v);
    out.assign(s.data(), s.size());
    return true;
}

// "<side>.<field>" for error messages, built on the stack: a record's sides are read on the hot path,
// and the name is needed only when a field is bad.
class FieldName {
public:
    FieldName(std::string_view side, std::string_view field) {
        if (side.size() + 1 + field.size() > sizeof m_buf) {
            m_long.reserve(side.size() + 1 + field.size());
            m_long.append(side).append(1, '.').append(field);
            m_view = m_long;
            return;
        }
        std::memcpy(m_buf, side.data(), side.size());
        m_buf[side.size()] = '.';
        std::memcpy(m_buf + side.size() + 1, field.data(), field.size());
        m_view = std::string_view(m_buf, side.size() + 1 + field.size());
    }
    FieldName(const FieldName&) = delete;
    FieldName& operator=(const FieldName&) = delete;
    operator std::string_view() const { return m_view; }

private:
    char m_buf[48];
    std::string m_long;
    std::string_view m_view;
};

bool responseFromJson(element v, Response& r, std::string_view side, std::string& reason) {
    simdjson::dom::object obj;
    if (v.get_object().get(obj)) return fail(reason, side, "an object", v);
    const element* status = nullptr;
    const element* headers = nullptr;
    const element* body = nullptr;
    const element* b64 = nullptr;
    const element* latency = nullptr;
    const element* error = nullptr;
    const element* state = nullptr;
    element slots[7];
    for (const auto& field : obj) {
        const std::string_view k = field.key;
        if (k == "status") {
            slots[0] = field.value;
            status = &slots[0];
        } else if (k == "headers") {
            slots[1] = field.value;
            headers = &slots[1];
        } else if (k == "body") {
            slots[2] = field.value;
            body = &slots[2];
        } else if (k == "body_base64") {
            slots[3] = field.value;
            b64 = &slots[3];
        } else if (k == "latency_ms") {
            slots[4] = field.value;
            latency = &slots[4];
        } else if (k == "error") {
            slots[5] = field.value;
            error = &slots[5];
        } else if (k == "state") {
            slots[6] = field.value;
            state = &slots[6];
        }
    }
    r.present = true;
    if (status) {
        if (!statusFromJson(*status, r.status, FieldName(side, "status"), reason)) return false;
    } else {
        r.status.reset();
    }
    if (headers) {
        if (!headersFromJson(*headers, r.headers, FieldName(side, "headers"), reason)) return false;
    } else {
        r.headers.clear();
    }
    if (!bodyFromJson(body, b64, r.body, side, reason)) return false;
    if (latency) {
        if (!numberFromJson(*latency, r.latency_ms, FieldName(side, "latency_ms"), reason)) return false;
    } else {
        r.latency_ms.reset();
    }
    if (error && !error->is_null()) {
        if (!r.error) r.error.emplace();
        r.error->clear();
        appendScalarText(*error, *r.error);
    } else {
        r.error.reset();
    }
    r.has_state_before = false;
    r.state_before.clear();
    r.state_after.clear();
    if (state && !stateFromJson(*state, r, FieldName(side, "state"), reason)) return false;
    return true;
}

bool requestFromJson(element v, Request& q, std::string& reason) {
    simdjson::dom::object obj;
    if (v.get_object().get(obj)) return fail(reason, "request", "an object", v);
    const element* method = nullptr;
    const element* url = nullptr;
    const element* headers = nullptr;
    const element* body = nullptr;
    const element* b64 = nullptr;
    element slots[5];
    for (const auto& field : obj) {
        const std::string_view k = field.key;
        if (field.value.is_null()) continue;
        if (k == "method") {
            slots[0] = field.value;
            method = &slots[0];
        } else if (k == "url") {
            slots[1] = field.value;
            url = &slots[1];
        } else if (k == "headers") {
            slots[2] = field.value;
            headers = &slots[2];
        } else if (k == "body") {
            slots[3] = field.value;
            body = &slots[3];
        } else if (k == "body_base64") {
            slots[4] = field.value;
            b64 = &slots[4];
        }
    }
    if (!method) return missing(reason, "request.method");
    if (!stringField(*method, q.method, "request.method", reason)) return false;
    if (!url) return missing(reason, "request.url");
    if (!stringField(*url, q.url, "request.url", reason)) return false;
    if (headers) {
        if (!headersFromJson(*headers, q.headers, "request.headers", reason)) return false;
    } else {
        q.headers.clear();
    }
    return bodyFromJson(body, b64, q.body, "request", reason);
}

}  // namespace

bool isValidUtf8(std::string_view s) { return simdjson::validate_utf8(s.data(), s.size()); }

bool repairUtf8(std::string_view in, std::string& out) {
    if (isValidUtf8(in)) return false;  // simdjson's validator: the fast path for the common case
    return dt::repairUtf8(in, out);
}

simdjson::error_code parseJsonText(simdjson::dom::parser& parser, std::string& scratch, std::string_view text,
                                   element& out, std::string* reason) {
    scratch.reserve(text.size() + simdjson::SIMDJSON_PADDING);
    scratch.assign(text.data(), text.size());
    auto result = parser.parse(scratch.data(), scratch.size(), false);
    if (result.error() == simdjson::UTF8_ERROR && repairUtf8(text, scratch)) {
        scratch.reserve(scratch.size() + simdjson::SIMDJSON_PADDING);
        result = parser.parse(scratch.data(), scratch.size(), false);
    }
    if (result.error()) {
        if (reason) *reason = describeJsonError(scratch, result.error());
        return result.error();
    }
    out = result.value_unsafe();
    return simdjson::SUCCESS;
}

std::string describeJsonError(std::string_view text, simdjson::error_code err) {
    // NUL bytes: the JSON parsers see an early "end of input"; say what is really there.
    if (const size_t nul = text.find('\0'); nul != std::string_view::npos) {
        if (text.find_first_not_of(std::string_view("\0 \t\r\n", 5)) == std::string_view::npos)
            return "the line holds only NUL bytes (" + std::to_string(text.size()) +
                   " bytes of zeros, e.g. a block of the file that was never written)";
        return "invalid JSON at byte " + std::to_string(nul) + ": a NUL byte (zero), which JSON text cannot contain";
    }
    ErrorSax sax;
    const bool ok = nlohmann::json::sax_parse(text.begin(), text.end(), &sax);
    std::string reason;
    if (!ok && !sax.message.empty()) {
        reason = "invalid JSON at byte " + std::to_string(sax.byte) + ": " + plainJsonMessage(sax.message);
    } else if (err == simdjson::EMPTY) {
        reason = "invalid JSON: empty line";
    } else {
        reason = std::string("invalid JSON: ") + simdjson::error_message(err);
    }
    return reason;
}

std::string sniffId(std::string_view line) {
    if (line.size() > (size_t(64) << 10)) line = line.substr(0, size_t(64) << 10);
    size_t from = 0;
    for (;;) {
        const size_t at = line.find("\"id\"", from);
        if (at == std::string_view::npos) return "";
        from = at + 4;
        size_t p = from;
        while (p < line.size() && (line[p] == ' ' || line[p] == '\t')) ++p;
        if (p >= line.size() || line[p] != ':') continue;
        ++p;
        while (p < line.size() && (line[p] == ' ' || line[p] == '\t')) ++p;
        if (p >= line.size()) return "";
        if (line[p] == '"') {
            const size_t start = p + 1;
            size_t end = start;
            while (end < line.size() && line[end] != '"' && line[end] != '\\' && end - start < 256) ++end;
            if (end < line.size() && line[end] == '"') return std::string(line.substr(start, end - start));
            return "";
        }
        size_t end = p;
        while (end < line.size() && end - p < 32 && ((line[end] >= '0' && line[end] <= '9') || line[end] == '-')) ++end;
        return std::string(line.substr(p, end - p));
    }
}

std::string jsonText(element v) { return simdjson::minify(v); }

void appendScalarText(element v, std::string& out) {
    if (v.type() == element_type::STRING) {
        std::string_view s;
        s = v.get_string().value_unsafe();
        out.append(s.data(), s.size());
    } else {
        out += simdjson::minify(v);
    }
}

namespace {
inline void putPair(std::vector<std::pair<std::string, std::string>>& out, size_t& n, std::string_view name,
                    element value, bool unquote) {
    if (n == out.size()) out.emplace_back();
    auto& slot = out[n++];
    slot.first.assign(name.data(), name.size());
    slot.second.clear();
    if (unquote)
        appendScalarText(value, slot.second);
    else
        slot.second = simdjson::minify(value);
}
}  // namespace

bool headersFromJson(element v, Headers& out, std::string_view what, std::string& reason) {
    size_t n = 0;
    if (v.is_null()) {
        out.clear();
        return true;
    }
    if (v.type() == element_type::OBJECT) {
        simdjson::dom::object obj;
        obj = v.get_object().value_unsafe();
        for (const auto& field : obj) {
            if (field.value.type() == element_type::ARRAY) {
                simdjson::dom::array arr;
                arr = field.value.get_array().value_unsafe();
                for (element item : arr)
                    if (!item.is_null()) putPair(out, n, field.key, item, true);
            } else if (!field.value.is_null()) {
                putPair(out, n, field.key, field.value, true);
            }
        }
    } else if (v.type() == element_type::ARRAY) {
        // Also accepted: [["Name","value"], ...] and [{"name":"Name","value":"v"}, ...].
        simdjson::dom::array arr;
        arr = v.get_array().value_unsafe();
        for (element item : arr) {
            std::string_view name;
            element value;
            if (item.type() == element_type::ARRAY) {
                simdjson::dom::array pair;
                pair = item.get_array().value_unsafe();
                if (pair.size() != 2 || pair.at(0).get_string().get(name)) return fail(reason, what, "an object", v);
                value = pair.at(1).value_unsafe();
            } else if (item.type() == element_type::OBJECT) {
                if (item["name"].get_string().get(name) || item["value"].get(value))
                    return fail(reason, what, "an object", v);
            } else {
                return fail(reason, what, "an object", v);
            }
            if (!value.is_null()) putPair(out, n, name, value, true);
        }
    } else {
        return fail(reason, what, "an object", v);
    }
    out.resize(n);
    return true;
}

bool flatObjectFromJson(element v, FlatObject& out, bool unquote, std::string_view what, std::string& reason) {
    if (v.is_null()) {
        out.clear();
        return true;
    }
    simdjson::dom::object obj;
    if (v.get_object().get(obj)) return fail(reason, what, "an object", v);
    size_t n = 0;
    for (const auto& field : obj) putPair(out, n, field.key, field.value, unquote);
    out.resize(n);
    return true;
}

bool stateFromJson(element v, Response& out, std::string_view what, std::string& reason) {
    out.has_state_before = false;
    out.state_before.clear();
    out.state_after.clear();
    if (v.is_null()) return true;
    simdjson::dom::object obj;
    if (v.get_object().get(obj)) return fail(reason, what, "an object", v);
    for (const auto& field : obj) {
        if (field.value.is_null()) continue;
        if (field.key == "before") {
            if (!flatObjectFromJson(field.value, out.state_before, false, FieldName(what, "before"), reason))
                return false;
            out.has_state_before = true;
        } else if (field.key == "after") {
            if (!flatObjectFromJson(field.value, out.state_after, false, FieldName(what, "after"), reason))
                return false;
        }
    }
    return true;
}

std::optional<int> statusFromText(std::string_view s) {
    s = trim(s);
    int v = 0;
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size() || s.empty()) return std::nullopt;
    return v;
}

std::optional<double> numberFromText(std::string_view s) {
    s = trim(s);
    double v = 0;
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size() || s.empty() || !std::isfinite(v)) return std::nullopt;
    return v;
}

bool statusFromJson(element v, std::optional<int>& out, std::string_view what, std::string& reason) {
    out.reset();
    switch (v.type()) {
    case element_type::NULL_VALUE: return true;
    case element_type::INT64: {
        int64_t x = 0;
        x = v.get_int64().value_unsafe();
        if (x < INT_MIN || x > INT_MAX) break;
        out = static_cast<int>(x);
        return true;
    }
    case element_type::DOUBLE: {
        double d = 0;
        d = v.get_double().value_unsafe();
        if (d != std::floor(d) || d < INT_MIN || d > INT_MAX) break;
        out = static_cast<int>(d);
        return true;
    }
    case element_type::STRING: {
        std::string_view s;
        s = v.get_string().value_unsafe();
        if (trim(s).empty()) return true;
        out = statusFromText(s);
        if (out) return true;
        break;
    }
    default: break;
    }
    return fail(reason, what, "an integer", v);
}

bool numberFromJson(element v, std::optional<double>& out, std::string_view what, std::string& reason) {
    out.reset();
    switch (v.type()) {
    case element_type::NULL_VALUE: return true;
    case element_type::INT64:
    case element_type::UINT64:
    case element_type::DOUBLE: {
        double d = 0;
        d = v.get_double().value_unsafe();
        out = d;
        return true;
    }
    case element_type::STRING: {
        std::string_view s;
        s = v.get_string().value_unsafe();
        if (trim(s).empty()) return true;
        out = numberFromText(s);
        if (out) return true;
        break;
    }
    default: break;
    }
    return fail(reason, what, "a number", v);
}

std::string tsFromEpochNumber(double v) {
    const double ms = std::fabs(v) > 1e11 ? v : v * 1000.0;
    return formatTimestampMs(static_cast<int64_t>(std::llround(ms)));
}

void resetResponse(Response& r) {
    r.present = false;
    r.status.reset();
    r.headers.clear();
    r.body.clear();
    r.latency_ms.reset();
    r.error.reset();
    r.has_state_before = false;
    r.state_before.clear();
    r.state_after.clear();
}

void resetRecord(Record& r) {
    r.id.clear();
    r.ts.clear();
    r.endpoint.clear();
    r.request.method.clear();
    r.request.url.clear();
    r.request.headers.clear();
    r.request.body.clear();
    resetResponse(r.primary);
    resetResponse(r.candidate);
    resetResponse(r.secondary);
    r.tags.clear();
    r.weight = 1.0;
}

bool recordFromJson(element root, Record& out, std::string& reason) {
    simdjson::dom::object obj;
    out.id.clear();
    if (root.get_object().get(obj)) {
        reason = std::string("not a record: expected a JSON object, found ") + typeName(root);
        return false;
    }
    enum Slot { Id, Ts, Request, Primary, Candidate, Secondary, Endpoint, Tags, Weight, SlotCount };
    element slots[SlotCount];
    bool have[SlotCount] = {};
    int primaryRank = 99, candidateRank = 99;
    std::string_view primaryKey = "primary", candidateKey = "candidate";
    for (const auto& field : obj) {
        const std::string_view k = field.key;
        if (field.value.is_null()) continue;  // null == absent
        int slot = -1, rank = 0;
        if (k == "id")
            slot = Id;
        else if (k == "ts")
            slot = Ts;
        else if (k == "request")
            slot = Request;
        else if (k == "candidate")
            slot = Candidate;
        else if (k == "primary")
            slot = Primary;
        else if (k == "secondary")
            slot = Secondary;
        else if (k == "endpoint")
            slot = Endpoint;
        else if (k == "tags")
            slot = Tags;
        else if (k == "weight")
            slot = Weight;
        else if (k == "python_response") {
            slot = Primary;
            rank = 1;
        } else if (k == "control") {
            slot = Primary;
            rank = 2;
        } else if (k == "baseline") {
            slot = Primary;
            rank = 3;
        } else if (k == "legacy") {
            slot = Primary;
            rank = 4;
        } else if (k == "shadow") {
            slot = Candidate;
            rank = 1;
        } else if (k == "go_response") {
            slot = Candidate;
            rank = 2;
        } else if (k == "experiment") {
            slot = Candidate;
            rank = 3;
        }
        if (slot < 0) continue;  // unknown fields are ignored
        if (slot == Primary) {
            if (rank >= primaryRank) continue;
            primaryRank = rank;
            primaryKey = k;
        } else if (slot == Candidate) {
            if (rank >= candidateRank) continue;
            candidateRank = rank;
            candidateKey = k;
        }
        slots[slot] = field.value;
        have[slot] = true;
    }

    if (!have[Id]) return missing(reason, "id");
    if (slots[Id].type() == element_type::STRING) {
        std::string_view s;
        s = slots[Id].get_string().value_unsafe();
        out.id.assign(s.data(), s.size());
    } else if (slots[Id].is_number()) {
        out.id = simdjson::minify(slots[Id]);
    } else {
        return fail(reason, "id", "a string", slots[Id]);
    }
    if (out.id.empty()) return missing(reason, "id");

    if (!have[Ts]) return missing(reason, "ts");
    if (slots[Ts].is_number()) {
        double d = 0;
        d = slots[Ts].get_double().value_unsafe();
        out.ts = tsFromEpochNumber(d);
    } else if (!stringField(slots[Ts], out.ts, "ts", reason)) {
        return false;
    } else if (!out.ts.empty() && out.ts[0] >= '0' && out.ts[0] <= '9' && out.ts.size() < 24) {
        if (const auto epoch = numberFromText(out.ts)) out.ts = tsFromEpochNumber(*epoch);  // "1795168800"
    }

    if (!have[Request]) return missing(reason, "request");
    if (!requestFromJson(slots[Request], out.request, reason)) return false;

    if (!have[Primary]) return missing(reason, "primary");
    if (!responseFromJson(slots[Primary], out.primary, primaryKey, reason)) return false;
    if (!have[Candidate]) return missing(reason, "candidate");
    if (!responseFromJson(slots[Candidate], out.candidate, candidateKey, reason)) return false;
    if (have[Secondary]) {
        if (!responseFromJson(slots[Secondary], out.secondary, "secondary", reason)) return false;
    } else {
        resetResponse(out.secondary);
    }

    if (have[Endpoint]) {
        if (!stringField(slots[Endpoint], out.endpoint, "endpoint", reason)) return false;
    } else {
        out.endpoint.clear();
    }
    if (have[Tags]) {
        if (!flatObjectFromJson(slots[Tags], out.tags, true, "tags", reason)) return false;
    } else {
        out.tags.clear();
    }
    out.weight = 1.0;
    if (have[Weight]) {
        std::optional<double> w;
        if (!numberFromJson(slots[Weight], w, "weight", reason)) return false;
        if (w && (*w < 0 || !std::isfinite(*w))) {
            reason = "invalid weight: must be a number >= 0";
            return false;
        }
        if (w) out.weight = *w;
    }
    return true;
}

bool isBlank(std::string_view line) {
    for (const char c : line)
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != '\f' && c != '\v') return false;
    return true;
}

LineParser::Result LineParser::parse(const char* data, size_t len, Record& out, std::string& reason, std::string& id) {
    if (len >= 3 && std::memcmp(data, "\xef\xbb\xbf", 3) == 0) {  // a BOM inside the file (concatenated files)
        data += 3;
        len -= 3;
    }
    if (len == 0 || (data[0] != '{' && isBlank(std::string_view(data, len)))) return Result::Blank;
    if (m_parser.capacity() > kShrinkParserAbove && len < kShrinkParserAbove / 4) m_parser = simdjson::dom::parser{};
    if (m_fixed.capacity() > kShrinkParserAbove && len < kShrinkParserAbove / 4) std::string().swap(m_fixed);

    std::string_view text(data, len);
    auto result = m_parser.parse(data, len, false);
    if (result.error() == simdjson::UTF8_ERROR && repairUtf8(text, m_fixed)) {
        m_fixed.reserve(m_fixed.size() + simdjson::SIMDJSON_PADDING);
        text = m_fixed;
        result = m_parser.parse(m_fixed.data(), m_fixed.size(), false);
    }
    if (result.error()) {
        reason = describeJsonError(text, result.error());
        id = sniffId(text);
        return Result::BadJson;
    }
    if (!recordFromJson(result.value_unsafe(), out, reason)) {
        id = out.id;
        return Result::BadRecord;
    }
    return Result::Ok;
}

}  // namespace dt::detail
