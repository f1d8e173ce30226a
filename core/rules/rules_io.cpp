// SPDX-License-Identifier: MIT
#include "core/rules/rules_io.h"

#include "core/util/json_lines.h"
#include "core/util/json_message.h"
#include "core/util/text.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/util/atomic_write.h"

namespace dt {

namespace {

using OJ = nlohmann::ordered_json;

using LineIndex = JsonLineIndex;  // core/util/json_lines.h

size_t editDistance(std::string_view a, std::string_view b) {
    std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (size_t j = 1; j <= b.size(); ++j)
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

const char* typeName(const OJ& v) {
    switch (v.type()) {
    case OJ::value_t::null: return "null";
    case OJ::value_t::boolean: return "a boolean";
    case OJ::value_t::string: return "a string";
    case OJ::value_t::array: return "an array";
    case OJ::value_t::object: return "an object";
    default: return "a number";
    }
}

bool validId(std::string_view id) {
    if (id.empty() || id.size() > 64) return false;
    for (char c : id)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
              c == '.'))
            return false;
    return true;
}

bool blank(std::string_view s) { return s.find_first_not_of(" \t\r\n") == std::string_view::npos; }

class Validator {
public:
    explicit Validator(std::vector<RuleError>& errors) : m_errors(errors) {}

    void error(std::string pointer, std::string reason) {
        m_errors.push_back({std::move(pointer), std::move(reason), 0});
    }

