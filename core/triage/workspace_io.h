// SPDX-License-Identifier: MIT
#pragma once
// Reading and writing `.difftriage` workspace files (docs/workspace.md).
//
// Output is deterministic: members sorted by name at every level, items sorted by key, two-space
// indentation, one trailing newline; save -> load -> save is byte-identical. Saving goes through
// writeFileAtomically (temp file, fsync, rename, directory fsync): a kill -9 at any moment leaves
// the previous file or the new one, never a torn one.
//
// Loading validates everything and reports every error with its line and JSON Pointer
// ("ws.difftriage:12: /groups/3fa2c1d09e4b/state: unknown state \"done\" (one of: new, ...)");
// a file with any error yields no workspace. Unknown top-level members (a newer difftriage) are
// kept and written back; unknown members inside items are ignored. A newer format version is
// refused.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/rules/rules_io.h"
#include "core/triage/workspace.h"

namespace dt {

// Errors have the rules file's shape: pointer, reason, line; formatRuleErrors() prints them.
using WorkspaceError = RuleError;

std::optional<Workspace> parseWorkspace(std::string_view text, std::vector<WorkspaceError>* errors);
std::string serializeWorkspace(const Workspace& ws);

// Errors that are not about the content (cannot open) come with pointer "" and line 0.
std::optional<Workspace> loadWorkspace(const std::string& path, std::vector<WorkspaceError>* errors);
// False + *error ("PATH: reason"); the file on disk is then unchanged.
bool saveWorkspace(const std::string& path, const Workspace& ws, std::string* error);

// Where a store's workspace lives: STORE + ".difftriage", beside the store.
std::string defaultWorkspacePath(const std::string& storePath);
// For a store whose directory is not writable: FALLBACK_DIR/NAME-HASH.difftriage, NAME the store's
// file name with anything but [A-Za-z0-9._-] replaced by '_' (at most 64 characters), HASH 8 hex
// digits of the SHA-256 of the store's absolute path (so two stores named alike do not clash).
// The GUI passes QStandardPaths::AppDataLocation + "/workspaces"; core has no Qt.
std::string fallbackWorkspacePath(const std::string& storePath, const std::string& fallbackDir);
// The path to use: the default one when that file exists, else the fallback one when that file
// exists, else the default one when the store's directory is writable, else the fallback one.
std::string chooseWorkspacePath(const std::string& storePath, const std::string& fallbackDir);

}  // namespace dt
