// SPDX-License-Identifier: MIT
#pragma once
// A throwaway PostgreSQL server for tests: initdb + pg_ctl from the Debian `postgresql` package in a
// temporary directory, listening only on a unix socket in that directory, removed at the end.
// As root (CI), the server runs as the `postgres` user (initdb refuses root).
#include <memory>
#include <string>

namespace dt::pgtest {

class TestServer {
public:
    // Null + *why when the PostgreSQL binaries are absent or the server cannot start.
    static std::unique_ptr<TestServer> start(std::string* why);
    ~TestServer();  // stops the server (if running) and removes the directory

    // postgresql://postgres@/DB?host=DIR&port=PORT (superuser, trust authentication)
    std::string uri(const std::string& db, const std::string& user = "postgres") const;
    // Runs SQL as the superuser in `db`; returns "" on success, else the error.
    std::string sql(const std::string& db, const std::string& statements) const;
    std::string createDatabase(const std::string& name) const;  // "" on success
    void kill();                                                // pg_ctl stop -m immediate
    const std::string& dir() const { return m_dir; }

private:
    TestServer() = default;
    std::string m_bin, m_dir;
    int m_port = 0;
    bool m_running = false;
};

// Where initdb lives ("" when the postgresql package is not installed).
std::string findPostgresBin();

// The shared server of a test binary (started on first use, stopped at exit); null + *why when absent.
TestServer* sharedServer(std::string* why);

}  // namespace dt::pgtest
