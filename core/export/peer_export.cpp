// SPDX-License-Identifier: MIT
#include "core/export/peer_export.h"

#include <algorithm>
#include <map>
#include <set>

#include "core/export/peer_plan.h"
#include "core/rules/rules_match.h"

namespace dt::peer {

namespace {

bool isWildcardSegment(const std::string& s) { return s == "*" || s == "**"; }

bool scopeCovers(const RuleScope& scope, std::string_view endpointTemplate) {
    const auto [method, path] = splitEndpointTemplate(endpointTemplate);
    if (!scope.method.empty() && !iequals(scope.method, method)) return false;
    if (scope.endpoints.empty()) return true;
    for (const auto& g : scope.endpoints) {
        std::string why;
        auto glob = EndpointGlob::compile(g, &why);
        if (glob && glob->matches(path)) return true;
    }
    return false;
}

std::string yamlQuote(std::string_view s) {
    std::string q = "'";
    for (char c : s) {
        if (c == '\'')
            q += "''";
        else if (c == '\n')
            q += ' ';
        else
            q += c;
    }
    return q + "'";
}

std::string commentSafe(std::string s) {
    std::replace(s.begin(), s.end(), '\n', ' ');
    return s;
}

}  // namespace

std::optional<PeerFormat> peerFormatFromName(std::string_view name) {
    if (name == "keploy") return PeerFormat::Keploy;
    if (name == "diferencia") return PeerFormat::Diferencia;
    if (name == "jd") return PeerFormat::Jd;
    return std::nullopt;
}

std::string_view peerFormatName(PeerFormat f) {
    switch (f) {
    case PeerFormat::Keploy: return "keploy";
    case PeerFormat::Diferencia: return "diferencia";
    case PeerFormat::Jd: return "jd";
    }
    return "?";
}

std::string_view exportStatusName(ExportStatus s) {
    switch (s) {
    case ExportStatus::Exact: return "exact";
    case ExportStatus::Narrower: return "narrower";
    case ExportStatus::Broader: return "broader";
    case ExportStatus::Omitted: return "omitted";
    }
    return "?";
}

size_t PeerExport::count(ExportStatus s, bool exportedOnly) const {
    size_t n = 0;
    for (const auto& note : notes)
        if (note.status == s && (!exportedOnly || note.exported)) ++n;
    return n;
}

std::string canonicalHeader(std::string_view name) {
    std::string out(name);
    bool upper = true;
    for (char& c : out) {
        if (upper && c >= 'a' && c <= 'z')
            c = static_cast<char>(c - 'a' + 'A');
        else if (!upper && c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
        upper = c == '-';
    }
    return out;
}

std::optional<Resolved> resolvePattern(const std::string& pattern, const PeerExportOptions& options, Plan& plan) {
    const auto segs = pointerSegments(pattern);
    const bool wildcard = std::any_of(segs.begin(), segs.end(), isWildcardSegment);
    Resolved r;
    if (!wildcard) {
        StoreShapes::Node n{pattern, {}};
        bool known = false;
        if (options.shapes) {
            auto it = std::lower_bound(options.shapes->nodes.begin(), options.shapes->nodes.end(), n);
            if (it != options.shapes->nodes.end() && it->pointer == pattern) {
                n = *it;
                known = true;
                r.from_store = true;
            }
        }
        if (!known) {
            for (const auto& s : segs) {
                const bool digits =
                    !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
                n.index.push_back(digits);
                r.assumed_indices = r.assumed_indices || digits;
            }
        }
        r.nodes.push_back(std::move(n));
        return r;
    }
    if (!options.shapes) {
        plan.worsen(ExportStatus::Omitted,
                    "the path has wildcards and the target has none: give --store STORE to expand "
                    "them to the pointers seen there");
        return std::nullopt;
    }
    std::string why;
    auto compiled = PointerPattern::compile(pattern, &why);
    if (!compiled) {
        plan.worsen(ExportStatus::Omitted, "bad path: " + why);
        return std::nullopt;
    }
    std::set<std::string> matched;
    for (const auto& n : options.shapes->nodes)
        if (compiled->matches(n.pointer)) matched.insert(n.pointer);
    for (const auto& n : options.shapes->nodes) {
        if (!matched.count(n.pointer)) continue;
        bool covered = false;  // an ancestor is matched too: ignoring it covers this one
        for (size_t p = n.pointer.rfind('/'); p != std::string::npos && p > 0 && !covered;
             p = n.pointer.rfind('/', p - 1))
            covered = matched.count(n.pointer.substr(0, p)) > 0;
        if (!covered && n.pointer.size() > 0 && matched.count("")) covered = true;
        if (!covered) r.nodes.push_back(n);
    }
    if (r.nodes.empty()) {
        plan.worsen(ExportStatus::Omitted, "no pointer of the store matches " + pattern + ": nothing to expand it to");
        return std::nullopt;
    }
    r.from_store = true;
    return r;
}

std::optional<std::vector<std::string>> resolveHeader(const Rule& rule, const PeerExportOptions& options, Plan& plan) {
    if (rule.header.find('*') == std::string::npos) return std::vector<std::string>{rule.header};
    if (!options.shapes) {
        plan.worsen(ExportStatus::Omitted,
                    "header glob '" + rule.header +
                        "': the target has no globs: give --store STORE to expand it to the names seen there");
        return std::nullopt;
    }
    std::vector<std::string> names;
    for (const auto& h : options.shapes->headers)
        if (headerGlobMatches(rule.header, h)) names.push_back(h);
    if (names.empty()) {
        plan.worsen(ExportStatus::Omitted, "no header of the store matches '" + rule.header + "'");
        return std::nullopt;
    }
    plan.worsen(ExportStatus::Narrower, "header glob '" + rule.header + "' expanded to the " +
                                            std::to_string(names.size()) +
                                            " name(s) seen in the store; other names it matches are still compared");
    return names;
}

PeerExport exportRules(const RuleConfig& config, PeerFormat format, const PeerExportOptions& options) {
    PeerExport out;
    // Aggregated entries, with the rule ids (and warnings) that produced them, for comments.
    struct Origin {
        std::vector<std::string> ids;
        std::vector<std::string> warnings;
    };
    std::map<std::string, std::pair<std::set<std::string>, bool>> keployBody;  // key -> regexes, ignore-all
    std::map<std::string, Origin> keployBodyOrigin, keployHeaderOrigin;
    std::set<std::string> keployHeaders;
    bool wholeBody = false, ignoreOrdering = false;
    Origin wholeBodyOrigin, orderingOrigin;
    std::set<std::string> pointers, headers;
    std::vector<std::pair<nlohmann::json, std::vector<nlohmann::json>>> jdOpts;  // path -> options, in order

    for (const Rule& rule : config.rules) {
        RuleExportNote note;
        note.rule_id = rule.id;
        note.rule = describeRule(rule);
        if (!rule.enabled) {
            note.status = ExportStatus::Omitted;
            note.reasons.push_back("disabled");
            out.notes.push_back(std::move(note));
            continue;
        }
        if (!options.endpoint.empty() && !scopeCovers(rule.scope, options.endpoint)) {
            note.status = ExportStatus::Omitted;
            note.reasons.push_back("does not apply to " + options.endpoint);
            out.notes.push_back(std::move(note));
            continue;
        }
        Plan plan = format == PeerFormat::Keploy       ? planKeploy(rule, options)
                    : format == PeerFormat::Diferencia ? planDiferencia(rule, options)
                                                       : planJd(rule, options);
        if (options.endpoint.empty() && !rule.scope.all() && plan.status != ExportStatus::Omitted)
            plan.worsen(ExportStatus::Broader,
                        "the rule is scoped to " + describeScope(rule.scope) + "; " +
                            std::string(peerFormatName(format)) +
                            " applies it to every endpoint (export per endpoint with --endpoint)");
        note.status = plan.status;
        note.reasons = plan.reasons;
        note.exported =
            plan.status != ExportStatus::Omitted && (plan.status != ExportStatus::Broader || options.allow_broader);
        if (plan.status == ExportStatus::Broader && !options.allow_broader)
            note.reasons.push_back(
                "not exported: it would absorb more than the rule (--allow-broader exports it with a warning)");
        if (note.exported) {
            std::vector<std::string> warnings;
            if (plan.status == ExportStatus::Broader)
                for (const auto& r : plan.reasons) warnings.push_back(r);
            for (const auto& f : plan.keploy_body) {
                auto& slot = keployBody[f.key];
                if (f.regex)
                    slot.first.insert(*f.regex);
                else
                    slot.second = true;
                keployBodyOrigin[f.key].ids.push_back(rule.id);
                for (const auto& w : warnings) keployBodyOrigin[f.key].warnings.push_back(w);
            }
            for (const auto& h : plan.keploy_headers) {
                keployHeaders.insert(h);
                keployHeaderOrigin[h].ids.push_back(rule.id);
                for (const auto& w : warnings) keployHeaderOrigin[h].warnings.push_back(w);
            }
            if (plan.keploy_whole_body) {
                wholeBody = true;
                wholeBodyOrigin.ids.push_back(rule.id);
                for (const auto& w : warnings) wholeBodyOrigin.warnings.push_back(w);
            }
            if (plan.keploy_ignore_ordering) {
                ignoreOrdering = true;
                orderingOrigin.ids.push_back(rule.id);
                for (const auto& w : warnings) orderingOrigin.warnings.push_back(w);
            }
            pointers.insert(plan.pointers.begin(), plan.pointers.end());
            headers.insert(plan.headers.begin(), plan.headers.end());
            for (auto& [path, opt] : plan.jd) {
                const auto& wanted = path;  // clang 14 cannot capture a structured binding
                auto it = std::find_if(jdOpts.begin(), jdOpts.end(), [&](const auto& e) { return e.first == wanted; });
                if (it == jdOpts.end())
                    jdOpts.emplace_back(path, std::vector<nlohmann::json>{opt});
                else if (std::find(it->second.begin(), it->second.end(), opt) == it->second.end())
                    it->second.push_back(opt);
            }
        }
        out.notes.push_back(std::move(note));
    }

    const size_t exported = std::count_if(out.notes.begin(), out.notes.end(), [](const auto& n) { return n.exported; });
    const std::string from = options.source.empty() ? std::string() : " from " + options.source;
    auto comment = [](std::string& s, const std::string& indent, const Origin& o) {
        std::string ids;
        for (const auto& id : o.ids) ids += (ids.empty() ? "" : ", ") + id;
        s += indent + "# " + ids + "\n";
        for (const auto& w : o.warnings) s += indent + "# WARNING: " + commentSafe(w) + "\n";
    };
    switch (format) {
    case PeerFormat::Keploy: {
        std::string& s = out.text;
        s += "# Keploy noise (test.globalNoise) exported by difftriage" + from + ": " + std::to_string(exported) +
             " of " + std::to_string(out.notes.size()) +
             " rules.\n# Merge into keploy.yml. Omitted rules and why: see the export report.\n";
        s += "test:\n  globalNoise:\n    global:\n";
        if (!wholeBody && keployBody.empty())
            s += "      body: {}\n";
        else {
            s += "      body:\n";
            if (wholeBody) {
                comment(s, "        ", wholeBodyOrigin);
                s += "        '*': '*'\n";
            }
            for (const auto& [key, v] : keployBody) {
                comment(s, "        ", keployBodyOrigin[key]);
                s += "        " + yamlQuote(key) + ": [";
                if (!v.second) {
                    bool first = true;
                    for (const auto& re : v.first) {
                        s += (first ? "" : ", ") + yamlQuote(re);
                        first = false;
                    }
                }
                s += "]\n";
            }
        }
        if (keployHeaders.empty())
            s += "      header: {}\n";
        else {
            s += "      header:\n";
            for (const auto& h : keployHeaders) {
                comment(s, "        ", keployHeaderOrigin[h]);
                s += "        " + yamlQuote(h) + ": []\n";
            }
        }
        s += "    test-sets: {}\n";
        if (ignoreOrdering) {
            comment(s, "  ", orderingOrigin);
            s += "  ignoreOrdering: true\n";
        }
        out.usage = "merge the test: section into keploy.yml (keploy test --config-path DIR)";
        break;
    }
    case PeerFormat::Diferencia: {
        for (const auto& p : pointers) out.text += p + "\n";
        out.headers.assign(headers.begin(), headers.end());
        std::string list;
        for (const auto& h : out.headers) list += (list.empty() ? "" : ",") + h;
        out.usage = "diferencia start ... --ignoreValuesFile FILE" +
                    (list.empty() ? std::string() : " --headers --ignoreHeadersValues " + list);
        break;
    }
    case PeerFormat::Jd: {
        nlohmann::json arr = nlohmann::json::array();
        for (const auto& [path, opts] : jdOpts) arr.push_back({{"@", path}, {"^", opts}});
        out.text = arr.dump() + "\n";
        out.usage = "jd -opts=\"$(cat FILE)\" primary.json candidate.json";
        break;
    }
    }
    return out;
}

}  // namespace dt::peer
