// SPDX-License-Identifier: MIT
#include "core/triage/rules_suggest.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <regex>
#include <set>

#include <nlohmann/json.hpp>

#include "core/compare/compare.h"
#include "core/rules/rules_io.h"
#include "core/rules/rules_match.h"
#include "core/triage/rules_preview.h"

namespace dt {

namespace {

using Json = nlohmann::json;
using Key = std::pair<std::string, DiffKind>;  // (generalized path, kind): rules act on these

// Anchored patterns used both to recognize values and in the suggested rules.
constexpr const char* kTimestampAny =
    R"(^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:?\d{2})?$)";
constexpr const char* kUuid = R"(^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$)";

const std::regex& timestampRe() {
    static const std::regex re(kTimestampAny, std::regex::ECMAScript | std::regex::optimize);
    return re;
}
const std::regex& uuidRe() {
    static const std::regex re(kUuid, std::regex::ECMAScript | std::regex::optimize);
    return re;
}

// One sample record with its comparison under the rules of the current round.
struct Sample {
    uint32_t index = 0;
    Analysis::Detail detail;
    std::optional<Json> primaryJson, candidateJson;
    bool parsed = false;

    void parse() {
        if (parsed) return;
        parsed = true;
        Json p = Json::parse(detail.record.primary.body, nullptr, false);
        Json c = Json::parse(detail.record.candidate.body, nullptr, false);
        if (!p.is_discarded()) primaryJson = std::move(p);
        if (!c.is_discarded()) candidateJson = std::move(c);
    }
};

const Json* at(const std::optional<Json>& doc, const std::string& pointer) {
    if (!doc) return nullptr;
    try {
        const Json::json_pointer ptr(pointer);
        if (!doc->contains(ptr)) return nullptr;
        return &doc->at(ptr);
    } catch (const std::exception&) {
        return nullptr;
    }
}

// A policy with only text normalization, to test flag combinations with the real engine.
struct TextOnlyPolicy final : DiffPolicy {
    TextNormalization t;
    std::optional<TextNormalization> text() const override { return t; }
};

std::string formatNumber(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0e", v);
    return buf;
}

std::string kindVerb(DiffKind k, const std::string& path) {
    switch (k) {
    case DiffKind::Missing: return "the candidate omits " + path;
    case DiffKind::Extra: return "the candidate adds " + path;
    case DiffKind::TypeChanged: return path + " has a different JSON type in the candidate";
    case DiffKind::ArrayLength: return "the array " + path + " has a different length in the candidate";
    case DiffKind::ArrayOrder: return "the array " + path + " comes in a different order";
    default: return path + " has a different value in the candidate";
    }
}

class Suggester {
public:
    Suggester(const Analysis& a, const Group& g, const SuggestOptions& o) : m_a(a), m_g(g), m_o(o) {
        m_endpoint = a.endpoint(g.endpoint);
        const auto [method, path] = splitEndpointTemplate(m_endpoint);
        m_scope.method = std::string(method);
        m_scope.endpoints = {std::string(path)};
        m_today = o.today.empty() ? todayDate() : o.today;
    }

    std::optional<std::string> scopeProblem() const {
        if (auto why = checkEndpointGlob(m_scope.endpoints.front()))
            return "endpoint template \"" + m_endpoint + "\" cannot be used as a scope: " + *why;
        return std::nullopt;
    }

    // Reads the samples' details under `rules`. False when none could be read.
    bool load(const std::vector<uint32_t>& indices, const RuleProvider* rules, std::string* error) {
        m_samples.clear();
        for (uint32_t i : indices) {
            std::string err;
            auto d = m_a.detail(i, rules, &err);
            if (!d) {
                if (error) *error = err;
                continue;
            }
            Sample s;
            s.index = i;
            s.detail = std::move(*d);
            m_samples.push_back(std::move(s));
        }
        return !m_samples.empty();
    }

    // Remaining difference keys over all loaded samples.
    std::vector<Key> remainingKeys() const {
        std::set<Key> keys;
        for (const auto& s : m_samples)
            for (const auto& d : s.detail.result.differences) keys.emplace(d.generalized, d.kind);
        return {keys.begin(), keys.end()};
    }

