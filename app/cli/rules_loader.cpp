// SPDX-License-Identifier: MIT
// Loading a rules config for the store commands (groups, records, show).
#include "app/cli/common.h"
#include "core/rules/rules_io.h"
#include "core/rules/rules_match.h"

namespace dt::cli {

std::shared_ptr<const RuleProvider> loadRules(const std::string& path, std::ostream& err) {
    std::vector<RuleError> errors;
    auto rules = loadRulesFile(path, &errors);
    if (!rules) {
        err << formatRuleErrors(path, errors);
        if (errors.empty()) err << path << ": cannot load rules\n";
        return nullptr;
    }
    for (const std::string& note : rules->config().notices) err << path << ": note: " << note << "\n";
    return rules;
}

}  // namespace dt::cli
