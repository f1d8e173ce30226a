// SPDX-License-Identifier: MIT
#pragma once
// A shared triage workspace in PostgreSQL (`--workspace postgresql://host/db?schema=difftriage&workspace=NAME`):
// the items of a file workspace (core/triage/workspace.h: per-group and per-cause triage entries with
// state, owner, note and ticket; named issues (merges); splits; the rules file; the "seen" sets) kept
// one row per item, so that several people can triage one store at once.
//
//  - Every change is one transaction with optimistic concurrency: an item carries a version; a
//    change says which version it was based on (0 = the item is new) and is refused with the item as
//    it is now when someone else changed it in between — never silently overwritten.
//  - Every committed change is announced with NOTIFY on channel "difftriage_workspace"; a window
//    that LISTENs sees other windows' changes as soon as they commit (poll the socket).
//  - A file workspace (its JSON) is pushed as items and pulled back as the same JSON.
//
// Item kinds follow the file's members: an object member (e.g. "groups": {signature: entry}) gives
// one item per key (kind "groups", key signature); an array of objects with an "id" (or "signature")
// member (e.g. "issues") gives one item per element (kind "issues[]"); any other member is one item
// of kind "meta" keyed by the member name. Values are JSON text.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/pg/pg_conn.h"

namespace dt::pg {

struct WorkspaceItem {
    std::string kind;
    std::string key;
    std::string value;    // JSON text; "" with deleted = true for a removal
    int64_t version = 0;  // as stored; for a change: the version it is based on (0 = new item)
    bool deleted = false;
    std::string updated_by;  // database role of the last change
    std::string updated_at;  // RFC 3339 UTC
};

// A change another session committed (from NOTIFY).
struct WorkspaceChange {
    std::string kind, key;
    int64_t version = 0;
    int backendPid = 0;  // the session that made it
};

// A workspace document (the JSON of a `.difftriage` file) as items, with the mapping above (versions
// 0), and items back as the document. push()/pull() and WorkspaceSync use these two.
std::optional<std::vector<WorkspaceItem>> workspaceItems(const std::string& workspaceJson, std::string* error);
std::string workspaceDocument(const std::vector<WorkspaceItem>& items);

class PgWorkspace {
public:
    static constexpr const char* kChannel = "difftriage_workspace";

    // Connects (read-write) and creates <schema>.workspace_items when missing.
    static std::unique_ptr<PgWorkspace> open(const std::string& uri, std::string* error);

    const std::string& name() const { return m_name; }  // ?workspace= (default "default")
    int backendPid() const { return m_pid; }

    std::optional<std::vector<WorkspaceItem>> items(std::string* error);
    std::optional<WorkspaceItem> item(const std::string& kind, const std::string& key, std::string* error);

    enum class Result { Ok, Conflict, Error };
    // Applies changes atomically (all or none). Each change's `version` is the version it was based
    // on; deleted = true removes the item. Ok: *after gets the items as stored now. Conflict: nothing
    // was written, *conflicts gets the current state of every item that moved on (version 0 and
    // empty value when it does not exist).
    Result apply(const std::vector<WorkspaceItem>& changes, std::vector<WorkspaceItem>* after,
                 std::vector<WorkspaceItem>* conflicts, std::string* error);

    // Starts listening for other sessions' changes. Then pollChanges() returns what arrived, waiting
    // up to timeoutMs (0 = do not wait); changes made by this session are left out.
    bool listen(std::string* error);
    std::vector<WorkspaceChange> pollChanges(int timeoutMs);
    int socket() const { return m_conn->socket(); }  // for a GUI event loop (QSocketNotifier)

    // File workspace JSON <-> items. push() replaces the workspace's items with the document's
    // (one transaction); pull() rebuilds the document.
    bool push(const std::string& workspaceJson, std::string* error);
    std::optional<std::string> pull(std::string* error);

private:
    PgWorkspace() = default;
    std::unique_ptr<PgConn> m_conn;
    std::string m_table;  // quoted <schema>.workspace_items
    std::string m_name;
    int m_pid = 0;
};

}  // namespace dt::pg
