// SPDX-License-Identifier: MIT
// libpq plumbing: URI parameters, handles, errors.
#include "core/pg/pg_conn.h"

#include <libpq-fe.h>

#include <charconv>
#include <cstdlib>
#include <cstring>

namespace dt::pg {
namespace {

int hexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string percentDecode(std::string_view s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && hexValue(s[i + 1]) >= 0 && hexValue(s[i + 2]) >= 0) {
            out.push_back(static_cast<char>(hexValue(s[i + 1]) * 16 + hexValue(s[i + 2])));
            i += 2;
        } else {
            out.push_back(s[i]);
        }
    }
    return out;
}

bool validName(std::string_view s) {
    if (s.empty() || s.size() > 200) return false;
    for (const char c : s)
        if (c == '\0' || c == '"') return false;
    return true;
}

}  // namespace

bool isPostgresUri(std::string_view s) { return s.rfind("postgresql://", 0) == 0 || s.rfind("postgres://", 0) == 0; }

std::optional<PgUri> parsePgUri(const std::string& uri, std::string* error) {
    if (!isPostgresUri(uri)) {
        if (error) *error = uri + ": not a postgresql:// URI";
        return std::nullopt;
    }
    PgUri out;
    const size_t q = uri.find('?');
    std::string base = uri.substr(0, q);
    std::string rest;
    if (q != std::string::npos) {
        std::string_view query(uri);
        query.remove_prefix(q + 1);
        while (!query.empty()) {
            const size_t amp = query.find('&');
            const std::string_view part = query.substr(0, amp);
            query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
            if (part.empty()) continue;
            const size_t eq = part.find('=');
            const std::string name(part.substr(0, eq));
            const std::string value = eq == std::string_view::npos ? std::string() : percentDecode(part.substr(eq + 1));
            std::string* mine = name == "table"       ? &out.table
                                : name == "schema"    ? &out.schema
                                : name == "key"       ? &out.key
                                : name == "workspace" ? &out.workspace
                                                      : nullptr;
            if (mine) {
                if (!validName(value)) {
                    if (error) *error = uri + ": invalid value for '" + name + "'";
                    return std::nullopt;
                }
                *mine = value;
                continue;
            }
            if (!rest.empty()) rest += '&';
            rest += part;
        }
    }
    out.conninfo = rest.empty() ? base : base + "?" + rest;
    // Redact a password: scheme://user:PASSWORD@host
    const size_t scheme = base.find("://") + 3;
    const size_t at = base.find('@', scheme);
    const size_t colon = base.find(':', scheme);
    std::string shown = base;
    if (at != std::string::npos && colon != std::string::npos && colon < at)
        shown = base.substr(0, colon + 1) + "***" + base.substr(at);
    std::string shownRest;
    for (size_t p = 0; p < rest.size();) {
        size_t amp = rest.find('&', p);
        if (amp == std::string::npos) amp = rest.size();
        std::string part = rest.substr(p, amp - p);
        if (part.rfind("password=", 0) == 0) part = "password=***";
        if (!shownRest.empty()) shownRest += '&';
        shownRest += part;
        p = amp + 1;
    }
    out.display = shownRest.empty() ? shown : shown + "?" + shownRest;
    out.display += (shownRest.empty() ? "?table=" : "&table=") + out.table;
    char* err = nullptr;
    PQconninfoOption* opts = PQconninfoParse(out.conninfo.c_str(), &err);
    if (!opts) {
        if (error)
            *error = out.display + ": invalid connection URI: " + (err ? oneLine(err) : std::string("unknown error"));
        PQfreemem(err);
        return std::nullopt;
    }
    PQconninfoFree(opts);
    return out;
}

std::string quoteIdent(std::string_view name) {
    std::string out = "\"";
    for (const char c : name) {
        if (c == '"') out.push_back('"');
        out.push_back(c);
    }
    out.push_back('"');
    return out;
}

