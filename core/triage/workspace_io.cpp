// SPDX-License-Identifier: MIT
#include "core/triage/workspace_io.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <tuple>

#include <nlohmann/json.hpp>
#include <unistd.h>

#include "core/util/atomic_write.h"
#include "core/util/instant.h"
#include "core/util/json_lines.h"
#include "core/util/json_message.h"
#include "core/util/sha256.h"
#include "core/util/text.h"

namespace dt {

namespace {

using J = nlohmann::json;
constexpr const char* kFormat = "difftriage-workspace";

std::string ptr(const std::string& base, std::string_view token) { return base + "/" + escapePointerToken(token); }

std::string stateList() {
    std::string out;
    for (int i = 0; i < kTriageStateCount; ++i) {
        if (i) out += ", ";
        out += triageStateName(static_cast<TriageState>(i));
    }
    return out;
}

// Collects every error; each accessor returns a default when the value is wrong.
class Reader {
public:
    explicit Reader(std::vector<WorkspaceError>& errors) : m_errors(errors) {}
    void error(const std::string& pointer, std::string reason) { m_errors.push_back({pointer, std::move(reason), 0}); }

    const J* member(const J& obj, const char* name) const {
        auto it = obj.find(name);
        return it == obj.end() ? nullptr : &*it;
    }
    std::string string(const J& obj, const std::string& base, const char* name) {
        const J* v = member(obj, name);
        if (!v || v->is_null()) return {};
        if (!v->is_string()) {
            error(ptr(base, name), "must be a string");
            return {};
        }
        return v->get<std::string>();
    }
    std::string time(const J& obj, const std::string& base, const char* name) {
        std::string s = string(obj, base, name);
        if (!s.empty() && !parseIsoInstant(s)) error(ptr(base, name), "not an ISO 8601 time: \"" + s + "\"");
        return s;
    }
    bool boolean(const J& obj, const std::string& base, const char* name, bool def) {
        const J* v = member(obj, name);
        if (!v) return def;
        if (!v->is_boolean()) {
            error(ptr(base, name), "must be true or false");
            return def;
        }
        return v->get<bool>();
    }
    std::optional<double> number(const J& obj, const std::string& base, const char* name, double lo, double hi) {
        const J* v = member(obj, name);
        if (!v || v->is_null()) return std::nullopt;
        if (!v->is_number()) {
            error(ptr(base, name), "must be a number");
            return std::nullopt;
        }
        const double d = v->get<double>();
        if (!(d >= lo && d <= hi)) {
            std::ostringstream s;
            s << "must be between " << lo << " and " << hi;
            error(ptr(base, name), s.str());
            return std::nullopt;
        }
        return d;
    }
    std::optional<int64_t> integer(const J& obj, const std::string& base, const char* name, int64_t lo) {
        const J* v = member(obj, name);
        if (!v || v->is_null()) return std::nullopt;
        if (!v->is_number_integer() || (v->is_number_unsigned() && v->get<uint64_t>() > uint64_t(INT64_MAX))) {
            error(ptr(base, name), "must be an integer");
            return std::nullopt;
        }
        const int64_t i = v->get<int64_t>();
        if (i < lo) {
            error(ptr(base, name), "must be at least " + std::to_string(lo));
            return std::nullopt;
        }
        return i;
    }
    std::vector<std::string> strings(const J& obj, const std::string& base, const char* name) {
        std::vector<std::string> out;
        const J* v = member(obj, name);
        if (!v || v->is_null()) return out;
        if (!v->is_array()) {
            error(ptr(base, name), "must be an array of strings");
            return out;
        }
        for (size_t i = 0; i < v->size(); ++i) {
            if (!(*v)[i].is_string())
                error(ptr(base, name) + "/" + std::to_string(i), "must be a string");
            else
                out.push_back((*v)[i].get<std::string>());
        }
        std::sort(out.begin(), out.end());
        out.erase(std::unique(out.begin(), out.end()), out.end());
        return out;
    }
    TriageItem item(const J& v, const std::string& base) {
        TriageItem it;
        if (!v.is_object()) {
            error(base, "must be an object");
            return it;
        }
        if (const J* s = member(v, "state")) {
            if (!s->is_string())
                error(ptr(base, "state"), "must be a string (one of: " + stateList() + ")");
            else if (auto st = parseTriageState(s->get<std::string>()))
                it.state = *st;
            else
                error(ptr(base, "state"),
                      "unknown state \"" + s->get<std::string>() + "\" (one of: " + stateList() + ")");
        }
        it.owner = string(v, base, "owner");
        it.note = string(v, base, "note");
        it.ticket = string(v, base, "ticket");
        it.updated = time(v, base, "updated");
        it.version = integer(v, base, "version", 0).value_or(0);
        return it;
    }
    std::map<std::string, TriageItem> items(const J& root, const char* name) {
        std::map<std::string, TriageItem> out;
        const J* v = member(root, name);
        if (!v || v->is_null()) return out;
        if (!v->is_object()) {
            error(ptr("", name), "must be an object (key -> item)");
            return out;
        }
        for (const auto& [key, value] : v->items()) {
            if (key.empty()) error(ptr("", name) + "/", "empty key");
            out[key] = item(value, ptr(ptr("", name), key));
        }
        return out;
    }

private:
    std::vector<WorkspaceError>& m_errors;
};

void readIssues(Reader& r, const J& root, Workspace& ws) {
    const J* v = r.member(root, "issues");
    if (!v || v->is_null()) return;
    if (!v->is_array()) {
        r.error("/issues", "must be an array of named issues");
        return;
    }
    std::map<std::string, std::string> idAt, sigAt;  // -> pointer of first use
    for (size_t i = 0; i < v->size(); ++i) {
        const std::string base = "/issues/" + std::to_string(i);
        const J& e = (*v)[i];
        if (!e.is_object()) {
            r.error(base, "must be an object");
            continue;
        }
        NamedIssue issue;
        issue.item = r.item(e, base);
        issue.id = r.string(e, base, "id");
        issue.name = r.string(e, base, "name");
        issue.signatures = r.strings(e, base, "signatures");
        if (issue.id.empty())
            r.error(base + "/id", "required: a unique id");
        else if (auto [it, fresh] = idAt.emplace(issue.id, base); !fresh)
            r.error(base + "/id", "duplicate id \"" + issue.id + "\" (also " + it->second + ")");
        for (const auto& sig : issue.signatures)
            if (auto [it, fresh] = sigAt.emplace(sig, base); !fresh)
                r.error(base + "/signatures",
                        "signature " + sig + " is also in " + it->second + " (a signature belongs to one issue)");
        ws.issues.push_back(std::move(issue));
    }
    std::sort(ws.issues.begin(), ws.issues.end(), [](const NamedIssue& a, const NamedIssue& b) { return a.id < b.id; });
}

void readSplits(Reader& r, const J& root, Workspace& ws) {
    const J* v = r.member(root, "splits");
    if (!v || v->is_null()) return;
    if (!v->is_array()) {
        r.error("/splits", "must be an array of {signature, field}");
        return;
    }
    std::set<std::string> seen;
    for (size_t i = 0; i < v->size(); ++i) {
        const std::string base = "/splits/" + std::to_string(i);
        const J& e = (*v)[i];
        if (!e.is_object()) {
            r.error(base, "must be an object");
            continue;
        }
        Split s{r.string(e, base, "signature"), r.string(e, base, "field")};
        if (s.signature.empty()) r.error(base + "/signature", "required");
        if (s.field.empty()) r.error(base + "/field", "required: a tag key or \"endpoint\"");
        if (!s.signature.empty() && !seen.insert(s.signature).second)
            r.error(base + "/signature", "a second split of " + s.signature);
        ws.splits.push_back(std::move(s));
    }
    std::sort(ws.splits.begin(), ws.splits.end(),
              [](const Split& a, const Split& b) { return a.signature < b.signature; });
}

void readCriteria(Reader& r, const J& root, GoCriteria& c) {
    const J* v = r.member(root, "criteria");
    if (!v || v->is_null()) return;
    if (!v->is_object()) {
        r.error("/criteria", "must be an object");
        return;
    }
    const std::string b = "/criteria";
    if (auto d = r.number(*v, b, "min_match_rate", 0, 1)) c.min_match_rate = *d;
    if (auto i = r.integer(*v, b, "window_ms", 1)) c.window_ms = *i;
    if (auto d = r.number(*v, b, "min_window_weight", 0, 1e15)) c.min_window_weight = *d;
    if (auto d = r.number(*v, b, "max_p95_regression", 0, 1e6)) c.max_p95_regression = *d;
    if (auto d = r.number(*v, b, "max_error_rate_increase", 0, 1)) c.max_error_rate_increase = *d;
    c.max_mismatch_rate = r.number(*v, b, "max_mismatch_rate", 0, 1);
    c.fail_on_expired = r.boolean(*v, b, "fail_on_expired", false);
}

const std::set<std::string>& knownMembers() {
    static const std::set<std::string> k{"causes",
                                         "criteria",
                                         "format",
                                         "groups",
                                         "issues",
                                         "known_causes",
                                         "known_signatures",
                                         "last_opened",
                                         "last_report",
                                         "rules",
                                         "signature_version",
                                         "splits",
                                         "store",
                                         "swap_sides",
                                         "version"};
    return k;
}

J itemJson(const TriageItem& it) {
    J o = J::object();
    o["state"] = std::string(triageStateName(it.state));
    o["version"] = it.version;
    if (!it.owner.empty()) o["owner"] = it.owner;
    if (!it.note.empty()) o["note"] = it.note;
    if (!it.ticket.empty()) o["ticket"] = it.ticket;
    if (!it.updated.empty()) o["updated"] = it.updated;
    return o;
}

std::string sanitizeName(std::string_view name) {
    std::string out;
    for (char c : name) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
                        c == '_' || c == '-';
        out.push_back(ok ? c : '_');
        if (out.size() == 64) break;
    }
    if (out.empty() || out.find_first_not_of('.') == std::string::npos) out = "store";
    return out;
}

}  // namespace

