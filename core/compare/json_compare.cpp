// SPDX-License-Identifier: MIT
// Structural JSON comparison over simdjson DOM values; see json_compare.h.
#include "core/compare/json_compare.h"

#include <dtl/dtl.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>

#include "core/compare/json_tree.h"
#include "core/compare/text_compare.h"

namespace dt {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::element_type;
using simdjson::dom::object;

namespace {

inline bool isNumber(element_type t) {
    return t == element_type::INT64 || t == element_type::UINT64 || t == element_type::DOUBLE;
}

// A number the parser could not hold, preserved as a tagged string (preserveBigNumbers()).
inline bool bigNumber(element e, std::string_view& original) {
    if (e.type() != element_type::STRING) return false;
    const std::string_view s = e.get_string().value_unsafe();
    std::string_view canonical;
    return !s.empty() && s[0] == '\0' && bigNumberParts(s, canonical, original);
}
inline bool isBigNumber(element e) {
    std::string_view original;
    return bigNumber(e, original);
}

inline double toDouble(element e) {
    switch (e.type()) {
    case element_type::INT64: return static_cast<double>(e.get_int64().value_unsafe());
    case element_type::UINT64: return static_cast<double>(e.get_uint64().value_unsafe());
    case element_type::STRING: {  // a big number: +-inf beyond double range, 0 below it
        std::string_view original;
        if (!bigNumber(e, original)) return 0;
        return std::strtod(std::string(original).c_str(), nullptr);
    }
    default: return e.get_double().value_unsafe();
    }
}

// The JSON text of a number element (a big number: as written).
inline std::string numberText(element e) {
    std::string_view original;
    if (bigNumber(e, original)) return std::string(original);
    char buf[64];
    std::to_chars_result r{};
    switch (e.type()) {
    case element_type::INT64: r = std::to_chars(buf, buf + sizeof buf, e.get_int64().value_unsafe()); break;
    case element_type::UINT64: r = std::to_chars(buf, buf + sizeof buf, e.get_uint64().value_unsafe()); break;
    default: r = std::to_chars(buf, buf + sizeof buf, e.get_double().value_unsafe()); break;
    }
    return std::string(buf, r.ptr);
}

// A big number against any number: by value, on the same path as the presentation.
inline bool bigNumbersEqual(element a, element b) { return jsonNumbersEqual(numberText(a), numberText(b)); }

// Numbers compare by value: int64/uint64 exactly, anything mixed with a double as doubles.
// (simdjson's DOM only uses UINT64 for values above INT64_MAX, so INT64 vs UINT64 never match.)
inline bool numbersEqual(element a, element b, element_type ta, element_type tb) {
    if (ta == tb) {
        if (ta == element_type::INT64) return a.get_int64().value_unsafe() == b.get_int64().value_unsafe();
        if (ta == element_type::UINT64) return a.get_uint64().value_unsafe() == b.get_uint64().value_unsafe();
        return a.get_double().value_unsafe() == b.get_double().value_unsafe();
    }
    if (ta != element_type::DOUBLE && tb != element_type::DOUBLE) return false;
    return toDouble(a) == toDouble(b);
}

inline uint64_t mix(uint64_t x) {  // splitmix64 finalizer
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

inline uint64_t hashBytes(std::string_view s) {  // FNV-1a 64
    uint64_t h = 0xcbf29ce484222325ULL;
    for (unsigned char c : s) {
        h ^= c;
        h *= 0x100000001b3ULL;
    }
    return h;
}

template <typename T>
void appendNumber(std::string& out, T v) {
    char buf[64];
    auto res = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, res.ptr);
}

// Restores a scratch stack to its size on scope exit.
template <typename V>
struct StackMark {
    V& v;
    size_t size;
    explicit StackMark(V& vec) : v(vec), size(vec.size()) {}
    ~StackMark() { v.resize(size); }
};

}  // namespace

// ---------------------------------------------------------------------------------------------
// Equality

namespace {

// First 8 bytes of a key, big-endian, zero padded: comparing tags orders keys lexicographically
// by their first 8 bytes.
inline uint64_t keyTag(std::string_view key) {
    uint64_t tag = 0;
    if (key.size() >= 8) {
        std::memcpy(&tag, key.data(), 8);
        return __builtin_bswap64(tag);
    }
    for (size_t k = 0; k < key.size(); ++k) tag = (tag << 8) | static_cast<unsigned char>(key[k]);
    return key.empty() ? 0 : tag << (8 * (8 - key.size()));
}

}  // namespace

int JsonComparer::keyCompare(const Member& x, const Member& y) {
    if (x.tag != y.tag) return x.tag < y.tag ? -1 : 1;
    // Equal first 8 bytes (zero padded): a key of <= 8 bytes is a prefix of the other one.
    if (x.key.size() <= 8 || y.key.size() <= 8)
        return x.key.size() < y.key.size() ? -1 : x.key.size() > y.key.size() ? 1 : 0;
    return x.key.substr(8).compare(y.key.substr(8));
}

size_t JsonComparer::collectMembers(object o) {
    const size_t base = m_members.size();
    uint32_t i = 0;
    for (auto it = o.begin(); it != o.end(); ++it) {
        const std::string_view key = it.key();
        m_members.push_back({key, keyTag(key), it.value(), i++});
    }
    auto first = m_members.begin() + static_cast<ptrdiff_t>(base);
    std::sort(first, m_members.end(), [](const Member& x, const Member& y) {
        const int c = keyCompare(x, y);
        return c < 0 || (c == 0 && x.index < y.index);
    });
    // Duplicate keys: the last occurrence wins.
    size_t w = base;
    const size_t end = m_members.size();
    for (size_t r = base; r < end; ++r) {
        if (r + 1 < end && keyCompare(m_members[r + 1], m_members[r]) == 0) continue;
        if (w != r) m_members[w] = m_members[r];  // (no self-copy: it stalls store forwarding)
        ++w;
    }
    m_members.resize(w);
    return w - base;
}

bool JsonComparer::equalSmallObjects(object oa, object ob) {
    // Candidate members on the scratch stack; `index` doubles as the "matched" flag.
    StackMark mark(m_members);
    const size_t base = m_members.size();
    for (auto it = ob.begin(); it != ob.end(); ++it) m_members.push_back({it.key(), keyTag(it.key()), it.value(), 0});
    const size_t nb = m_members.size() - base;
    const auto ea = oa.end();
    for (auto ia = oa.begin(); ia != ea; ++ia) {
        const std::string_view key = ia.key();
        const uint64_t tag = keyTag(key);
        size_t found = nb;
        for (size_t j = nb; j-- > 0;) {  // from the end: the last occurrence wins
            const Member& m = m_members[base + j];
            // Equal tags and sizes: keys of up to 8 bytes are equal, longer ones compare the rest.
            if (m.tag == tag && m.key.size() == key.size() &&
                (key.size() <= 8 || std::memcmp(m.key.data() + 8, key.data() + 8, key.size() - 8) == 0)) {
                found = j;
                break;
            }
        }
        if (found == nb) return false;  // missing in the candidate
        m_members[base + found].index = 1;
        const element vb = m_members[base + found].value;
        if (equal(ia.value(), vb)) continue;
        // A mismatch only matters for the last occurrence of the key in the primary.
        auto later = ia;
        for (++later; later != ea; ++later)
            if (later.key() == key) break;
        if (!(later != ea)) return false;
    }
    // Every candidate key must have been matched (an earlier duplicate is covered by its last one).
    for (size_t j = 0; j < nb; ++j) {
        if (m_members[base + j].index) continue;
        bool duplicate = false;
        for (size_t k = j + 1; k < nb && !duplicate; ++k)
            duplicate = m_members[base + k].key == m_members[base + j].key;
        if (!duplicate) return false;  // extra in the candidate
    }
    return true;
}

bool JsonComparer::equalObjects(object oa, object ob) {
    // Fast path: same key sequence (the usual case) -> compare values in lockstep.
    auto ia = oa.begin(), ib = ob.begin();
    const auto ea = oa.end(), eb = ob.end();
    bool sameKeys = true;
    for (; ia != ea && ib != eb; ++ia, ++ib)
        if (ia.key() != ib.key()) {
            sameKeys = false;
            break;
        }
    if (sameKeys && (ia != ea || ib != eb)) sameKeys = false;
    if (sameKeys) {
        for (ia = oa.begin(), ib = ob.begin(); ia != ea; ++ia, ++ib) {
            if (equal(ia.value(), ib.value())) continue;
            // A mismatch only matters when this key does not occur again later (last wins).
            auto later = ia;
            bool overridden = false;
            for (++later; later != ea; ++later)
                if (later.key() == ia.key()) {
                    overridden = true;
                    break;
                }
            if (!overridden) return false;
        }
        return true;
    }
    if (ob.size() <= kSmallObject) return equalSmallObjects(oa, ob);
    // Different order, many keys: sort both member lists (scratch stack, no allocation once grown).
    StackMark mark(m_members);
    const size_t base = m_members.size();
    const size_t na = collectMembers(oa);
    const size_t nb = collectMembers(ob);
    if (na != nb) return false;
    for (size_t k = 0; k < na; ++k)
        if (keyCompare(m_members[base + k], m_members[base + na + k]) != 0) return false;
    for (size_t k = 0; k < na; ++k) {
        const element x = m_members[base + k].value;
        const element y = m_members[base + na + k].value;
        if (!equal(x, y)) return false;
    }
    return true;
}

bool JsonComparer::equal(element a, element b) {
    const element_type ta = a.type();
    const element_type tb = b.type();
    if (ta != tb) {
        if (isNumber(ta) && isNumber(tb)) return numbersEqual(a, b, ta, tb);
        if ((ta == element_type::STRING && isNumber(tb)) || (tb == element_type::STRING && isNumber(ta)))
            return isBigNumber(ta == element_type::STRING ? a : b) && bigNumbersEqual(a, b);
        return false;
    }
    switch (ta) {
    case element_type::STRING: {
        const std::string_view sa = a.get_string().value_unsafe(), sb = b.get_string().value_unsafe();
        if (sa == sb) return true;
        // Two big numbers may be spelled differently (1e400, 1E400, 10e399).
        return !sa.empty() && !sb.empty() && sa[0] == '\0' && sb[0] == '\0' && isBigNumber(a) && isBigNumber(b) &&
               bigNumbersEqual(a, b);
    }
    case element_type::INT64:
    case element_type::UINT64:
    case element_type::DOUBLE: return numbersEqual(a, b, ta, tb);
    case element_type::BOOL: return a.get_bool().value_unsafe() == b.get_bool().value_unsafe();
    case element_type::NULL_VALUE: return true;
    case element_type::ARRAY: {
        const array xa = a.get_array().value_unsafe();
        const array xb = b.get_array().value_unsafe();
        auto ia = xa.begin(), ib = xb.begin();
        const auto ea = xa.end(), eb = xb.end();
        for (; ia != ea && ib != eb; ++ia, ++ib)
            if (!equal(*ia, *ib)) return false;
        return !(ia != ea) && !(ib != eb);
    }
    case element_type::OBJECT: return equalObjects(a.get_object().value_unsafe(), b.get_object().value_unsafe());
    }
    return false;
}

// ---------------------------------------------------------------------------------------------
// Canonical hash

uint64_t JsonComparer::hash(element e) {
    switch (e.type()) {
    case element_type::STRING:
        if (!isBigNumber(e)) return mix(hashBytes(e.get_string().value_unsafe()) ^ 0x5157A11EULL);
        [[fallthrough]];  // a big number hashes as the number (equal values, equal hashes)
    case element_type::INT64:
    case element_type::UINT64:
    case element_type::DOUBLE: {
        double d = toDouble(e);
        if (d == 0) d = 0;  // -0 == 0
        uint64_t bits = 0;
        std::memcpy(&bits, &d, sizeof bits);
        return mix(bits ^ 0x4E554D424552ULL);
    }
    case element_type::BOOL: return e.get_bool().value_unsafe() ? 0x7472756574727565ULL : 0x66616c7365666166ULL;
    case element_type::NULL_VALUE: return 0x6e756c6c6e756c6cULL;
    case element_type::ARRAY: {
        uint64_t h = 0xA77A7A77ULL;
        uint64_t n = 0;
        const array arr = e.get_array().value_unsafe();
        for (element x : arr) {
            h = mix(h ^ hash(x)) + 0x9e3779b97f4a7c15ULL;
            ++n;
        }
        return mix(h ^ n);
    }
    case element_type::OBJECT: {
        StackMark mark(m_members);
        const size_t base = m_members.size();
        const size_t n = collectMembers(e.get_object().value_unsafe());
        uint64_t h = 0x0B7EC7ULL;
        for (size_t k = 0; k < n; ++k) {
            const Member m = m_members[base + k];
            h += mix(hashBytes(m.key) * 31 + hash(m.value));  // commutative: key order irrelevant
        }
        return mix(h ^ (n << 1));
    }
    }
    return 0;
}

// ---------------------------------------------------------------------------------------------
// Rendering

void JsonComparer::render(element e, std::string& out, size_t limit) {
    if (out.size() > limit) return;
    switch (e.type()) {
    case element_type::STRING: {
        std::string_view original;
        if (bigNumber(e, original))
            out += original;
        else
            appendJsonString(out, e.get_string().value_unsafe());
        return;
    }
    case element_type::INT64: appendNumber(out, e.get_int64().value_unsafe()); return;
    case element_type::UINT64: appendNumber(out, e.get_uint64().value_unsafe()); return;
    case element_type::DOUBLE: appendNumber(out, e.get_double().value_unsafe()); return;
    case element_type::BOOL: out += e.get_bool().value_unsafe() ? "true" : "false"; return;
    case element_type::NULL_VALUE: out += "null"; return;
    case element_type::ARRAY: {
        out += '[';
        bool first = true;
        const array arr = e.get_array().value_unsafe();
        for (element x : arr) {
            if (out.size() > limit) return;
            if (!first) out += ',';
            first = false;
            render(x, out, limit);
        }
        out += ']';
        return;
    }
    case element_type::OBJECT: {
        out += '{';
        bool first = true;
        object o = e.get_object().value_unsafe();
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (out.size() > limit) return;
            if (!first) out += ',';
            first = false;
            appendJsonString(out, it.key());
            out += ':';
            render(it.value(), out, limit);
        }
        out += '}';
        return;
    }
    }
}

