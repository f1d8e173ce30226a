// SPDX-License-Identifier: MIT
#include "app/cli/commands.h"

namespace dt::cli {

void printUsage(std::ostream& out) {
    out << R"(usage: difftriage-cli COMMAND [ARGS]

Reads a diff store (JSONL or SQLite, detected by content; or a PostgreSQL table given as
postgresql://user@host/db?table=comparisons, see docs/postgresql.md; always opened read-only)
and reports mismatches grouped by root-cause signature.

commands:
  groups STORE [--rules FILE] [--filter QUERY] [--json] [--limit N] [--no-index]
        Groups of mismatches, largest first, with outcome totals and the weighted match rate.
  groups STORE --follow [--json-lines] [--interval SECONDS] [--rules FILE] [--limit N] [--max-intervals N]
        Follow a growing store: every interval (default 2 s) read only what is new (JSONL: appended
        complete lines, a half-written last line is waited for; SQLite: rows with a larger rowid) and
        print a summary (--json-lines: one JSON object per interval with records, new_records,
        outcomes, match_rate, problems, top groups).
  causes STORE [--rules FILE] [--json] [--limit N] [--no-index]
        Causes, ranked by weighted records: one unit per decision across endpoints (representation-
        only classes such as omitted nulls merge over paths and endpoints; value changes stay per
        endpoint, path, kind and class). A record belongs to every cause of its differences.
  records STORE [--rules FILE] [--filter QUERY]
        One JSON line per record: {"id":..,"outcome":..,"signature":..,"signature_version":2,"causes":[ids]}.
        QUERY (the GUI's filter language): space-separated endpoint:TEXT path:TEXT kind:KIND
        outcome:mismatch|drift status:500|5xx|200>5xx|!200 id:TEXT from:RFC3339 to:RFC3339,
        tags as KEY=VALUE or tag:KEY=VALUE (tenant=acme region=eu-*, * any characters),
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
  rules export --format keploy|diferencia|jd RULES [--store STORE] [--endpoint "GET /path"]
               [--allow-broader] [--out FILE] [--headers-out FILE] [--json]
        The rules in a peer comparator's format: Keploy globalNoise YAML, a diferencia ignore file
        (+ its header list, written one per line to --headers-out FILE), jd -opts JSON. Every rule is reported as exact, narrower, broader or
        omitted with the reason; broader rules are omitted unless --allow-broader (then exported
        with a WARNING naming the over-match). --store expands wildcards and header globs to what
        the store holds; --endpoint exports the rules of one endpoint. See docs/export.md.
  check STORE [--rules FILE] [--min-match-rate R] [--window 1h] [--min-window-records N]
        [--max-p95-regression 0.10] [--max-error-rate-increase R] [--max-mismatch-rate R]
        [--fail-on-expired] [--today YYYY-MM-DD] [--json] [--no-index]
        Go/no-go (docs/dashboard.md): exit 0 GO, 1 NO-GO. GO when the weighted match rate of every
        sliding window (default 1h, windows with >= N comparisons, default 100) is >= R (default
        0.999), candidate p95 <= primary p95 x (1 + 0.10) per endpoint, and the candidate error rate
        (5xx + no answer) <= the primary's + R (default 0.001). Prints each failed criterion with its
        window (start - end, rate) or endpoint (p95 both sides); skipped and empty windows as warnings.
  check STORE --rules FILE --max-mismatch-rate R [--fail-on-expired] [--top N] [--today YYYY-MM-DD] [--json]
        The original gate (no parity option given): exit 1 when the weighted mismatch rate after
        rules and noise exceeds R (a fraction, e.g. 0.001); prints the rate, the top N groups and
        expired rules (--fail-on-expired: exit 1).
  report STORE [--rules FILE] [--workspace FILE [--mark-reported]] --format html|md --out FILE [--no-mask]
         [--mask-pattern RE]...
        The meeting report (docs/report.md): verdict, totals and match rate, causes and groups with
        their triage state, owner, note and one sample diff each, rules added since the last report.
        HTML is one self-contained file; every payload text is escaped. Secrets (Authorization,
        Cookie, bearer tokens, API keys also in query strings, e-mail addresses, --mask-pattern RE2
        patterns) are masked unless --no-mask. --out is written atomically. --mark-reported saves
        the report time as the workspace's last_report (the next report lists rules added since).
  triage STORE --workspace FILE [--rules FILE] [--json] [--fail-on-regression] [--mark-opened]
        The groups with their triage state from a workspace (docs/workspace.md), flagged REGRESSION
        (marked fixed, yet back) and NEW (not there when the workspace was last opened): comparing
        runs headless. --fail-on-regression: exit 1 when any group regressed. --mark-opened: record
        the current signatures and causes as seen (the workspace is saved atomically).
  workspace push FILE --to postgresql://HOST/DB?schema=S&workspace=NAME
  workspace pull postgresql://HOST/DB?schema=S&workspace=NAME [--out FILE]
        A file workspace copied to a workspace shared in PostgreSQL (its items replaced, one
        transaction; windows on it are told), and the shared one back as a file (atomically).
        `difftriage STORE --workspace postgresql://...` triages in the shared one (docs/postgresql.md).
  golden STORE [--rules FILE] (--signature SIG... | --all) [--per-group N] --out FILE [--format jsonl|sqlite]
        Golden set: the records of the chosen groups (or N per group, spread over each) as a new
        diff store (.sqlite/.db: SQLite, else JSONL; written atomically) for replay tests.
  index STORE --into postgresql://HOST/DB?schema=S [--shard K/N] [--rules FILE] [--full] [--threads N]
        Analyze STORE (or shard K of N of a PostgreSQL store) and write outcomes, signatures and
        per-signature aggregates to result tables in schema S (default difftriage). Re-running a
        shard is idempotent; a later run reads only rows added since (--full: everything).
        `groups`, `causes` and `check` on an indexed PostgreSQL store then read those tables
        (SQL aggregates on the server) instead of scanning the store; --no-index scans.
  import goreplay INPUT... --out STORE [--max-pending N] [--json]
        Import GoReplay capture files (.gor, .gor.gz; request, original and replayed responses paired
        by id) into a new store (.sqlite/.db: SQLite, else JSONL; written atomically). Every payload
        that cannot be parsed or paired is reported on stderr as FILE:LINE (byte N): reason.
        See docs/import.md.
  import envoy PRIMARY_DIR SHADOW_DIR --out STORE [--header NAME] [--json]
        Import Envoy tap traces (file_per_tap JSON, http_buffered_trace) of the primary and the shadow
        cluster, paired by the x-request-id header (--header NAME); truncated bodies are marked and
        analysed as not comparable (drift).
  import har PRIMARY.har CANDIDATE.har --out STORE [--header NAME] [--json]
        Import two HAR 1.2 captures, paired by the correlation header (--header, default
        x-request-id) or else by method + path + request body hash in order of occurrence.
  goreplay-middleware --out STORE [--batch N]
        GoReplay middleware: echoes stdin to stdout unchanged and streams paired records into STORE
        (committed every N records, default 200, and whenever input pauses for a second).

options:
  -h, --help     this text          --version   print the version
  --swap-sides   (groups, records, causes, show, rules suggest/preview, check, report, golden, triage)
                 the candidate is the reference: for stores recorded after cutover (the new system
                 serves, the old one is mirrored). Directed classes, status pairs and latency parity
                 follow; signatures describe that direction. triage/report: also when the
                 workspace says swap_sides. The secondary stays the noise baseline of the store's
                 primary side.

exit codes: 0 ok, 1 a gate failed, 2 usage or input error (message on stderr with file and line).
)";
}

}  // namespace dt::cli