    void suggest(const Key& key, std::optional<std::pair<int, int>> statusPair) {
        const auto& [path, kind] = key;
        if (m_handled.count(key)) return;
        m_handled.insert(key);
        switch (kind) {
        case DiffKind::Status: return suggestStatus(statusPair);
        case DiffKind::Header: return suggestHeader(path);
        case DiffKind::CandidateError:
            m_notes.push_back("candidate_error: the candidate failed to answer; that is not a difference a rule "
                              "should allow, so no rule is suggested");
            return;
        case DiffKind::BinaryChanged:
            m_notes.push_back("binary_changed: binary bodies differ byte for byte; no rule is suggested (if the "
                              "whole body really does not matter, write an ignore_path rule for \"\" by hand)");
            return;
        case DiffKind::TextChanged: return suggestText();
        case DiffKind::ArrayOrder: return suggestUnordered(path);
        case DiffKind::Changed: return suggestChanged(path);
        default: return suggestIgnore(path, kind);
        }
    }

    std::vector<Rule>& rules() { return m_rules; }
    std::vector<std::string>& notes() { return m_notes; }
    const std::vector<Sample>& samples() const { return m_samples; }

private:
    // Concrete differences of this key in the samples, with their sample.
    std::vector<std::pair<Sample*, const Difference*>> concrete(const std::string& gen, DiffKind kind) {
        std::vector<std::pair<Sample*, const Difference*>> out;
        for (auto& s : m_samples)
            for (const auto& d : s.detail.result.differences)
                if (d.generalized == gen && d.kind == kind) out.emplace_back(&s, &d);
        return out;
    }

    Rule base(RuleKind kind, const std::string& title, const std::string& what) {
        Rule r;
        r.kind = kind;
        r.scope = m_scope;
        r.title = m_endpoint + ": " + title;
        r.reason = "Drafted by difftriage from group " + m_g.signature + " (" + std::to_string(m_g.count) +
                   " records): " + what + ". State here why this is acceptable.";
        r.remove_when = "When group " + m_g.signature +
                        " no longer appears with this rule disabled (the candidate behaves like the primary).";
        r.author = m_o.author;
        r.created = m_today;
        for (size_t i = 0; i < m_g.members.size() && r.sample_ids.size() < m_o.sample_ids; ++i)
            r.sample_ids.emplace_back(m_a.id(m_a.records()[m_g.members[i]]));
        return r;
    }

    void add(Rule r) {
        r.id = generateRuleId(r);
        for (const Rule& x : m_rules)
            if (x.id == r.id) return;
        m_rules.push_back(std::move(r));
    }

    bool pathUsable(const std::string& path) {
        if (auto why = checkPointerPattern(path)) {
            m_notes.push_back("\"" + path + "\": cannot be written as a rule path (" + *why + ")");
            return false;
        }
        return true;
    }

    // The one class (and parameter) every concrete difference of a key has, if they agree.
    static std::optional<std::pair<ValueClass, std::string>>
    commonClass(const std::vector<std::pair<Sample*, const Difference*>>& diffs) {
        if (diffs.empty()) return std::nullopt;
        const ValueClass c = diffs.front().second->cls;
        const std::string& p = diffs.front().second->cls_param;
        for (const auto& [s, d] : diffs)
            if (d->cls != c || d->cls_param != p) return std::nullopt;
        return std::make_pair(c, p);
    }

    void suggestIgnore(const std::string& path, DiffKind kind) {
        if (!pathUsable(path)) return;
        if (kind == DiffKind::Missing || kind == DiffKind::Extra || kind == DiffKind::TypeChanged) {
            const auto cls = commonClass(concrete(path, kind));
            if (cls && (cls->first == ValueClass::NullVsMissing || cls->first == ValueClass::EmptyVsNull)) {
                const bool nulls = cls->first == ValueClass::NullVsMissing;
                Rule r = base(nulls ? RuleKind::NullEqualsMissing : RuleKind::EmptyEqualsNull,
                              (nulls ? "null = missing at " : "empty = null at ") + path,
                              path + (nulls ? " is null on one side and absent on the other"
                                            : " is empty on one side and null or absent on the other"));
                r.path = path;
                add(std::move(r));
                return;
            }
        }
        for (const Rule& r : m_rules) {
            if (r.kind != RuleKind::IgnorePath) continue;
            auto p = PointerPattern::compile(r.path, nullptr);
            if (p && p->matchesAtOrAbove(path)) return;  // already covered by a broader ignore
        }
        Rule r =
            base(RuleKind::IgnorePath,
                 "ignore " + (path.empty() ? std::string("the body") : path) + " (" + std::string(kindName(kind)) + ")",
                 kindVerb(kind, path.empty() ? std::string("the body") : path));
        r.path = path;
        add(std::move(r));
    }