std::string JsonComparer::preview(element e) const {
    // previewBytes 0: no preview text at all (CompareOptions::preview_bytes = 0, the ingest scan,
    // which keeps only paths, kinds and classes; rendering is most of the cost of a record with many
    // differences).
    if (m_previewBytes == 0) return {};
    std::string s;
    render(e, s, m_previewBytes);
    return truncatePreview(s, m_previewBytes);
}

// ---------------------------------------------------------------------------------------------
// Difference walk

void JsonComparer::pushKey(std::string_view key) {
    m_path += '/';
    m_gen += '/';
    for (char c : key) {
        const char* rep = c == '~' ? "~0" : c == '/' ? "~1" : nullptr;
        if (rep) {
            m_path += rep;
            m_gen += rep;
        } else {
            m_path += c;
            m_gen += c;
        }
    }
}

void JsonComparer::pushIndex(size_t index) {
    m_path += '/';
    appendNumber(m_path, index);
    m_gen += "/*";
}

void JsonComparer::popTo(size_t pathSize, size_t genSize) {
    m_path.resize(pathSize);
    m_gen.resize(genSize);
}

void JsonComparer::emit(DiffKind kind, ClassResult cls, std::string primary, std::string candidate,
                        const std::string* ruleId) {
    Difference d;
    d.kind = kind;
    d.cls = cls.cls;
    d.cls_param = std::move(cls.param);
    d.path = m_path;
    d.generalized = m_gen;
    d.primary = std::move(primary);
    d.candidate = std::move(candidate);
    if (ruleId) {
        d.rule_id = *ruleId;
        m_out->absorbed.push_back(std::move(d));
        return;
    }
    if (m_policy) {
        if (d.cls != ValueClass::None) {
            if (auto rule = m_policy->acceptClass(kind, d.path, d.generalized, d.cls, d.cls_param)) {
                d.rule_id = std::move(*rule);
                m_out->absorbed.push_back(std::move(d));
                return;
            }
        }
        if (auto rule = m_policy->ignoredPath(d.path, d.generalized)) {
            d.rule_id = std::move(*rule);
            m_out->absorbed.push_back(std::move(d));
            return;
        }
    }
    auto& diffs = m_out->differences;
    // Records with differences usually have several: grow to 8 at once, not 1, 2, 4, 8 (each step
    // moves every Difference).
    if (diffs.size() == diffs.capacity() && diffs.capacity() < 8) diffs.reserve(8);
    diffs.push_back(std::move(d));
}

