// SPDX-License-Identifier: MIT
// Exact cause rules and the whole-store check (contract: cause_rules.h).
#include "core/triage/cause_rules.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <functional>
#include <set>

#include "core/compare/value_class.h"
#include "core/rules/rules_io.h"
#include "core/rules/rules_match.h"
#include "core/triage/rules_preview.h"
#include "core/util/worker_pool.h"

namespace dt {
namespace {

std::shared_ptr<const RuleSet> combine(const Analysis& a, const RuleConfig& added, std::string* error) {
    RuleConfig current;
    if (const auto* set = dynamic_cast<const RuleSet*>(a.rules())) current = set->config();
    std::vector<RuleError> errs;
    auto merged = mergeRuleConfigs(current, added, &errs);
    if (!merged) {
        *error = "the rules clash with the current ones: " + (errs.empty() ? std::string("?") : errs.front().str());
        return nullptr;
    }
    std::vector<std::string> problems;
    auto set = RuleSet::build(*merged, &problems);
    if (!set) *error = "the rules do not compile: " + (problems.empty() ? std::string("?") : problems.front());
    return set;
}

// For every mismatch record some added rule may touch: the keys before (current rules) and what
// remains under current + added. `judge(record, removedKeys, remainingKeys)`.
using Judge = std::function<void(uint32_t, const std::vector<SigKey>&, const std::vector<SigKey>&)>;

bool examine(const Analysis& a, const RuleConfig& added, unsigned threads, RuleCheck& check, const Judge& judge) {
    std::string error;
    auto combined = combine(a, added, &error);
    if (!combined) {
        check.problems.push_back(error);
        return false;
    }
    RuleConfig addedOnly = added;
    auto addedSet = RuleSet::build(addedOnly, nullptr);
    if (!addedSet) {
        check.problems.push_back("the rules do not compile");
        return false;
    }
    std::vector<uint32_t> candidates;
    std::unordered_map<uint64_t, bool> touchCache;
    const auto& recs = a.records();
    for (uint32_t i = 0; i < recs.size(); ++i) {
        const IndexedRecord& r = recs[i];
        if (r.outcome != Outcome::Mismatch) continue;
        const uint64_t key = (uint64_t(r.endpoint) << 32) | r.set;
        auto it = touchCache.find(key);
        if (it == touchCache.end()) {
            bool touch = false;
            for (const DiffKey& k : a.set(r.set))
                if (addedSet->mayTouch(a.endpoint(r.endpoint), a.path(k.path), k.kind)) {
                    touch = true;
                    break;
                }
            it = touchCache.emplace(key, touch).first;
        }
        if (it->second) candidates.push_back(i);
    }
    check.examined = candidates.size();
    std::vector<Analysis::Evaluation> results(candidates.size());
    std::atomic<size_t> next{0};
    const unsigned n = std::max(1u, std::min<unsigned>(threadCount(threads), unsigned((candidates.size() + 63) / 64)));
    runWorkers(n, [&](unsigned) {
        for (size_t j; (j = next.fetch_add(1)) < candidates.size();)
            results[j] = a.evaluate(candidates[j], combined.get());
    });
    for (size_t j = 0; j < candidates.size(); ++j) {
        const Analysis::Evaluation& ev = results[j];
        if (!ev.ok) {
            check.problems.push_back(std::string(a.id(recs[candidates[j]])) + ": cannot be re-read (" + ev.error + ")");
            continue;
        }
        std::vector<SigKey> before = a.keys(a.set(recs[candidates[j]].set));
        std::vector<SigKey> remaining;
        if (ev.outcome == Outcome::Mismatch) remaining = ev.differences;
        std::sort(before.begin(), before.end());
        std::sort(remaining.begin(), remaining.end());
        std::vector<SigKey> removed;
        std::set_difference(before.begin(), before.end(), remaining.begin(), remaining.end(),
                            std::back_inserter(removed));
        judge(candidates[j], removed, remaining);
    }
    return true;
}

std::string keyText(const SigKey& k) {
    std::string s = k.path.empty() ? std::string(kindName(k.kind)) : k.path + " " + std::string(kindName(k.kind));
    if (!k.cls.empty()) s += " (" + k.cls + ")";
    return s;
}

void note(RuleCheck& c, std::string s) {
    if (c.problems.size() < 5) c.problems.push_back(std::move(s));
}

RuleScope scopeOf(const std::string& endpointTemplate) {
    RuleScope s;
    const size_t sp = endpointTemplate.find(' ');
    if (sp == std::string::npos) {
        s.endpoints = {endpointTemplate};
    } else {
        s.method = endpointTemplate.substr(0, sp);
        s.endpoints = {endpointTemplate.substr(sp + 1)};
    }
    return s;
}

}  // namespace

std::string generalizePaths(const std::vector<std::string>& paths) {
    if (paths.empty()) return "/**";
    if (paths.size() == 1) return paths.front();
    auto last = [](const std::string& p) { return std::string_view(p).substr(p.rfind('/') + 1); };
    std::string_view suffix = last(paths.front());
    for (const auto& p : paths) {
        const std::string_view l = last(p);
        size_t n = 0;
        while (n < suffix.size() && n < l.size() && suffix[suffix.size() - 1 - n] == l[l.size() - 1 - n]) ++n;
        suffix = suffix.substr(suffix.size() - n);
    }
    if (suffix.size() >= 3 && suffix.find('*') == std::string_view::npos && suffix.find('~') == std::string_view::npos)
        return "/**/*" + std::string(suffix);
    return "/**";
}

RuleCheck checkCauseRules(const Analysis& a, const CauseIndex& idx, uint32_t cause, const RuleConfig& added,
                          unsigned threads) {
    RuleCheck check;
    const Cause& c = idx.causes.at(cause);
    check.target_records = c.count;
    std::vector<char> inCause(a.groups().size(), 0);
    for (uint32_t g : c.groups) inCause[g] = 1;
    const bool ran = examine(
        a, added, threads, check,
        [&](uint32_t rec, const std::vector<SigKey>& removed, const std::vector<SigKey>& remaining) {
            const IndexedRecord& r = a.records()[rec];
            const Group& g = a.groups()[r.group];
            const std::string& endpoint = a.endpoint(r.endpoint);
            bool other = false;
            for (const SigKey& k : removed)
                if (causeKeyText(endpoint, k, g.status_pair) != c.key) {
                    other = true;
                    note(check, std::string(a.id(r)) + ": would also absorb " + keyText(k) + " on " + endpoint);
                }
            check.other_records += other;
            if (!inCause[r.group]) return;
            for (const SigKey& k : remaining)
                if (causeKeyText(endpoint, k, g.status_pair) == c.key) {
                    note(check, std::string(a.id(r)) + ": " + keyText(k) + " on " + endpoint + " is not absorbed");
                    return;
                }
            ++check.target_absorbed;
        });
    check.exact = ran && check.target_absorbed == check.target_records && check.other_records == 0;
    if (ran && check.target_absorbed < check.target_records && check.problems.empty())
        note(check,
             std::to_string(check.target_records - check.target_absorbed) + " record(s) of the cause are not touched");
    return check;
}

RuleCheck checkGroupRules(const Analysis& a, uint32_t group, const RuleConfig& added, unsigned threads) {
    RuleCheck check;
    const Group& target = a.groups().at(group);
    check.target_records = target.count;
    std::vector<SigKey> own = a.keys(target.differences);
    std::sort(own.begin(), own.end());
    const bool ran =
        examine(a, added, threads, check,
                [&](uint32_t rec, const std::vector<SigKey>& removed, const std::vector<SigKey>& remaining) {
                    const IndexedRecord& r = a.records()[rec];
                    const std::string& endpoint = a.endpoint(r.endpoint);
                    bool other = false;
                    for (const SigKey& k : removed) {
                        const bool ownKey =
                            r.endpoint == target.endpoint && std::binary_search(own.begin(), own.end(), k);
                        if (!ownKey) {
                            other = true;
                            note(check, std::string(a.id(r)) + ": would also absorb " + keyText(k) + " on " + endpoint);
                        }
                    }
                    check.other_records += other;
                    if (r.group != group) return;
                    if (!remaining.empty()) {
                        note(check, std::string(a.id(r)) + ": " + keyText(remaining.front()) + " remains");
                        return;
                    }
                    ++check.target_absorbed;
                });
    check.exact = ran && check.target_absorbed == check.target_records && check.other_records == 0;
    if (ran && check.target_absorbed < check.target_records && check.problems.empty())
        note(check,
             std::to_string(check.target_records - check.target_absorbed) + " record(s) of the group are not touched");
    return check;
}

std::optional<CauseSuggestion> suggestCauseRules(const Analysis& a, const CauseIndex& idx, uint32_t cause,
                                                 const SuggestOptions& options, std::string* error) {
    auto fail = [error](std::string why) -> std::optional<CauseSuggestion> {
        if (error) *error = std::move(why);
        return std::nullopt;
    };
    if (cause >= idx.causes.size()) return fail("no such cause");
    const Cause& c = idx.causes[cause];
    const auto vc = classFromName(c.cls);
    const std::string today = options.today.empty() ? todayDate() : options.today;
    auto base = [&](RuleKind kind, const std::string& what) {
        Rule r;
        r.kind = kind;
        r.title = c.title;
        r.reason = "Drafted by difftriage from cause " + c.id + " (" + std::to_string(c.count) + " records, " +
                   std::to_string(c.endpoints.size()) + " endpoint(s)): " + what +
                   ". State here why this is acceptable.";
        r.remove_when = "When cause " + c.id + " no longer appears with this rule disabled.";
        r.author = options.author;
        r.created = today;
        r.sample_ids = causeSampleIds(a, c, options.sample_ids);
        return r;
    };
    // Drafts, broadest first; each a full set of rules.
    std::vector<std::vector<Rule>> drafts;
    auto pathDrafts = [&](RuleKind kind, const std::string& what, const std::function<void(Rule&)>& fill) {
        const std::string general = generalizePaths(c.paths);
        const bool everywhere = c.representation;
        auto make = [&](const std::string& path, const std::string& endpoint) {
            Rule r = base(kind, what);
            r.path = path;
            if (!endpoint.empty()) r.scope = scopeOf(endpoint);
            fill(r);
            return r;
        };
        if (everywhere) {
            drafts.push_back({make(general, "")});
            if (general != "/**" && c.paths.size() > 1) drafts.push_back({make("/**", "")});
            std::vector<Rule> perPath;
            for (const auto& p : c.paths) perPath.push_back(make(p, ""));
            drafts.push_back(perPath);
        }
        std::vector<Rule> perEndpoint;
        for (const auto& e : c.endpoints) perEndpoint.push_back(make(general, e));
        drafts.push_back(perEndpoint);
        if (c.paths.size() > 1) {
            std::vector<Rule> perBoth;
            for (const auto& e : c.endpoints)
                for (const auto& p : c.paths) perBoth.push_back(make(p, e));
            drafts.push_back(perBoth);
        }
    };
    if (c.kind == DiffKind::Status) {
        const Group& g = a.groups()[c.groups.front()];
        if (!g.status_pair) return fail("the status pair of the cause is unknown");
        Rule r =
            base(RuleKind::StatusEquivalence, "the candidate answers " + std::to_string(g.status_pair->second) +
                                                  " where the primary answers " + std::to_string(g.status_pair->first));
        r.primary_status = g.status_pair->first;
        r.candidate_status = g.status_pair->second;
        r.scope = scopeOf(c.endpoints.front());
        drafts.push_back({r});
    } else if (c.kind == DiffKind::Header && vc == ValueClass::ParameterOnly) {
        std::vector<Rule> rules;
        size_t pos = 0;
        while (pos <= c.param.size()) {
            const size_t comma = c.param.find(',', pos);
            Rule r = base(RuleKind::HeaderParameter,
                          "the candidate adds or drops the parameter of header " + c.paths.front());
            r.header = c.paths.front();
            r.parameter = c.param.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
            rules.push_back(r);
            if (comma == std::string::npos) break;
            pos = comma + 1;
        }
        drafts.push_back(rules);
    } else if (vc == ValueClass::NullVsMissing) {
        pathDrafts(RuleKind::NullEqualsMissing, "null members are omitted", [](Rule&) {});
    } else if (vc == ValueClass::EmptyVsNull) {
        pathDrafts(RuleKind::EmptyEqualsNull, "empty values and null are written for each other", [](Rule&) {});
    } else if (vc == ValueClass::SameInstant) {
        pathDrafts(RuleKind::SameInstant, "timestamps are written differently (same instants)", [](Rule&) {});
    } else if (vc == ValueClass::UrlHost) {
        const size_t gt = c.param.find('>');
        if (gt == std::string::npos) return fail("the host pair of the cause is unknown");
        const std::string from = c.param.substr(0, gt), to = c.param.substr(gt + 1);
        pathDrafts(RuleKind::UrlHost, "links point to " + to + " instead of " + (from.empty() ? "relative" : from),
                   [&](Rule& r) {
                       r.from = from;
                       r.to = to;
                   });
    } else if (vc == ValueClass::ArrayOrder) {
        pathDrafts(RuleKind::UnorderedArray, "the array holds the same elements in another order", [](Rule&) {});
    } else if (vc == ValueClass::MissingValue || vc == ValueClass::ExtraValue) {
        pathDrafts(RuleKind::IgnorePath,
                   std::string("a non-null member is ") + (vc == ValueClass::MissingValue ? "missing in" : "added by") +
                       " the candidate",
                   [](Rule&) {});
    } else {
        std::string why = "no exact rule exists for cause " + c.id + " (" + c.title + "): ";
        if (c.kind == DiffKind::CandidateError)
            why += "the candidate fails to answer; no rule should allow that";
        else if (vc && isRepresentationOnly(*vc))
            why += "no precise rule kind says '" + c.cls +
                   "' (an ignore_path or normalize_value rule would also hide "
                   "real changes at those paths)";
        else
            why += "'" + c.cls + (c.param.empty() ? std::string() : " " + c.param) +
                   "' is a real value change; an ignore_path or tolerance rule would hide it — fix the candidate, or "
                   "write a rule by hand and preview it";
        return fail(why);
    }
    std::string lastProblem;
    for (auto& rules : drafts) {
        for (Rule& r : rules) r.id = generateRuleId(r);
        std::sort(rules.begin(), rules.end(), [](const Rule& x, const Rule& y) { return x.id < y.id; });
        rules.erase(std::unique(rules.begin(), rules.end(), [](const Rule& x, const Rule& y) { return x.id == y.id; }),
                    rules.end());
        CauseSuggestion s;
        s.config.rules = rules;
        if (auto errs = validateRulesConfig(s.config); !errs.empty()) {
            lastProblem = "a draft does not validate: " + errs.front().str();
            continue;
        }
        s.check = checkCauseRules(a, idx, cause, s.config);
        if (s.check.exact) return s;
        lastProblem = s.check.problems.empty() ? std::string("not exact") : s.check.problems.front();
    }
    return fail("no exact rule exists for cause " + c.id + " (" + c.title + "): every draft " +
                (lastProblem.empty() ? std::string("failed") : "failed the whole-store check, e.g. " + lastProblem));
}

}  // namespace dt