std::string quoteQualified(std::string_view name) {
    const size_t dot = name.find('.');
    if (dot == std::string_view::npos) return quoteIdent(name);
    return quoteIdent(name.substr(0, dot)) + "." + quoteIdent(name.substr(dot + 1));
}

std::string quoteLiteral(std::string_view value) {
    std::string out = "'";
    for (const char c : value) {
        if (c == '\'') out.push_back('\'');
        if (c == '\0') continue;
        out.push_back(c);
    }
    out.push_back('\'');
    return out;
}

double numberOf(std::string_view text, double fallback) {
    double d = fallback;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), d);
    return ec == std::errc() ? d : fallback;
}

std::string oneLine(std::string_view s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (c == '\n' || c == '\t' || c == '\r') {
            if (!out.empty() && out.back() != ' ') out.push_back(' ');
            continue;
        }
        out.push_back(c);
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    if (out.rfind("ERROR:  ", 0) == 0) out.erase(0, 8);
    if (out.rfind("FATAL:  ", 0) == 0) out.erase(0, 8);
    return out;
}

void decodeBytea(std::string_view text, std::string& out) {
    out.clear();
    if (text.size() < 2 || text[0] != '\\' || text[1] != 'x') {
        out.assign(text);
        return;
    }
    out.resize((text.size() - 2) / 2);
    size_t n = 0;
    for (size_t i = 2; i + 1 < text.size(); i += 2) {
        const int hi = hexValue(text[i]), lo = hexValue(text[i + 1]);
        if (hi < 0 || lo < 0) break;
        out[n++] = static_cast<char>(hi * 16 + lo);
    }
    out.resize(n);
}

PgResult& PgResult::operator=(PgResult&& o) noexcept {
    if (this != &o) {
        PQclear(m_r);
        m_r = o.m_r;
        o.m_r = nullptr;
    }
    return *this;
}
PgResult::~PgResult() { PQclear(m_r); }
bool PgResult::ok() const {
    if (!m_r) return false;
    const auto s = PQresultStatus(m_r);
    return s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK || s == PGRES_COPY_IN;
}
int PgResult::rows() const { return m_r ? PQntuples(m_r) : 0; }
int PgResult::cols() const { return m_r ? PQnfields(m_r) : 0; }
std::string_view PgResult::name(int col) const { return PQfname(m_r, col); }
bool PgResult::isNull(int row, int col) const { return PQgetisnull(m_r, row, col) != 0; }
std::string_view PgResult::value(int row, int col) const {
    return {PQgetvalue(m_r, row, col), static_cast<size_t>(PQgetlength(m_r, row, col))};
}
int64_t PgResult::int64(int row, int col, int64_t fallback) const {
    if (row >= rows() || col >= cols() || isNull(row, col)) return fallback;
    return std::strtoll(PQgetvalue(m_r, row, col), nullptr, 10);
}
std::string PgResult::sqlState() const {
    if (!m_r) return {};
    const char* s = PQresultErrorField(m_r, PG_DIAG_SQLSTATE);
    return s ? s : "";
}
std::string PgResult::error() const {
    if (!m_r) return "no result";
    const char* primary = PQresultErrorField(m_r, PG_DIAG_MESSAGE_PRIMARY);
    if (primary) return primary;
    return oneLine(PQresultErrorMessage(m_r));
}

