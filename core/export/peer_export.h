// SPDX-License-Identifier: MIT
#pragma once
// Allowed rules exported to peer comparators' own formats (docs/export.md):
//   Keploy      test.globalNoise YAML (body keys are dotted paths without array indices; [] ignores
//               a field, regexes ignore matching values; header names)
//   diferencia  an --ignoreValuesFile (one RFC 6901 pointer per line, no wildcards) and the header
//               list for --ignoreHeadersValues
//   jd          the -opts JSON (PathOptions: DIFF_OFF, MULTISET, setkeys, precision)
//
// A rule a target cannot express exactly is never exported silently broader. Each rule gets a note:
//   exact     the target does what the rule does
//   narrower  exported, but the target absorbs less (e.g. wildcards expanded to the indices seen in
//             the store; later indices are still compared)
//   broader   the target would absorb more (a Keploy key without indices also matches every other
//             element; a scoped rule applies to every endpoint). Exported only with allow_broader,
//             with a WARNING naming the over-match; otherwise omitted with that reason
//   omitted   the target has no way to express it (status equivalence in jd, ...)
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/export/store_shapes.h"
#include "core/rules/rules.h"

namespace dt::peer {

enum class PeerFormat { Keploy, Diferencia, Jd };
std::optional<PeerFormat> peerFormatFromName(std::string_view name);  // "keploy", "diferencia", "jd"
std::string_view peerFormatName(PeerFormat f);

enum class ExportStatus { Exact, Narrower, Broader, Omitted };
std::string_view exportStatusName(ExportStatus s);  // "exact", "narrower", "broader", "omitted"

struct RuleExportNote {
    std::string rule_id;
    std::string rule;  // describeRule()
    ExportStatus status = ExportStatus::Exact;
    bool exported = false;             // false for omitted, and for broader without allow_broader
    std::vector<std::string> reasons;  // why it is not exact (and notes on assumptions made)
};

struct PeerExportOptions {
    bool allow_broader = false;           // export broader rules (with warnings) instead of omitting them
    std::string endpoint;                 // "GET /users/{id}": export for one endpoint (scopes then exact)
    const StoreShapes* shapes = nullptr;  // expand wildcards and header globs against a store
    std::string source;                   // the rules file name, for the header comment
};

struct PeerExport {
    std::string text;                   // the file: Keploy YAML, diferencia pointers, jd -opts JSON
    std::vector<std::string> headers;   // diferencia: the --ignoreHeadersValues list
    std::vector<RuleExportNote> notes;  // one per rule, in the config's order
    std::string usage;                  // how to use the file with the tool
    size_t count(ExportStatus s, bool exported) const;
};

PeerExport exportRules(const RuleConfig& config, PeerFormat format, const PeerExportOptions& options);

}  // namespace dt::peer
