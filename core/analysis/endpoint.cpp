// SPDX-License-Identifier: MIT
#include "core/analysis/endpoint.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <utility>
#include <vector>

namespace dt {

namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isHex(char c) { return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool isAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool isUuid(std::string_view s) {
    if (s.size() != 36) return false;
    for (size_t i = 0; i < s.size(); ++i) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (s[i] != '-') return false;
        } else if (!isHex(s[i])) {
            return false;
        }
    }
    return true;
}

// 2026-11-20, 2026-11-20T10:00:00Z, 20261120, 10:00:00
bool isDateLike(std::string_view s) {
    if (s.size() >= 10 && isDigit(s[0]) && isDigit(s[1]) && isDigit(s[2]) && isDigit(s[3]) &&
        (s[4] == '-' || s[4] == '_') && isDigit(s[5]) && isDigit(s[6]) && (s[7] == '-' || s[7] == '_') &&
        isDigit(s[8]) && isDigit(s[9]))
        return true;
    return false;
}

bool isSlugLike(std::string_view s) {
    for (char c : s)
        if (c == '-' || c == '_' || c == '.' || isDigit(c) || (c >= 'A' && c <= 'Z')) return true;
    return false;
}

std::string_view stripExtension(std::string_view seg, std::string_view* ext) {
    // "17.png" -> "17" + ".png"; only short alphabetic extensions count.
    const size_t dot = seg.rfind('.');
    if (dot == std::string_view::npos || dot == 0 || seg.size() - dot > 6 || seg.size() - dot < 2) {
        *ext = {};
        return seg;
    }
    for (size_t i = dot + 1; i < seg.size(); ++i)
        if (!isAlpha(seg[i]) && !isDigit(seg[i])) {
            *ext = {};
            return seg;
        }
    *ext = seg.substr(dot);
    return seg.substr(0, dot);
}

}  // namespace

std::string urlPath(std::string_view url) {
    std::string_view u = url;
    const size_t scheme = u.find("://");
    const size_t firstSlash = u.find('/');
    if (scheme != std::string_view::npos && (firstSlash == std::string_view::npos || scheme < firstSlash)) {
        const size_t pathStart = u.find('/', scheme + 3);
        u = pathStart == std::string_view::npos ? std::string_view("/") : u.substr(pathStart);
    }
    for (size_t k = 0; k < u.size(); ++k)  // find_first_of("?#") walks the set once per byte
        if (u[k] == '?' || u[k] == '#') {
            u = u.substr(0, k);
            break;
        }
    std::string out;
    out.reserve(u.size() + 1);
    if (u.empty() || u[0] != '/') out.push_back('/');
    size_t i = 0;
    while (i < u.size()) {
        if (u[i] == '/') {
            if (out.empty() || out.back() != '/') out.push_back('/');  // collapse "//"
            ++i;
            continue;
        }
        size_t j = u.find('/', i);
        if (j == std::string_view::npos) j = u.size();
        out.append(u.data() + i, j - i);  // a whole segment at once
        i = j;
    }
    while (out.size() > 1 && out.back() == '/') out.pop_back();
    return out;
}

bool isObviousIdSegment(std::string_view seg) {
    if (seg.empty()) return false;
    if (seg.front() == '{' && seg.back() == '}') return true;  // already a template
    size_t digits = 0, alpha = 0, hex = 0, other = 0, upper = 0, lower = 0;
    for (char c : seg) {
        if (isDigit(c))
            ++digits;
        else if (isAlpha(c)) {
            ++alpha;
            if (c >= 'A' && c <= 'Z')
                ++upper;
            else
                ++lower;
        } else
            ++other;
        if (isHex(c)) ++hex;
    }
    if (digits == seg.size()) return true;                                // 123
    if (isUuid(seg)) return true;                                         // uuid
    if (hex == seg.size() && seg.size() >= 8 && digits > 0) return true;  // sha / object id
    if (isDateLike(seg)) return true;                                     // 2026-11-20...
    if (seg.find('@') != std::string_view::npos) return true;             // e-mail
    if (digits >= 3 && alpha > 0) return true;                            // SKU-0042, u12345
    if (digits > 0 && other == 0 && alpha > 0 && isDigit(seg.front()) && seg.size() > 3) return true;  // 9f3ab
    if (seg.size() >= 20 && other <= 2 && digits > 0 && upper > 0 && lower > 0) return true;           // opaque token
    return false;
}

std::string obviousTemplate(std::string_view method, std::string_view url) {
    const std::string path = urlPath(url);
    std::string out;
    out.reserve(method.size() + path.size() + 16);
    for (char c : method) out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    if (out.empty()) out = "?";
    out.push_back(' ');
    size_t i = 0;
    if (path == "/") {
        out += "/";
        return out;
    }
    while (i < path.size()) {
        // path[i] == '/'
        size_t j = path.find('/', i + 1);
        if (j == std::string::npos) j = path.size();
        std::string_view seg(path.data() + i + 1, j - i - 1);
        out.push_back('/');
        std::string_view ext;
        std::string_view stem = stripExtension(seg, &ext);
        if (isObviousIdSegment(seg)) {
            out += "{id}";
        } else if (!ext.empty() && isObviousIdSegment(stem)) {
            out += "{id}";
            out += ext;
        } else {
            out.append(seg);
        }
        i = j;
    }
    return out;
}

