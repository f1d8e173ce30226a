// SPDX-License-Identifier: MIT
#pragma once
// The rules config file: {"version": 1, "rules": [...]}. Format documented in docs/rules.md,
// JSON Schema in resources/rules.schema.json.
//
// Export is deterministic: rules sorted by id, members in a fixed order, 2-space indent, one
// trailing newline, so rule files diff well in review; export -> import -> export is byte-identical.
// Import validates everything and reports every error with a JSON Pointer into the file (and its
// line); a file with any error yields no config at all.
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/rules/rules.h"
#include "core/rules/rules_match.h"

namespace dt {

struct RuleError {
    std::string pointer;  // JSON Pointer into the file ("" = the file as a whole)
    std::string reason;
    uint32_t line = 0;  // 1-based line of the value (or of its parent when it is missing); 0 = unknown
    // "/rules/3/path: must start with '/'" (just the reason when the pointer is "").
    std::string str() const;
};

// One line per error: "FILE:LINE: /rules/3/path: must start with '/'".
std::string formatRuleErrors(std::string_view file, const std::vector<RuleError>& errors);

// Parses and validates config text. Rules without an id get generateRuleId(). Returns nullopt and
// fills *errors (sorted by line) when anything is wrong.
std::optional<RuleConfig> parseRulesConfig(std::string_view text, std::vector<RuleError>* errors);

// The export format. Fills in missing ids; sorts by id.
std::string serializeRulesConfig(const RuleConfig& config);

// Validates a config built in code (GUI, suggest) with exactly the import checks; pointers refer to
// its serialized form. Empty when valid.
std::vector<RuleError> validateRulesConfig(const RuleConfig& config);

// Reads + parses a file. Errors that are not about the content (cannot open) come with pointer "".
std::optional<RuleConfig> readRulesFile(const std::string& path, std::vector<RuleError>* errors);
// Serializes and writes atomically (temp + fsync + rename). False + *error ("PATH: reason").
bool writeRulesFile(const std::string& path, const RuleConfig& config, std::string* error);

// Reads, validates and compiles a rules file: what `groups --rules FILE`, `check` and the GUI use.
// Null with *errors when the file cannot be used.
std::shared_ptr<const RuleSet> loadRulesFile(const std::string& path, std::vector<RuleError>* errors);

// Members a rule of this kind may have: the common ones (id, kind, title, scope, reason, ...)
// followed by the kind's parameters. Used by the validator and by the schema consistency test.
const std::vector<std::string>& commonRuleMembers();
const std::vector<std::string>& kindRuleMembers(RuleKind kind);

}  // namespace dt
