// SPDX-License-Identifier: MIT
#pragma once
// Three-way merge of workspace documents, item by item (the items of pg_workspace.h): what a window
// holds (`local`), what it last sent or read (`base`) and what the shared workspace holds now
// (`remote`). An item the window did not change since `base` takes the remote state (added,
// changed or removed); an item it changed keeps the window's state — a later save then writes it,
// based on the version the window knows, and a concurrent edit of the same item is refused there
// as a conflict, never overwritten. Used when saves run in the background: other windows' changes
// and a refused save arrive while the user keeps editing.
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace dt::pg {

// The merged document (a `.difftriage` JSON object, as workspaceDocument() writes it), or nullopt
// and *error when one of the three is not a workspace document.
std::optional<std::string> mergeWorkspaceDocuments(const std::string& base, const std::string& local,
                                                   const std::string& remote, std::string* error);

// The base to merge with after a refused save: what was seen before the save (`seen`), except the
// refused items (kind, key), which take the value that was sent (`sent`). Merged with it, the
// refused items take the shared state (unless edited again since), and the other edits of the
// same save stay the window's, to be saved again.
std::optional<std::string> baseAfterConflict(const std::string& seen, const std::string& sent,
                                             const std::vector<std::pair<std::string, std::string>>& refused,
                                             std::string* error);

// The same document, respelled as workspaceDocument() writes it (so two spellings of the same
// items compare equal as strings); nullopt and *error when it is not a workspace document.
std::optional<std::string> canonicalWorkspaceDocument(const std::string& document, std::string* error);

}  // namespace dt::pg
