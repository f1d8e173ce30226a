// SPDX-License-Identifier: MIT
#pragma once
// The interface through which a rule set (core/rules) takes part in an analysis (core/analysis):
// the analysis asks whether any rule may touch a difference, and for the DiffPolicy of an endpoint.
#include <memory>
#include <string_view>

#include "core/compare/diff_policy.h"
#include "core/compare/difference.h"

namespace dt {

// Supplies rules to the analysis (implemented by core/rules/rules_match.h). Everything here must be thread-safe.
class RuleProvider {
public:
    virtual ~RuleProvider() = default;
    // Could some enabled rule absorb or change a difference with this generalized path and kind on
    // this endpoint? Must never answer false when a rule could (true is always safe, only slower).
    virtual bool mayTouch(std::string_view endpointTemplate, std::string_view generalizedPath, DiffKind kind) const = 0;
    // The policy for one endpoint (method is the template's first word).
    virtual std::shared_ptr<const DiffPolicy> policyFor(std::string_view endpointTemplate) const = 0;
};

}  // namespace dt
