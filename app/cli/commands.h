// SPDX-License-Identifier: MIT
#pragma once
// difftriage-cli commands. Each returns the process exit code: 0 ok, 1 a gate failed,
// 2 usage or input error (message on `err`, naming file and line where there is one).
// `args` are the arguments after the command name.
#include <ostream>
#include <string>
#include <vector>

namespace dt::cli {

using Args = std::vector<std::string>;

int cmdGroups(const Args& args, std::ostream& out, std::ostream& err);        // cmd_groups.cpp
int cmdGroupsFollow(const Args& args, std::ostream& out, std::ostream& err);  // cmd_follow.cpp: groups --follow
int cmdRecords(const Args& args, std::ostream& out, std::ostream& err);       // cmd_groups.cpp
int cmdShow(const Args& args, std::ostream& out, std::ostream& err);          // cmd_show.cpp
int cmdDiff(const Args& args, std::ostream& out, std::ostream& err);          // cmd_show.cpp
int cmdRules(const Args& args, std::ostream& out,
             std::ostream& err);  // cmd_rules.cpp: suggest | preview | validate | ...
int cmdRulesExport(const Args& args, std::ostream& out, std::ostream& err);  // cmd_export.cpp: rules export
int cmdCheck(const Args& args, std::ostream& out, std::ostream& err);        // cmd_rules.cpp
int cmdCauses(const Args& args, std::ostream& out, std::ostream& err);       // cmd_causes.cpp
// check with the parity criteria (worst window, p95 per endpoint, error parity): when any of its
// options is given or --max-mismatch-rate is not (cmd_check.cpp).
bool isParityCheck(const Args& args);
int cmdCheckParity(const Args& args, std::ostream& out, std::ostream& err);
int cmdIndex(const Args& args, std::ostream& out, std::ostream& err);               // cmd_index.cpp
int cmdImport(const Args& args, std::ostream& out, std::ostream& err);              // cmd_import.cpp
int cmdGoreplayMiddleware(const Args& args, std::ostream& out, std::ostream& err);  // cmd_import.cpp

int cmdReport(const Args& args, std::ostream& out, std::ostream& err);     // cmd_report.cpp: meeting report
int cmdGolden(const Args& args, std::ostream& out, std::ostream& err);     // cmd_report.cpp: golden set
int cmdTriage(const Args& args, std::ostream& out, std::ostream& err);     // cmd_triage.cpp: states + flags
int cmdWorkspace(const Args& args, std::ostream& out, std::ostream& err);  // cmd_workspace.cpp: push / pull

void printUsage(std::ostream& out);  // usage.cpp

}  // namespace dt::cli