    std::optional<RuleConfig> config(const OJ& root) {
        if (!root.is_object()) {
            error("", "must be an object {\"version\": " + std::to_string(kRulesFormatVersion) +
                          ", \"rules\": [...]}, not " + typeName(root));
            return std::nullopt;
        }
        const size_t before = m_errors.size();
        RuleConfig cfg;
        auto v = root.find("version");
        if (v == root.end()) {
            error("/version", "required (\"version\": " + std::to_string(kRulesFormatVersion) + ")");
        } else if (!v->is_number_integer()) {
            error("/version", std::string("must be an integer, not ") + typeName(*v));
        } else {
            const auto n = v->get<int64_t>();
            if (n > kRulesFormatVersion) {
                // A newer format: do not guess at the rest.
                error("/version", "written by a newer difftriage (version " + std::to_string(n) + "); this one reads " +
                                      std::to_string(kRulesFormatVersion));
                return std::nullopt;
            }
            if (n < 1)
                error("/version", "unsupported version " + std::to_string(n) + "; this one reads " +
                                      std::to_string(kRulesFormatVersion));
            cfg.version = kRulesFormatVersion;
            m_fromVersion = n;
        }
        for (auto it = root.begin(); it != root.end(); ++it)
            if (it.key() != "version" && it.key() != "rules")
                error("/" + escapePointerToken(it.key()), "unknown member (a config has \"version\" and \"rules\")");
        auto r = root.find("rules");
        if (r == root.end()) {
            error("/rules", "required (an array of rules, may be empty)");
        } else if (!r->is_array()) {
            error("/rules", std::string("must be an array, not ") + typeName(*r));
        } else {
            // Ids written in the file are checked for duplicates even when their rule has other
            // errors; generated ids (valid rules without one) are checked against all of them.
            std::map<std::string, size_t> ids;
            for (size_t i = 0; i < r->size(); ++i) {
                const OJ& item = (*r)[i];
                if (!item.is_object()) continue;
                auto id = item.find("id");
                if (id == item.end() || !id->is_string()) continue;
                auto [it, fresh] = ids.emplace(id->get<std::string>(), i);
                if (!fresh)
                    error("/rules/" + std::to_string(i) + "/id",
                          "duplicate id \"" + it->first + "\" (also /rules/" + std::to_string(it->second) + ")");
            }
            for (size_t i = 0; i < r->size(); ++i) {
                const std::string ptr = "/rules/" + std::to_string(i);
                auto rule = this->rule((*r)[i], ptr);
                if (!rule) continue;
                if (!(*r)[i].contains("id")) {
                    auto [it, fresh] = ids.emplace(rule->id, i);
                    if (!fresh)
                        error(ptr, "same rule as /rules/" + std::to_string(it->second) + " (both get id \"" + rule->id +
                                       "\"); give one an \"id\"");
                }
                cfg.rules.push_back(std::move(*rule));
            }
        }
        if (m_errors.size() != before) return std::nullopt;
        std::sort(cfg.rules.begin(), cfg.rules.end(), [](const Rule& a, const Rule& b) { return a.id < b.id; });
        return cfg;
    }

private:
    std::optional<std::string> str(const OJ& obj, const char* key, const std::string& ptr, bool required) {
        auto it = obj.find(key);
        if (it == obj.end()) {
            if (required) error(ptr + "/" + key, "required");
            return std::nullopt;
        }
        if (!it->is_string()) {
            error(ptr + "/" + key, std::string("must be a string, not ") + typeName(*it));
            return std::nullopt;
        }
        return it->get<std::string>();
    }
    std::optional<bool> boolean(const OJ& obj, const char* key, const std::string& ptr) {
        auto it = obj.find(key);
        if (it == obj.end()) return std::nullopt;
        if (!it->is_boolean()) {
            error(ptr + "/" + key, std::string("must be true or false, not ") + typeName(*it));
            return std::nullopt;
        }
        return it->get<bool>();
    }
    std::optional<double> number(const OJ& obj, const char* key, const std::string& ptr) {
        auto it = obj.find(key);
        if (it == obj.end()) return std::nullopt;
        if (!it->is_number()) {
            error(ptr + "/" + key, std::string("must be a number, not ") + typeName(*it));
            return std::nullopt;
        }
        const double d = it->get<double>();
        if (!std::isfinite(d) || d < 0) {
            error(ptr + "/" + key, "must be a finite number >= 0");
            return std::nullopt;
        }
        return d;
    }
    std::optional<int> status(const OJ& obj, const char* key, const std::string& ptr) {
        auto it = obj.find(key);
        if (it == obj.end()) {
            error(ptr + "/" + key, "required (an HTTP status code)");
            return std::nullopt;
        }
        if (!it->is_number_integer() || it->get<int64_t>() < 100 || it->get<int64_t>() > 599) {
            error(ptr + "/" + key, "must be an HTTP status code (an integer 100-599)");
            return std::nullopt;
        }
        return static_cast<int>(it->get<int64_t>());
    }
    std::optional<std::string> date(const OJ& obj, const char* key, const std::string& ptr) {
        auto s = str(obj, key, ptr, false);
        if (s && !isValidDate(*s)) {
            error(ptr + "/" + key, "must be a date YYYY-MM-DD, not \"" + *s + "\"");
            return std::nullopt;
        }
        return s;
    }

    void scope(const OJ& obj, const std::string& ptr, RuleScope& out) {
        auto it = obj.find("scope");
        const std::string sp = ptr + "/scope";
        if (it == obj.end()) {
            error(sp, "required: \"*\" for every endpoint, or {\"method\": \"GET\", \"endpoints\": [\"/users/*\"]}");
            return;
        }
        if (it->is_string()) {
            if (it->get<std::string>() != "*")
                error(
                    sp,
                    "a string scope must be \"*\"; use {\"method\": ..., \"endpoints\": [...]} for anything narrower");
            return;
        }
        if (!it->is_object()) {
            error(sp, std::string("must be \"*\" or an object, not ") + typeName(*it));
            return;
        }
        for (auto m = it->begin(); m != it->end(); ++m)
            if (m.key() != "method" && m.key() != "endpoints")
                error(sp + "/" + escapePointerToken(m.key()),
                      "unknown member (a scope has \"method\" and \"endpoints\")");
        if (auto method = str(*it, "method", sp, false)) {
            bool ok = !method->empty() && method->size() <= 16;
            for (char c : *method) ok = ok && ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'));
            if (!ok) error(sp + "/method", "must be an HTTP method like \"GET\", not \"" + *method + "\"");
            for (char c : *method) out.method.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c);
        }
        auto e = it->find("endpoints");
        if (e == it->end()) return;
        if (!e->is_array()) {
            error(sp + "/endpoints", std::string("must be an array of path globs, not ") + typeName(*e));
            return;
        }
        for (size_t i = 0; i < e->size(); ++i) {
            const std::string ep = sp + "/endpoints/" + std::to_string(i);
            if (!(*e)[i].is_string()) {
                error(ep, std::string("must be a string, not ") + typeName((*e)[i]));
                continue;
            }
            const auto glob = (*e)[i].get<std::string>();
            if (auto why = checkEndpointGlob(glob))
                error(ep, *why);
            else
                out.endpoints.push_back(glob);
        }
        std::sort(out.endpoints.begin(), out.endpoints.end());
        out.endpoints.erase(std::unique(out.endpoints.begin(), out.endpoints.end()), out.endpoints.end());
    }

