// SPDX-License-Identifier: MIT
// Shared workspace items with optimistic concurrency and LISTEN/NOTIFY (pg_workspace.h).
#include "core/pg/pg_workspace.h"

#include <poll.h>

#include <chrono>

#include <nlohmann/json.hpp>

namespace dt::pg {
namespace {

constexpr const char* kItemColumns =
    "kind, key, value::text, version, updated_by, to_char(updated_at, 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')";

WorkspaceItem itemFrom(const PgResult& r, int row) {
    WorkspaceItem it;
    it.kind = r.value(row, 0);
    it.key = r.value(row, 1);
    it.value = r.value(row, 2);
    it.version = r.int64(row, 3);
    it.updated_by = r.value(row, 4);
    it.updated_at = r.value(row, 5);
    return it;
}

// The member of an array element that keys it, or "" when the array is not keyed.
std::string arrayKeyMember(const nlohmann::json& array) {
    if (!array.is_array() || array.empty()) return "";
    for (const char* member : {"id", "signature"}) {
        bool all = true;
        for (const auto& e : array)
            if (!e.is_object() || !e.contains(member) || !e[member].is_string()) all = false;
        if (all) return member;
    }
    return "";
}

}  // namespace

std::unique_ptr<PgWorkspace> PgWorkspace::open(const std::string& uriText, std::string* error) {
    auto uri = parsePgUri(uriText, error);
    if (!uri) return nullptr;
    std::unique_ptr<PgWorkspace> w(new PgWorkspace);
    w->m_conn = PgConn::connect(*uri, false, error);
    if (!w->m_conn) return nullptr;
    const std::string schema = uri->schema.empty() ? std::string("difftriage") : uri->schema;
    w->m_name = uri->workspace.empty() ? std::string("default") : uri->workspace;
    w->m_table = quoteIdent(schema) + ".workspace_items";
    const std::string ddl =
        "BEGIN; SELECT pg_advisory_xact_lock(hashtext(" + quoteLiteral("difftriage-ddl:" + schema) +
        "));"
        "CREATE SCHEMA IF NOT EXISTS " +
        quoteIdent(schema) +
        ";"
        "CREATE TABLE IF NOT EXISTS " +
        w->m_table +
        " (workspace text NOT NULL, kind text NOT NULL, key text NOT NULL,"
        " value jsonb NOT NULL, version bigint NOT NULL, updated_by text NOT NULL DEFAULT current_user,"
        " updated_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (workspace, kind, key));"
        "COMMIT;";
    if (!w->m_conn->run(ddl, "creating the workspace table", error)) return nullptr;
    PgResult pid = w->m_conn->exec("SELECT pg_backend_pid()");
    w->m_pid = static_cast<int>(pid.int64(0, 0));
    return w;
}

std::optional<std::vector<WorkspaceItem>> PgWorkspace::items(std::string* error) {
    PgResult r = m_conn->execParams(std::string("SELECT ") + kItemColumns + " FROM " + m_table +
                                        " WHERE workspace = $1 ORDER BY kind, key",
                                    {m_name});
    if (!r.ok()) {
        if (error) *error = m_conn->display() + ": reading the workspace failed: " + m_conn->describe(r);
        return std::nullopt;
    }
    std::vector<WorkspaceItem> out;
    for (int i = 0; i < r.rows(); ++i) out.push_back(itemFrom(r, i));
    return out;
}

std::optional<WorkspaceItem> PgWorkspace::item(const std::string& kind, const std::string& key, std::string* error) {
    PgResult r = m_conn->execParams(std::string("SELECT ") + kItemColumns + " FROM " + m_table +
                                        " WHERE workspace = $1 AND kind = $2 AND key = $3",
                                    {m_name, kind, key});
    if (!r.ok()) {
        if (error) *error = m_conn->display() + ": reading the workspace failed: " + m_conn->describe(r);
        return std::nullopt;
    }
    if (r.rows() == 0) {
        WorkspaceItem none;
        none.kind = kind;
        none.key = key;
        return none;  // version 0: does not exist
    }
    return itemFrom(r, 0);
}

PgWorkspace::Result PgWorkspace::apply(const std::vector<WorkspaceItem>& changes, std::vector<WorkspaceItem>* after,
                                       std::vector<WorkspaceItem>* conflicts, std::string* error) {
    if (after) after->clear();
    if (conflicts) conflicts->clear();
    if (!m_conn->run("BEGIN", "starting a workspace change", error)) return Result::Error;
    const auto fail = [&](const PgResult& r) {
        if (error) *error = m_conn->display() + ": saving the workspace failed: " + m_conn->describe(r);
        m_conn->exec("ROLLBACK");
        return Result::Error;
    };
    std::vector<WorkspaceItem> stored;
    bool conflict = false;
    for (const WorkspaceItem& c : changes) {
        PgResult r;
        if (c.deleted) {
            r = m_conn->execParams("DELETE FROM " + m_table +
                                       " WHERE workspace = $1 AND kind = $2 AND key = $3 AND version = $4 RETURNING " +
                                       kItemColumns,
                                   {m_name, c.kind, c.key, std::to_string(c.version)});
        } else if (c.version == 0) {
            r = m_conn->execParams("INSERT INTO " + m_table +
                                       " (workspace, kind, key, value, version) VALUES ($1, $2, $3, $4::jsonb, 1)"
                                       " ON CONFLICT DO NOTHING RETURNING " +
                                       kItemColumns,
                                   {m_name, c.kind, c.key, c.value});
        } else {
            r = m_conn->execParams("UPDATE " + m_table +
                                       " SET value = $4::jsonb, version = version + 1, updated_by = current_user,"
                                       " updated_at = now() WHERE workspace = $1 AND kind = $2 AND key = $3 AND"
                                       " version = $5 RETURNING " +
                                       kItemColumns,
                                   {m_name, c.kind, c.key, c.value, std::to_string(c.version)});
        }
        if (!r.ok()) return fail(r);
        if (r.rows() == 1) {
            WorkspaceItem it = itemFrom(r, 0);
            it.deleted = c.deleted;
            stored.push_back(std::move(it));
            continue;
        }
        conflict = true;
        if (conflicts) {
            PgResult now = m_conn->execParams(std::string("SELECT ") + kItemColumns + " FROM " + m_table +
                                                  " WHERE workspace = $1 AND kind = $2 AND key = $3",
                                              {m_name, c.kind, c.key});
            if (!now.ok()) return fail(now);
            WorkspaceItem current;
            if (now.rows() == 1) current = itemFrom(now, 0);
            current.kind = c.kind;
            current.key = c.key;
            conflicts->push_back(std::move(current));
        }
    }
    if (conflict) {
        m_conn->exec("ROLLBACK");
        return Result::Conflict;
    }
    for (const WorkspaceItem& it : stored) {
        const nlohmann::json payload = {
            {"workspace", m_name}, {"kind", it.kind}, {"key", it.key}, {"version", it.deleted ? 0 : it.version}};
        PgResult n = m_conn->execParams("SELECT pg_notify($1, $2)", {std::string(kChannel), payload.dump()});
        if (!n.ok()) return fail(n);
    }
    if (!m_conn->run("COMMIT", "saving the workspace", error)) return Result::Error;
    if (after) *after = std::move(stored);
    return Result::Ok;
}

bool PgWorkspace::listen(std::string* error) {
    return m_conn->run(std::string("LISTEN ") + kChannel, "listening for workspace changes", error);
}

std::vector<WorkspaceChange> PgWorkspace::pollChanges(int timeoutMs) {
    std::vector<WorkspaceChange> out;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
    for (;;) {
        for (const auto& [payload, pid] : m_conn->notificationsWithPid()) {
            if (pid == m_pid) continue;
            const auto j = nlohmann::json::parse(payload, nullptr, false);
            if (!j.is_object() || j.value("workspace", std::string()) != m_name) continue;
            out.push_back(
                {j.value("kind", std::string()), j.value("key", std::string()), j.value("version", int64_t(0)), pid});
        }
        if (!out.empty()) return out;
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return out;
        pollfd p{m_conn->socket(), POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return out;
    }
}

std::optional<std::vector<WorkspaceItem>> workspaceItems(const std::string& workspaceJson, std::string* error) {
    const auto doc = nlohmann::json::parse(workspaceJson, nullptr, false);
    if (!doc.is_object()) {
        if (error) *error = "the workspace file is not a JSON object";
        return std::nullopt;
    }
    std::vector<WorkspaceItem> items;
    auto add = [&items](std::string kind, std::string key, const nlohmann::json& value) {
        WorkspaceItem it;
        it.kind = std::move(kind);
        it.key = std::move(key);
        it.value = value.dump();
        items.push_back(std::move(it));
    };
    for (const auto& [member, value] : doc.items()) {
        const std::string keyMember = arrayKeyMember(value);
        if (value.is_object() && !value.empty()) {
            for (const auto& [k, v] : value.items()) add(member, k, v);
        } else if (!keyMember.empty()) {
            for (const auto& e : value) add(member + "[]", e[keyMember].get<std::string>(), e);
        } else {
            add("meta", member, value);
        }
    }
    return items;
}

std::string workspaceDocument(const std::vector<WorkspaceItem>& items) {
    nlohmann::json doc = nlohmann::json::object();
    for (const WorkspaceItem& it : items) {
        if (it.deleted) continue;
        const auto v = nlohmann::json::parse(it.value, nullptr, false);
        if (it.kind == "meta") {
            if (!doc.contains(it.key)) doc[it.key] = v;  // an emptied member; keyed items win
        } else if (it.kind.size() > 2 && it.kind.compare(it.kind.size() - 2, 2, "[]") == 0) {
            auto& arr = doc[it.kind.substr(0, it.kind.size() - 2)];
            if (!arr.is_array()) arr = nlohmann::json::array();
            arr.push_back(v);
        } else {
            auto& obj = doc[it.kind];
            if (!obj.is_object()) obj = nlohmann::json::object();
            obj[it.key] = v;
        }
    }
    return doc.dump(2) + "\n";
}

bool PgWorkspace::push(const std::string& workspaceJson, std::string* error) {
    const auto items = workspaceItems(workspaceJson, error);
    if (!items) return false;
    std::vector<std::vector<std::optional<std::string>>> rows;
    for (const WorkspaceItem& it : *items) rows.push_back({m_name, it.kind, it.key, it.value});
    if (!m_conn->run("BEGIN", "pushing the workspace", error)) return false;
    PgResult del = m_conn->execParams("DELETE FROM " + m_table + " WHERE workspace = $1", {m_name});
    if (!del.ok()) {
        if (error) *error = m_conn->display() + ": pushing the workspace failed: " + m_conn->describe(del);
        m_conn->exec("ROLLBACK");
        return false;
    }
    for (const auto& row : rows) {
        PgResult r = m_conn->execParams("INSERT INTO " + m_table +
                                            " (workspace, kind, key, value, version)"
                                            " VALUES ($1, $2, $3, $4::jsonb, 1)",
                                        row);
        if (!r.ok()) {
            if (error) *error = m_conn->display() + ": pushing the workspace failed: " + m_conn->describe(r);
            m_conn->exec("ROLLBACK");
            return false;
        }
    }
    const nlohmann::json payload = {{"workspace", m_name}, {"kind", "*"}, {"key", "*"}, {"version", 0}};
    m_conn->execParams("SELECT pg_notify($1, $2)", {std::string(kChannel), payload.dump()});
    return m_conn->run("COMMIT", "pushing the workspace", error);
}

std::optional<std::string> PgWorkspace::pull(std::string* error) {
    auto all = items(error);
    if (!all) return std::nullopt;
    return workspaceDocument(*all);
}

}  // namespace dt::pg