std::optional<Workspace> parseWorkspace(std::string_view text, std::vector<WorkspaceError>* errors) {
    std::vector<WorkspaceError> local;
    std::vector<WorkspaceError>& errs = errors ? *errors : local;
    const size_t before = errs.size();
    J root;
    try {
        root = J::parse(text.begin(), text.end());
    } catch (const nlohmann::json::parse_error& e) {
        const size_t at = std::min<size_t>(e.byte ? e.byte - 1 : 0, text.size());
        uint32_t line = 1;
        size_t lineStart = 0;
        for (size_t i = 0; i < at; ++i)
            if (text[i] == '\n') ++line, lineStart = i + 1;
        errs.push_back({"",
                        "invalid JSON at line " + std::to_string(line) + ", column " +
                            std::to_string(at - lineStart + 1) + ": " + plainJsonMessage(e.what()),
                        line});
        return std::nullopt;
    } catch (const nlohmann::json::exception& e) {
        errs.push_back({"", "invalid JSON: " + plainJsonMessage(e.what()), 0});
        return std::nullopt;
    }

    Reader r(errs);
    Workspace ws;
    if (!root.is_object()) {
        r.error("", "a workspace is a JSON object {\"format\": \"difftriage-workspace\", \"version\": 1, ...}");
    } else {
        const J* format = r.member(root, "format");
        const J* version = r.member(root, "version");
        if (!format)
            r.error("/format", "required: \"difftriage-workspace\"");
        else if (!format->is_string() || format->get<std::string>() != kFormat)
            r.error("/format", "not a difftriage workspace (expected \"difftriage-workspace\")");
        if (!version) {
            r.error("/version", "required: 1");
        } else if (!version->is_number_integer() || version->get<int64_t>() < 1) {
            r.error("/version", "must be a positive integer");
        } else if (version->get<int64_t>() > Workspace::kFormatVersion) {
            r.error("/version", "written by a newer difftriage (version " + std::to_string(version->get<int64_t>()) +
                                    "); this one reads " + std::to_string(Workspace::kFormatVersion));
        }
        if (errs.size() == before) {
            if (const J* store = r.member(root, "store"); store && !store->is_null()) {
                if (!store->is_object()) {
                    r.error("/store", "must be an object {path, fingerprint}");
                } else {
                    ws.store_path = r.string(*store, "/store", "path");
                    ws.store_fingerprint = r.string(*store, "/store", "fingerprint");
                }
            }
            ws.rules_path = r.string(root, "", "rules");
            if (auto v = r.integer(root, "", "signature_version", 1)) ws.signature_version = static_cast<int>(*v);
            ws.swap_sides = r.boolean(root, "", "swap_sides", false);
            ws.groups = r.items(root, "groups");
            ws.causes = r.items(root, "causes");
            readIssues(r, root, ws);
            readSplits(r, root, ws);
            ws.known_signatures = r.strings(root, "", "known_signatures");
            ws.known_causes = r.strings(root, "", "known_causes");
            ws.last_opened = r.time(root, "", "last_opened");
            ws.last_report = r.time(root, "", "last_report");
            readCriteria(r, root, ws.criteria);
            for (const auto& [name, value] : root.items())
                if (!knownMembers().count(name)) ws.unknown[name] = value.dump();
        }
    }
    if (errs.size() != before) {
        JsonLineIndex lines(text);
        for (size_t i = before; i < errs.size(); ++i) errs[i].line = lines.lineOf(errs[i].pointer);
        std::stable_sort(errs.begin() + static_cast<std::ptrdiff_t>(before), errs.end(),
                         [](const WorkspaceError& a, const WorkspaceError& b) { return a.line < b.line; });
        return std::nullopt;
    }
    return ws;
}