    void pathParam(const OJ& obj, const std::string& ptr, Rule& r) {
        if (auto p = str(obj, "path", ptr, true)) {
            if (auto why = checkPointerPattern(*p)) error(ptr + "/path", *why);
            r.path = *p;
        }
    }

    std::optional<Rule> rule(const OJ& obj, const std::string& ptr) {
        if (!obj.is_object()) {
            error(ptr, std::string("must be an object, not ") + typeName(obj));
            return std::nullopt;
        }
        const size_t before = m_errors.size();
        Rule r;
        auto kindName = str(obj, "kind", ptr, true);
        std::optional<RuleKind> kind;
        if (kindName) {
            kind = ruleKindFromName(*kindName);
            if (!kind) {
                std::string all;
                for (int k = 0; k < kKindRuleCount(); ++k)
                    all += std::string(k ? ", " : "") + std::string(ruleKindName(static_cast<RuleKind>(k)));
                error(ptr + "/kind", "unknown kind \"" + *kindName + "\" (one of: " + all + ")");
            }
        }
        // Members.
        for (auto it = obj.begin(); it != obj.end(); ++it) {
            const std::string& key = it.key();
            const auto& common = commonRuleMembers();
            if (std::find(common.begin(), common.end(), key) != common.end()) continue;
            if (kind) {
                const auto& own = kindRuleMembers(*kind);
                if (std::find(own.begin(), own.end(), key) != own.end()) continue;
            }
            std::string owner, near;
            size_t best = 3;
            for (int k = 0; k < kKindRuleCount(); ++k) {
                for (const auto& m : kindRuleMembers(static_cast<RuleKind>(k))) {
                    if (m == key && owner.empty()) owner = std::string(ruleKindName(static_cast<RuleKind>(k)));
                    if (size_t d = editDistance(m, key); d < best) best = d, near = m;
                }
            }
            for (const auto& m : common)
                if (size_t d = editDistance(m, key); d < best) best = d, near = m;
            std::string why;
            if (!owner.empty() && kind)
                why = "not used by kind " + *kindName + " (it belongs to " + owner + ")";
            else if (!owner.empty())
                continue;  // the kind itself is wrong; already reported
            else
                why = "unknown member" + (near.empty() ? std::string() : " (did you mean \"" + near + "\"?)");
            error(ptr + "/" + escapePointerToken(key), why);
        }
        if (kind) r.kind = *kind;

        // Metadata.
        if (auto id = str(obj, "id", ptr, false)) {
            if (!validId(*id)) error(ptr + "/id", "must be 1-64 letters, digits, '-', '_' or '.', not \"" + *id + "\"");
            r.id = *id;
        }
        if (auto s = str(obj, "title", ptr, false)) r.title = *s;
        if (auto s = str(obj, "reason", ptr, false)) {
            if (blank(*s)) error(ptr + "/reason", "must not be empty: say why this difference is acceptable");
            r.reason = *s;
        } else if (!obj.contains("reason")) {
            error(ptr + "/reason", "required: say why this difference is acceptable");
        }
        if (auto s = str(obj, "author", ptr, false)) r.author = *s;
        if (auto s = date(obj, "created", ptr)) r.created = *s;
        if (auto s = str(obj, "ticket", ptr, false)) r.ticket = *s;
        if (auto s = date(obj, "expires", ptr)) r.expires = *s;
        if (auto s = str(obj, "remove_when", ptr, false)) r.remove_when = *s;
        if (blank(r.remove_when) && !obj.contains("expires"))
            error(ptr + "/remove_when", "required unless \"expires\" is set: every allowance needs a removal trigger");
        if (auto b = boolean(obj, "enabled", ptr)) r.enabled = *b;
        if (auto it = obj.find("sample_ids"); it != obj.end()) {
            if (!it->is_array()) {
                error(ptr + "/sample_ids", std::string("must be an array of record ids, not ") + typeName(*it));
            } else {
                for (size_t i = 0; i < it->size(); ++i) {
                    if (!(*it)[i].is_string())
                        error(ptr + "/sample_ids/" + std::to_string(i), "must be a string");
                    else
                        r.sample_ids.push_back((*it)[i].get<std::string>());
                }
            }
        }
        scope(obj, ptr, r.scope);

        // Parameters.
        if (kind) {
            switch (*kind) {
            case RuleKind::IgnorePath: pathParam(obj, ptr, r); break;
            case RuleKind::NumericTolerance: {
                pathParam(obj, ptr, r);
                const auto a = number(obj, "absolute", ptr);
                const auto rel = number(obj, "relative", ptr);
                r.absolute = a.value_or(0);
                r.relative = rel.value_or(0);
                if (rel && *rel >= 1)
                    error(ptr + "/relative", "must be below 1 (a fraction: 1e-6 = one part per million)");
                if (r.absolute <= 0 && r.relative <= 0)
                    error(ptr, "numeric_tolerance needs \"absolute\" and/or \"relative\" > 0");
                break;
            }
            case RuleKind::UnorderedArray:
                pathParam(obj, ptr, r);
                if (auto k = str(obj, "key", ptr, false)) {
                    if (k->empty()) error(ptr + "/key", "must not be empty (leave it out to compare as a multiset)");
                    r.key = *k;
                }
                break;
            case RuleKind::NormalizeValue:
                pathParam(obj, ptr, r);
                if (auto p = str(obj, "pattern", ptr, true)) {
                    r.pattern = m_fromVersion == 1 ? convertV1Pattern(*p) : *p;
                    if (auto why = checkRegex(r.pattern)) error(ptr + "/pattern", *why);
                    m_converted |= r.pattern != *p;
                }
                if (auto s = str(obj, "replacement", ptr, false)) {
                    std::string why;
                    auto converted = m_fromVersion == 1 ? convertV1Replacement(*s, &why) : std::optional(*s);
                    if (!converted) {
                        error(ptr + "/replacement", why);
                    } else {
                        m_converted |= *converted != *s;
                        r.replacement = std::move(*converted);
                        if (auto bad = checkReplacement(r.pattern, r.replacement)) error(ptr + "/replacement", *bad);
                    }
                }
                break;
            case RuleKind::IgnoreHeader:
                if (auto h = str(obj, "header", ptr, true)) {
                    std::string lower;
                    for (char c : *h) lower.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c);
                    if (auto why = checkHeaderGlob(lower)) error(ptr + "/header", *why);
                    r.header = lower;
                }
                if (auto b = boolean(obj, "presence_only", ptr)) r.presence_only = *b;
                break;
            case RuleKind::StatusEquivalence: {
                const auto p = status(obj, "primary", ptr);
                const auto c = status(obj, "candidate", ptr);
                if (p && c && *p == *c)
                    error(ptr + "/candidate", "same as primary: statuses that are equal need no rule");
                r.primary_status = p.value_or(0);
                r.candidate_status = c.value_or(0);
                break;
            }
            case RuleKind::TextNormalization:
                r.trim = boolean(obj, "trim", ptr).value_or(false);
                r.case_fold = boolean(obj, "case_fold", ptr).value_or(false);
                r.collapse_whitespace = boolean(obj, "collapse_whitespace", ptr).value_or(false);
                if (!r.trim && !r.case_fold && !r.collapse_whitespace)
                    error(ptr, "text_normalization needs at least one of \"trim\", \"case_fold\", "
                               "\"collapse_whitespace\" true");
                break;
            case RuleKind::NullEqualsMissing:
            case RuleKind::EmptyEqualsNull:
            case RuleKind::SameInstant: pathParam(obj, ptr, r); break;
            case RuleKind::UrlHost: {
                pathParam(obj, ptr, r);
                auto origin = [&](const char* name, std::string& out, bool required) {
                    if (auto v = str(obj, name, ptr, required)) {
                        const std::string lower = lowercase(*v);
                        const size_t sep = lower.find("://");
                        if (!lower.empty() &&
                            (sep == std::string::npos || sep == 0 || lower.find('/', sep + 3) != std::string::npos ||
                             sep + 3 == lower.size()))
                            error(ptr + "/" + name,
                                  "must be an origin like \"https://api.example.com\" (scheme://host[:port], no path)");
                        out = lower;
                    }
                };
                origin("from", r.from, false);
                origin("to", r.to, true);
                if (r.from == r.to) error(ptr + "/to", "same as \"from\": nothing to allow");
                break;
            }
            case RuleKind::HeaderParameter:
                if (auto h = str(obj, "header", ptr, true)) {
                    const std::string lower = lowercase(*h);
                    if (auto why = checkHeaderGlob(lower)) error(ptr + "/header", *why);
                    r.header = lower;
                }
                if (auto p = str(obj, "parameter", ptr, true)) {
                    if (p->empty()) error(ptr + "/parameter", "must not be empty (e.g. \"charset\")");
                    r.parameter = lowercase(*p);
                }
                break;
            case RuleKind::Ranking: {
                pathParam(obj, ptr, r);
                if (auto k = str(obj, "key", ptr, false)) r.key = *k;
                if (auto k = number(obj, "top_k", ptr)) {
                    if (*k < 0 || *k > 100000 || *k != static_cast<double>(static_cast<int>(*k)))
                        error(ptr + "/top_k", "must be a whole number 0..100000 (0 = the whole list)");
                    else
                        r.top_k = static_cast<int>(*k);
                }
                auto measure = [&](const char* name, double& out) {
                    if (auto v = number(obj, name, ptr)) {
                        if (*v < 0 || *v > 1)
                            error(ptr + "/" + name, "must be in [0, 1]");
                        else
                            out = *v;
                    }
                };
                measure("min_overlap", r.min_overlap);
                measure("min_kendall_tau", r.min_kendall_tau);
                measure("min_rbo", r.min_rbo);
                if (r.min_overlap <= 0 && r.min_kendall_tau <= 0 && r.min_rbo <= 0)
                    error(ptr, "ranking needs at least one of \"min_overlap\", \"min_kendall_tau\", \"min_rbo\" > 0");
                break;
            }
            }
        }
        if (m_errors.size() != before) return std::nullopt;
        if (r.id.empty()) r.id = generateRuleId(r);
        return r;
    }

    static int kKindRuleCount() { return kRuleKindCount; }

    std::vector<RuleError>& m_errors;
    int64_t m_fromVersion = kRulesFormatVersion;
    bool m_converted = false;  // a version-1 regex or replacement was rewritten in RE2 syntax

