// SPDX-License-Identifier: MIT
// core/import/http_message: HTTP/1.x parsing, chunked and content decoding.
#include <gtest/gtest.h>

#include "capture_samples.h"
#include "core/import/http_message.h"

using namespace dt;
using namespace dt::import;

namespace {

struct HttpCase {
    const char* name;
    std::string raw;
    bool ok;
    int status;  // 0 for requests
    std::string body;
    bool truncated;
    size_t warnings;
};

std::vector<HttpCase> httpCases() {
    const std::string json = R"({"id":1,"name":"Alice"})";
    const std::string gz = test::gzipBytes(json);
    const std::string zl = test::gzipBytes(json, false);
    return {
        {"request_with_body", test::httpRequest("POST", "/o?x=1", json), true, 0, json, false, 0},
        {"request_without_length_has_no_body", "GET / HTTP/1.1\r\nHost: a\r\n\r\nleftover", true, 0, "", false, 0},
        {"response_content_length", test::httpResponse(200, json), true, 200, json, false, 0},
        {"response_until_end", "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nhello\nworld", true, 200,
         "hello\nworld", false, 0},
        {"bare_lf_line_ends", "HTTP/1.1 404 Not Found\nContent-Length: 2\n\nno", true, 404, "no", false, 0},
        {"missing_reason_phrase", "HTTP/1.1 500\r\nContent-Length: 0\r\n\r\n", true, 500, "", false, 0},
        {"chunked_with_extensions_and_trailers", test::httpChunked(200, {"{\"a\":", "1}"}), true, 200, "{\"a\":1}",
         false, 0},
        {"chunked_gzip", test::httpChunked(200, {gz.substr(0, 7), gz.substr(7)}, "Content-Encoding: gzip\r\n"), true,
         200, json, false, 0},
        {"gzip", test::httpResponse(200, gz, "Content-Encoding: gzip\r\n"), true, 200, json, false, 0},
        {"deflate_zlib", test::httpResponse(200, zl, "Content-Encoding: deflate\r\n"), true, 200, json, false, 0},
        {"deflate_raw", test::httpResponse(200, zl.substr(2, zl.size() - 6), "Content-Encoding: deflate\r\n"), true,
         200, json, false, 0},
        {"content_length_cut_short", "HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n{\"id\":", true, 200,
         "{\"id\":", true, 0},
        {"chunk_cut_short", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nabc", true, 200, "abc", true,
         0},
        {"bad_chunk_size", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\nzz\r\nmore", true, 200,
         "abc", true, 1},
        {"corrupt_gzip_kept_encoded", test::httpResponse(200, "not gzip at all", "Content-Encoding: gzip\r\n"), true,
         200, "not gzip at all", false, 1},
        {"unknown_coding_kept", test::httpResponse(200, "xx", "Content-Encoding: br\r\n"), true, 200, "xx", false, 1},
        {"no_content_204", "HTTP/1.1 204 No Content\r\n\r\n", true, 204, "", false, 0},
        {"obs_fold", "HTTP/1.1 200 OK\r\nX-Long: a\r\n  b\r\nContent-Length: 0\r\n\r\n", true, 200, "", false, 1},
        {"headers_cut_short", "HTTP/1.1 200 OK\r\nContent-Type: app", true, 200, "", true, 1},
        {"not_http", "hello world\r\n\r\n", false, 0, "", false, 0},
        {"bad_status", "HTTP/1.1 2x0 OK\r\n\r\n", false, 0, "", false, 0},
        {"bad_header_line", "HTTP/1.1 200 OK\r\nno colon here\r\n\r\n", false, 0, "", false, 0},
        {"empty", "", false, 0, "", false, 0},
    };
}

class HttpMessageCase : public ::testing::TestWithParam<HttpCase> {};

}  // namespace

TEST_P(HttpMessageCase, Parses) {
    const HttpCase& c = GetParam();
    std::string error;
    auto m = parseHttpMessage(c.raw, &error);
    ASSERT_EQ(m.has_value(), c.ok) << error;
    if (!c.ok) {
        EXPECT_FALSE(error.empty());
        return;
    }
    EXPECT_EQ(m->is_request, c.status == 0);
    if (c.status) {
        EXPECT_EQ(m->status, c.status);
    }
    EXPECT_EQ(m->body, c.body);
    EXPECT_EQ(m->truncated, c.truncated);
    EXPECT_EQ(m->warnings.size(), c.warnings) << (m->warnings.empty() ? "" : m->warnings[0]);
}

INSTANTIATE_TEST_SUITE_P(Import, HttpMessageCase, ::testing::ValuesIn(httpCases()),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(HttpMessage, RequestLineAndHeaders) {
    std::string error;
    const std::string raw = "PUT /a/b?c=d HTTP/1.1\r\nHost: x\r\nX-Request-Id: r-1\r\nContent-Length: 3\r\n\r\nabcNEXT";
    auto m = parseHttpMessage(raw, &error);
    ASSERT_TRUE(m);
    EXPECT_EQ(m->method, "PUT");
    EXPECT_EQ(m->target, "/a/b?c=d");
    EXPECT_EQ(m->version, "HTTP/1.1");
    ASSERT_NE(findHeader(m->headers, "x-request-id"), nullptr);
    EXPECT_EQ(*findHeader(m->headers, "x-request-id"), "r-1");
    EXPECT_EQ(m->body, "abc");
    EXPECT_EQ(raw.substr(m->consumed), "NEXT");
    const Request r = toRequest(*m);
    EXPECT_EQ(r.url, "/a/b?c=d");
    EXPECT_EQ(r.headers.size(), 3u);
}

TEST(HttpMessage, ChunkedDecoderReportsWhatItUsed) {
    std::string out;
    size_t used = 0;
    bool truncated = true;
    std::string error;
    const std::string in = "4\r\nWiki\r\n5\r\npedia\r\n0\r\n\r\nrest";
    ASSERT_TRUE(decodeChunked(in, out, &used, &truncated, &error));
    EXPECT_EQ(out, "Wikipedia");
    EXPECT_FALSE(truncated);
    EXPECT_EQ(in.substr(used), "rest");
}

TEST(HttpMessage, ContentCodingListIsUndoneInReverse) {
    const std::string twice = test::gzipBytes(test::gzipBytes("payload"), false);
    std::string body = twice;
    std::string error;
    ASSERT_TRUE(decodeContentEncoding("gzip, deflate", body, &error)) << error;
    EXPECT_EQ(body, "payload");
    body = "abc";
    EXPECT_FALSE(decodeContentEncoding("compress", body, &error));
    EXPECT_EQ(body, "abc");
    EXPECT_NE(error.find("compress"), std::string::npos);
}
