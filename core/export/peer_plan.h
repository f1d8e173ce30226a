// SPDX-License-Identifier: MIT
#pragma once
// Internal to core/export: what one rule becomes in a target (a Plan), and the helpers the three
// targets share (pointer patterns against store shapes, header names, scope checks).
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/export/peer_export.h"

namespace dt::peer {

struct Plan {
    ExportStatus status = ExportStatus::Exact;
    std::vector<std::string> reasons;
    // Keploy
    struct KeployField {
        std::string key;
        std::optional<std::string> regex;  // nullopt: [] (ignore the field)
    };
    std::vector<KeployField> keploy_body;
    bool keploy_whole_body = false;
    std::vector<std::string> keploy_headers;
    bool keploy_ignore_ordering = false;
    // diferencia
    std::vector<std::string> pointers;
    std::vector<std::string> headers;
    // jd: (path, option)
    std::vector<std::pair<nlohmann::json, nlohmann::json>> jd;

    void worsen(ExportStatus s, std::string reason) {
        if (static_cast<int>(s) > static_cast<int>(status)) status = s;
        reasons.push_back(std::move(reason));
    }
    void note(std::string reason) { reasons.push_back(std::move(reason)); }
};

// A body path pattern resolved to concrete nodes.
struct Resolved {
    std::vector<StoreShapes::Node> nodes;  // concrete pointers with index flags
    bool from_store = false;               // wildcards expanded against the store
    bool assumed_indices = false;          // digit segments taken as array indices (no store)
};

// Resolves `pattern` for a target without wildcards. nullopt + plan.worsen(Omitted, why) when it
// cannot (a wildcard and no store, or no node of the store matches).
std::optional<Resolved> resolvePattern(const std::string& pattern, const PeerExportOptions& options, Plan& plan);

// Header names a rule's glob stands for (literal: itself; glob: the store's matching names).
std::optional<std::vector<std::string>> resolveHeader(const Rule& rule, const PeerExportOptions& options, Plan& plan);

// "x-trace-id" -> "X-Trace-Id" (Go's CanonicalMIMEHeaderKey, which Keploy and diferencia see).
std::string canonicalHeader(std::string_view name);

// Target planners (peer_targets.cpp).
Plan planKeploy(const Rule& rule, const PeerExportOptions& options);
Plan planDiferencia(const Rule& rule, const PeerExportOptions& options);
Plan planJd(const Rule& rule, const PeerExportOptions& options);

}  // namespace dt::peer
