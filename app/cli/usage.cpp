#include "app/cli/commands.h"

namespace dt::cli {

void printUsage(std::ostream& out) {
    out << R"(usage: difftriage-cli COMMAND [ARGS]

Reads a diff store (JSONL or SQLite, detected by content; or a PostgreSQL table given as
postgresql://user@host/db?table=comparisons, see docs/postgresql.md; always opened read-only)
and reports mismatches grouped by root-cause signature.

commands:
  groups STORE [--rules FILE] [--filter QUERY] [--json] [--limit N]
        Groups of mismatches, largest first, with outcome totals and the weighted match rate.
  causes STORE [--rules FILE] [--json] [--limit N]
        Causes, ranked by weighted records: one unit per decision across endpoints (representation-
        only classes such as omitted nulls merge over paths and endpoints; value changes stay per
        endpoint, path, kind and class). A record belongs to every cause of its differences.
  records STORE [--rules FILE] [--filter QUERY]
        One JSON line per record: {"id":..,"outcome":..,"signature":..,"signature_version":2,"causes":[ids]}.
        QUERY (the GUI's filter language): space-separated endpoint:TEXT path:TEXT kind:KIND
        outcome:mismatch|drift status:500|5xx|200>5xx|!200 id:TEXT from:RFC3339 to:RFC3339,
        anything else is free text (signature, endpoint, path or record id).
  show STORE ID [--rules FILE] [--raw] [--width N] [--json]
        One record: its differences and a side-by-side normalized (or --raw) body diff.
  diff A B [--format json-patch|text]
        Diff two documents: an RFC 6902 patch turning A into B, or a readable text diff.
  rules suggest STORE --signature SIG [--rules CURRENT] [--author NAME] [--samples N] [--today YYYY-MM-DD]
        The narrowest allowed rule(s) absorbing that group, as a rules config file on stdout
        (--samples: how many member records to inspect, default 20; --today: the "created" date).
  rules preview STORE --rules CURRENT --add NEW [--json]
        What NEW would absorb, and which other groups it would touch (collateral).
  rules validate FILE [--today YYYY-MM-DD]
        Check a rules config: every error with its line and JSON Pointer; expired rules are warned.
  rules fmt FILE [--check]
        Rewrite FILE in the canonical export format (atomically); --check only reports (exit 1 if not).
  check STORE --rules FILE --max-mismatch-rate R [--fail-on-expired] [--top N] [--today YYYY-MM-DD] [--json]
        CI gate: exit 1 when the weighted mismatch rate after rules and noise exceeds R (a fraction,
        e.g. 0.001); prints the rate, the top N groups and expired rules (--fail-on-expired: exit 1).
  index STORE --into postgresql://HOST/DB?schema=S [--shard K/N] [--rules FILE] [--full] [--threads N]
        Analyze STORE (or shard K of N of a PostgreSQL store) and write outcomes, signatures and
        per-signature aggregates to result tables in schema S (default difftriage). Re-running a
        shard is idempotent; a later run reads only rows added since (--full: everything).
        `groups` on an indexed PostgreSQL store then reads its groups from those tables.

options:
  -h, --help     this text          --version   print the version

exit codes: 0 ok, 1 a gate failed, 2 usage or input error (message on stderr with file and line).
)";
}

}  // namespace dt::cli
