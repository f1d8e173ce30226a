// SPDX-License-Identifier: MIT
#pragma once
// Building blocks of difftriage-gen: a portable PRNG (xoshiro256** seeded by splitmix64, so the
// output is identical on every platform and standard library), a tiny JSON value that can be
// written in several equivalent spellings (key order, pretty/minified, 10 vs 10.0), JSON string
// escaping, base64 and RFC 3339 / HTTP-date formatting. No std::random, no floating-point libm.
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dt::gen {

inline uint64_t splitmix64(uint64_t& state) {
    uint64_t z = (state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

// Mixes a seed and a stream number into an independent 64-bit seed.
inline uint64_t mixSeed(uint64_t seed, uint64_t stream) {
    uint64_t s = seed ^ (stream * 0xd1b54a32d192ed03ull);
    splitmix64(s);
    return splitmix64(s);
}

class Rng {
public:
    explicit Rng(uint64_t seed) {
        for (auto& w : m_s) w = splitmix64(seed);
    }
    uint64_t next() {
        const uint64_t result = rotl(m_s[1] * 5, 7) * 9;
        const uint64_t t = m_s[1] << 17;
        m_s[2] ^= m_s[0];
        m_s[3] ^= m_s[1];
        m_s[1] ^= m_s[2];
        m_s[0] ^= m_s[3];
        m_s[2] ^= t;
        m_s[3] = rotl(m_s[3], 45);
        return result;
    }
    // Uniform in [0, n) (Lemire's multiply-shift; n > 0).
    uint64_t below(uint64_t n) { return static_cast<uint64_t>((static_cast<unsigned __int128>(next()) * n) >> 64); }
    // Uniform in [lo, hi].
    int64_t range(int64_t lo, int64_t hi) {
        return lo + static_cast<int64_t>(below(static_cast<uint64_t>(hi - lo + 1)));
    }
    // Uniform in [0, 1) with 53 random bits (exact IEEE arithmetic, portable).
    double unit() { return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0); }
    bool chance(double p) { return unit() < p; }
    template <class T>
    const T& pick(const std::vector<T>& v) {
        return v[below(v.size())];
    }

private:
    static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    uint64_t m_s[4];
};

// ---- JSON ------------------------------------------------------------------------------------

void appendEscaped(std::string& out, std::string_view s);  // without the quotes
inline void appendQuoted(std::string& out, std::string_view s) {
    out += '"';
    appendEscaped(out, s);
    out += '"';
}

struct JVal {
    enum class K : uint8_t { Null, Bool, Int, Num, Str, Arr, Obj };
    K k = K::Null;
    bool b = false;
    int64_t i = 0;
    std::string s;                  // Num: the number as written; Str: the value
    std::vector<JVal> items;        // Arr elements; Obj values (parallel to keys)
    std::vector<std::string> keys;  // Obj keys, in "natural" order

    static JVal boolean(bool v) {
        JVal j;
        j.k = K::Bool;
        j.b = v;
        return j;
    }
    static JVal integer(int64_t v) {
        JVal j;
        j.k = K::Int;
        j.i = v;
        return j;
    }
    static JVal num(std::string text) {
        JVal j;
        j.k = K::Num;
        j.s = std::move(text);
        return j;
    }
    static JVal str(std::string v) {
        JVal j;
        j.k = K::Str;
        j.s = std::move(v);
        return j;
    }
    static JVal arr() {
        JVal j;
        j.k = K::Arr;
        return j;
    }
    static JVal obj() {
        JVal j;
        j.k = K::Obj;
        return j;
    }

    JVal& add(std::string key, JVal v) {  // object: append or replace
        for (size_t n = 0; n < keys.size(); ++n)
            if (keys[n] == key) return items[n] = std::move(v);
        keys.push_back(std::move(key));
        items.push_back(std::move(v));
        return items.back();
    }
    JVal& push(JVal v) {
        items.push_back(std::move(v));
        return items.back();
    }
    JVal* get(std::string_view key) {
        for (size_t n = 0; n < keys.size(); ++n)
            if (keys[n] == key) return &items[n];
        return nullptr;
    }
    void erase(std::string_view key) {
        for (size_t n = 0; n < keys.size(); ++n)
            if (keys[n] == key) {
                keys.erase(keys.begin() + static_cast<long>(n));
                items.erase(items.begin() + static_cast<long>(n));
                return;
            }
    }
};

// Equivalent spellings of the same JSON value. A JSON-aware comparison must see no difference.
struct JStyle {
    bool pretty = false;       // indent=2, ": " separators (Python json.dumps(indent=2))
    bool shuffleKeys = false;  // object members in a random order
    bool altNumbers = false;   // some integers as 10.0 / 1e2, some decimals with a trailing 0
};

// Appends `v` written in `style`; `rng` drives the random choices (only used by shuffle/alt).
void writeJson(std::string& out, const JVal& v, const JStyle& style, Rng& rng, int depth = 0);

// ---- misc encodings --------------------------------------------------------------------------

std::string base64(std::string_view bytes);
std::string hex(Rng& rng, size_t digits);
// Milliseconds since the epoch of a UTC civil date/time.
int64_t civilToMs(int y, unsigned m, unsigned d, unsigned hh = 0, unsigned mm = 0, unsigned ss = 0);
// "2026-11-20T10:00:00.123Z"; fracDigits 0 -> "2026-11-20T10:00:00Z"; 6 + python -> "...00.123000+00:00".
std::string rfc3339(int64_t ms, int fracDigits = 3, bool pythonOffset = false);
std::string isoDate(int64_t ms);   // "2026-11-20"
std::string httpDate(int64_t ms);  // "Fri, 20 Nov 2026 10:00:00 GMT"
// "12.3" from tenths; "19.99" from cents.
std::string fixed1(int64_t tenths);
std::string fixed2(int64_t cents);

}  // namespace dt::gen
