// SPDX-License-Identifier: MIT
// record.h helpers, base64 and the JSONL record parser (parseRecordLine).
#include <gtest/gtest.h>

#include "core/store/record.h"
#include "core/store/store.h"
#include "core/util/base64.h"

namespace dt {
namespace {

std::string recordLine(const std::string& primaryKey, const std::string& candidateKey, const std::string& extra = "") {
    return R"({"id":"c-1","ts":"2026-11-20T10:00:00.123Z","request":{"method":"GET","url":"/u/1","headers":{},"body":""},")" +
           primaryKey + R"(":{"status":200,"body":"p"},")" + candidateKey + R"(":{"status":201,"body":"c"})" + extra +
           "}";
}

Record mustParse(const std::string& line) {
    std::string reason;
    auto r = parseRecordLine(line, &reason);
    EXPECT_TRUE(r.has_value()) << reason << "\n" << line;
    return r ? *r : Record{};
}

std::string mustFail(const std::string& line) {
    std::string reason;
    auto r = parseRecordLine(line, &reason);
    EXPECT_FALSE(r.has_value()) << line;
    return reason;
}

TEST(Timestamp, ParsesRfc3339Variants) {
    EXPECT_EQ(parseTimestampMs("1970-01-01T00:00:00Z"), 0);
    EXPECT_EQ(parseTimestampMs("2026-11-20T10:00:00.123Z"), 1795168800123);
    EXPECT_EQ(parseTimestampMs("2026-11-20t10:00:00.123z"), 1795168800123);
    EXPECT_EQ(parseTimestampMs("2026-11-20 10:00:00.123Z"), 1795168800123);
    EXPECT_EQ(parseTimestampMs("2026-11-20T12:00:00.123+02:00"), 1795168800123);
    EXPECT_EQ(parseTimestampMs("2026-11-20T05:30:00.123-04:30"), 1795168800123);
    EXPECT_EQ(parseTimestampMs("2026-11-20T10:00:00.1239999Z"), 1795168800123);  // truncated to ms
    EXPECT_EQ(parseTimestampMs("2026-11-20T10:00:00.1Z"), 1795168800100);
    EXPECT_EQ(parseTimestampMs("1969-12-31T23:59:59.999Z"), -1);
    EXPECT_EQ(parseTimestampMs("2024-02-29T00:00:00Z"), 1709164800000);  // leap day
    EXPECT_EQ(parseTimestampMs("2026-11-20T10:00:00"), 1795168800000);   // naive = UTC
}

TEST(Timestamp, RejectsInvalid) {
    for (const char* bad : {"", "2026-11-20", "2026-13-01T00:00:00Z", "2026-02-29T00:00:00Z", "2026-11-20T24:00:00Z",
                            "2026-11-20T10:60:00Z", "2026-11-20T10:00:00.Z", "2026-11-20T10:00:00+2",
                            "20261120T100000Z", "2026-11-20T10:00:00Zjunk", " 2026-11-20T10:00:00Z", "yesterday"}) {
        EXPECT_FALSE(parseTimestampMs(bad).has_value()) << bad;
    }
}

TEST(Timestamp, FormatRoundTrips) {
    EXPECT_EQ(formatTimestampMs(0), "1970-01-01T00:00:00.000Z");
    EXPECT_EQ(formatTimestampMs(1795168800123), "2026-11-20T10:00:00.123Z");
    EXPECT_EQ(formatTimestampMs(-1), "1969-12-31T23:59:59.999Z");
    for (int64_t ms :
         {int64_t(0), int64_t(951782400000), int64_t(1709164800000), int64_t(4102444799999), int64_t(-86400001)})
        EXPECT_EQ(parseTimestampMs(formatTimestampMs(ms)), ms) << ms;
}

