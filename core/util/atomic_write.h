// SPDX-License-Identifier: MIT
#pragma once
// Crash-safe file writes: the one shared helper every file the app produces goes through
// (rules config export, triage workspace, ...). No Qt: the GUI may use QSaveFile on top, but
// anything written from core or the CLI uses this.
//
// Guarantee: after writeFileAtomically() returns true, `path` holds exactly `data`, durably.
// If the process is killed (or the machine loses power) at any point during the call, `path`
// holds either its previous content or `data` - never a mix, never a truncated file. At worst a
// stray temp file ".NAME.tmp-XXXXXX" is left next to it.
#include <string>
#include <string_view>

namespace dt {

// Writes `data` to `path` atomically:
//   1. creates a uniquely named temp file in the same directory (mkstemp, O_CLOEXEC),
//   2. writes all bytes (retrying short writes and EINTR),
//   3. fsyncs the temp file,
//   4. gives it the target's permission bits when the target exists (else 0666 & ~umask),
//   5. renames it over `path` (atomic on POSIX),
//   6. fsyncs the directory so the rename itself is durable.
// When `path` is a symlink, the link's target is replaced (the link is kept).
// Returns false and sets *error ("PATH: reason") on failure; the target is then untouched and
// the temp file removed.
bool writeFileAtomically(const std::string& path, std::string_view data, std::string* error);

// For crash tests only: called after each step of writeFileAtomically() (1 temp created, 2 half of
// the data written, 3 all written, 4 fsynced, 5 renamed, 6 directory fsynced), so a test child can
// SIGKILL itself at an exact point instead of hoping a random delay lands there. Null = none.
// The permissions a file written at `path` should get: the existing file's, else 0666 minus the
// umask (what open(2) would give a new file; mkstemp's temporary files are 0600).
unsigned fileModeFor(const std::string& path);

using AtomicWriteStepHook = void (*)(int step);
void setAtomicWriteStepHook(AtomicWriteStepHook hook);
constexpr int kAtomicWriteSteps = 6;

}  // namespace dt