std::string serializeWorkspace(const Workspace& ws) {
    J root = J::object();
    for (const auto& [name, text] : ws.unknown) root[name] = J::parse(text, nullptr, false);
    root["format"] = kFormat;
    root["version"] = Workspace::kFormatVersion;
    root["store"] = {{"path", ws.store_path}, {"fingerprint", ws.store_fingerprint}};
    root["rules"] = ws.rules_path;
    root["signature_version"] = ws.signature_version;
    root["swap_sides"] = ws.swap_sides;
    J groups = J::object(), causes = J::object();
    for (const auto& [k, v] : ws.groups) groups[k] = itemJson(v);
    for (const auto& [k, v] : ws.causes) causes[k] = itemJson(v);
    root["groups"] = std::move(groups);
    root["causes"] = std::move(causes);
    std::vector<const NamedIssue*> issues;
    for (const auto& i : ws.issues) issues.push_back(&i);
    std::sort(issues.begin(), issues.end(), [](const NamedIssue* a, const NamedIssue* b) { return a->id < b->id; });
    J ia = J::array();
    for (const NamedIssue* i : issues) {
        J o = itemJson(i->item);
        o["id"] = i->id;
        o["name"] = i->name;
        std::vector<std::string> sigs = i->signatures;
        std::sort(sigs.begin(), sigs.end());
        o["signatures"] = sigs;
        ia.push_back(std::move(o));
    }
    root["issues"] = std::move(ia);
    std::vector<Split> splits = ws.splits;
    std::sort(splits.begin(), splits.end(), [](const Split& a, const Split& b) {
        return std::tie(a.signature, a.field) < std::tie(b.signature, b.field);
    });
    J sa = J::array();
    for (const auto& s : splits) sa.push_back({{"signature", s.signature}, {"field", s.field}});
    root["splits"] = std::move(sa);
    std::vector<std::string> ks = ws.known_signatures, kc = ws.known_causes;
    std::sort(ks.begin(), ks.end());
    std::sort(kc.begin(), kc.end());
    root["known_signatures"] = ks;
    root["known_causes"] = kc;
    root["last_opened"] = ws.last_opened;
    root["last_report"] = ws.last_report;
    const GoCriteria& c = ws.criteria;
    J crit = {{"min_match_rate", c.min_match_rate},
              {"window_ms", c.window_ms},
              {"min_window_weight", c.min_window_weight},
              {"max_p95_regression", c.max_p95_regression},
              {"max_error_rate_increase", c.max_error_rate_increase},
              {"fail_on_expired", c.fail_on_expired}};
    if (c.max_mismatch_rate) crit["max_mismatch_rate"] = *c.max_mismatch_rate;
    root["criteria"] = std::move(crit);
    return root.dump(2, ' ', false, J::error_handler_t::replace) + "\n";
}

