// SPDX-License-Identifier: MIT
// difftriage-cli rules suggest | preview | validate | fmt, and check (the CI gate).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iomanip>
#include <sstream>

#include <nlohmann/json.hpp>

#include "app/cli/commands.h"
#include "app/cli/common.h"
#include "core/rules/rules_io.h"
#include "core/triage/cause_rules.h"
#include "core/triage/rules_preview.h"
#include "core/triage/rules_suggest.h"
#include "core/util/atomic_write.h"

namespace dt::cli {

namespace {

std::string pct(double x) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f%%", x * 100);
    return buf;
}

std::string num(double x) {
    char buf[32];
    if (std::fabs(x - std::round(x)) < 1e-9)
        std::snprintf(buf, sizeof buf, "%.0f", x);
    else
        std::snprintf(buf, sizeof buf, "%.2f", x);
    return buf;
}

std::string diffList(const std::vector<SigKey>& diffs, const std::optional<std::pair<int, int>>& status,
                     size_t max = 4) {
    std::string s;
    size_t n = 0;
    for (const auto& [path, kind, cls] : diffs) {
        if (n == max) {
            s += ", +" + std::to_string(diffs.size() - n) + " more";
            break;
        }
        if (!s.empty()) s += ", ";
        if (kind == DiffKind::Status && status)
            s += "status " + std::to_string(status->first) + "→" + std::to_string(status->second);
        else if (path.empty())
            s += std::string(kindName(kind));
        else
            s += path + " " + std::string(kindName(kind));
        if (const std::string label = classLabel(cls); !label.empty()) s += " \xC2\xB7 " + label;
        ++n;
    }
    return s;
}

bool readConfig(const std::string& path, RuleConfig* out, std::ostream& err) {
    std::vector<RuleError> errors;
    auto cfg = readRulesFile(path, &errors);
    if (!cfg) {
        err << formatRuleErrors(path, errors);
        return false;
    }
    *out = std::move(*cfg);
    return true;
}

bool validToday(const std::string& today, std::ostream& err, std::string_view command) {
    if (isValidDate(today)) return true;
    err << "difftriage-cli " << command << ": --today must be a date YYYY-MM-DD, not '" << today << "'\n";
    return false;
}

std::optional<uint32_t> groupBySignature(const Analysis& a, const std::string& sig, std::ostream& err) {
    if (auto g = a.findGroup(sig)) return g;
    // A unique prefix is enough.
    std::optional<uint32_t> found;
    for (uint32_t i = 0; i < a.groups().size(); ++i) {
        if (sig.size() >= 4 && a.groups()[i].signature.rfind(sig, 0) == 0) {
            if (found) {
                err << "difftriage-cli rules suggest: signature prefix '" << sig << "' is ambiguous\n";
                return std::nullopt;
            }
            found = i;
        }
    }
    if (!found)
        err << "difftriage-cli rules suggest: no group with signature '" << sig << "' (see: difftriage-cli groups)\n";
    return found;
}

// ---------------------------------------------------------------------------------------------

void printCheck(const RuleCheck& c, std::string_view what, std::ostream& err) {
    err << "checked against the whole store: " << c.examined << " record(s) re-compared; absorbs " << c.target_absorbed
        << " of " << c.target_records << " record(s) of the " << what << ", touches " << c.other_records
        << " record(s) with differences of other " << what << "s\n";
}

int rulesSuggest(Args args, std::ostream& out, std::ostream& err) {
    std::string sig, causeId, rulesPath, author, samples, today;
    bool missing = false;
    takeOption(args, "--signature", &sig, &missing);
    takeOption(args, "--cause", &causeId, &missing);
    takeOption(args, "--rules", &rulesPath, &missing);
    takeOption(args, "--author", &author, &missing);
    takeOption(args, "--samples", &samples, &missing);
    takeOption(args, "--today", &today, &missing);
    const bool swapSides = takeSwapSides(args);
    if (missing || !rejectUnknownOptions(args, "rules suggest", err) || args.size() != 1 ||
        sig.empty() == causeId.empty()) {
        err << "usage: difftriage-cli rules suggest STORE (--cause ID | --signature SIG) [--rules CURRENT] [--author "
               "NAME] "
               "[--samples N] [--today YYYY-MM-DD]\n";
        return 2;
    }
    SuggestOptions opt;
    opt.author = author.empty() && std::getenv("USER") ? std::getenv("USER") : author;
    if (!today.empty() && !validToday(today, err, "rules suggest")) return 2;
    opt.today = today;
    if (!samples.empty()) {
        char* end = nullptr;
        const unsigned long n = std::strtoul(samples.c_str(), &end, 10);
        if (!end || *end || n == 0 || n > 10000) {
            err << "difftriage-cli rules suggest: --samples must be 1..10000\n";
            return 2;
        }
        opt.max_samples = n;
    }
    std::shared_ptr<const RuleProvider> rules;
    if (!rulesPath.empty() && !(rules = loadRules(rulesPath, err))) return 2;
    auto a = loadStore(args[0], rules, err, swapSides);
    if (!a) return 2;
    std::string error;
    if (!causeId.empty()) {
        const CauseIndex idx = computeCauses(*a);
        const auto cause = idx.find(causeId);
        if (!cause) {
            err << "difftriage-cli rules suggest: no cause '" << causeId
                << "' (or an ambiguous prefix; see: difftriage-cli causes)\n";
            return 2;
        }
        auto s = suggestCauseRules(*a, idx, *cause, opt, &error);
        if (!s) {
            err << "difftriage-cli rules suggest: " << error << "\n";
            return 1;
        }
        printCheck(s->check, "cause", err);
        out << serializeRulesConfig(s->config);
        return 0;
    }
    auto group = groupBySignature(*a, sig, err);
    if (!group) return 2;
    auto s = suggestRules(*a, *group, opt, &error);
    if (!s) {
        err << "difftriage-cli rules suggest: " << error << "\n";
        return 2;
    }
    for (const auto& n : s->notes) err << "note: " << n << "\n";
    if (s->config.rules.empty()) {
        err << "difftriage-cli rules suggest: nothing to suggest for group " << a->groups()[*group].signature << "\n";
        return 1;
    }
    err << "checked on " << s->samples << " sample record(s): " << s->samples_absorbed << " absorbed\n";
    const RuleCheck check = checkGroupRules(*a, *group, s->config);
    printCheck(check, "group", err);
    if (!check.exact) {
        err << "difftriage-cli rules suggest: no exact rule exists for group " << a->groups()[*group].signature
            << ": the drafted rules";
        if (check.target_absorbed < check.target_records) err << " do not absorb every record of the group";
        if (check.target_absorbed < check.target_records && check.other_records) err << " and";
        if (check.other_records) err << " would also absorb differences of other groups";
        err << "\n";
        for (const auto& p : check.problems) err << "  " << p << "\n";
        err << "(the co-occurring differences of this group may each be a cause: see difftriage-cli causes and "
               "rules suggest --cause)\n";
        return 1;
    }
    out << serializeRulesConfig(s->config);
    return 0;
}

void printPreview(const RulesPreview& p, const RuleConfig& added, std::ostream& out) {
    out << "new rules (" << added.rules.size() << "):\n";
    for (const Rule& r : added.rules) out << "  " << describeRule(r) << "\n";
    out << "examined " << p.examined << " of " << p.records << " records (" << std::fixed << std::setprecision(3)
        << p.seconds << " s)\n"
        << std::defaultfloat;
    out << "absorbed: " << p.absorbed << " records (weighted " << num(p.absorbed_weighted) << ")\n";
    out << "groups: " << p.groupsFullyAbsorbed() << " fully absorbed, " << p.groupsCollateral() << " collateral, "
        << p.groupsCreated() << " new signatures\n";
    out << "weighted match rate: " << pct(p.match_rate_before) << " -> " << pct(p.match_rate_after) << "\n";
    if (p.unreadable) out << "warning: " << p.unreadable << " records could not be re-read and keep their outcome\n";
    auto moveText = [&p](const PreviewMove& m) {
        if (m.signature.empty()) return std::to_string(m.count) + " from no group";
        const bool fresh = std::any_of(p.groups.begin(), p.groups.end(), [&m](const PreviewGroup& g) {
            return g.signature == m.signature && !g.existed;
        });
        return std::to_string(m.count) + " " + m.signature + (fresh ? " (new)" : "");
    };
    bool header = false;
    for (const auto& g : p.groups) {
        if (!g.fullyAbsorbed()) continue;
        if (!header) out << "\nfully absorbed:\n", header = true;
        out << "  " << g.signature << "  " << g.count_before << " records  " << g.endpoint << "  "
            << diffList(g.differences, g.status_pair) << "\n";
    }
    header = false;
    for (const auto& g : p.groups) {
        if (!g.existed || g.fullyAbsorbed()) continue;
        if (!header) out << "\ncollateral (touched, not emptied):\n", header = true;
        out << "  " << g.signature << "  " << g.endpoint << "  " << diffList(g.differences, g.status_pair) << "\n"
            << "      " << g.count_before << " -> " << g.count_after << " records";
        if (g.absorbed) out << "; " << g.absorbed << " absorbed";
        if (!g.moved_out.empty()) {
            out << "; moved to ";
            for (size_t i = 0; i < g.moved_out.size(); ++i) out << (i ? ", " : "") << moveText(g.moved_out[i]);
        }
        if (!g.moved_in.empty()) {
            out << "; gained ";
            for (size_t i = 0; i < g.moved_in.size(); ++i) out << (i ? ", " : "") << moveText(g.moved_in[i]);
        }
        out << "\n";
    }
    header = false;
    for (const auto& g : p.groups) {
        if (g.existed) continue;
        if (!header) out << "\nnew signatures (records regrouped by what remains):\n", header = true;
        out << "  " << g.signature << "  " << g.count_after << " records  " << g.endpoint << "  "
            << diffList(g.differences, g.status_pair) << "\n";
    }
}

int rulesPreview(Args args, std::ostream& out, std::ostream& err) {
    std::string currentPath, addPath;
    bool missing = false;
    takeOption(args, "--rules", &currentPath, &missing);
    takeOption(args, "--add", &addPath, &missing);
    const bool json = takeFlag(args, "--json");
    const bool swapSides = takeSwapSides(args);
    if (missing || !rejectUnknownOptions(args, "rules preview", err) || args.size() != 1 || addPath.empty()) {
        err << "usage: difftriage-cli rules preview STORE [--rules CURRENT] --add NEW [--json]\n";
        return 2;
    }
    RuleConfig current, added;
    if (!currentPath.empty() && !readConfig(currentPath, &current, err)) return 2;
    if (!readConfig(addPath, &added, err)) return 2;
    std::vector<RuleError> errors;
    auto merged = mergeRuleConfigs(current, added, &errors);
    if (!merged) {
        err << formatRuleErrors(addPath, errors);
        return 2;
    }
    std::vector<std::string> problems;
    auto currentSet = RuleSet::build(current, &problems);
    auto addedSet = RuleSet::build(added, &problems);
    auto combinedSet = RuleSet::build(*merged, &problems);
    if (!currentSet || !addedSet || !combinedSet) {
        for (const auto& p : problems) err << "difftriage-cli rules preview: " << p << "\n";
        return 2;
    }
    auto a = loadStore(args[0], currentPath.empty() ? nullptr : currentSet, err, swapSides);
    if (!a) return 2;
    const RulesPreview p = previewRules(*a, *combinedSet, *addedSet);
    if (json)
        out << previewJson(p);
    else
        printPreview(p, added, out);
    return 0;
}

int rulesValidate(Args args, std::ostream& out, std::ostream& err) {
    std::string today;
    bool missing = false;
    takeOption(args, "--today", &today, &missing);
    if (missing || !rejectUnknownOptions(args, "rules validate", err) || args.size() != 1) {
        err << "usage: difftriage-cli rules validate FILE [--today YYYY-MM-DD]\n";
        return 2;
    }
    if (today.empty())
        today = todayDate();
    else if (!validToday(today, err, "rules validate"))
        return 2;
    std::vector<RuleError> errors;
    auto cfg = readRulesFile(args[0], &errors);
    if (!cfg) {
        err << formatRuleErrors(args[0], errors);
        const bool unreadable = errors.size() == 1 && errors[0].pointer.empty() && errors[0].line == 0;
        if (!unreadable) err << args[0] << ": " << errors.size() << " error(s)\n";
        return unreadable ? 2 : 1;
    }
    size_t enabled = 0, expired = 0;
    for (const Rule& r : cfg->rules) {
        enabled += r.enabled;
        if (r.enabled && isExpired(r, today)) {
            ++expired;
            err << "warning: rule " << r.id << " expired on " << r.expires << (r.title.empty() ? "" : ": " + r.title)
                << "\n";
        }
    }
    out << args[0] << ": ok, " << cfg->rules.size() << " rule(s), " << enabled << " enabled, " << expired
        << " expired\n";
    return 0;
}

int rulesFmt(Args args, std::ostream& out, std::ostream& err) {
    const bool check = takeFlag(args, "--check");
    if (!rejectUnknownOptions(args, "rules fmt", err) || args.size() != 1) {
        err << "usage: difftriage-cli rules fmt FILE [--check]\n";
        return 2;
    }
    const std::string& path = args[0];
    std::vector<RuleError> errors;
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        err << path << ": cannot open\n";
        return 2;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    const std::string text = ss.str();
    auto cfg = parseRulesConfig(text, &errors);
    if (!cfg) {
        err << formatRuleErrors(path, errors) << path << ": not reformatted (fix the errors first)\n";
        return 2;
    }
    const std::string canonical = serializeRulesConfig(*cfg);
    if (canonical == text) {
        out << path << ": already canonical\n";
        return 0;
    }
    if (check) {
        err << path << ": not in canonical format (run: difftriage-cli rules fmt " << path << ")\n";
        return 1;
    }
    std::string error;
    if (!writeFileAtomically(path, canonical, &error)) {
        err << "difftriage-cli rules fmt: " << error << "\n";
        return 2;
    }
    out << path << ": reformatted\n";
    return 0;
}

}  // namespace

