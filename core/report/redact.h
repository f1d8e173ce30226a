// SPDX-License-Identifier: MIT
#pragma once
// Privacy masking (issue 12, docs/report.md): the one redaction helper for everything that shows
// payload text outside the app — meeting reports, golden-set notes and, behind a toggle, the diff
// view. Masks, keeping the name so a reader still sees what was there:
//   - values of sensitive headers: Authorization, Proxy-Authorization, Cookie, Set-Cookie and names
//     that look like credentials (containing api-key, apikey, api_key, token, secret, password,
//     session, auth), as "Name: •••" lines in text and as "name": "•••" JSON members;
//   - JSON members with credential-like names ("password": "•••", "access_token": "•••");
//   - bearer / basic tokens anywhere ("Bearer •••") and JWTs (eyJ….….…);
//   - credentials in query strings (?api_key=•••&…): api_key, apikey, key, token, access_token,
//     secret, password, sig, signature (case-insensitive);
//   - e-mail addresses (•••@•••);
//   - extra RE2 patterns: the first capture group is masked when the pattern has one, else the
//     whole match.
// Patterns are RE2 (linear time in the text, whatever it holds).
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dt {

inline constexpr std::string_view kMask = "\u2022\u2022\u2022";  // •••

class Redactor {
public:
    // Null with *error ("--mask-pattern 2: missing ): (a") when an extra pattern does not compile.
    static std::unique_ptr<Redactor> create(const std::vector<std::string>& extraPatterns, std::string* error);
    ~Redactor();
    Redactor(const Redactor&) = delete;
    Redactor& operator=(const Redactor&) = delete;

    // Masks everything above in free text (bodies, diffs, URLs, header lines).
    std::string text(std::string_view s) const;
    // A header value: the whole value when the name is sensitive, else text(value).
    std::string header(std::string_view name, std::string_view value) const;

    // Authorization, Cookie, X-Api-Key, X-Auth-Token, ... (case-insensitive).
    static bool isSensitiveHeader(std::string_view name);

private:
    Redactor();
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

// The built-in masking without extra patterns (shared, thread-safe).
const Redactor& defaultRedactor();

}  // namespace dt