std::optional<Workspace> loadWorkspace(const std::string& path, std::vector<WorkspaceError>* errors) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        if (errors) errors->push_back({"", "cannot open " + path, 0});
        return std::nullopt;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    return parseWorkspace(ss.str(), errors);
}

bool saveWorkspace(const std::string& path, const Workspace& ws, std::string* error) {
    // The fallback directory (a per-user data directory) may not exist yet.
    const std::filesystem::path dir = std::filesystem::path(path).parent_path();
    std::error_code ec;
    if (!dir.empty() && !std::filesystem::exists(dir, ec)) std::filesystem::create_directories(dir, ec);
    return writeFileAtomically(path, serializeWorkspace(ws), error);
}

std::string defaultWorkspacePath(const std::string& storePath) { return storePath + ".difftriage"; }

std::string fallbackWorkspacePath(const std::string& storePath, const std::string& fallbackDir) {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::path abs = fs::absolute(fs::path(storePath), ec);
    if (ec) abs = storePath;
    abs = abs.lexically_normal();
    const std::string name = sanitizeName(abs.filename().string());
    const std::string hash = sha256Hex(abs.string()).substr(0, 8);
    return (fs::path(fallbackDir) / (name + "-" + hash + ".difftriage")).string();
}

std::string chooseWorkspacePath(const std::string& storePath, const std::string& fallbackDir) {
    namespace fs = std::filesystem;
    const std::string def = defaultWorkspacePath(storePath);
    std::error_code ec;
    if (fs::exists(def, ec)) return def;
    const std::string fallback = fallbackWorkspacePath(storePath, fallbackDir);
    if (fs::exists(fallback, ec)) return fallback;
    fs::path dir = fs::path(storePath).parent_path();
    if (dir.empty()) dir = ".";
    return ::access(dir.c_str(), W_OK) == 0 ? def : fallback;
}

