// SPDX-License-Identifier: MIT
#pragma once
// Endpoint templates: "GET /users/{id}" from "GET /users/123?verbose=true".
//
// Two stages (documented in README, "Endpoint templates"):
//  1. obviousTemplate(): per URL, path only (scheme, host, query and fragment dropped), segments that
//     are obviously identifiers become {id}: numbers, UUIDs, hex hashes (>= 8 hex digits with a
//     digit), dates and times, e-mail addresses, long opaque tokens, and codes that mix letters with
//     >= 3 digits (SKU-0042, u12345). A file extension is kept ("{id}.png").
//  2. TemplateLearner: slugs (alice-smith, blue-widget-xl, repository names) are not obviously ids;
//     they are learned from the store itself, as log-template miners (Drain) do: all paths go into a
//     prefix tree keyed by method and segment. Below the first segment, a position is variable
//     when it has >= kMinDistinct "cold" literal children that are either >= 1% of the requests
//     there or mostly slug-shaped (contain '-', '_', '.', digits or capitals), or >= 3 slug-shaped
//     literals beside an {id} sibling. Its cold children merge into one {id} child (subtrees merged
//     recursively, so /repos/{owner}/{repo} is learned level by level). "Hot" literals — >= 5% of
//     the traffic there and >= 3x the median sibling — stay literal (static routes: /users/me).
//     The first segment is variable only when it has >= 50 cold values making >= 5% of requests.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace dt {

// "/users/123" from "https://h/users/123?x=1#f"; "/" for an empty path; trailing "/" removed.
std::string urlPath(std::string_view url);

// True when a single path segment is obviously an identifier.
bool isObviousIdSegment(std::string_view segment);

// "GET /users/{id}" (method uppercased) with stage-1 replacements only.
std::string obviousTemplate(std::string_view method, std::string_view url);

// Route templates given by the producer (a record's `endpoint`, e.g. "GET /repos/{owner}/{repo}")
// are authoritative: a record without one whose path fits a given template (same method, same
// literal segments, any value where the template has a {placeholder}) gets that template, so
// records with and without the field land in the same groups. The most specific template (most
// literal segments) wins.
class RoutePatterns {
public:
    void add(std::string_view endpointTemplate);
    bool empty() const { return m_patterns.empty(); }
    // `obvious` is a stage-1 template ("GET /repos/alice/{id}").
    std::optional<std::string> match(std::string_view obvious) const;
    // "GET /repos/{owner}/{repo}" -> "GET /repos/{id}/{id}"
    static std::string shape(std::string_view endpointTemplate);

private:
    struct Pattern {
        std::string text;
        std::string method;
        std::vector<std::string> segments;
        size_t literals = 0;
    };
    std::vector<Pattern> m_patterns;
};

class TemplateLearner {
public:
    static constexpr uint32_t kMinDistinct = 10;

    TemplateLearner();
    ~TemplateLearner();
    // Adds a stage-1 template ("GET /products/blue-widget-xl") seen `count` times.
    void add(std::string_view obvious, uint64_t count = 1);
    // Decides variable positions. Call once, after all add()s.
    void learn();
    // The final template of a stage-1 template that was add()ed (or any other: it is matched
    // against the learned tree; unknown literals stay literal).
    std::string templateFor(std::string_view obvious) const;

    struct Node;  // prefix-tree node (endpoint.cpp)

private:
    std::unique_ptr<Node> m_root;
    bool m_learned = false;
};

}  // namespace dt