// ---------------------------------------------------------------------------------------------

struct TemplateLearner::Node {
    uint64_t count = 0;
    std::map<std::string, std::unique_ptr<Node>, std::less<>> children;
    bool variable = false;  // children were merged into "{id}"

    Node() = default;
    Node(const Node&) = delete;
    Node& operator=(const Node&) = delete;
    // Iterative teardown: a URL with 100,000 segments makes a chain that deep, and the default
    // (recursive) destructor of the children would overflow the stack.
    ~Node() {
        std::vector<std::unique_ptr<Node>> doomed;
        for (auto& kv : children)
            if (kv.second) doomed.push_back(std::move(kv.second));  // (merged-away children are null)
        children.clear();
        while (!doomed.empty()) {
            std::unique_ptr<Node> n = std::move(doomed.back());
            doomed.pop_back();
            for (auto& kv : n->children)
                if (kv.second) doomed.push_back(std::move(kv.second));
            n->children.clear();
        }
    }
};

namespace {

void mergeInto(TemplateLearner::Node* dst, std::unique_ptr<TemplateLearner::Node> src);

}  // namespace

TemplateLearner::TemplateLearner() : m_root(std::make_unique<Node>()) {}
TemplateLearner::~TemplateLearner() = default;

namespace {

// Splits "GET /a/b" into {"GET", "a", "b"}; "GET /" into {"GET"}.
std::vector<std::string_view> tokens(std::string_view t) {
    std::vector<std::string_view> out;
    const size_t sp = t.find(' ');
    if (sp == std::string_view::npos) {
        out.push_back(t);
        return out;
    }
    out.push_back(t.substr(0, sp));
    std::string_view path = t.substr(sp + 1);
    size_t i = 0;
    while (i < path.size()) {
        if (path[i] == '/') {
            ++i;
            continue;
        }
        size_t j = path.find('/', i);
        if (j == std::string_view::npos) j = path.size();
        out.push_back(path.substr(i, j - i));
        i = j;
    }
    return out;
}

}  // namespace

void TemplateLearner::add(std::string_view obvious, uint64_t count) {
    Node* n = m_root.get();
    n->count += count;
    for (std::string_view tok : tokens(obvious)) {
        auto it = n->children.find(tok);
        if (it == n->children.end()) it = n->children.emplace(std::string(tok), std::make_unique<Node>()).first;
        n = it->second.get();
        n->count += count;
    }
}

namespace {

void mergeInto(TemplateLearner::Node* dst, std::unique_ptr<TemplateLearner::Node> src) {
    // Iterative (an explicit stack): the depth of a subtree is the number of URL segments.
    std::vector<std::pair<TemplateLearner::Node*, std::unique_ptr<TemplateLearner::Node>>> todo;
    todo.emplace_back(dst, std::move(src));
    while (!todo.empty()) {
        auto [d, s] = std::move(todo.back());
        todo.pop_back();
        d->count += s->count;
        for (auto& [key, child] : s->children) {
            auto it = d->children.find(key);
            if (it == d->children.end())
                d->children.emplace(key, std::move(child));
            else
                todo.emplace_back(it->second.get(), std::move(child));
        }
    }
}

// Decides whether the children of `n` sit at a variable position, and merges them if so.
void learnOne(TemplateLearner::Node* n, size_t depth) {
    if (depth >= 1 && !n->children.empty()) {  // depth 0 = root (children are methods)
        size_t literals = 0, slugLike = 0;
        bool hasId = false;
        for (auto& [key, child] : n->children) {
            if (key == "{id}")
                hasId = true;
            else if (!key.empty() && key.front() != '{') {
                ++literals;
                if (isSlugLike(key)) ++slugLike;
            }
        }
        // A literal is "hot" (kept: a static route like /users/me) when it carries >= 5% of the
        // traffic here and at least 3x the median of its literal siblings.
        std::vector<uint64_t> counts;
        for (auto& [key, child] : n->children)
            if (key.front() != '{') counts.push_back(child->count);
        uint64_t median = 0;
        if (!counts.empty()) {
            std::nth_element(counts.begin(), counts.begin() + counts.size() / 2, counts.end());
            median = counts[counts.size() / 2];
        }
        const uint64_t hotMin = std::max<uint64_t>({2, n->count / 20, 3 * median});
        size_t cold = 0;
        for (auto& [key, child] : n->children)
            if (key.front() != '{' && child->count < hotMin) ++cold;
        const bool slugMajority = slugLike * 2 >= literals;
        bool diverse, besideId;
        if (depth == 1) {
            // First path segment: resources ("/users", "/orders") are few and busy; only a very
            // diverse first segment (tenants, locales) is variable.
            diverse = cold >= 50 && cold * 20 >= n->count;
            besideId = false;
        } else {
            diverse = cold >= TemplateLearner::kMinDistinct && (cold * 100 >= n->count || slugMajority);
            besideId = hasId && cold >= 3 && slugMajority;
        }
        if (diverse || besideId) {
            auto merged = std::make_unique<TemplateLearner::Node>();
            if (auto it = n->children.find("{id}"); it != n->children.end()) {
                merged = std::move(it->second);
                n->children.erase(it);
            }
            for (auto it = n->children.begin(); it != n->children.end();) {
                if (it->first.front() != '{' && it->second->count < hotMin) {  // cold literal
                    mergeInto(merged.get(), std::move(it->second));
                    it = n->children.erase(it);
                } else {
                    ++it;
                }
            }
            n->children.emplace("{id}", std::move(merged));
            n->variable = true;
        }
    }
}

// Every node, parents before children, without recursion (the tree is as deep as the longest URL).
void learnTree(TemplateLearner::Node* root) {
    std::vector<std::pair<TemplateLearner::Node*, size_t>> todo{{root, 0}};
    while (!todo.empty()) {
        auto [n, depth] = todo.back();
        todo.pop_back();
        learnOne(n, depth);
        for (auto& [key, child] : n->children) todo.emplace_back(child.get(), depth + 1);
    }
}

}  // namespace

