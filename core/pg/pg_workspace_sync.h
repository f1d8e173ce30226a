// SPDX-License-Identifier: MIT
#pragma once
// A window's view of a shared workspace in PostgreSQL (pg_workspace.h): it keeps the items it last
// saw with their versions and turns each save of the whole workspace document (what a `.difftriage`
// file holds) into item changes based on those versions. So two people editing different groups
// never disturb each other, and an edit of an item someone else changed since it was last seen is
// refused with the item as it is now (Conflict) — never silently overwritten. Changes other
// sessions commit arrive by NOTIFY: poll the socket, then refresh().
#include <memory>
#include <string>
#include <vector>

#include "core/pg/pg_workspace.h"

namespace dt::pg {

class WorkspaceSync {
public:
    // Connects, creates the table when missing, starts listening and reads every item.
    static std::unique_ptr<WorkspaceSync> open(const std::string& uri, std::string* error);

    // The workspace as last seen (the JSON document of a `.difftriage` file; "{}" when empty).
    std::string document() const { return workspaceDocument(m_items); }
    const std::string& name() const { return m_ws->name(); }

    enum class Result { Unchanged, Saved, Conflict, Error };
    // Saves `documentJson`: only the items that differ from what was last seen are written, each
    // based on the version seen. Saved: what was last seen now includes the change. Conflict:
    // nothing was written; *conflicts gets the items as they are now (version 0 = deleted), and
    // what was last seen is refreshed from the server (document() then shows the others' state).
    Result save(const std::string& documentJson, std::vector<WorkspaceItem>* conflicts, std::string* error);

    // Other sessions' changes: the socket becomes readable when a NOTIFY arrives; pending() reads
    // the notifications (waiting up to waitMs) and refresh() reads the items again. Returns true when
    // something another session committed changed what is seen.
    int socket() const { return m_ws->socket(); }
    bool pending(int waitMs = 0);
    bool refresh(std::string* error);

    // A file workspace pushed to the database (replacing its items) / the database's as a document.
    bool push(const std::string& documentJson, std::string* error);

private:
    WorkspaceSync() = default;
    std::unique_ptr<PgWorkspace> m_ws;
    std::vector<WorkspaceItem> m_items;  // as last seen, sorted by (kind, key)
};

// "Who changed what" for a conflict, in plain words: `groups 1a2b3c4d5e6f: changed by alice at
// 2026-12-02T10:00:00.000Z` (or `deleted`).
std::string describeConflicts(const std::vector<WorkspaceItem>& conflicts);

}  // namespace dt::pg
