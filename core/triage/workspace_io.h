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
#include "core/store/store_fingerprint.h"
#include "core/triage/workspace.h"

namespace dt {

// Errors have the rules file's shape: pointer, reason, line; formatRuleErrors() prints them.
using WorkspaceError = RuleError;

std::optional<Workspace> parseWorkspace(std::string_view text, std::vector<WorkspaceError>* errors);
std::string serializeWorkspace(const Workspace& ws);

// Errors that are not about the content (cannot open) come with pointer "" and line 0.
std::optional<Workspace> loadWorkspace(const std::string& path, std::vector<WorkspaceError>* errors);
// Creates the file's directory when missing (the fallback directory). False + *error ("PATH: reason");
// the file on disk is then unchanged.
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

// Opening a store in the GUI: finds its workspace (`explicitPath`, else chooseWorkspacePath()), loads
// it, or starts a new one (store_path = the store's absolute path, its fingerprint, `rulesPath`).
struct OpenedWorkspace {
    Workspace workspace;
    std::string path;      // where it lives and is saved
    bool created = false;  // there was no file: a new workspace (not saved yet)
    // The store now vs the fingerprint the workspace recorded: Same; Grown (appended to); Different
    // (another run opened with the same workspace, e.g. to compare runs). The caller decides whether to
    // record `fingerprint` (the current one) in the workspace.
    FingerprintMatch store = FingerprintMatch::Same;
    std::string fingerprint;  // "" when the store is not a readable file (a PostgreSQL URI)
    // The file exists but cannot be used: nothing was loaded, `workspace` is a new one. Do not save
    // over the broken file without asking (show formatRuleErrors(path, errors)).
    std::vector<WorkspaceError> errors;
    bool ok() const { return errors.empty(); }
};
OpenedWorkspace openWorkspaceFor(const std::string& storePath, const std::string& fallbackDir,
                                 const std::string& explicitPath = {}, const std::string& rulesPath = {});

}  // namespace dt