TEST(CaseHelpers, IequalsAndLowercase) {
    EXPECT_TRUE(iequals("Content-Type", "content-type"));
    EXPECT_TRUE(iequals("", ""));
    EXPECT_FALSE(iequals("Content-Type", "Content-Typ"));
    EXPECT_FALSE(iequals("a", "b"));
    EXPECT_EQ(lowercase("X-Request-ID"), "x-request-id");
    EXPECT_EQ(lowercase("\xc3\x89t\xc3\xa9"), "\xc3\x89t\xc3\xa9");  // non-ASCII bytes untouched
}

TEST(Base64, DecodesStandardUrlSafeUnpaddedAndWrapped) {
    std::string out;
    ASSERT_TRUE(base64Decode("aGVsbG8gd29ybGQ=", out));
    EXPECT_EQ(out, "hello world");
    ASSERT_TRUE(base64Decode("aGVsbG8gd29ybGQ", out));
    EXPECT_EQ(out, "hello world");
    ASSERT_TRUE(base64Decode("aGVs\nbG8g\r\nd29y bGQ=", out));
    EXPECT_EQ(out, "hello world");
    ASSERT_TRUE(base64Decode("-_8=", out));
    EXPECT_EQ(out, std::string("\xfb\xff", 2));
    ASSERT_TRUE(base64Decode("", out));
    EXPECT_EQ(out, "");
    ASSERT_TRUE(base64Decode("AAEC", out));
    EXPECT_EQ(out, std::string("\0\1\2", 3));
}

TEST(Base64, RejectsInvalid) {
    std::string out;
    EXPECT_FALSE(base64Decode("a", out));
    EXPECT_FALSE(base64Decode("ab$d", out));
    EXPECT_FALSE(base64Decode("ab=d", out));
    EXPECT_FALSE(base64Decode("a===", out));
    EXPECT_FALSE(base64Decode("abc==", out));
}

TEST(Base64, EncodeRoundTrip) {
    std::string bytes;
    for (int i = 0; i < 256; ++i) bytes.push_back(static_cast<char>(i));
    for (size_t n = 0; n < 8; ++n) {
        const std::string in = bytes.substr(0, n) + bytes;
        std::string out;
        ASSERT_TRUE(base64Decode(base64Encode(in), out));
        EXPECT_EQ(out, in);
    }
    EXPECT_EQ(base64Encode("hello world"), "aGVsbG8gd29ybGQ=");
}

TEST(ParseRecord, FullRecord) {
    const std::string line = R"({"id":"c-000123","ts":"2026-11-20T10:00:00.123Z","endpoint":"GET /users/{id}",
 "request":{"method":"GET","url":"/users/123?verbose=true","headers":{"Accept":["application/json","text/plain"]},"body":""},
 "primary":{"status":200,"headers":{"Content-Type":["application/json"]},"body":"{\"id\":\"123\"}","latency_ms":12.4,
            "state":{"before":{"row_version":7,"etag":"a"},"after":{"row_version":8}}},
 "candidate":{"status":200,"headers":{"Content-Type":"application/json","X-Count":3},"body":"{\"id\":\"124\"}","latency_ms":7.9},
 "secondary":{"status":503,"error":"timeout"},
 "tags":{"tenant":"acme","shard":4,"canary":true},"weight":100,"unknown_field":{"x":1}})";
    const Record r = mustParse(line);
    EXPECT_EQ(r.id, "c-000123");
    EXPECT_EQ(r.ts, "2026-11-20T10:00:00.123Z");
    EXPECT_EQ(r.endpoint, "GET /users/{id}");
    EXPECT_EQ(r.request.method, "GET");
    EXPECT_EQ(r.request.url, "/users/123?verbose=true");
    ASSERT_EQ(r.request.headers.size(), 2u);
    EXPECT_EQ(r.request.headers[0], Header("Accept", "application/json"));
    EXPECT_EQ(r.request.headers[1], Header("Accept", "text/plain"));
    EXPECT_TRUE(r.primary.present);
    EXPECT_EQ(r.primary.status, 200);
    EXPECT_EQ(r.primary.body, R"({"id":"123"})");
    EXPECT_DOUBLE_EQ(r.primary.latency_ms.value_or(-1), 12.4);
    EXPECT_TRUE(r.primary.has_state_before);
    ASSERT_EQ(r.primary.state_before.size(), 2u);
    EXPECT_EQ(r.primary.state_before[0], std::make_pair(std::string("row_version"), std::string("7")));
    EXPECT_EQ(r.primary.state_before[1], std::make_pair(std::string("etag"), std::string("\"a\"")));
    ASSERT_EQ(r.primary.state_after.size(), 1u);
    EXPECT_EQ(r.primary.state_after[0].second, "8");
    EXPECT_FALSE(r.candidate.has_state_before);
    ASSERT_EQ(r.candidate.headers.size(), 2u);
    EXPECT_EQ(r.candidate.headers[0], Header("Content-Type", "application/json"));
    EXPECT_EQ(r.candidate.headers[1], Header("X-Count", "3"));  // number tolerated
    EXPECT_TRUE(r.secondary.present);
    EXPECT_EQ(r.secondary.status, 503);
    EXPECT_EQ(r.secondary.error, "timeout");
    ASSERT_EQ(r.tags.size(), 3u);
    EXPECT_EQ(r.tags[0].second, "acme");
    EXPECT_EQ(r.tags[1].second, "4");
    EXPECT_EQ(r.tags[2].second, "true");
    EXPECT_DOUBLE_EQ(r.weight, 100);
}