OpenedWorkspace openWorkspaceFor(const std::string& storePath, const std::string& fallbackDir,
                                 const std::string& explicitPath, const std::string& rulesPath) {
    namespace fs = std::filesystem;
    OpenedWorkspace out;
    out.path = explicitPath.empty() ? chooseWorkspacePath(storePath, fallbackDir) : explicitPath;
    if (auto fp = storeFingerprint(storePath, nullptr)) out.fingerprint = fp->str();
    std::error_code ec;
    if (fs::exists(out.path, ec)) {
        if (auto ws = loadWorkspace(out.path, &out.errors)) {
            out.workspace = std::move(*ws);
            if (!out.fingerprint.empty()) {
                out.store =
                    compareFingerprints(out.workspace.store_fingerprint, *StoreFingerprint::parse(out.fingerprint));
            }
            return out;
        }
    }
    out.created = out.errors.empty();
    if (storePath.find("://") != std::string::npos) {
        out.workspace.store_path = storePath;  // a URI, kept as given
    } else {
        const fs::path abs = fs::absolute(fs::path(storePath), ec);
        out.workspace.store_path = ec ? storePath : abs.lexically_normal().string();
    }
    out.workspace.store_fingerprint = out.fingerprint;
    out.workspace.rules_path = rulesPath;
    return out;
}

}  // namespace dt
