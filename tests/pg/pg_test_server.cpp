// SPDX-License-Identifier: MIT
// Throwaway PostgreSQL server for tests (see pg_test_server.h).
#include "tests/pg/pg_test_server.h"

#include <libpq-fe.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <vector>

namespace dt::pgtest {
namespace {

namespace fs = std::filesystem;

int freePort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    int port = 54329;
    if (fd >= 0 && ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
        socklen_t len = sizeof addr;
        if (::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) port = ntohs(addr.sin_port);
    }
    if (fd >= 0) ::close(fd);
    return port;
}

std::string shellQuote(const std::string& s) {
    std::string out = "'";
    for (const char c : s) {
        if (c == '\'')
            out += "'\\''";
        else
            out.push_back(c);
    }
    return out + "'";
}

// As root, run as the postgres user (initdb and postgres refuse root).
std::string asServerUser(const std::string& cmd) {
    if (::geteuid() != 0) return cmd;
    return "runuser -u postgres -- sh -c " + shellQuote(cmd);
}

}  // namespace

std::string findPostgresBin() {
    std::error_code ec;
    std::vector<fs::path> found;
    for (const auto& e : fs::directory_iterator("/usr/lib/postgresql", ec))
        if (fs::exists(e.path() / "bin" / "initdb") && fs::exists(e.path() / "bin" / "pg_ctl"))
            found.push_back(e.path() / "bin");
    if (found.empty()) return "";
    std::sort(found.begin(), found.end(), [](const fs::path& a, const fs::path& b) {
        return std::atoi(a.parent_path().filename().c_str()) < std::atoi(b.parent_path().filename().c_str());
    });
    return found.back().string();
}

std::unique_ptr<TestServer> TestServer::start(std::string* why) {
    std::unique_ptr<TestServer> s(new TestServer);
    s->m_bin = findPostgresBin();
    if (s->m_bin.empty()) {
        *why = "PostgreSQL server binaries not found under /usr/lib/postgresql (tools/deps.sh installs them)";
        return nullptr;
    }
    if (::geteuid() == 0 && !getpwnam("postgres")) {
        *why = "running as root and there is no 'postgres' user to run the server as";
        return nullptr;
    }
    char tmpl[] = "/tmp/dt-pgtest-XXXXXX";
    if (!::mkdtemp(tmpl)) {
        *why = "cannot create a temporary directory";
        return nullptr;
    }
    s->m_dir = tmpl;
    if (::geteuid() == 0) {
        const passwd* pw = getpwnam("postgres");
        if (::chown(tmpl, pw->pw_uid, pw->pw_gid) != 0) {
            *why = "cannot hand the temporary directory to the postgres user";
            return nullptr;
        }
    }
    s->m_port = freePort();
    const std::string data = s->m_dir + "/data";
    std::string cmd = s->m_bin + "/initdb -D " + shellQuote(data) +
                      " -A trust -U postgres --no-sync -E UTF8 --locale=C >" + shellQuote(s->m_dir + "/initdb.log") +
                      " 2>&1";
    if (std::system(asServerUser(cmd).c_str()) != 0) {
        *why = "initdb failed (see " + s->m_dir + "/initdb.log)";
        return nullptr;
    }
    cmd = s->m_bin + "/pg_ctl -D " + shellQuote(data) + " -l " + shellQuote(s->m_dir + "/server.log") +
          " -w -t 60 -o " +
          shellQuote("-k " + s->m_dir + " -p " + std::to_string(s->m_port) +
                     " -c listen_addresses= -c fsync=off -c synchronous_commit=off -c full_page_writes=off "
                     "-c max_connections=60 -c shared_buffers=64MB") +
          " start >/dev/null 2>&1";
    if (std::system(asServerUser(cmd).c_str()) != 0) {
        *why = "pg_ctl start failed (see " + s->m_dir + "/server.log)";
        return nullptr;
    }
    s->m_running = true;
    return s;
}

TestServer::~TestServer() {
    if (m_running) kill();
    if (!m_dir.empty()) {
        std::error_code ec;
        fs::remove_all(m_dir, ec);
    }
}

void TestServer::kill() {
    if (!m_running) return;
    const std::string cmd =
        m_bin + "/pg_ctl -D " + shellQuote(m_dir + "/data") + " -m immediate -w stop >/dev/null 2>&1";
    (void)std::system(asServerUser(cmd).c_str());
    m_running = false;
}

std::string TestServer::uri(const std::string& db, const std::string& user) const {
    return "postgresql://" + user + "@/" + db + "?host=" + m_dir + "&port=" + std::to_string(m_port);
}

std::string TestServer::sql(const std::string& db, const std::string& statements) const {
    PGconn* c = PQconnectdb(uri(db).c_str());
    std::string err;
    if (PQstatus(c) != CONNECTION_OK) {
        err = PQerrorMessage(c);
    } else {
        PGresult* r = PQexec(c, statements.c_str());
        const auto st = PQresultStatus(r);
        if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) err = PQresultErrorMessage(r);
        PQclear(r);
    }
    PQfinish(c);
    return err;
}

std::string TestServer::createDatabase(const std::string& name) const {
    return sql("postgres", "CREATE DATABASE \"" + name + "\"");
}

TestServer* sharedServer(std::string* why) {
    static std::mutex m;
    static std::unique_ptr<TestServer> server;
    static std::string failure;
    static bool tried = false;
    std::lock_guard lock(m);
    if (!tried) {
        tried = true;
        server = TestServer::start(&failure);
    }
    if (!server && why) *why = failure;
    return server.get();
}

}  // namespace dt::pgtest