TEST(ParseRecord, EveryAlias) {
    for (const char* p : {"primary", "python_response", "control", "baseline", "legacy"}) {
        for (const char* c : {"candidate", "shadow", "go_response", "experiment"}) {
            const Record r = mustParse(recordLine(p, c));
            EXPECT_TRUE(r.primary.present) << p;
            EXPECT_EQ(r.primary.body, "p") << p;
            EXPECT_EQ(r.primary.status, 200);
            EXPECT_TRUE(r.candidate.present) << c;
            EXPECT_EQ(r.candidate.body, "c") << c;
            EXPECT_EQ(r.candidate.status, 201);
            EXPECT_FALSE(r.secondary.present);
        }
    }
}

TEST(ParseRecord, CanonicalNameWinsOverAlias) {
    const Record r = mustParse(recordLine("control", "shadow", R"(,"primary":{"status":404,"body":"canon"})"));
    EXPECT_EQ(r.primary.status, 404);
    EXPECT_EQ(r.primary.body, "canon");
}

TEST(ParseRecord, BodyBase64AndJsonBodies) {
    const Record r = mustParse(
        R"({"id":"b","ts":"2026-01-01T00:00:00Z","request":{"method":"POST","url":"/x","body_base64":"AAEC/w=="},
      "primary":{"status":200,"body_base64":"aGVsbG8="},"candidate":{"status":200,"body":{"a":[1, 2],"b":"x"}}})");
    EXPECT_EQ(r.request.body, std::string("\0\1\2\xff", 4));
    EXPECT_EQ(r.primary.body, "hello");
    EXPECT_EQ(r.candidate.body, R"({"a":[1,2],"b":"x"})");
    const std::string reason = mustFail(R"({"id":"b","ts":"t","request":{"method":"GET","url":"/"},
      "primary":{"status":200,"body_base64":"not base64!"},"candidate":{"status":200}})");
    EXPECT_NE(reason.find("body_base64"), std::string::npos) << reason;
}