public:
    bool converted() const { return m_converted; }
};

OJ toJson(const Rule& r) {
    OJ o = OJ::object();
    o["id"] = r.id.empty() ? generateRuleId(r) : r.id;
    o["kind"] = std::string(ruleKindName(r.kind));
    if (!r.title.empty()) o["title"] = r.title;
    o["enabled"] = r.enabled;
    if (r.scope.all()) {
        o["scope"] = "*";
    } else {
        OJ s = OJ::object();
        if (!r.scope.method.empty()) s["method"] = r.scope.method;
        if (!r.scope.endpoints.empty()) {
            auto eps = r.scope.endpoints;
            std::sort(eps.begin(), eps.end());
            eps.erase(std::unique(eps.begin(), eps.end()), eps.end());
            s["endpoints"] = eps;
        }
        o["scope"] = s;
    }
    switch (r.kind) {
    case RuleKind::IgnorePath: o["path"] = r.path; break;
    case RuleKind::NumericTolerance:
        o["path"] = r.path;
        if (r.absolute > 0) o["absolute"] = r.absolute;
        if (r.relative > 0) o["relative"] = r.relative;
        break;
    case RuleKind::UnorderedArray:
        o["path"] = r.path;
        if (!r.key.empty()) o["key"] = r.key;
        break;
    case RuleKind::NormalizeValue:
        o["path"] = r.path;
        o["pattern"] = r.pattern;
        o["replacement"] = r.replacement;
        break;
    case RuleKind::IgnoreHeader:
        o["header"] = r.header;
        o["presence_only"] = r.presence_only;
        break;
    case RuleKind::StatusEquivalence:
        o["primary"] = r.primary_status;
        o["candidate"] = r.candidate_status;
        break;
    case RuleKind::TextNormalization:
        o["trim"] = r.trim;
        o["case_fold"] = r.case_fold;
        o["collapse_whitespace"] = r.collapse_whitespace;
        break;
    case RuleKind::NullEqualsMissing:
    case RuleKind::EmptyEqualsNull:
    case RuleKind::SameInstant: o["path"] = r.path; break;
    case RuleKind::UrlHost:
        o["path"] = r.path;
        o["from"] = r.from;
        o["to"] = r.to;
        break;
    case RuleKind::HeaderParameter:
        o["header"] = r.header;
        o["parameter"] = r.parameter;
        break;
    case RuleKind::Ranking:
        o["path"] = r.path;
        if (!r.key.empty()) o["key"] = r.key;
        if (r.top_k) o["top_k"] = r.top_k;
        if (r.min_overlap > 0) o["min_overlap"] = r.min_overlap;
        if (r.min_kendall_tau > 0) o["min_kendall_tau"] = r.min_kendall_tau;
        if (r.min_rbo > 0) o["min_rbo"] = r.min_rbo;
        break;
    }
    o["reason"] = r.reason;
    if (!r.remove_when.empty()) o["remove_when"] = r.remove_when;
    if (!r.expires.empty()) o["expires"] = r.expires;
    if (!r.ticket.empty()) o["ticket"] = r.ticket;
    if (!r.author.empty()) o["author"] = r.author;
    if (!r.created.empty()) o["created"] = r.created;
    if (!r.sample_ids.empty()) o["sample_ids"] = r.sample_ids;
    return o;
}

}  // namespace