// null vs []/{}/"" -> empty_vs_null; number vs string -> number_as_string / same_instant; else type_changed.
ClassResult JsonComparer::typeChangeClass(element a, element b) {
    const element_type ta = a.type(), tb = b.type();
    auto isEmpty = [](element e) {
        switch (e.type()) {
        case element_type::ARRAY: return e.get_array().value_unsafe().begin() == e.get_array().value_unsafe().end();
        case element_type::OBJECT: return e.get_object().value_unsafe().begin() == e.get_object().value_unsafe().end();
        case element_type::STRING: return e.get_string().value_unsafe().empty();
        default: return false;
        }
    };
    if ((ta == element_type::NULL_VALUE && isEmpty(b)) || (tb == element_type::NULL_VALUE && isEmpty(a)))
        return {ValueClass::EmptyVsNull, {}};
    const bool numA = isNumber(ta), numB = isNumber(tb);
    if (numA && tb == element_type::STRING)
        return classifyNumberVsString(numberText(a), toDouble(a), b.get_string().value_unsafe(), true);
    if (numB && ta == element_type::STRING)
        return classifyNumberVsString(numberText(b), toDouble(b), a.get_string().value_unsafe(), false);
    return {ValueClass::TypeChanged, {}};
}

// A member present on one side only: null -> null_vs_missing; []/{}/"" -> empty_vs_null; else missing/extra value.
ClassResult JsonComparer::presenceClass(element v, bool missing) {
    switch (v.type()) {
    case element_type::NULL_VALUE: return {ValueClass::NullVsMissing, {}};
    case element_type::ARRAY:
        if (v.get_array().value_unsafe().begin() == v.get_array().value_unsafe().end())
            return {ValueClass::EmptyVsNull, {}};
        break;
    case element_type::OBJECT:
        if (v.get_object().value_unsafe().begin() == v.get_object().value_unsafe().end())
            return {ValueClass::EmptyVsNull, {}};
        break;
    case element_type::STRING:
        if (v.get_string().value_unsafe().empty()) return {ValueClass::EmptyVsNull, {}};
        break;
    default: break;
    }
    return {missing ? ValueClass::MissingValue : ValueClass::ExtraValue, {}};
}