void TemplateLearner::learn() {
    learnTree(m_root.get());
    m_learned = true;
}

std::string TemplateLearner::templateFor(std::string_view obvious) const {
    const auto toks = tokens(obvious);
    if (toks.empty()) return std::string(obvious);
    std::string out(toks[0]);
    out.push_back(' ');
    const Node* n = m_root.get();
    auto it = n->children.find(toks[0]);
    n = it == n->children.end() ? nullptr : it->second.get();
    if (toks.size() == 1) {
        out.push_back('/');
        return out;
    }
    for (size_t i = 1; i < toks.size(); ++i) {
        out.push_back('/');
        std::string_view tok = toks[i];
        if (n) {
            auto c = n->children.find(tok);
            if (c != n->children.end()) {
                n = c->second.get();
            } else if (n->variable) {
                tok = "{id}";
                c = n->children.find(tok);
                n = c == n->children.end() ? nullptr : c->second.get();
            } else {
                n = nullptr;
            }
        }
        out.append(tok);
    }
    return out;
}

// ---------------------------------------------------------------------------------------------

namespace {

bool isPlaceholder(std::string_view seg) { return seg.size() >= 2 && seg.front() == '{' && seg.back() == '}'; }

bool segmentMatches(std::string_view pattern, std::string_view seg) {
    if (isPlaceholder(pattern)) return !seg.empty();
    const size_t open = pattern.find('{');
    const size_t close = pattern.find('}', open == std::string_view::npos ? 0 : open);
    if (open == std::string_view::npos || close == std::string_view::npos) return pattern == seg;
    // "{id}.png": literal prefix and suffix around one placeholder
    const std::string_view prefix = pattern.substr(0, open), suffix = pattern.substr(close + 1);
    return seg.size() > prefix.size() + suffix.size() && seg.substr(0, prefix.size()) == prefix &&
           seg.substr(seg.size() - suffix.size()) == suffix;
}

}  // namespace

void RoutePatterns::add(std::string_view endpointTemplate) {
    for (const auto& p : m_patterns)
        if (p.text == endpointTemplate) return;
    Pattern p;
    p.text = std::string(endpointTemplate);
    auto toks = tokens(endpointTemplate);
    if (toks.empty()) return;
    p.method = std::string(toks[0]);
    for (size_t i = 1; i < toks.size(); ++i) {
        p.segments.emplace_back(toks[i]);
        if (!isPlaceholder(toks[i])) ++p.literals;
    }
    m_patterns.push_back(std::move(p));
}

std::optional<std::string> RoutePatterns::match(std::string_view obvious) const {
    const auto toks = tokens(obvious);
    if (toks.empty()) return std::nullopt;
    const Pattern* best = nullptr;
    for (const auto& p : m_patterns) {
        if (p.method != toks[0] || p.segments.size() + 1 != toks.size()) continue;
        bool ok = true;
        for (size_t i = 0; ok && i < p.segments.size(); ++i) {
            const std::string_view seg = toks[i + 1];
            // a stage-1 "{id}" only fits a placeholder
            ok = isPlaceholder(seg) ? isPlaceholder(p.segments[i]) || p.segments[i].find('{') != std::string::npos
                                    : segmentMatches(p.segments[i], seg);
        }
        if (ok && (!best || p.literals > best->literals || (p.literals == best->literals && p.text < best->text)))
            best = &p;
    }
    if (!best) return std::nullopt;
    return best->text;
}

std::string RoutePatterns::shape(std::string_view endpointTemplate) {
    const auto toks = tokens(endpointTemplate);
    if (toks.empty()) return std::string(endpointTemplate);
    std::string out(toks[0]);
    out += ' ';
    if (toks.size() == 1) out += '/';
    for (size_t i = 1; i < toks.size(); ++i) {
        out += '/';
        if (isPlaceholder(toks[i]))
            out += "{id}";
        else
            out.append(toks[i]);
    }
    return out;
}

}  // namespace dt
