// SPDX-License-Identifier: MIT
// difftriage-cli workspace push FILE --to URI | pull URI [--out FILE]: a file workspace
// (`.difftriage`) copied to a workspace shared in PostgreSQL, and back (docs/postgresql.md).
#include <fstream>
#include <sstream>

#include "app/cli/commands.h"
#include "app/cli/common.h"
#include "core/pg/pg_workspace.h"
#include "core/triage/workspace_io.h"
#include "core/util/atomic_write.h"

namespace dt::cli {

int cmdWorkspace(const Args& argsIn, std::ostream& out, std::ostream& err) {
    Args args = argsIn;
    std::string to, outPath;
    bool missing = false;
    takeOption(args, "--to", &to, &missing);
    takeOption(args, "--out", &outPath, &missing);
    const std::string sub = args.empty() ? std::string() : args[0];
    if (!args.empty()) args.erase(args.begin());
    const bool push = sub == "push" && args.size() == 1 && !to.empty() && outPath.empty();
    const bool pull = sub == "pull" && args.size() == 1 && to.empty();
    if (missing || !rejectUnknownOptions(args, "workspace", err) || (!push && !pull)) {
        err << "usage: difftriage-cli workspace push FILE --to postgresql://HOST/DB?schema=S&workspace=NAME\n"
               "       difftriage-cli workspace pull postgresql://HOST/DB?schema=S&workspace=NAME [--out FILE]\n";
        return 2;
    }
    std::string error;
    if (push) {
        std::vector<WorkspaceError> errors;
        const auto ws = loadWorkspace(args[0], &errors);  // only a workspace this version reads is pushed
        if (!ws) {
            err << formatRuleErrors(args[0], errors);
            return 2;
        }
        auto shared = pg::PgWorkspace::open(to, &error);
        if (!shared || !shared->push(serializeWorkspace(*ws), &error)) {
            err << "difftriage-cli workspace push: " << error << "\n";
            return 2;
        }
        err << args[0] << " pushed to workspace '" << shared->name() << "' (its items replaced)\n";
        return 0;
    }
    auto shared = pg::PgWorkspace::open(args[0], &error);
    std::optional<std::string> doc = shared ? shared->pull(&error) : std::nullopt;
    if (!doc) {
        err << "difftriage-cli workspace pull: " << error << "\n";
        return 2;
    }
    std::vector<WorkspaceError> errors;
    if (doc->find_first_not_of(" \t\r\n{}") != std::string::npos && !parseWorkspace(*doc, &errors)) {
        err << formatRuleErrors(args[0], errors);
        return 2;
    }
    if (outPath.empty()) {
        out << *doc;
        return 0;
    }
    if (!writeFileAtomically(outPath, *doc, &error)) {
        err << "difftriage-cli workspace pull: " << error << "\n";
        return 2;
    }
    return 0;
}

}  // namespace dt::cli