void JsonComparer::diff(element a, element b, const DiffPolicy* policy, size_t previewBytes, CompareResult& out) {
    m_policy = policy;
    m_previewBytes = previewBytes;
    m_out = &out;
    m_path.clear();
    m_gen.clear();
    if (!equal(a, b)) diffValue(a, b);
    m_out = nullptr;
    m_policy = nullptr;
}

void JsonComparer::diffValue(element a, element b) {
    const element_type ta = a.type();
    const element_type tb = b.type();
    if (isNumber(ta) && isNumber(tb)) {
        if (!numbersEqual(a, b, ta, tb)) diffNumbers(a, b);
        return;
    }
    const bool bigA = ta == element_type::STRING && isBigNumber(a), bigB = tb == element_type::STRING && isBigNumber(b);
    if ((bigA || isNumber(ta)) && (bigB || isNumber(tb))) {
        if (!equal(a, b)) diffNumbers(a, b);
        return;
    }
    if (ta != tb || bigA != bigB) {
        emit(DiffKind::TypeChanged, typeChangeClass(a, b), preview(a), preview(b));
        return;
    }
    switch (ta) {
    case element_type::STRING: diffStrings(a, b); return;
    case element_type::BOOL:
        if (a.get_bool().value_unsafe() != b.get_bool().value_unsafe())
            emit(DiffKind::Changed, {ValueClass::ValueChanged, {}}, preview(a), preview(b));
        return;
    case element_type::OBJECT: diffObjects(a.get_object().value_unsafe(), b.get_object().value_unsafe()); return;
    case element_type::ARRAY: diffArrays(a, b); return;
    default: return;  // null == null; numbers handled above
    }
}

