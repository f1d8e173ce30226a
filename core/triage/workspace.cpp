// SPDX-License-Identifier: MIT
#include "core/triage/workspace.h"

#include <algorithm>
#include <array>
#include <ctime>
#include <set>

#include "core/util/sha256.h"

namespace dt {

namespace {

constexpr std::array<std::string_view, kTriageStateCount> kNames{"new",      "investigating", "bug",  "intended_fix",
                                                                 "accepted", "noise",         "fixed"};
constexpr std::array<std::string_view, kTriageStateCount> kLabels{"new",      "investigating", "bug",  "intended fix",
                                                                  "accepted", "noise",         "fixed"};

// Which state a merged issue takes from its groups: the one that needs the most attention.
int strength(TriageState s) {
    switch (s) {
    case TriageState::Bug: return 6;
    case TriageState::Investigating: return 5;
    case TriageState::IntendedFix: return 4;
    case TriageState::Fixed: return 3;
    case TriageState::Accepted: return 2;
    case TriageState::Noise: return 1;
    case TriageState::New: return 0;
    }
    return 0;
}

void sortUnique(std::vector<std::string>& v) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
}

TriageAnnotation fromItem(const TriageItem& item) {
    TriageAnnotation a;
    a.state = item.state;
    a.owner = item.owner;
    a.note = item.note;
    a.ticket = item.ticket;
    a.updated = item.updated;
    return a;
}

}  // namespace

std::string_view triageStateName(TriageState s) { return kNames[static_cast<size_t>(s)]; }
std::string_view triageStateLabel(TriageState s) { return kLabels[static_cast<size_t>(s)]; }

std::optional<TriageState> parseTriageState(std::string_view name) {
    for (size_t i = 0; i < kNames.size(); ++i)
        if (kNames[i] == name) return static_cast<TriageState>(i);
    return std::nullopt;
}