    void suggestStatus(std::optional<std::pair<int, int>> pair) {
        if (!pair) {
            m_notes.push_back("status: the status pair is unknown; no rule is suggested");
            return;
        }
        Rule r = base(RuleKind::StatusEquivalence,
                      "status " + std::to_string(pair->first) + " = " + std::to_string(pair->second),
                      "the candidate answers " + std::to_string(pair->second) + " where the primary answers " +
                          std::to_string(pair->first));
        r.primary_status = pair->first;
        r.candidate_status = pair->second;
        add(std::move(r));
    }

    void suggestHeader(const std::string& name) {
        {
            std::vector<std::pair<Sample*, const Difference*>> hd;
            for (auto& s : m_samples)
                for (const auto& d : s.detail.result.differences)
                    if (d.kind == DiffKind::Header && d.path == name) hd.emplace_back(&s, &d);
            const auto cls = commonClass(hd);
            if (cls && cls->first == ValueClass::ParameterOnly && cls->second.find(',') == std::string::npos &&
                !checkHeaderGlob(name)) {
                Rule r = base(RuleKind::HeaderParameter, "header " + name + " parameter " + cls->second,
                              "the header " + name + " gains or loses its " + cls->second + " parameter");
                r.header = name;
                r.parameter = cls->second;
                add(std::move(r));
                return;
            }
        }
        bool bothPresent = !m_samples.empty();
        for (const auto& s : m_samples) {
            auto has = [&name](const Headers& hs) {
                return std::any_of(hs.begin(), hs.end(), [&name](const Header& h) { return iequals(h.first, name); });
            };
            bothPresent = bothPresent && has(s.detail.record.primary.headers) && has(s.detail.record.candidate.headers);
        }
        std::string glob = name;
        if (checkHeaderGlob(glob)) {
            m_notes.push_back("header \"" + name + "\": not a usable header name; no rule is suggested");
            return;
        }
        Rule r = base(RuleKind::IgnoreHeader, "header " + name + (bothPresent ? " (presence only)" : ""),
                      "the header " + name + (bothPresent ? " has a different value" : " is present on one side only"));
        r.header = glob;
        r.presence_only = bothPresent;
        add(std::move(r));
    }

    void suggestText() {
        Comparer comparer;
        static const std::vector<std::array<bool, 3>> kCombos = {
            {true, false, false}, {false, true, false}, {false, false, true}, {true, true, false},
            {true, false, true},  {false, true, true},  {true, true, true}};
        size_t withText = 0;
        for (const auto& s : m_samples)
            for (const auto& d : s.detail.result.differences) withText += d.kind == DiffKind::TextChanged;
        for (const auto& [trim, collapse, fold] : kCombos) {
            TextOnlyPolicy policy;
            policy.t = {trim, fold, collapse, "probe"};
            bool all = withText > 0;
            for (const auto& s : m_samples) {
                const bool has = std::any_of(s.detail.result.differences.begin(), s.detail.result.differences.end(),
                                             [](const Difference& d) { return d.kind == DiffKind::TextChanged; });
                if (!has) continue;
                auto r = comparer.compareBodies(s.detail.record.primary.body, s.detail.record.candidate.body, &policy);
                all = all && r.differences.empty();
                if (!all) break;
            }
            if (!all) continue;
            std::string flags;
            if (trim) flags += "trim";
            if (collapse) flags += std::string(flags.empty() ? "" : " + ") + "collapse_whitespace";
            if (fold) flags += std::string(flags.empty() ? "" : " + ") + "case_fold";
            Rule r = base(RuleKind::TextNormalization, "text " + flags,
                          "the text bodies differ only in what " + flags + " removes");
            r.trim = trim;
            r.collapse_whitespace = collapse;
            r.case_fold = fold;
            add(std::move(r));
            return;
        }
        m_notes.push_back("text_changed: the text bodies really differ (no trim / collapse_whitespace / case_fold "
                          "normalization makes the " +
                          std::to_string(withText) + " sample(s) equal); no rule is suggested, the group stays");
    }