void JsonComparer::diffNumbers(element a, element b) {
    if (m_policy) {
        if (auto tol = m_policy->tolerance(m_path, m_gen)) {
            const double x = toDouble(a), y = toDouble(b);
            const double d = std::fabs(x - y);
            const bool within = (tol->absolute > 0 && d <= tol->absolute) ||
                                (tol->relative > 0 && d <= tol->relative * std::max(std::fabs(x), std::fabs(y)));
            if (within) {
                emit(DiffKind::Changed, {ValueClass::NumericDelta, {}}, preview(a), preview(b), &tol->rule_id);
                return;
            }
        }
    }
    const std::string ta = numberText(a), tb = numberText(b);
    emit(DiffKind::Changed, classifyNumbers(toDouble(a), toDouble(b), ta, tb), preview(a), preview(b));
}

void JsonComparer::diffStrings(element a, element b) {
    const std::string_view sa = a.get_string().value_unsafe();
    const std::string_view sb = b.get_string().value_unsafe();
    if (sa == sb) return;
    if (m_policy) {
        m_s1.assign(sa);
        m_s2.assign(sb);
        auto r1 = m_policy->normalize(m_path, m_gen, m_s1);
        auto r2 = m_policy->normalize(m_path, m_gen, m_s2);
        if ((r1 || r2) && m_s1 == m_s2) {
            const std::string rule = r1 ? *r1 : *r2;
            emit(DiffKind::Changed, classifyStrings(sa, sb), preview(a), preview(b), &rule);
            return;
        }
    }
    emit(DiffKind::Changed, classifyStrings(sa, sb), preview(a), preview(b));
}

void JsonComparer::diffObjects(object oa, object ob) {
    StackMark mark(m_members);
    const size_t base = m_members.size();
    const size_t na = collectMembers(oa);
    const size_t nb = collectMembers(ob);
    size_t i = 0, j = 0;
    const size_t ps = m_path.size(), gs = m_gen.size();
    while (i < na || j < nb) {
        // Re-read by index every time: recursion may grow (reallocate) the scratch stack.
        int order;
        if (i >= na)
            order = 1;
        else if (j >= nb)
            order = -1;
        else
            order = keyCompare(m_members[base + i], m_members[base + na + j]);
        if (order < 0) {
            const Member x = m_members[base + i++];
            pushKey(x.key);
            emit(DiffKind::Missing, presenceClass(x.value, true), preview(x.value), "");
        } else if (order > 0) {
            const Member y = m_members[base + na + j++];
            pushKey(y.key);
            emit(DiffKind::Extra, presenceClass(y.value, false), "", preview(y.value));
        } else {
            const Member x = m_members[base + i++];
            const Member y = m_members[base + na + j++];
            if (equal(x.value, y.value)) continue;
            pushKey(x.key);
            diffValue(x.value, y.value);
        }
        popTo(ps, gs);
    }
}

void JsonComparer::diffPairs(size_t base, size_t na, const IndexPairs& pairs) {
    const size_t ps = m_path.size(), gs = m_gen.size();
    m_work += pairs.size();
    for (const auto& [i, j] : pairs) {
        const element x = m_elems[base + i];
        const element y = m_elems[base + na + j];
        if (equal(x, y)) continue;
        pushIndex(i);
        diffValue(x, y);
        popTo(ps, gs);
    }
}

