// SPDX-License-Identifier: MIT
// Item-level saves of a shared workspace against the versions last seen (pg_workspace_sync.h).
#include "core/pg/pg_workspace_sync.h"

#include <algorithm>
#include <map>
#include <tuple>
#include <utility>

#include <nlohmann/json.hpp>

namespace dt::pg {
namespace {

using ItemKey = std::pair<std::string, std::string>;  // kind, key

// Values as the server returns them (jsonb text) respelled as workspaceItems() spells them, once
// when they arrive, so a save compares strings instead of parsing every item on every key press.
void canonicalize(WorkspaceItem& it) {
    const auto j = nlohmann::json::parse(it.value, nullptr, false);
    if (!j.is_discarded()) it.value = j.dump();
}

void sortItems(std::vector<WorkspaceItem>& items) {
    std::sort(items.begin(), items.end(), [](const WorkspaceItem& x, const WorkspaceItem& y) {
        return std::tie(x.kind, x.key) < std::tie(y.kind, y.key);
    });
}

}  // namespace

std::unique_ptr<WorkspaceSync> WorkspaceSync::open(const std::string& uri, std::string* error) {
    std::unique_ptr<WorkspaceSync> s(new WorkspaceSync);
    s->m_ws = PgWorkspace::open(uri, error);
    if (!s->m_ws || !s->m_ws->listen(error) || !s->refresh(error)) return nullptr;
    return s;
}

bool WorkspaceSync::refresh(std::string* error) {
    auto all = m_ws->items(error);
    if (!all) return false;
    m_items = std::move(*all);
    for (WorkspaceItem& it : m_items) canonicalize(it);
    sortItems(m_items);
    return true;
}

bool WorkspaceSync::pending(int waitMs) { return !m_ws->pollChanges(waitMs).empty(); }

WorkspaceSync::Result WorkspaceSync::save(const std::string& documentJson, std::vector<WorkspaceItem>* conflicts,
                                          std::string* error) {
    if (conflicts) conflicts->clear();
    auto wanted = workspaceItems(documentJson, error);
    if (!wanted) return Result::Error;
    std::map<ItemKey, const WorkspaceItem*> seen;
    for (const WorkspaceItem& it : m_items) seen[{it.kind, it.key}] = &it;

    std::vector<WorkspaceItem> changes;
    for (WorkspaceItem& it : *wanted) {
        auto at = seen.find({it.kind, it.key});
        if (at == seen.end()) {  // new: based on "does not exist"
            it.version = 0;
            changes.push_back(std::move(it));
            continue;
        }
        const WorkspaceItem& old = *at->second;
        seen.erase(at);
        if (old.value == it.value) continue;
        it.version = old.version;
        changes.push_back(std::move(it));
    }
    for (const auto& [key, old] : seen) {  // removed from the document: delete the version seen
        WorkspaceItem gone;
        gone.kind = key.first;
        gone.key = key.second;
        gone.version = old->version;
        gone.deleted = true;
        changes.push_back(std::move(gone));
    }
    if (changes.empty()) return Result::Unchanged;

    std::vector<WorkspaceItem> after, now;
    switch (m_ws->apply(changes, &after, &now, error)) {
    case PgWorkspace::Result::Error: return Result::Error;
    case PgWorkspace::Result::Conflict:
        if (conflicts) *conflicts = now;
        if (!refresh(error)) return Result::Error;
        return Result::Conflict;
    case PgWorkspace::Result::Ok: break;
    }
    // What was last seen + the stored changes (with their new versions).
    std::map<ItemKey, WorkspaceItem> merged;
    for (WorkspaceItem& it : m_items) merged[{it.kind, it.key}] = std::move(it);
    for (WorkspaceItem& it : after) {
        canonicalize(it);
        if (it.deleted)
            merged.erase({it.kind, it.key});
        else
            merged[{it.kind, it.key}] = std::move(it);
    }
    m_items.clear();
    for (auto& [key, it] : merged) m_items.push_back(std::move(it));
    return Result::Saved;
}

bool WorkspaceSync::push(const std::string& documentJson, std::string* error) {
    return m_ws->push(documentJson, error) && refresh(error);
}

std::string describeConflicts(const std::vector<WorkspaceItem>& conflicts) {
    std::string out;
    for (const WorkspaceItem& c : conflicts) {
        if (!out.empty()) out += "\n";
        out += c.kind + " " + c.key + ": ";
        if (c.version == 0)
            out += "deleted";
        else
            out += "changed" + (c.updated_by.empty() ? std::string() : " by " + c.updated_by) +
                   (c.updated_at.empty() ? std::string() : " at " + c.updated_at);
        out += " since this window last saw it";
    }
    return out;
}

}  // namespace dt::pg
