// SPDX-License-Identifier: MIT
#include "core/analysis/classify.h"

#include <algorithm>
#include <string_view>
#include <utility>

namespace dt {

bool statesDisagree(const Response& primary, const Response& candidate) {
    if (!primary.has_state_before || !candidate.has_state_before) return false;
    for (const auto& [key, value] : primary.state_before) {
        for (const auto& [ckey, cvalue] : candidate.state_before) {
            if (key == ckey && value != cvalue) return true;
        }
    }
    return false;
}

bool bodyTruncated(const Record& rec) {
    // Importers (core/import) mark a body the capture cut short with tag truncated=SIDE[,SIDE].
    for (const auto& [key, value] : rec.tags) {
        if (key != "truncated") continue;
        return value.find("primary") != std::string::npos || value.find("candidate") != std::string::npos;
    }
    return false;
}

namespace {

// "primary,candidate" -> "candidate,primary": each side name of a truncated tag exchanged.
std::string swapSideNames(std::string_view value) {
    std::string out;
    size_t pos = 0;
    while (pos <= value.size()) {
        const size_t comma = value.find(',', pos);
        const std::string_view part =
            value.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos);
        if (!out.empty() || pos > 0) out.push_back(',');
        if (part == "primary")
            out += "candidate";
        else if (part == "candidate")
            out += "primary";
        else
            out += part;
        if (comma == std::string_view::npos) break;
        pos = comma + 1;
    }
    return out;
}

}  // namespace

void swapSides(Record& rec) {
    std::swap(rec.primary, rec.candidate);
    for (auto& [key, value] : rec.tags)
        if (key == "truncated") value = swapSideNames(value);
}

const Response& noiseBaseline(const Record& rec, bool sidesSwapped) {
    return sidesSwapped ? rec.candidate : rec.primary;
}

Classification classify(const Record& rec, Comparer& comparer, const DiffPolicy* policy, bool sidesSwapped) {
    Classification c;
    c.result = comparer.compare(rec.primary, rec.candidate, policy);
    const Response& baseline = noiseBaseline(rec, sidesSwapped);
    if (rec.secondary.present && !c.result.differences.empty()) {
        c.noise = comparer.compare(baseline, rec.secondary, nullptr);
        std::vector<Difference> before = c.result.differences;
        removeNoise(c.result, *c.noise);
        if (before.size() != c.result.differences.size()) {
            for (auto& d : before)
                if (std::find(c.result.differences.begin(), c.result.differences.end(), d) ==
                    c.result.differences.end())
                    c.explained.push_back(std::move(d));
        }
    } else if (rec.secondary.present) {
        c.noise = comparer.compare(baseline, rec.secondary, nullptr);
    }
    // Precedence: drift (any difference at all between sides that started from different states,
    // or of which one was captured with a truncated body)
    // > mismatch (differences remain) > noise (the secondary explains what differed) > allowed
    // (rules absorbed it) > match.
    const bool anyDifference = !c.result.differences.empty() || !c.result.absorbed.empty() || !c.explained.empty();
    if (anyDifference && (statesDisagree(rec.primary, rec.candidate) || bodyTruncated(rec))) {
        c.outcome = Outcome::Drift;
    } else if (!c.result.differences.empty()) {
        c.outcome = Outcome::Mismatch;
    } else if (!c.explained.empty()) {
        c.outcome = Outcome::Noise;
    } else if (!c.result.absorbed.empty()) {
        c.outcome = Outcome::Allowed;
    } else {
        c.outcome = Outcome::Match;
    }
    return c;
}

std::vector<SigKey> outcomeKeys(const Classification& c) {
    switch (c.outcome) {
    case Outcome::Mismatch:
    case Outcome::Drift:
        if (!c.result.differences.empty()) return diffKeys(c.result.differences);
        if (!c.explained.empty()) return diffKeys(c.explained);
        return diffKeys(c.result.absorbed);
    case Outcome::Noise: return diffKeys(c.explained);
    case Outcome::Allowed: return diffKeys(c.result.absorbed);
    default: return {};
    }
}

std::string noiseKey(DiffKind kind, std::string_view path) {
    if (isBodyKind(kind)) return "B" + std::string(path);
    if (kind == DiffKind::Header) return "H" + std::string(path);
    if (kind == DiffKind::Status) return "S";
    if (kind == DiffKind::TextChanged || kind == DiffKind::BinaryChanged) return "T";
    return {};
}

std::vector<std::string> noiseKeys(const std::vector<Difference>& noise) {
    std::vector<std::string> keys;
    for (const Difference& d : noise) {
        std::string k = noiseKey(d.kind, d.generalized);
        if (!k.empty()) keys.push_back(std::move(k));
    }
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    return keys;
}

std::vector<SigKey> diffKeys(const std::vector<Difference>& diffs) {
    std::vector<SigKey> keys;
    keys.reserve(diffs.size());
    for (const auto& d : diffs) keys.push_back({d.generalized, d.kind, classText(d)});
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    return keys;
}

}  // namespace dt