TEST(ParseRecord, TolerantScalars) {
    const Record r = mustParse(R"({"id":42,"ts":"t","request":{"method":"GET","url":"/"},
      "primary":{"status":"200","latency_ms":"3.5","headers":{"A":"1"}},"candidate":{"error":"connection refused"},"weight":"2"})");
    EXPECT_EQ(r.id, "42");
    EXPECT_EQ(r.primary.status, 200);
    EXPECT_DOUBLE_EQ(*r.primary.latency_ms, 3.5);
    EXPECT_TRUE(r.candidate.present);
    EXPECT_FALSE(r.candidate.status.has_value());
    EXPECT_EQ(r.candidate.error, "connection refused");
    EXPECT_DOUBLE_EQ(r.weight, 2);
    const Record e =
        mustParse(R"({"id":"e","ts":"1795168800.5","request":{"method":"GET","url":"/"},"primary":{},"candidate":{}})");
    EXPECT_EQ(e.ts, "2026-11-20T10:00:00.500Z");
    const Record f =
        mustParse(R"({"id":"f","ts":1795168800123,"request":{"method":"GET","url":"/"},"primary":{},"candidate":{}})");
    EXPECT_EQ(f.ts, "2026-11-20T10:00:00.123Z");
    const Record d = mustParse(recordLine("primary", "candidate"));
    EXPECT_DOUBLE_EQ(d.weight, 1.0);
}

TEST(ParseRecord, MissingAndInvalidFields) {
    EXPECT_EQ(mustFail(R"({"id":"x","ts":"t","request":{"method":"GET","url":"/"},"primary":{"status":200}})"),
              "missing required field \"candidate\"");
    EXPECT_EQ(mustFail(R"({"id":"x","ts":"t","request":{"method":"GET","url":"/"},"candidate":{"status":200}})"),
              "missing required field \"primary\"");
    EXPECT_EQ(mustFail(R"({"ts":"t","request":{"method":"GET","url":"/"},"primary":{},"candidate":{}})"),
              "missing required field \"id\"");
    EXPECT_EQ(mustFail(R"({"id":"x","request":{"method":"GET","url":"/"},"primary":{},"candidate":{}})"),
              "missing required field \"ts\"");
    EXPECT_EQ(mustFail(R"({"id":"x","ts":"t","primary":{},"candidate":{}})"), "missing required field \"request\"");
    EXPECT_EQ(mustFail(R"({"id":"x","ts":"t","request":{"url":"/"},"primary":{},"candidate":{}})"),
              "missing required field \"request.method\"");
    EXPECT_NE(mustFail(recordLine("primary", "candidate", R"(,"weight":-1)")).find("weight"), std::string::npos);
    EXPECT_NE(mustFail(recordLine("primary", "candidate", R"(,"weight":"lots")")).find("weight"), std::string::npos);
    EXPECT_NE(
        mustFail(R"({"id":"x","ts":"t","request":{"method":"GET","url":"/"},"primary":{"status":"OK"},"candidate":{}})")
            .find("primary.status"),
        std::string::npos);
    EXPECT_NE(mustFail(R"({"id":"x","ts":"t","request":{"method":"GET","url":"/"},"primary":[],"candidate":{}})")
                  .find("primary"),
              std::string::npos);
}

TEST(ParseRecord, InvalidJsonReasonHasBytePosition) {
    const std::string reason = mustFail(R"({"id":"x","ts":"t",,})");
    EXPECT_NE(reason.find("invalid JSON at byte 20"), std::string::npos) << reason;
    EXPECT_NE(mustFail("[1,2]").find("expected a JSON object"), std::string::npos);
    EXPECT_EQ(mustFail("   \t "), "blank line");
}

TEST(ParseRecord, ByteOrderMarkAtLineStartIsSkipped) {
    const Record r = mustParse("\xef\xbb\xbf" + recordLine("primary", "candidate"));
    EXPECT_EQ(r.id, "c-1");
}

TEST(ParseRecord, InvalidUtf8IsRepaired) {
    std::string line = recordLine("primary", "candidate");
    const size_t at = line.find("\"p\"");
    line.replace(at, 3, "\"p\xff\xc3(\"");
    const Record r = mustParse(line);
    EXPECT_EQ(r.primary.body, "p\xEF\xBF\xBD\xEF\xBF\xBD(");
}

}  // namespace
}  // namespace dt