std::string RuleError::str() const { return pointer.empty() ? reason : pointer + ": " + reason; }

std::string formatRuleErrors(std::string_view file, const std::vector<RuleError>& errors) {
    std::string out;
    for (const auto& e : errors) {
        out.append(file);
        if (e.line) out += ":" + std::to_string(e.line);
        out += ": " + e.str() + "\n";
    }
    return out;
}

const std::vector<std::string>& commonRuleMembers() {
    static const std::vector<std::string> m = {"id",          "kind",    "title",  "enabled", "scope",   "reason",
                                               "remove_when", "expires", "ticket", "author",  "created", "sample_ids"};
    return m;
}

const std::vector<std::string>& kindRuleMembers(RuleKind kind) {
    static const std::vector<std::string> m[kRuleKindCount] = {
        {"path"},
        {"path", "absolute", "relative"},
        {"path", "key"},
        {"path", "pattern", "replacement"},
        {"header", "presence_only"},
        {"primary", "candidate"},
        {"trim", "case_fold", "collapse_whitespace"},
        {"path"},
        {"path"},
        {"path"},
        {"path", "from", "to"},
        {"header", "parameter"},
        {"path", "key", "top_k", "min_overlap", "min_kendall_tau", "min_rbo"},
    };
    return m[static_cast<size_t>(kind) < kRuleKindCount ? static_cast<size_t>(kind) : 0];
}