int cmdRules(const Args& args, std::ostream& out, std::ostream& err) {
    if (args.empty()) {
        err << "usage: difftriage-cli rules suggest|preview|validate|fmt|export ...\n";
        return 2;
    }
    const std::string sub = args[0];
    Args rest(args.begin() + 1, args.end());
    if (sub == "suggest") return rulesSuggest(std::move(rest), out, err);
    if (sub == "preview") return rulesPreview(std::move(rest), out, err);
    if (sub == "validate") return rulesValidate(std::move(rest), out, err);
    if (sub == "fmt") return rulesFmt(std::move(rest), out, err);
    if (sub == "export") return cmdRulesExport(rest, out, err);
    err << "difftriage-cli rules: unknown subcommand '" << sub << "' (suggest, preview, validate, fmt, export)\n";
    return 2;
}

int cmdCheck(const Args& argsIn, std::ostream& out, std::ostream& err) {
    if (isParityCheck(argsIn)) return cmdCheckParity(argsIn, out, err);  // cmd_check.cpp
    Args args = argsIn;
    std::string rulesPath, maxRate, today, top;
    bool missing = false;
    takeOption(args, "--rules", &rulesPath, &missing);
    takeOption(args, "--max-mismatch-rate", &maxRate, &missing);
    takeOption(args, "--today", &today, &missing);
    takeOption(args, "--top", &top, &missing);
    const bool failOnExpired = takeFlag(args, "--fail-on-expired");
    const bool json = takeFlag(args, "--json");
    const bool swapSides = takeSwapSides(args);
    if (missing || !rejectUnknownOptions(args, "check", err) || args.size() != 1 || maxRate.empty()) {
        err << "usage: difftriage-cli check STORE [--rules FILE] --max-mismatch-rate R [--fail-on-expired] [--json] "
               "[--today YYYY-MM-DD] [--top N]\n";
        return 2;
    }
    // R is a fraction (0.05) or a percentage ("5%").
    double limit = 0;
    {
        std::string v = maxRate;
        const bool percent = !v.empty() && v.back() == '%';
        if (percent) v.pop_back();
        char* end = nullptr;
        limit = std::strtod(v.c_str(), &end);
        if (v.empty() || !end || *end || !std::isfinite(limit))
            limit = -1;
        else if (percent)
            limit /= 100;
        if (limit < 0 || limit > 1) {
            err << "difftriage-cli check: --max-mismatch-rate must be a fraction 0..1 (or a percentage like 5%), not '"
                << maxRate << "'\n";
            return 2;
        }
    }
    size_t topN = 5;
    if (!top.empty()) {
        char* end = nullptr;
        topN = std::strtoul(top.c_str(), &end, 10);
        if (top[0] == '-' || end == top.c_str() || *end) {
            err << "difftriage-cli check: --top needs a number, got '" << top << "'\n";
            return 2;
        }
    }
    if (today.empty())
        today = todayDate();
    else if (!validToday(today, err, "check"))
        return 2;

    std::shared_ptr<const RuleSet> rules;
    if (!rulesPath.empty()) {
        std::vector<RuleError> errors;
        rules = loadRulesFile(rulesPath, &errors);
        if (!rules) {
            err << formatRuleErrors(rulesPath, errors);
            return 2;
        }
        for (const std::string& note : rules->config().notices) err << rulesPath << ": note: " << note << "\n";
    }
    auto a = loadStore(args[0], rules, err, swapSides);
    if (!a) return 2;

    // Weighted share of mismatches among comparable records (everything but invalid and drift).
    const auto w = a->outcomeWeights();
    const double mismatch = w[int(Outcome::Mismatch)];
    const double comparable =
        w[int(Outcome::Match)] + w[int(Outcome::Mismatch)] + w[int(Outcome::Noise)] + w[int(Outcome::Allowed)];
    const double rate = comparable > 0 ? mismatch / comparable : 0;
    std::vector<const Rule*> expired;
    if (rules)
        for (const Rule& r : rules->config().rules)
            if (r.enabled && isExpired(r, today)) expired.push_back(&r);
    std::vector<const Group*> groups;
    for (const Group& g : a->groups())
        if (g.outcome == Outcome::Mismatch) groups.push_back(&g);
    std::stable_sort(groups.begin(), groups.end(),
                     [](const Group* x, const Group* y) { return x->weighted > y->weighted; });
    if (groups.size() > topN) groups.resize(topN);

    const bool rateOk = rate <= limit;
    const bool expiredOk = !(failOnExpired && !expired.empty());
    const int code = rateOk && expiredOk ? 0 : 1;
    if (json) {
        nlohmann::json j;
        j["store"] = args[0];
        j["rules"] = rulesPath.empty() ? nlohmann::json(nullptr) : nlohmann::json(rulesPath);
        j["mismatch_rate"] = rate;
        j["max_mismatch_rate"] = limit;
        j["weighted_mismatches"] = mismatch;
        j["weighted_comparable"] = comparable;
        j["passed"] = code == 0;
        j["rate_ok"] = rateOk;
        auto tops = nlohmann::json::array();
        for (const Group* g : groups) {
            nlohmann::json t = groupJson(*a, *g);
            t["share"] = comparable > 0 ? g->weighted / comparable : 0;
            tops.push_back(std::move(t));
        }
        j["top_groups"] = std::move(tops);
        j["signature_version"] = Analysis::kSignatureVersion;
        auto ex = nlohmann::json::array();
        for (const Rule* r : expired) ex.push_back({{"id", r->id}, {"title", r->title}, {"expires", r->expires}});
        j["expired_rules"] = std::move(ex);
        j["fail_on_expired"] = failOnExpired;
        j["today"] = today;
        out << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    } else {
        out << "mismatch rate: " << pct(rate) << " (weighted " << num(mismatch) << " of " << num(comparable)
            << " comparable)   max " << pct(limit) << "   " << (rateOk ? "ok" : "FAILED") << "\n";
        if (!groups.empty()) {
            out << "top groups:\n";
            for (const Group* g : groups)
                out << "  " << g->signature << "  " << std::setw(7)
                    << pct(comparable > 0 ? g->weighted / comparable : 0) << "  " << num(g->weighted) << " weighted  "
                    << a->endpoint(g->endpoint) << "  " << differenceSummary(*a, *g, 4, ", ") << "\n";
        }
        if (code == 0)
            out << "check passed\n";
        else
            out << "check FAILED" << (rateOk ? " (expired rules)" : "") << "\n";
    }
    for (const Rule* r : expired)
        err << (failOnExpired ? "error" : "warning") << ": rule " << r->id << " expired on " << r->expires
            << (r->title.empty() ? "" : " (" + r->title + ")")
            << (r->remove_when.empty() ? "" : "; remove when: " + r->remove_when) << "\n";
    return code;
}

}  // namespace dt::cli
