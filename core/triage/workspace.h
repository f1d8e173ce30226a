// SPDX-License-Identifier: MIT
#pragma once
// The triage workspace (issue 12; format in docs/workspace.md): what a team decided about one store,
// kept in a `.difftriage` file beside the store (never inside it). It holds the store's path and
// fingerprint, the rules file, the signature version, the swap-sides flag, a triage item per group
// (by signature) and per cause (by cause id), named issues (merges of several signatures), splits,
// the signatures and causes seen when the workspace was last opened ("new since"), the time of the
// last report ("rules added since") and the go/no-go criteria of the dashboard.
//
// The model is plain data; workspace_io.h reads and writes it. Every edit of an item goes through
// touchItem() (or the helpers below) so that its `updated` time and `version` counter move.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dt {

enum class TriageState { New, Investigating, Bug, IntendedFix, Accepted, Noise, Fixed };
constexpr int kTriageStateCount = 7;

// "new", "investigating", "bug", "intended_fix", "accepted", "noise", "fixed".
std::string_view triageStateName(TriageState s);
// "intended fix", ... (for menus and reports).
std::string_view triageStateLabel(TriageState s);
std::optional<TriageState> parseTriageState(std::string_view name);

struct TriageItem {
    TriageState state = TriageState::New;
    std::string owner;
    std::string note;
    std::string ticket;   // an id or a link
    std::string updated;  // ISO 8601 UTC time of the last change ("" = never)
    int64_t version = 0;  // incremented by every change (optimistic concurrency, shared workspaces)
    bool operator==(const TriageItem&) const = default;
};

// Several groups merged into one named issue. The issue carries the state: it stays whatever the
// issue's signatures become (signatures added, removed, or replaced after a re-run).
struct NamedIssue {
    std::string id;                       // "i-" + 8 hex digits, unique in the workspace
    std::string name;                     // shown instead of the signatures
    std::vector<std::string> signatures;  // sorted, unique; a signature belongs to at most one issue
    TriageItem item;
    bool operator==(const NamedIssue&) const = default;
};

// A group shown split by the values of one field: a tag key ("tenant", "region") or "endpoint".
// At most one split per signature.
struct Split {
    std::string signature;
    std::string field;
    bool operator==(const Split&) const = default;
};

// The dashboard's go/no-go criteria (core/parity: ParityOptions window_ms, min_window_weight,
// min_match_rate; VerdictCriteria the rest), kept with the workspace so the dashboard and the
// report judge alike. The defaults are parity's.
struct GoCriteria {
    double min_match_rate = 0.999;
    int64_t window_ms = 3'600'000;
    double min_window_weight = 100;  // "min window records" (weighted comparisons)
    double max_p95_regression = 0.10;
    double max_error_rate_increase = 0.001;
    std::optional<double> max_mismatch_rate;
    bool fail_on_expired = false;
    bool operator==(const GoCriteria&) const = default;
};

struct Workspace {
    static constexpr int kFormatVersion = 1;

    std::string store_path;         // as given when the workspace was created (absolute preferred)
    std::string store_fingerprint;  // StoreFingerprint::str() (core/store/store_fingerprint.h), "" = unknown
    std::string rules_path;         // "" = no rules file
    int signature_version = 2;      // Analysis::kSignatureVersion the signatures were computed with
    bool swap_sides = false;        // the candidate is the reference (stores recorded after cutover)

    std::map<std::string, TriageItem> groups;  // by signature
    std::map<std::string, TriageItem> causes;  // by cause id
    std::vector<NamedIssue> issues;            // sorted by id
    std::vector<Split> splits;                 // sorted by signature

    std::vector<std::string> known_signatures;  // sorted: every signature seen when last opened
    std::vector<std::string> known_causes;      // sorted: every cause id seen when last opened
    std::string last_opened;                    // ISO time of markOpened() ("" = never)
    std::string last_report;                    // ISO time of the last report ("" = never)

    GoCriteria criteria;

    // Top-level members this version does not know (written by a newer difftriage): member name ->
    // JSON text, written back unchanged on save.
    std::map<std::string, std::string> unknown;

    bool operator==(const Workspace&) const = default;
};

// "2026-12-02T12:30:05Z" for now (UTC, seconds).
std::string isoNowUtc();

// Records a change of an item: version + 1, updated = now ("" = isoNowUtc()).
void touchItem(TriageItem& item, const std::string& now = {});

// The group's item, created (state new, version 0) when missing.
TriageItem& groupItem(Workspace& ws, const std::string& signature);
TriageItem& causeItem(Workspace& ws, const std::string& causeId);

// The named issue holding a signature (null = none).
const NamedIssue* issueOf(const Workspace& ws, std::string_view signature);
NamedIssue* findIssue(Workspace& ws, std::string_view id);

// Merges signatures into a new named issue (taken out of any issue holding them; issues left empty
// are removed). The issue's state is the "strongest" state of the merged groups' items (bug over
// investigating over ... over new; see docs/workspace.md) unless `state` is given. Returns its id.
std::string mergeIntoIssue(Workspace& ws, const std::string& name, const std::vector<std::string>& signatures,
                           std::optional<TriageState> state = std::nullopt, const std::string& now = {});
// Replaces an issue's signatures (e.g. after a re-run changed them); its item is untouched.
// False when the issue does not exist.
bool setIssueSignatures(Workspace& ws, std::string_view id, std::vector<std::string> signatures);
bool removeIssue(Workspace& ws, std::string_view id);

// Splits (one per signature; a new field replaces the old one). field "" removes the split.
void setSplit(Workspace& ws, const std::string& signature, const std::string& field);
std::optional<std::string> splitOf(const Workspace& ws, std::string_view signature);

// What the GUI shows for one group (or cause) of the current analysis.
struct TriageAnnotation {
    TriageState state = TriageState::New;
    std::string owner, note, ticket, updated;
    std::string issue_id;     // the named issue holding the signature ("" = none; causes: always "")
    std::string issue_name;   //
    bool regression = false;  // marked fixed, yet it has records again
    bool new_since = false;   // not seen when the workspace was last opened (never when never opened)
};

// For each signature (the groups with records in the current analysis): the named issue's item
// when an issue holds it, else the group's item, else state new; regression when that state is
// fixed; new_since when last_opened is set and the signature is not in known_signatures.
std::vector<TriageAnnotation> annotateGroups(const Workspace& ws, const std::vector<std::string>& signatures);
// The same for causes (items by cause id, known_causes).
std::vector<TriageAnnotation> annotateCauses(const Workspace& ws, const std::vector<std::string>& causeIds);

// After annotating: remembers what is there now (known_* = these, sorted), last_opened = now.
void markOpened(Workspace& ws, const std::vector<std::string>& signatures, const std::vector<std::string>& causeIds,
                const std::string& now = {});

}  // namespace dt