    void suggestUnordered(const std::string& path) {
        if (!pathUsable(path)) return;
        static const char* kIdKeys[] = {"id", "sku", "key", "uuid", "code", "slug", "name"};
        std::vector<std::string> keys(std::begin(kIdKeys), std::end(kIdKeys));
        auto diffs = concrete(path, DiffKind::ArrayOrder);
        bool anyArray = false;
        for (auto& [s, d] : diffs) {
            s->parse();
            for (const auto* doc : {&s->primaryJson, &s->candidateJson}) {
                const Json* arr = at(*doc, d->path);
                if (!arr || !arr->is_array()) {
                    keys.clear();
                    continue;
                }
                anyArray = true;
                std::vector<std::string> keep;
                for (const auto& k : keys) {
                    std::set<std::string> seen;
                    bool ok = true;
                    for (const auto& e : *arr) {
                        if (!e.is_object()) {
                            ok = false;
                            break;
                        }
                        auto it = e.find(k);
                        if (it == e.end() || !(it->is_string() || it->is_number_integer())) {
                            ok = false;
                            break;
                        }
                        if (!seen.insert(it->dump()).second) {
                            ok = false;
                            break;
                        }
                    }
                    if (ok) keep.push_back(k);
                }
                keys = std::move(keep);
            }
        }
        const std::string key = anyArray && !keys.empty() ? keys.front() : std::string();
        Rule r =
            base(RuleKind::UnorderedArray, "unordered " + path + (key.empty() ? " (multiset)" : " keyed by " + key),
                 kindVerb(DiffKind::ArrayOrder, path));
        r.path = path;
        r.key = key;
        add(std::move(r));
    }

    void suggestChanged(const std::string& path) {
        if (!pathUsable(path)) return;
        auto diffs = concrete(path, DiffKind::Changed);
        std::vector<std::pair<double, double>> numbers;
        std::vector<std::pair<std::string, std::string>> strings;
        bool other = diffs.empty();
        for (auto& [s, d] : diffs) {
            s->parse();
            const Json* p = at(s->primaryJson, d->path);
            const Json* c = at(s->candidateJson, d->path);
            if (p && c && p->is_number() && c->is_number())
                numbers.emplace_back(p->get<double>(), c->get<double>());
            else if (p && c && p->is_string() && c->is_string())
                strings.emplace_back(p->get<std::string>(), c->get<std::string>());
            else
                other = true;
        }
        if (!other && strings.empty() && !numbers.empty()) {
            double maxAbs = 0, maxRel = 0;
            for (const auto& [x, y] : numbers) {
                const double d = std::fabs(x - y);
                const double m = std::max(std::fabs(x), std::fabs(y));
                maxAbs = std::max(maxAbs, d);
                if (m > 0) maxRel = std::max(maxRel, d / m);
            }
            if (maxAbs > 0 && (maxAbs < 0.01 || maxRel < 1e-6)) {
                Rule r = base(RuleKind::NumericTolerance, "tolerance at " + path, "");
                r.path = path;
                if (maxAbs < 0.01)
                    r.absolute = std::stod(formatNumber(niceAbove(maxAbs)));
                else
                    r.relative = std::stod(formatNumber(niceAbove(maxRel)));
                r.title = m_endpoint + ": tolerance " + formatNumber(r.absolute > 0 ? r.absolute : r.relative) +
                          (r.absolute > 0 ? " at " : " (relative) at ") + path;
                r.reason = "Drafted by difftriage from group " + m_g.signature + " (" + std::to_string(m_g.count) +
                           " records): numbers at " + path + " differ by at most " +
                           (r.absolute > 0 ? formatNumber(maxAbs) : formatNumber(maxRel) + " relative") +
                           " in the samples. State here why this is acceptable.";
                add(std::move(r));
                return;
            }
        }
        if (!other && numbers.empty() && !strings.empty()) {
            // Precise class rules only: a rule that says exactly what was accepted. Placeholder
            // normalizations (<timestamp>, <uuid>) are never drafted: they hide real changes.
            if (auto cls = commonClass(diffs)) {
                if (cls->first == ValueClass::SameInstant) {
                    Rule r = base(RuleKind::SameInstant, "same instants at " + path,
                                  path + " holds the same instants written differently (e.g. " + strings.front().first +
                                      " vs " + strings.front().second + ")");
                    r.path = path;
                    add(std::move(r));
                    return;
                }
                if (cls->first == ValueClass::UrlHost) {
                    const size_t gt = cls->second.find('>');
                    Rule r = base(RuleKind::UrlHost, "links on another host at " + path,
                                  path + " holds the same URLs on another origin (" + cls->second + ")");
                    r.path = path;
                    r.from = cls->second.substr(0, gt);
                    r.to = cls->second.substr(gt + 1);
                    add(std::move(r));
                    return;
                }
                if (!isRepresentationOnly(cls->first)) {
                    m_notes.push_back(path + " changed (" + classText(cls->first, cls->second) +
                                      "): a real value change; no rule is suggested (an ignore_path would hide it)");
                    return;
                }
            }
        }
        suggestIgnore(path, DiffKind::Changed);
    }