JsonComparer::RankingMeasures JsonComparer::measureRanking(size_t base, size_t na, size_t nb, const std::string& key,
                                                           int topK) {
    // Identity of each element: the hash of its `key` member (or of the whole element).
    auto ident = [&](element e) -> uint64_t {
        if (!key.empty() && e.type() == element_type::OBJECT) {
            object o = e.get_object().value_unsafe();
            for (auto it = o.begin(); it != o.end(); ++it)
                if (it.key() == key) return hash(it.value());
        }
        return hash(e);
    };
    constexpr size_t kMax = 2000;
    const size_t la = std::min(na, kMax), lb = std::min(nb, kMax);
    std::vector<uint64_t> A(la), B(lb);
    for (size_t i = 0; i < la; ++i) A[i] = ident(m_elems[base + i]);
    for (size_t j = 0; j < lb; ++j) B[j] = ident(m_elems[base + na + j]);
    RankingMeasures m;
    // top-K overlap
    const size_t k = topK > 0 ? static_cast<size_t>(topK) : std::max(la, lb);
    if (k > 0) {
        std::vector<uint64_t> ta(A.begin(), A.begin() + static_cast<long>(std::min(k, la)));
        std::vector<uint64_t> tb(B.begin(), B.begin() + static_cast<long>(std::min(k, lb)));
        std::sort(ta.begin(), ta.end());
        std::sort(tb.begin(), tb.end());
        std::vector<uint64_t> common;
        std::set_intersection(ta.begin(), ta.end(), tb.begin(), tb.end(), std::back_inserter(common));
        m.overlap = double(common.size()) / double(std::min(k, std::max(la, lb)));
    }
    // Kendall tau-b over the items both lists hold (first occurrence; no ties among distinct items)
    std::vector<std::pair<size_t, size_t>> ranks;
    {
        std::vector<std::pair<uint64_t, size_t>> posB;
        for (size_t j = 0; j < lb; ++j) posB.emplace_back(B[j], j);
        std::sort(posB.begin(), posB.end());
        std::vector<char> usedA;
        for (size_t i = 0; i < la; ++i) {
            auto it = std::lower_bound(posB.begin(), posB.end(), std::make_pair(A[i], size_t(0)));
            if (it != posB.end() && it->first == A[i] && it->second != SIZE_MAX) {
                ranks.emplace_back(i, it->second);
                it->second = SIZE_MAX;  // used
            }
        }
    }
    if (ranks.size() >= 2) {
        double concordant = 0, discordant = 0;
        for (size_t x = 0; x < ranks.size(); ++x)
            for (size_t y = x + 1; y < ranks.size(); ++y) {
                const bool sameOrder = (ranks[x].first < ranks[y].first) == (ranks[x].second < ranks[y].second);
                (sameOrder ? concordant : discordant) += 1;
            }
        m.kendall_tau = (concordant - discordant) / (concordant + discordant);
    } else {
        m.kendall_tau = ranks.size() == std::max(la, lb) ? 1.0 : 0.0;
    }
    // rank-biased overlap, p = 0.9, truncated at the longer list and normalized (identical lists: 1)
    {
        const double p = 0.9;
        const size_t depth = std::max(la, lb);
        std::vector<uint64_t> seenA, seenB;
        double sum = 0, norm = 0, weight = 1;
        size_t common = 0;
        std::vector<uint64_t> setA, setB;
        for (size_t d = 0; d < depth; ++d) {
            if (d < la) {
                auto it = std::lower_bound(setB.begin(), setB.end(), A[d]);
                if (it != setB.end() && *it == A[d]) {
                    ++common;
                    setB.erase(it);
                } else
                    setA.insert(std::lower_bound(setA.begin(), setA.end(), A[d]), A[d]);
            }
            if (d < lb) {
                auto it = std::lower_bound(setA.begin(), setA.end(), B[d]);
                if (it != setA.end() && *it == B[d]) {
                    ++common;
                    setA.erase(it);
                } else
                    setB.insert(std::lower_bound(setB.begin(), setB.end(), B[d]), B[d]);
            }
            sum += weight * double(common) / double(d + 1);
            norm += weight;
            weight *= p;
        }
        m.rbo = norm > 0 ? sum / norm : 1.0;
    }
    return m;
}

void JsonComparer::diffArrays(element a, element b) {
    StackMark mark(m_elems);
    const size_t base = m_elems.size();
    const array xa = a.get_array().value_unsafe();
    const array xb = b.get_array().value_unsafe();
    for (element x : xa) m_elems.push_back(x);
    const size_t na = m_elems.size() - base;
    for (element y : xb) m_elems.push_back(y);
    const size_t nb = m_elems.size() - base - na;

    bool elementWise = na == nb;
    for (size_t i = 0; elementWise && i < na; ++i) elementWise = equal(m_elems[base + i], m_elems[base + na + i]);
    if (elementWise) return;

    if (m_policy) {
        if (auto rk = m_policy->ranking(m_path, m_gen)) {
            const RankingMeasures m = measureRanking(base, na, nb, rk->key, rk->top_k);
            const bool ok = (rk->min_overlap <= 0 || m.overlap >= rk->min_overlap) &&
                            (rk->min_kendall_tau <= 0 || m.kendall_tau >= rk->min_kendall_tau) &&
                            (rk->min_rbo <= 0 || m.rbo >= rk->min_rbo);
            if (ok) {
                if (rk->key.empty())
                    diffUnorderedMultiset(a, b, base, na, nb, rk->rule_id);
                else
                    diffUnorderedKeyed(a, b, base, na, nb, rk->key, rk->rule_id);
                return;
            }
            char buf[200];
            std::snprintf(buf, sizeof buf,
                          "ranking at %s (rule %s) below its thresholds: overlap %.3f, kendall tau-b %.3f, rbo %.3f",
                          m_path.empty() ? "(root)" : m_path.c_str(), rk->rule_id.c_str(), m.overlap, m.kendall_tau,
                          m.rbo);
            m_out->warnings.push_back(buf);
        }
        if (auto rule = m_policy->unordered(m_path, m_gen)) {
            if (rule->key.empty())
                diffUnorderedMultiset(a, b, base, na, nb, rule->rule_id);
            else
                diffUnorderedKeyed(a, b, base, na, nb, rule->key, rule->rule_id);
            return;
        }
    }

    if (na == nb) {
        std::vector<int64_t> matchA;
        std::vector<char> usedB;
        if (matchMultiset(base, na, base + na, nb, matchA, usedB) == na) {
            emit(DiffKind::ArrayOrder, {ValueClass::ArrayOrder, {}}, preview(a), preview(b));
            return;
        }
        IndexPairs pairs;
        for (uint32_t i = 0; i < na; ++i) pairs.emplace_back(i, i);
        diffPairs(base, na, pairs);
        return;
    }
    emit(DiffKind::ArrayLength, {ValueClass::ArrayLength, {}}, std::to_string(na), std::to_string(nb));
    diffPairs(base, na, alignArrays(base, na, nb));
}

