// SPDX-License-Identifier: MIT
// Three-way merge of workspace documents item by item (pg_workspace_merge.h).
#include "core/pg/pg_workspace_merge.h"

#include <map>
#include <utility>
#include <vector>

#include "core/pg/pg_workspace.h"

namespace dt::pg {
namespace {

using ItemKey = std::pair<std::string, std::string>;  // kind, key
using ItemMap = std::map<ItemKey, std::string>;       // -> value (JSON text as workspaceItems spells it)

std::optional<ItemMap> itemMap(const std::string& document, std::string* error) {
    auto items = workspaceItems(document, error);
    if (!items) return std::nullopt;
    ItemMap out;
    for (WorkspaceItem& it : *items) out[{std::move(it.kind), std::move(it.key)}] = std::move(it.value);
    return out;
}

const std::string* find(const ItemMap& m, const ItemKey& k) {
    auto it = m.find(k);
    return it == m.end() ? nullptr : &it->second;
}

bool same(const std::string* a, const std::string* b) { return a == b || (a && b && *a == *b); }

}  // namespace

std::optional<std::string> mergeWorkspaceDocuments(const std::string& base, const std::string& local,
                                                   const std::string& remote, std::string* error) {
    auto b = itemMap(base, error);
    auto l = b ? itemMap(local, error) : std::nullopt;
    auto r = l ? itemMap(remote, error) : std::nullopt;
    if (!r) return std::nullopt;
    std::map<ItemKey, bool> keys;
    for (const ItemMap* m : {&*b, &*l, &*r})
        for (const auto& [k, v] : *m) keys[k] = true;
    std::vector<WorkspaceItem> merged;
    for (const auto& [k, unused] : keys) {
        const std::string* lv = find(*l, k);
        const std::string* chosen = same(lv, find(*b, k)) ? find(*r, k) : lv;  // untouched here: theirs
        if (!chosen) continue;
        WorkspaceItem it;
        it.kind = k.first;
        it.key = k.second;
        it.value = *chosen;
        merged.push_back(std::move(it));
    }
    return workspaceDocument(merged);
}

std::optional<std::string> baseAfterConflict(const std::string& seen, const std::string& sent,
                                             const std::vector<std::pair<std::string, std::string>>& refused,
                                             std::string* error) {
    auto base = itemMap(seen, error);
    auto s = base ? itemMap(sent, error) : std::nullopt;
    if (!s) return std::nullopt;
    for (const auto& k : refused) {
        if (const std::string* v = find(*s, k))
            (*base)[k] = *v;
        else
            base->erase(k);
    }
    std::vector<WorkspaceItem> items;
    for (auto& [k, v] : *base) {
        WorkspaceItem it;
        it.kind = k.first;
        it.key = k.second;
        it.value = std::move(v);
        items.push_back(std::move(it));
    }
    return workspaceDocument(items);
}

std::optional<std::string> canonicalWorkspaceDocument(const std::string& document, std::string* error) {
    auto items = workspaceItems(document, error);
    if (!items) return std::nullopt;
    return workspaceDocument(*items);
}

}  // namespace dt::pg