    const Analysis& m_a;
    const Group& m_g;
    const SuggestOptions& m_o;
    std::string m_endpoint, m_today;
    RuleScope m_scope;
    std::vector<Sample> m_samples;
    std::vector<Rule> m_rules;
    std::vector<std::string> m_notes;
    std::set<Key> m_handled;
};

}  // namespace

bool looksLikeTimestamp(std::string_view s) {
    return s.size() < 64 && std::regex_match(s.begin(), s.end(), timestampRe());
}

bool looksLikeUuid(std::string_view s) { return s.size() == 36 && std::regex_match(s.begin(), s.end(), uuidRe()); }

double niceAbove(double x) {
    if (!(x > 0) || !std::isfinite(x)) return 1;
    const double base = std::pow(10.0, std::floor(std::log10(x)));
    for (double m : {1.0, 2.0, 5.0, 10.0, 20.0}) {
        const double v = std::stod(formatNumber(m * base));
        if (v > x) return v;
    }
    return x * 2;
}

std::optional<Suggestion> suggestRules(const Analysis& a, uint32_t group, const SuggestOptions& options,
                                       std::string* error) {
    auto fail = [error](std::string e) -> std::optional<Suggestion> {
        if (error) *error = std::move(e);
        return std::nullopt;
    };
    if (group >= a.groups().size()) return fail("no such group");
    const Group& g = a.groups()[group];
    if (g.outcome == Outcome::Drift)
        return fail("group " + g.signature +
                    " is drift: the two sides started from different states, so the pair "
                    "is not comparable and no rule can make it so");
    if (g.endpoint == kNone || g.members.empty()) return fail("group " + g.signature + " has no records");

    Suggester s(a, g, options);
    if (auto why = s.scopeProblem()) return fail(*why);

    // Samples spread evenly over the group.
    std::vector<uint32_t> picks;
    const size_t n = std::max<size_t>(1, std::min(options.max_samples, g.members.size()));
    for (size_t i = 0; i < n; ++i) picks.push_back(g.members[i * g.members.size() / n]);

    // The current rules as a config, so suggestions can be verified on top of them.
    RuleConfig current;
    if (const auto* set = dynamic_cast<const RuleSet*>(a.rules())) current = set->config();

    std::string readError;
    if (!s.load(picks, a.rules(), &readError)) return fail("cannot read the group's records: " + readError);

    // Round 1: the group's differences. Later rounds: what the samples still show once the
    // suggested rules apply (a status rule lets the bodies be compared, for one).
    std::vector<Key> keys;
    for (const DiffKey& k : g.differences) keys.emplace_back(a.path(k.path), k.kind);
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    std::shared_ptr<const RuleSet> combined;
    Suggestion out;
    for (int round = 0; round < 3 && !keys.empty(); ++round) {
        const size_t before = s.rules().size();
        for (const Key& k : keys) s.suggest(k, g.status_pair);
        if (s.rules().size() == before && round > 0) break;
        RuleConfig added;
        added.rules = s.rules();
        std::vector<RuleError> errs;
        auto merged = mergeRuleConfigs(current, added, &errs);
        if (!merged) return fail("suggested rules clash with the current ones: " + errs.front().str());
        std::vector<std::string> problems;
        combined = RuleSet::build(*merged, &problems);
        if (!combined) return fail("suggested rules do not compile: " + problems.front());
        if (!s.load(picks, combined.get(), &readError)) return fail("cannot read the group's records: " + readError);
        keys = s.remainingKeys();
    }
    out.config.rules = s.rules();
    out.notes = s.notes();
    for (const auto& sample : s.samples()) {
        ++out.samples;
        if (sample.detail.outcome != Outcome::Mismatch && sample.detail.outcome != Outcome::Drift)
            ++out.samples_absorbed;
    }
    std::sort(out.config.rules.begin(), out.config.rules.end(),
              [](const Rule& x, const Rule& y) { return x.id < y.id; });
    if (auto errs = validateRulesConfig(out.config); !errs.empty())
        return fail("internal error: suggested rules do not validate: " + errs.front().str());
    return out;
}

}  // namespace dt
