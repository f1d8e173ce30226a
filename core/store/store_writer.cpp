// SPDX-License-Identifier: MIT
#include "core/store/store_writer.h"
#include "core/util/atomic_write.h"

#include <sqlite3.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <string_view>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "core/store/record_write.h"

namespace dt {

namespace {

bool endsWith(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string dirOf(const std::string& path) {
    const size_t slash = path.rfind('/');
    return slash == std::string::npos ? std::string(".") : path.substr(0, slash == 0 ? 1 : slash);
}

std::string baseOf(const std::string& path) {
    const size_t slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

// A unique temp name beside the target (created, so the name is ours).
bool makeTemp(const std::string& target, std::string& tmp, std::string* error) {
    std::string pattern = dirOf(target) + "/." + baseOf(target) + ".tmp-XXXXXX";
    std::vector<char> buf(pattern.begin(), pattern.end());
    buf.push_back('\0');
    const int fd = mkstemp(buf.data());
    if (fd < 0) {
        if (error) *error = target + ": cannot create a file in " + dirOf(target) + ": " + std::strerror(errno);
        return false;
    }
    // The store gets the permissions a new file (or the one it replaces) would have, not mkstemp's 0600.
    if (::fchmod(fd, mode_t(fileModeFor(target))) != 0) { /* not fatal: the content is what matters */
    }
    ::close(fd);
    tmp.assign(buf.data());
    return true;
}

bool syncPath(const std::string& path, bool directory) {
    const int fd = ::open(path.c_str(), (directory ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
    if (fd < 0) return false;
    const bool ok = ::fsync(fd) == 0;
    ::close(fd);
    return ok;
}

class Finisher {
public:
    Finisher(std::string target, std::string file, bool atomic)
            : m_target(std::move(target)), m_file(std::move(file)), m_atomic(atomic) {}
    Finisher(Finisher&& other) noexcept
            : m_target(std::move(other.m_target)), m_file(std::move(other.m_file)), m_atomic(other.m_atomic),
              m_done(other.m_done) {
        other.m_atomic = false;  // the moved-from finisher owns no temp file any more
    }
    Finisher(const Finisher&) = delete;
    Finisher& operator=(const Finisher&) = delete;
    Finisher& operator=(Finisher&&) = delete;
    ~Finisher() {
        if (m_atomic && !m_done) std::remove(m_file.c_str());
    }
    const std::string& file() const { return m_file; }
    bool finish(std::string* error) {
        if (!m_atomic) return true;
        if (!syncPath(m_file, false) || std::rename(m_file.c_str(), m_target.c_str()) != 0) {
            if (error) *error = m_target + ": cannot write: " + std::strerror(errno);
            return false;
        }
        m_done = true;
        syncPath(dirOf(m_target), true);
        return true;
    }

private:
    std::string m_target, m_file;
    bool m_atomic;
    bool m_done = false;
};

class JsonlWriter final : public StoreWriter {
public:
    JsonlWriter(Finisher finisher, FILE* f) : m_finisher(std::move(finisher)), m_f(f) {}
    ~JsonlWriter() override {
        if (m_f) std::fclose(m_f);
    }
    bool append(const Record& record, std::string* error) override {
        std::string line = recordToJson(record);
        line += '\n';
        if (std::fwrite(line.data(), 1, line.size(), m_f) != line.size()) return fail(error);
        ++m_written;
        return true;
    }
    bool flush(std::string* error) override {
        if (std::fflush(m_f) != 0) return fail(error);
        return true;
    }
    bool commit(std::string* error) override {
        if (!flush(error)) return false;
        if (std::fclose(m_f) != 0) {
            m_f = nullptr;
            return fail(error);
        }
        m_f = nullptr;
        return m_finisher.finish(error);
    }

private:
    bool fail(std::string* error) {
        if (error) *error = m_finisher.file() + ": write failed: " + std::strerror(errno);
        return false;
    }
    Finisher m_finisher;
    FILE* m_f;
};

constexpr const char* kCreate =
    "CREATE TABLE comparisons (id TEXT PRIMARY KEY, ts TEXT NOT NULL, endpoint TEXT, req_method TEXT NOT NULL, "
    "req_url TEXT NOT NULL, req_headers TEXT, req_body BLOB, primary_status INTEGER, primary_headers TEXT, "
    "primary_body BLOB, primary_latency_ms REAL, primary_error TEXT, candidate_status INTEGER, candidate_headers "
    "TEXT, candidate_body BLOB, candidate_latency_ms REAL, candidate_error TEXT, secondary_status INTEGER, "
    "secondary_headers TEXT, secondary_body BLOB, secondary_latency_ms REAL, secondary_error TEXT, primary_state "
    "TEXT, candidate_state TEXT, secondary_state TEXT, tags TEXT, weight REAL); PRAGMA user_version = 1;";

constexpr const char* kInsert =
    "INSERT OR REPLACE INTO comparisons VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, "
    "?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27)";

std::string headersText(const Headers& h) {
    nlohmann::ordered_json j = nlohmann::ordered_json::object();
    for (const auto& [name, value] : h) j[name].push_back(value);
    return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::string flatText(const FlatObject& o, bool unquoted) {
    nlohmann::ordered_json j = nlohmann::ordered_json::object();
    for (const auto& [k, text] : o) {
        if (unquoted) {
            j[k] = text;
        } else {
            auto v = nlohmann::ordered_json::parse(text, nullptr, false);
            j[k] = v.is_discarded() ? nlohmann::ordered_json(text) : v;
        }
    }
    return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::string stateText(const Response& r) {
    nlohmann::ordered_json j = nlohmann::ordered_json::object();
    if (r.has_state_before) j["before"] = nlohmann::ordered_json::parse(flatText(r.state_before, false));
    if (!r.state_after.empty()) j["after"] = nlohmann::ordered_json::parse(flatText(r.state_after, false));
    return j.dump();
}

class SqliteWriter final : public StoreWriter {
public:
    SqliteWriter(Finisher finisher, sqlite3* db, sqlite3_stmt* st, uint32_t batch)
            : m_finisher(std::move(finisher)), m_db(db), m_st(st), m_batch(batch ? batch : 1) {}
    ~SqliteWriter() override {
        sqlite3_finalize(m_st);
        sqlite3_close(m_db);
    }
    bool append(const Record& r, std::string* error) override {
        if (!m_inTx && !exec("BEGIN", error)) return false;
        m_inTx = true;
        sqlite3_reset(m_st);
        sqlite3_clear_bindings(m_st);
        int i = 1;
        text(i++, r.id);
        text(i++, r.ts);
        if (!r.endpoint.empty()) text(i, r.endpoint);
        ++i;
        text(i++, r.request.method);
        text(i++, r.request.url);
        text(i++, headersText(r.request.headers));
        blob(i++, r.request.body);
        for (const Response* s : {&r.primary, &r.candidate, &r.secondary}) {
            if (s->present) {
                if (s->status) sqlite3_bind_int(m_st, i, *s->status);
                text(i + 1, headersText(s->headers));
                blob(i + 2, s->body);
                if (s->latency_ms) sqlite3_bind_double(m_st, i + 3, *s->latency_ms);
                if (s->error) text(i + 4, *s->error);
            }
            i += 5;
        }
        for (const Response* s : {&r.primary, &r.candidate, &r.secondary}) {
            if (s->present && (s->has_state_before || !s->state_after.empty())) text(i, stateText(*s));
            ++i;
        }
        if (!r.tags.empty()) text(i, flatText(r.tags, true));
        ++i;
        if (r.weight != 1.0) sqlite3_bind_double(m_st, i, r.weight);
        if (sqlite3_step(m_st) != SQLITE_DONE) return fail(error);
        ++m_written;
        if (++m_pending >= m_batch) return flush(error);
        return true;
    }
    bool flush(std::string* error) override {
        if (!m_inTx) return true;
        m_inTx = false;
        m_pending = 0;
        return exec("COMMIT", error);
    }
    bool commit(std::string* error) override {
        if (!flush(error)) return false;
        sqlite3_finalize(m_st);
        m_st = nullptr;
        if (sqlite3_close(m_db) != SQLITE_OK) return fail(error);
        m_db = nullptr;
        return m_finisher.finish(error);
    }

private:
    void text(int i, const std::string& s) { sqlite3_bind_text(m_st, i, s.data(), int(s.size()), SQLITE_TRANSIENT); }
    void blob(int i, const std::string& s) { sqlite3_bind_blob(m_st, i, s.data(), int(s.size()), SQLITE_TRANSIENT); }
    bool exec(const char* sql, std::string* error) {
        if (sqlite3_exec(m_db, sql, nullptr, nullptr, nullptr) != SQLITE_OK) return fail(error);
        return true;
    }
    bool fail(std::string* error) {
        if (error) *error = m_finisher.file() + ": " + sqlite3_errmsg(m_db);
        return false;
    }
    Finisher m_finisher;
    sqlite3* m_db;
    sqlite3_stmt* m_st;
    uint32_t m_batch;
    uint32_t m_pending = 0;
    bool m_inTx = false;
};

}  // namespace

bool StoreWriter::isSqlitePath(const std::string& path) {
    return endsWith(path, ".sqlite") || endsWith(path, ".sqlite3") || endsWith(path, ".db");
}

std::unique_ptr<StoreWriter> StoreWriter::create(const std::string& path, const Options& options, std::string* error) {
    std::string file = path;
    if (options.atomic && !makeTemp(path, file, error)) return nullptr;
    Finisher finisher(path, file, options.atomic);
    if (!isSqlitePath(path)) {
        FILE* f = std::fopen(file.c_str(), options.atomic ? "wb" : "ab");
        if (!f) {
            if (error) *error = path + ": cannot create: " + std::strerror(errno);
            return nullptr;
        }
        return std::make_unique<JsonlWriter>(std::move(finisher), f);
    }
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
        if (error) *error = path + ": cannot create: " + (db ? sqlite3_errmsg(db) : "out of memory");
        sqlite3_close(db);
        return nullptr;
    }
    // An existing store (streaming mode) keeps its table; a new one gets the contract's schema.
    sqlite3_stmt* probe = nullptr;
    bool exists = false;
    if (sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_master WHERE name = 'comparisons'", -1, &probe, nullptr) ==
        SQLITE_OK)
        exists = sqlite3_step(probe) == SQLITE_ROW;
    sqlite3_finalize(probe);
    sqlite3_stmt* st = nullptr;
    if ((!exists && sqlite3_exec(db, kCreate, nullptr, nullptr, nullptr) != SQLITE_OK) ||
        sqlite3_prepare_v2(db, kInsert, -1, &st, nullptr) != SQLITE_OK) {
        if (error) *error = path + ": " + sqlite3_errmsg(db);
        sqlite3_finalize(st);
        sqlite3_close(db);
        return nullptr;
    }
    return std::make_unique<SqliteWriter>(std::move(finisher), db, st, options.batch);
}

}  // namespace dt