size_t JsonComparer::matchMultiset(size_t offA, size_t na, size_t offB, size_t nb, std::vector<int64_t>& matchA,
                                   std::vector<char>& usedB) {
    matchA.assign(na, -1);
    usedB.assign(nb, 0);
    std::vector<std::pair<uint64_t, uint32_t>> ha(na), hb(nb);
    for (size_t i = 0; i < na; ++i) ha[i] = {hash(m_elems[offA + i]), static_cast<uint32_t>(i)};
    for (size_t j = 0; j < nb; ++j) hb[j] = {hash(m_elems[offB + j]), static_cast<uint32_t>(j)};
    std::sort(ha.begin(), ha.end());
    std::sort(hb.begin(), hb.end());
    struct HashClass {
        std::vector<uint32_t> members;  // candidate indices of equal values, ascending
        size_t next;                    // the first one not matched yet
    };
    std::vector<HashClass> classes;
    size_t matched = 0;
    size_t i = 0, j = 0;
    while (i < na && j < nb) {
        if (ha[i].first < hb[j].first) {
            ++i;
        } else if (hb[j].first < ha[i].first) {
            ++j;
        } else {
            size_t gi = i, gj = j;
            while (gi < na && ha[gi].first == ha[i].first) ++gi;
            while (gj < nb && hb[gj].first == hb[j].first) ++gj;
            // Equal hashes: split the candidate's group into classes of equal values (one, unless
            // hashes collide), then give each primary element, in index order, the next unused
            // member of its class. Linear on repeated values ([1]*300000 is one class); at most
            // kMaxHashClasses comparisons per element, so crafted collisions cannot make it quadratic
            // (elements beyond the last class stay unmatched and are compared by position).
            classes.clear();
            for (size_t y = j; y < gj; ++y) {
                const uint32_t jb = hb[y].second;
                size_t c = 0;
                for (; c < classes.size(); ++c) {
                    ++m_work;
                    if (equal(m_elems[offB + classes[c].members.front()], m_elems[offB + jb])) break;
                }
                if (c < classes.size())
                    classes[c].members.push_back(jb);
                else if (classes.size() < kMaxHashClasses)
                    classes.push_back({{jb}, 0});
            }
            for (size_t x = i; x < gi; ++x) {
                const uint32_t ia = ha[x].second;
                for (auto& cls : classes) {
                    ++m_work;
                    if (!equal(m_elems[offA + ia], m_elems[offB + cls.members.front()])) continue;
                    if (cls.next < cls.members.size()) {
                        const uint32_t jb = cls.members[cls.next++];
                        usedB[jb] = 1;
                        matchA[ia] = jb;
                        ++matched;
                    }
                    break;
                }
            }
            i = gi;
            j = gj;
        }
    }
    return matched;
}

JsonComparer::IndexPairs JsonComparer::alignArrays(size_t base, size_t na, size_t nb) {
    std::vector<uint64_t> ha(na), hb(nb);
    for (size_t i = 0; i < na; ++i) ha[i] = hash(m_elems[base + i]);
    for (size_t j = 0; j < nb; ++j) hb[j] = hash(m_elems[base + na + j]);
    // Common prefix/suffix of equal elements.
    size_t pre = 0;
    while (pre < na && pre < nb && ha[pre] == hb[pre] && equal(m_elems[base + pre], m_elems[base + na + pre])) ++pre;
    size_t suf = 0;
    while (suf < na - pre && suf < nb - pre && ha[na - 1 - suf] == hb[nb - 1 - suf] &&
           equal(m_elems[base + na - 1 - suf], m_elems[base + na + nb - 1 - suf]))
        ++suf;
    const size_t ma = na - pre - suf, mb = nb - pre - suf;
    m_work += pre + suf;
    std::vector<uint32_t> leftA, leftB;
    IndexPairs pairs;
    constexpr size_t kMaxLcsCells = size_t(1) << 24;  // beyond this, pair the middle by position
    if (ma > 0 && mb > 0 && ma * mb <= kMaxLcsCells) {
        std::vector<uint64_t> sa(ha.begin() + pre, ha.begin() + pre + ma), sb(hb.begin() + pre, hb.begin() + pre + mb);
        dtl::Diff<uint64_t> d(sa, sb);
        d.compose();
        for (const auto& [h, info] : d.getSes().getSequence()) {
            (void)h;
            if (info.type == dtl::SES_DELETE) {
                leftA.push_back(static_cast<uint32_t>(pre + info.beforeIdx - 1));
            } else if (info.type == dtl::SES_ADD) {
                leftB.push_back(static_cast<uint32_t>(pre + info.afterIdx - 1));
            } else {
                // Equal hashes; recurse anyway (diffPairs skips truly equal pairs).
                pairs.emplace_back(static_cast<uint32_t>(pre + info.beforeIdx - 1),
                                   static_cast<uint32_t>(pre + info.afterIdx - 1));
            }
        }
    } else {
        for (size_t i = 0; i < ma; ++i) leftA.push_back(static_cast<uint32_t>(pre + i));
        for (size_t j = 0; j < mb; ++j) leftB.push_back(static_cast<uint32_t>(pre + j));
    }
    const size_t n = std::min(leftA.size(), leftB.size());
    for (size_t k = 0; k < n; ++k) pairs.emplace_back(leftA[k], leftB[k]);
    std::sort(pairs.begin(), pairs.end());
    return pairs;
}