std::optional<RuleConfig> parseRulesConfig(std::string_view text, std::vector<RuleError>* errors) {
    std::vector<RuleError> local;
    std::vector<RuleError>& errs = errors ? *errors : local;
    const size_t before = errs.size();
    OJ root;
    try {
        root = OJ::parse(text.begin(), text.end());
    } catch (const nlohmann::json::parse_error& e) {
        // Turn the byte offset into line:column.
        const size_t at = std::min<size_t>(e.byte ? e.byte - 1 : 0, text.size());
        uint32_t line = 1;
        size_t lineStart = 0;
        for (size_t i = 0; i < at; ++i)
            if (text[i] == '\n') ++line, lineStart = i + 1;
        // Line and column once: the library's own "at line 1, column 39" is dropped.
        errs.push_back({"",
                        "invalid JSON at line " + std::to_string(line) + ", column " +
                            std::to_string(at - lineStart + 1) + ": " + plainJsonMessage(e.what()),
                        line});
        return std::nullopt;
    } catch (const nlohmann::json::exception& e) {
        // e.g. out_of_range 406: a number beyond double range (1e400)
        errs.push_back({"", "invalid JSON: " + plainJsonMessage(e.what()), 0});
        return std::nullopt;
    }
    Validator v(errs);
    auto cfg = v.config(root);
    if (cfg && v.converted())
        cfg->notices.push_back("rules format version 1 converted to version " + std::to_string(kRulesFormatVersion) +
                               ": regular expressions now use RE2 syntax (linear time; replacements write \\1 "
                               "instead of $1); save the file with `difftriage-cli rules fmt FILE` to keep it");
    if (errs.size() != before) {
        LineIndex lines(text);
        for (size_t i = before; i < errs.size(); ++i) errs[i].line = lines.lineOf(errs[i].pointer);
        std::stable_sort(errs.begin() + static_cast<std::ptrdiff_t>(before), errs.end(),
                         [](const RuleError& a, const RuleError& b) { return a.line < b.line; });
        return std::nullopt;
    }
    return cfg;
}

