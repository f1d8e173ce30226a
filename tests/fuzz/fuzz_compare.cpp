// SPDX-License-Identifier: MIT
// libFuzzer target: body normalization + structural diff + presentation.
// The input is split into a primary and a candidate body at the first "\n--\n" (else in the
// middle). Runs Comparer::compare on two responses carrying them, compareBodies, bodiesEqual,
// buildSideBySide (normalized and raw), canonicalJson, textDiff and jsonPatch, and checks:
//  - a body compared with itself has no differences and bodiesEqual() says so;
//  - when jsonPatch succeeds, applying the patch to A (nlohmann) gives a document equal to B.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/compare/compare.h"
#include "core/present/side_by_side.h"
#include "tests/fuzz/fuzz_common.h"

namespace {

// Nesting depth by bracket counting (ignores strings: an over-estimate is fine here).
size_t roughDepth(std::string_view s) {
    size_t depth = 0, max = 0;
    for (char c : s) {
        if (c == '[' || c == '{')
            max = std::max(max, ++depth);
        else if ((c == ']' || c == '}') && depth > 0)
            --depth;
    }
    return max;
}

// nlohmann keeps the last of duplicate keys; the engine may keep another one. Only documents
// without duplicate keys take part in the patch round trip.
bool hasDuplicateKeys(std::string_view s) {
    // Count keys per object with a SAX pass.
    struct Sax : nlohmann::json_sax<nlohmann::json> {
        std::vector<std::vector<std::string>> keys;
        bool dup = false;
        bool null() override { return true; }
        bool boolean(bool) override { return true; }
        bool number_integer(number_integer_t) override { return true; }
        bool number_unsigned(number_unsigned_t) override { return true; }
        bool number_float(number_float_t, const string_t&) override { return true; }
        bool string(string_t&) override { return true; }
        bool binary(binary_t&) override { return true; }
        bool start_object(std::size_t) override {
            keys.emplace_back();
            return true;
        }
        bool key(string_t& k) override {
            for (const auto& seen : keys.back())
                if (seen == k) dup = true;
            keys.back().push_back(k);
            return true;
        }
        bool end_object() override {
            keys.pop_back();
            return true;
        }
        bool start_array(std::size_t) override { return true; }
        bool end_array() override { return true; }
        bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }
    } sax;
    nlohmann::json::sax_parse(s, &sax);
    return sax.dup;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    size_t cut = input.find("\n--\n");
    std::string_view a, b;
    if (cut != std::string_view::npos) {
        a = input.substr(0, cut);
        b = input.substr(cut + 4);
    } else {
        a = input.substr(0, size / 2);
        b = input.substr(size / 2);
    }

    dt::Response primary, candidate;
    primary.present = candidate.present = true;
    primary.status = 200;
    candidate.status = size % 7 == 0 ? 500 : 200;
    primary.headers = {{"Content-Type", "application/json"}, {"Date", "x"}};
    candidate.headers = {{"content-type", size % 3 ? "application/json" : "text/plain"}};
    primary.body.assign(a);
    candidate.body.assign(b);

    dt::Comparer comparer;
    (void)comparer.compare(primary, candidate, nullptr);
    auto bodies = comparer.compareBodies(a, b, nullptr);
    bool equal = comparer.bodiesEqual(a, b);
    if (equal && !bodies.differences.empty())
        dtfuzz::invariantFailed("bodiesEqual() but compareBodies() found differences");
    auto self = comparer.compareBodies(a, a, nullptr);
    if (!self.differences.empty()) dtfuzz::invariantFailed("a body differs from itself");
    if (!comparer.bodiesEqual(a, a)) dtfuzz::invariantFailed("bodiesEqual(a, a) is false");

    for (const auto& d : bodies.differences) (void)dt::splitPointer(d.path);
    (void)dt::canonicalJson(a);
    // Every line diff goes through dtl, which reserves 2,000,000 path coordinates (48 MB) per diff;
    // under ASan that costs ~25 ms per call whatever the input. Run the presentation layer on one
    // input in four (chosen by size, so it is deterministic per input) to keep the engine fuzzed fast.
    if (size % 4 == 0) {
        auto sbs = dt::buildSideBySide(a, b, true);
        for (const auto& d : bodies.differences) (void)dt::rowForPointer(sbs, d.path);
        (void)dt::buildSideBySide(a, b, false);
        (void)dt::textDiff(a, b);
    }

    std::string error;
    auto patch = dt::jsonPatch(a, b, &error);
    if (patch && roughDepth(a) < 64 && roughDepth(b) < 64 && !hasDuplicateKeys(a) && !hasDuplicateKeys(b)) {
        try {
            auto ja = nlohmann::json::parse(a);
            auto jb = nlohmann::json::parse(b);
            auto jp = nlohmann::json::parse(*patch);
            if (ja.patch(jp) != jb) dtfuzz::invariantFailed("applying jsonPatch(A, B) to A does not give B", *patch);
        } catch (const nlohmann::json::exception& e) {
            // nlohmann rejects something the engine accepted (e.g. invalid UTF-8): not our invariant,
            // except when the patch itself is malformed.
            if (nlohmann::json::accept(a) && nlohmann::json::accept(b))
                dtfuzz::invariantFailed("jsonPatch produced a patch nlohmann cannot apply", e.what());
        }
    }
    return 0;
}