std::unique_ptr<PgConn> PgConn::connect(const PgUri& uri, bool readOnly, std::string* error) {
    std::unique_ptr<PgConn> c(new PgConn);
    c->m_display = uri.display;
    const char* keys[] = {"dbname", "application_name", "connect_timeout", readOnly ? "options" : nullptr, nullptr};
    const char* values[] = {uri.conninfo.c_str(), "difftriage", "10", "-c default_transaction_read_only=on", nullptr};
    c->m_c = PQconnectdbParams(keys, values, 1);
    if (!c->m_c || PQstatus(c->m_c) != CONNECTION_OK) {
        if (error)
            *error = uri.display + ": cannot connect: " + (c->m_c ? c->lastError() : std::string("out of memory"));
        return nullptr;
    }
    PQsetClientEncoding(c->m_c, "UTF8");
    // Server notices ("relation already exists, skipping") are not for the user's terminal.
    PQsetNoticeProcessor(
        c->m_c, [](void*, const char*) {}, nullptr);
    // Times come back in UTC, numbers with full precision, bytea as hex.
    PgResult r = c->exec("SET TimeZone = 'UTC'; SET extra_float_digits = 3; SET bytea_output = 'hex'");
    if (!r.ok()) {
        if (error) *error = uri.display + ": cannot set up the session: " + c->describe(r);
        return nullptr;
    }
    return c;
}

PgConn::~PgConn() { PQfinish(m_c); }

PgResult PgConn::exec(const std::string& sql) { return PgResult(PQexec(m_c, sql.c_str())); }

PgResult PgConn::execParams(const std::string& sql, const std::vector<std::optional<std::string>>& params) {
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
    return PgResult(
        PQexecParams(m_c, sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(), nullptr, nullptr, 0));
}

bool PgConn::run(const std::string& sql, std::string_view what, std::string* error) {
    PgResult r = exec(sql);
    if (r.ok()) return true;
    if (error) *error = m_display + ": " + std::string(what) + " failed: " + describe(r);
    return false;
}

bool PgConn::copyIn(const std::string& copySql, const std::string& data, std::string* error) {
    PgResult r = exec(copySql);
    if (!r.raw() || PQresultStatus(r.raw()) != PGRES_COPY_IN) {
        if (error) *error = m_display + ": " + copySql.substr(0, 40) + "... failed: " + describe(r);
        return false;
    }
    constexpr size_t kPiece = size_t(1) << 20;
    for (size_t off = 0; off < data.size(); off += kPiece) {
        const size_t n = std::min(kPiece, data.size() - off);
        if (PQputCopyData(m_c, data.data() + off, static_cast<int>(n)) != 1) {
            if (error) *error = m_display + ": sending rows failed: " + lastError();
            return false;
        }
    }
    if (PQputCopyEnd(m_c, nullptr) != 1) {
        if (error) *error = m_display + ": sending rows failed: " + lastError();
        return false;
    }
    bool ok = true;
    while (PGresult* res = PQgetResult(m_c)) {
        PgResult end(res);
        if (!end.ok()) {
            ok = false;
            if (error) *error = m_display + ": writing rows failed: " + describe(end);
        }
    }
    return ok;
}

bool PgConn::broken() const { return !m_c || PQstatus(m_c) != CONNECTION_OK; }

std::string PgConn::lastError() const { return m_c ? oneLine(PQerrorMessage(m_c)) : std::string("not connected"); }

std::string PgConn::describe(const PgResult& r) const {
    // libpq's own errors carry no SQLSTATE; 08xxx are connection exceptions, 57P0x shutdowns.
    const std::string state = r.sqlState();
    if (broken() || !r.raw() || state.empty() || state.rfind("08", 0) == 0 || state.rfind("57P0", 0) == 0) {
        std::string why = r.raw() ? r.error() : std::string();
        if (why.empty() || why == "no result") why = lastError();
        return "the server went away (" + (why.empty() ? std::string("connection lost") : why) + ")";
    }
    return r.error();
}

std::string PgConn::escapeIdentifier(std::string_view s) const { return quoteIdent(s); }

int PgConn::socket() const { return PQsocket(m_c); }

std::vector<std::pair<std::string, int>> PgConn::notificationsWithPid() {
    std::vector<std::pair<std::string, int>> out;
    if (PQconsumeInput(m_c) != 1) return out;
    while (PGnotify* n = PQnotifies(m_c)) {
        out.emplace_back(n->extra ? n->extra : "", n->be_pid);
        PQfreemem(n);
    }
    return out;
}

}  // namespace dt::pg