void JsonComparer::diffUnorderedMultiset(element a, element b, size_t base, size_t na, size_t nb,
                                         const std::string& ruleId) {
    std::vector<int64_t> matchA;
    std::vector<char> usedB;
    const size_t matched = matchMultiset(base, na, base + na, nb, matchA, usedB);
    if (matched == na && matched == nb) {
        emit(DiffKind::ArrayOrder, {ValueClass::ArrayOrder, {}}, preview(a), preview(b), &ruleId);
        return;
    }
    if (na != nb) emit(DiffKind::ArrayLength, {ValueClass::ArrayLength, {}}, std::to_string(na), std::to_string(nb));
    std::vector<uint32_t> leftA, leftB;
    for (size_t i = 0; i < na; ++i)
        if (matchA[i] < 0) leftA.push_back(static_cast<uint32_t>(i));
    for (size_t j = 0; j < nb; ++j)
        if (!usedB[j]) leftB.push_back(static_cast<uint32_t>(j));
    IndexPairs pairs;
    for (size_t k = 0; k < std::min(leftA.size(), leftB.size()); ++k) pairs.emplace_back(leftA[k], leftB[k]);
    diffPairs(base, na, pairs);
}

void JsonComparer::diffUnorderedKeyed(element a, element b, size_t base, size_t na, size_t nb, const std::string& key,
                                      const std::string& ruleId) {
    // The value of member `key` (last occurrence), when the element is an object that has it.
    auto keyOf = [&](element e, element& out) {
        if (e.type() != element_type::OBJECT) return false;
        bool found = false;
        object o = e.get_object().value_unsafe();
        for (auto it = o.begin(); it != o.end(); ++it)
            if (it.key() == key) {
                out = it.value();
                found = true;
            }
        return found;
    };
    std::vector<element> keyA(na), keyB(nb);
    std::vector<char> hasA(na), hasB(nb), usedB(nb, 0);
    std::vector<std::pair<uint64_t, uint32_t>> index;  // (hash of key value, j) for keyed candidates
    for (size_t j = 0; j < nb; ++j) {
        hasB[j] = keyOf(m_elems[base + na + j], keyB[j]);
        if (hasB[j]) index.emplace_back(hash(keyB[j]), static_cast<uint32_t>(j));
    }
    std::sort(index.begin(), index.end());
    std::vector<int64_t> matchA(na, -1);
    for (size_t i = 0; i < na; ++i) {
        const element x = m_elems[base + i];
        hasA[i] = keyOf(x, keyA[i]);
        if (hasA[i]) {
            const uint64_t h = hash(keyA[i]);
            auto it = std::lower_bound(index.begin(), index.end(), std::make_pair(h, uint32_t(0)));
            for (; it != index.end() && it->first == h; ++it) {
                if (usedB[it->second] || !equal(keyA[i], keyB[it->second])) continue;
                usedB[it->second] = 1;
                matchA[i] = it->second;
                break;
            }
        } else {
            // Elements without the key are matched by whole value.
            for (size_t j = 0; j < nb; ++j) {
                if (usedB[j] || hasB[j] || !equal(x, m_elems[base + na + j])) continue;
                usedB[j] = 1;
                matchA[i] = static_cast<int64_t>(j);
                break;
            }
        }
    }
    bool unmatched = false, moved = false;
    IndexPairs pairs;
    const size_t ps = m_path.size(), gs = m_gen.size();
    for (size_t i = 0; i < na; ++i) {
        if (matchA[i] < 0) {
            unmatched = true;
            pushIndex(i);
            emit(DiffKind::Missing, presenceClass(m_elems[base + i], true), preview(m_elems[base + i]), "");
            popTo(ps, gs);
        } else {
            if (static_cast<size_t>(matchA[i]) != i) moved = true;
            pairs.emplace_back(static_cast<uint32_t>(i), static_cast<uint32_t>(matchA[i]));
        }
    }
    for (size_t j = 0; j < nb; ++j) {
        if (usedB[j]) continue;
        unmatched = true;
        pushIndex(j);
        emit(DiffKind::Extra, presenceClass(m_elems[base + na + j], false), "", preview(m_elems[base + na + j]));
        popTo(ps, gs);
    }
    diffPairs(base, na, pairs);
    if (!unmatched && moved) emit(DiffKind::ArrayOrder, {ValueClass::ArrayOrder, {}}, preview(a), preview(b), &ruleId);
}

}  // namespace dt