std::string serializeRulesConfig(const RuleConfig& config) {
    std::vector<OJ> rules;
    std::vector<std::pair<std::string, size_t>> order;
    for (size_t i = 0; i < config.rules.size(); ++i) {
        const Rule& r = config.rules[i];
        order.emplace_back(r.id.empty() ? generateRuleId(r) : r.id, i);
    }
    std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    OJ root = OJ::object();
    root["version"] = kRulesFormatVersion;
    root["rules"] = OJ::array();
    for (const auto& [id, i] : order) root["rules"].push_back(toJson(config.rules[i]));
    return root.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::vector<RuleError> validateRulesConfig(const RuleConfig& config) {
    std::vector<RuleError> errors;
    parseRulesConfig(serializeRulesConfig(config), &errors);
    return errors;
}

std::optional<RuleConfig> readRulesFile(const std::string& path, std::vector<RuleError>* errors) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        if (errors) errors->push_back({"", "cannot open: " + std::string(std::strerror(errno)), 0});
        return std::nullopt;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad()) {
        if (errors) errors->push_back({"", "cannot read", 0});
        return std::nullopt;
    }
    return parseRulesConfig(ss.str(), errors);
}

bool writeRulesFile(const std::string& path, const RuleConfig& config, std::string* error) {
    return writeFileAtomically(path, serializeRulesConfig(config), error);
}

std::shared_ptr<const RuleSet> loadRulesFile(const std::string& path, std::vector<RuleError>* errors) {
    auto cfg = readRulesFile(path, errors);
    if (!cfg) return nullptr;
    std::vector<std::string> problems;
    auto set = RuleSet::build(*cfg, &problems);
    if (!set && errors)
        for (auto& p : problems) errors->push_back({"", p, 0});
    return set;
}

}  // namespace dt
