// SPDX-License-Identifier: MIT
// RFC 6902 patches (core/side_by_side.h jsonPatch): applying the patch to A must give B.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <random>
#include <string>

#include "core/present/side_by_side.h"

using namespace dt;
using nlohmann::json;

namespace {

void expectPatchRoundTrip(const std::string& a, const std::string& b) {
    std::string error;
    auto patch = jsonPatch(a, b, &error);
    ASSERT_TRUE(patch.has_value()) << error;
    const json p = json::parse(*patch);
    ASSERT_TRUE(p.is_array());
    for (const auto& op : p) {
        ASSERT_TRUE(op.contains("op"));
        ASSERT_TRUE(op.contains("path"));
    }
    EXPECT_EQ(json::parse(a).patch(p), json::parse(b)) << "A=" << a << "\nB=" << b << "\npatch=" << *patch;
}

// Random JSON values and random edits of them (fixed seed: reproducible).
class Gen {
public:
    explicit Gen(uint32_t seed) : m_rng(seed) {}

    json value(int depth) {
        const int kind = pick(depth > 3 ? 5 : 7);
        switch (kind) {
        case 0: return nullptr;
        case 1: return pick(2) == 0;
        case 2: return pick(1000) - 500;
        case 3: return pick(1000) / 8.0;
        case 4: return key();
        case 5: {
            json a = json::array();
            for (int i = pick(5); i > 0; --i) a.push_back(value(depth + 1));
            return a;
        }
        default: {
            json o = json::object();
            for (int i = pick(5); i > 0; --i) o[key()] = value(depth + 1);
            return o;
        }
        }
    }

    // Applies a few random edits anywhere in the tree.
    json mutate(json v, int depth = 0) {
        if (pick(6) == 0) return value(depth);  // replace (possibly with another type)
        if (v.is_object()) {
            if (pick(3) == 0) v[key()] = value(depth + 1);
            if (!v.empty() && pick(3) == 0) v.erase(v.begin());
            for (auto& x : v) x = pick(2) ? mutate(x, depth + 1) : x;
        } else if (v.is_array()) {
            if (pick(3) == 0) v.insert(v.begin() + pick(static_cast<int>(v.size()) + 1), value(depth + 1));
            if (!v.empty() && pick(3) == 0) v.erase(v.begin() + pick(static_cast<int>(v.size())));
            for (auto& x : v) x = pick(2) ? mutate(x, depth + 1) : x;
        } else if (pick(2) == 0) {
            return value(depth);
        }
        return v;
    }

private:
    int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(m_rng); }
    std::string key() {
        static const char* keys[] = {"a", "b", "id", "a/b", "m~n", "~1", "", "x y", "0", "é"};
        return keys[pick(10)];
    }
    std::mt19937 m_rng;
};

}  // namespace

TEST(JsonPatch, HandWrittenCases) {
    expectPatchRoundTrip(R"({"a":1})", R"({"a":2})");
    expectPatchRoundTrip(R"({"a":1})", R"([1,2])");  // root type change
    expectPatchRoundTrip(R"(1)", R"("one")");
    expectPatchRoundTrip(R"([1,2,3,4])", R"([1,3])");  // shorter array
    expectPatchRoundTrip(R"([1])", R"([0,1,2,3])");    // longer array
    expectPatchRoundTrip(R"({"a/b":{"m~n":1}})", R"({"a/b":{"m~n":2,"~1":3}})");
    expectPatchRoundTrip(R"({"":1})", R"({"":[{}]})");
    expectPatchRoundTrip(R"({"a":[{"b":1}]})", R"({})");
    expectPatchRoundTrip(R"({})", R"({})");
    expectPatchRoundTrip("\xEF\xBB\xBF[1]", "[2]");
}

TEST(JsonPatch, EscapesPointerTokens) {
    auto patch = jsonPatch(R"({"a/b":1,"c~d":1})", R"({"a/b":2,"c~d":2})");
    ASSERT_TRUE(patch.has_value());
    EXPECT_NE(patch->find("/a~1b"), std::string::npos);
    EXPECT_NE(patch->find("/c~0d"), std::string::npos);
    EXPECT_EQ(*jsonPatch("[1,2]", "[1,2]"), "[]");
}

TEST(JsonPatch, NumbersAsWrittenAndByValue) {
    const std::string digits(400, '7');
    std::string error;
    auto patch = jsonPatch(R"({"n":1})", "{\"n\":" + digits + "}", &error);
    ASSERT_TRUE(patch.has_value()) << error;
    EXPECT_NE(patch->find("\"value\": " + digits), std::string::npos);
    EXPECT_EQ(*jsonPatch(R"({"a":10,"b":[1.0]})", R"({"b":[1],"a":1e1})"), "[]");  // same values
    EXPECT_NE(*jsonPatch("9007199254740993", "9007199254740992"), "[]");           // integers exactly
    EXPECT_NE(*jsonPatch("1e400", "2e400"), "[]");
    EXPECT_EQ(*jsonPatch("1e400", "1e400"), "[]");
    EXPECT_EQ(*jsonPatch(R"({"a":1,"a":2})", R"({"a":2})"), "[]");  // last key wins
}

TEST(JsonPatch, InvalidInputSetsError) {
    std::string error;
    EXPECT_FALSE(jsonPatch("{", "{}", &error).has_value());
    EXPECT_NE(error.find("first document"), std::string::npos);
    error.clear();
    EXPECT_FALSE(jsonPatch("{}", "nope", &error).has_value());
    EXPECT_NE(error.find("second document"), std::string::npos);
    const std::string deep = std::string(2000, '[') + std::string(2000, ']');
    error.clear();
    EXPECT_FALSE(jsonPatch(deep, "[]", &error).has_value());
    EXPECT_FALSE(error.empty());
    EXPECT_FALSE(jsonPatch("x", "y").has_value());  // error pointer is optional
}

TEST(JsonPatch, RandomPairsRoundTrip) {
    Gen gen(20261120);
    int differing = 0, rootTypeChanges = 0;
    for (int i = 0; i < 1000; ++i) {
        const json a = gen.value(0);
        const json b = gen.mutate(a);
        differing += a != b;
        rootTypeChanges += a.type() != b.type();
        expectPatchRoundTrip(a.dump(), b.dump());
        if (HasFatalFailure()) return;
    }
    // The generator really exercises edits, including root type changes.
    EXPECT_GT(differing, 500);
    EXPECT_GT(rootTypeChanges, 50);
}
