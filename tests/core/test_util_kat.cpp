// SPDX-License-Identifier: MIT
// Known-answer tests for core/util: SHA-256 (FIPS 180-4 / NIST CAVP vectors) and base64
// (RFC 4648 section 10 vectors), including the liberal decoder's accepted and refused inputs.
#include <gtest/gtest.h>

#include "core/util/base64.h"
#include "core/util/sha256.h"

using namespace dt;

struct ShaCase {
    std::string input;
    const char* digest;
};

class Sha256Kat : public ::testing::TestWithParam<ShaCase> {};

TEST_P(Sha256Kat, MatchesTheStandardDigest) { EXPECT_EQ(sha256Hex(GetParam().input), GetParam().digest); }

INSTANTIATE_TEST_SUITE_P(
    Nist, Sha256Kat,
    ::testing::Values(
        ShaCase{"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
        ShaCase{"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
        ShaCase{"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
        ShaCase{"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqr"
                "stnopqrstu",
                "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"},
        ShaCase{std::string(1000000, 'a'), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"},
        // 55 and 56 bytes: the padding boundary where the length no longer fits the last block.
        ShaCase{std::string(55, 'a'), "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"},
        ShaCase{std::string(56, 'a'), "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"}));

TEST(Sha256, BinarySummaryNamesSizeAndDigestPrefix) {
    EXPECT_EQ(binarySummary("abc"), "<3 bytes sha256:ba7816bf8f01cfea\xE2\x80\xA6>");
}

struct Base64Case {
    std::string plain;
    std::string encoded;
};

class Base64Kat : public ::testing::TestWithParam<Base64Case> {};

TEST_P(Base64Kat, EncodesAndDecodes) {
    const Base64Case& c = GetParam();
    EXPECT_EQ(base64Encode(c.plain), c.encoded);
    std::string out = "reused";
    ASSERT_TRUE(base64Decode(c.encoded, out));
    EXPECT_EQ(out, c.plain);
}

INSTANTIATE_TEST_SUITE_P(Rfc4648, Base64Kat,
                         ::testing::Values(Base64Case{"", ""}, Base64Case{"f", "Zg=="}, Base64Case{"fo", "Zm8="},
                                           Base64Case{"foo", "Zm9v"}, Base64Case{"foob", "Zm9vYg=="},
                                           Base64Case{"fooba", "Zm9vYmE="}, Base64Case{"foobar", "Zm9vYmFy"},
                                           Base64Case{std::string("\0\xff\xfe", 3), "AP/+"}));

TEST(Base64, LiberalDecoderAcceptsUrlSafeUnpaddedAndWrapped) {
    std::string out;
    ASSERT_TRUE(base64Decode("AP_-", out));  // URL-safe alphabet
    EXPECT_EQ(out, std::string("\0\xff\xfe", 3));
    ASSERT_TRUE(base64Decode("Zm9vYg", out));  // padding missing
    EXPECT_EQ(out, "foob");
    ASSERT_TRUE(base64Decode("Zm9v\r\nYmFy\n", out));  // MIME line wrapping
    EXPECT_EQ(out, "foobar");
}

TEST(Base64, RefusesWhatIsNotBase64) {
    std::string out;
    for (const char* bad : {"Zm9v!", "Z===", "Zm=9v", "A", "Zm9vY"}) EXPECT_FALSE(base64Decode(bad, out)) << bad;
}
