// SPDX-License-Identifier: MIT
// difftriage-cli: headless front end. A thin main: dispatch to app/cli/ commands.
#include <iostream>
#include <string>

#include "app/cli/commands.h"
#include "core/pg/pg_store.h"

int main(int argc, char** argv) {
    using namespace dt::cli;
    std::ios::sync_with_stdio(false);
    if (argc < 2) {
        printUsage(std::cerr);
        return 2;
    }
    const std::string cmd = argv[1];
    Args args(argv + 2, argv + argc);
    if (cmd == "--help" || cmd == "-h" || cmd == "help") {
        printUsage(std::cout);
        return 0;
    }
    if (cmd == "--version") {
        std::cout << "difftriage-cli " << DIFFTRIAGE_VERSION << "\n";
        return 0;
    }
    dt::pg::registerPostgresStores();
    int rc = 2;
    if (cmd == "groups")
        rc = cmdGroups(args, std::cout, std::cerr);
    else if (cmd == "records")
        rc = cmdRecords(args, std::cout, std::cerr);
    else if (cmd == "show")
        rc = cmdShow(args, std::cout, std::cerr);
    else if (cmd == "diff")
        rc = cmdDiff(args, std::cout, std::cerr);
    else if (cmd == "rules")
        rc = cmdRules(args, std::cout, std::cerr);
    else if (cmd == "check")
        rc = cmdCheck(args, std::cout, std::cerr);
    else if (cmd == "causes")
        rc = cmdCauses(args, std::cout, std::cerr);
    else if (cmd == "index")
        rc = cmdIndex(args, std::cout, std::cerr);
    else if (cmd == "import")
        rc = cmdImport(args, std::cout, std::cerr);
    else if (cmd == "report")
        rc = cmdReport(args, std::cout, std::cerr);
    else if (cmd == "golden")
        rc = cmdGolden(args, std::cout, std::cerr);
    else if (cmd == "triage")
        rc = cmdTriage(args, std::cout, std::cerr);
    else if (cmd == "workspace")
        rc = cmdWorkspace(args, std::cout, std::cerr);
    else if (cmd == "goreplay-middleware")
        rc = cmdGoreplayMiddleware(args, std::cout, std::cerr);
    else {
        std::cerr << "difftriage-cli: unknown command '" << cmd << "'\n";
        printUsage(std::cerr);
        return 2;
    }
    std::cout.flush();
    return rc;
}