std::string isoNowUtc() {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    ::gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

void touchItem(TriageItem& item, const std::string& now) {
    ++item.version;
    item.updated = now.empty() ? isoNowUtc() : now;
}

TriageItem& groupItem(Workspace& ws, const std::string& signature) { return ws.groups[signature]; }
TriageItem& causeItem(Workspace& ws, const std::string& causeId) { return ws.causes[causeId]; }

const NamedIssue* issueOf(const Workspace& ws, std::string_view signature) {
    for (const auto& issue : ws.issues)
        if (std::binary_search(issue.signatures.begin(), issue.signatures.end(), signature)) return &issue;
    return nullptr;
}

NamedIssue* findIssue(Workspace& ws, std::string_view id) {
    for (auto& issue : ws.issues)
        if (issue.id == id) return &issue;
    return nullptr;
}

std::string mergeIntoIssue(Workspace& ws, const std::string& name, const std::vector<std::string>& signatures,
                           std::optional<TriageState> state, const std::string& now) {
    std::vector<std::string> sigs = signatures;
    sortUnique(sigs);
    // The state the merged groups (or the issues they came from) had.
    TriageState merged = TriageState::New;
    for (const auto& sig : sigs) {
        if (const NamedIssue* from = issueOf(ws, sig)) {
            if (strength(from->item.state) > strength(merged)) merged = from->item.state;
        } else if (auto it = ws.groups.find(sig); it != ws.groups.end()) {
            if (strength(it->second.state) > strength(merged)) merged = it->second.state;
        }
    }
    for (auto& issue : ws.issues) {
        std::vector<std::string> kept;
        std::set_difference(issue.signatures.begin(), issue.signatures.end(), sigs.begin(), sigs.end(),
                            std::back_inserter(kept));
        issue.signatures = std::move(kept);
    }
    std::erase_if(ws.issues, [](const NamedIssue& i) { return i.signatures.empty(); });

    // A stable id from the name and the signatures; bumped on a clash.
    std::string seed = name;
    for (const auto& s : sigs) seed += "\n" + s;
    std::string id;
    for (int n = 0;; ++n) {
        id = "i-" + sha256Hex(seed + (n ? "#" + std::to_string(n) : std::string())).substr(0, 8);
        if (!findIssue(ws, id)) break;
    }
    NamedIssue issue;
    issue.id = id;
    issue.name = name;
    issue.signatures = std::move(sigs);
    issue.item.state = state.value_or(merged);
    touchItem(issue.item, now);
    ws.issues.push_back(std::move(issue));
    std::sort(ws.issues.begin(), ws.issues.end(), [](const NamedIssue& a, const NamedIssue& b) { return a.id < b.id; });
    return id;
}

bool setIssueSignatures(Workspace& ws, std::string_view id, std::vector<std::string> signatures) {
    NamedIssue* issue = findIssue(ws, id);
    if (!issue) return false;
    sortUnique(signatures);
    // A signature belongs to one issue: take the new ones out of the others.
    for (auto& other : ws.issues) {
        if (&other == issue) continue;
        std::vector<std::string> kept;
        std::set_difference(other.signatures.begin(), other.signatures.end(), signatures.begin(), signatures.end(),
                            std::back_inserter(kept));
        other.signatures = std::move(kept);
    }
    issue->signatures = std::move(signatures);
    const std::string keep = issue->id;
    std::erase_if(ws.issues, [&](const NamedIssue& i) { return i.signatures.empty() && i.id != keep; });
    return true;
}

bool removeIssue(Workspace& ws, std::string_view id) {
    const size_t before = ws.issues.size();
    std::erase_if(ws.issues, [&](const NamedIssue& i) { return i.id == id; });
    return ws.issues.size() != before;
}

void setSplit(Workspace& ws, const std::string& signature, const std::string& field) {
    std::erase_if(ws.splits, [&](const Split& s) { return s.signature == signature; });
    if (!field.empty()) ws.splits.push_back({signature, field});
    std::sort(ws.splits.begin(), ws.splits.end(),
              [](const Split& a, const Split& b) { return a.signature < b.signature; });
}

std::optional<std::string> splitOf(const Workspace& ws, std::string_view signature) {
    for (const auto& s : ws.splits)
        if (s.signature == signature) return s.field;
    return std::nullopt;
}

std::vector<TriageAnnotation> annotateGroups(const Workspace& ws, const std::vector<std::string>& signatures) {
    std::vector<TriageAnnotation> out;
    out.reserve(signatures.size());
    const std::set<std::string, std::less<>> known(ws.known_signatures.begin(), ws.known_signatures.end());
    for (const auto& sig : signatures) {
        TriageAnnotation a;
        if (const NamedIssue* issue = issueOf(ws, sig)) {
            a = fromItem(issue->item);
            a.issue_id = issue->id;
            a.issue_name = issue->name;
        } else if (auto it = ws.groups.find(sig); it != ws.groups.end()) {
            a = fromItem(it->second);
        }
        a.regression = a.state == TriageState::Fixed;
        a.new_since = !ws.last_opened.empty() && !known.count(sig);
        out.push_back(std::move(a));
    }
    return out;
}

std::vector<TriageAnnotation> annotateCauses(const Workspace& ws, const std::vector<std::string>& causeIds) {
    std::vector<TriageAnnotation> out;
    out.reserve(causeIds.size());
    const std::set<std::string, std::less<>> known(ws.known_causes.begin(), ws.known_causes.end());
    for (const auto& id : causeIds) {
        TriageAnnotation a;
        if (auto it = ws.causes.find(id); it != ws.causes.end()) a = fromItem(it->second);
        a.regression = a.state == TriageState::Fixed;
        a.new_since = !ws.last_opened.empty() && !known.count(id);
        out.push_back(std::move(a));
    }
    return out;
}

void markOpened(Workspace& ws, const std::vector<std::string>& signatures, const std::vector<std::string>& causeIds,
                const std::string& now) {
    ws.known_signatures = signatures;
    sortUnique(ws.known_signatures);
    ws.known_causes = causeIds;
    sortUnique(ws.known_causes);
    ws.last_opened = now.empty() ? isoNowUtc() : now;
}

}  // namespace dt
