#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Build the .deb, install it into a clean directory with dpkg -x, and run the installed
# difftriage-cli on the installed sample store. Used by .ci/run.
#
#   packaging/ci_package.sh BUILD_DIR
#
# BUILD_DIR is configured as a Release build (tests and benchmarks off) when it does not exist yet;
# an existing build directory is used as configured. Set DT_PACKAGE_GUI=OFF to package without the
# GUI when configuring a new directory. Exits non-zero on the first failed check.
set -euo pipefail

if [[ $# -lt 1 ]]; then
  echo "usage: $0 BUILD_DIR" >&2
  exit 2
fi
SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="$(mkdir -p "$1" && cd "$1" && pwd)"
JOBS="${DT_JOBS:-2}"

step() { printf '\n== %s\n' "$*"; }
fail() { echo "ci_package: FAIL: $*" >&2; exit 1; }

if [[ ! -f "$BUILD/CMakeCache.txt" ]]; then
  step "configure $BUILD"
  cmake -S "$SRC" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release \
        -DDIFFTRIAGE_BUILD_TESTS=OFF -DDIFFTRIAGE_BUILD_BENCH=OFF \
        -DDIFFTRIAGE_BUILD_GUI="${DT_PACKAGE_GUI:-ON}"
else
  cmake "$BUILD" >/dev/null
fi

step "build"
cmake --build "$BUILD" -j"$JOBS"

step "cpack -G DEB"
rm -f "$BUILD"/difftriage_*.deb
(cd "$BUILD" && cpack -G DEB)
DEB="$(ls "$BUILD"/difftriage_*.deb 2>/dev/null | head -n1)"
[[ -n "$DEB" ]] || fail "no .deb produced in $BUILD"
dpkg-deb --info "$DEB"

step "control fields"
CONTROL="$(dpkg-deb --field "$DEB")"
for field in Package Version Architecture Maintainer Section Depends Description; do
  grep -q "^$field: ." <<<"$CONTROL" || fail "control field $field missing or empty"
done
[[ "$(dpkg-deb --field "$DEB" Package)" == difftriage ]] || fail "package name is not difftriage"
[[ "$(dpkg-deb --field "$DEB" Section)" == devel ]] || fail "section is not devel"
DEPENDS="$(dpkg-deb --field "$DEB" Depends)"
grep -q 'libc6' <<<"$DEPENDS" || fail "Depends was not computed by dpkg-shlibdeps: $DEPENDS"
grep -q 'libsqlite3' <<<"$DEPENDS" || fail "Depends lacks libsqlite3: $DEPENDS"

if command -v lintian >/dev/null; then
  step "lintian"
  lint="$(lintian --tag-display-limit 0 "$DEB" 2>/dev/null || true)"
  echo "${lint:-no tags}"
  if grep -q '^E:' <<<"$lint"; then fail "lintian reports errors"; fi
fi

step "dpkg -x into a clean directory"
ROOT="$(mktemp -d "${TMPDIR:-/tmp}/difftriage-pkg.XXXXXX")"
trap 'rm -rf "$ROOT"' EXIT
dpkg -x "$DEB" "$ROOT"
(cd "$ROOT" && find . -type f | sort)

step "installed files"
need() { [[ -f "$ROOT/$1" ]] || fail "missing from package: /$1"; }
need usr/bin/difftriage-cli
need usr/share/doc/difftriage/copyright
need usr/share/doc/difftriage/changelog.gz
need usr/share/applications/difftriage.desktop
need usr/share/mime/packages/difftriage.xml
need usr/share/icons/hicolor/scalable/apps/difftriage.svg
for size in 16 22 24 32 48 64 128 256; do
  png="usr/share/icons/hicolor/${size}x${size}/apps/difftriage.png"
  need "$png"
  if command -v identify >/dev/null; then
    [[ "$(identify -format '%wx%h' "$ROOT/$png")" == "${size}x${size}" ]] || fail "$png is not ${size}x${size}"
  fi
done
for page in difftriage difftriage-cli; do
  need "usr/share/man/man1/$page.1.gz"
  gzip -t "$ROOT/usr/share/man/man1/$page.1.gz" || fail "$page.1.gz is not valid gzip"
  if command -v man >/dev/null; then
    warnings="$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$ROOT/usr/share/man/man1/$page.1.gz" 2>&1 >/dev/null || true)"
    [[ -z "$warnings" ]] || fail "man page $page has warnings: $warnings"
  fi
done
grep -q '^MimeType=.*application/x-difftriage-workspace' "$ROOT/usr/share/applications/difftriage.desktop" \
  || fail "desktop entry does not declare the workspace MIME type"
grep -q 'pattern="\*\.difftriage"' "$ROOT/usr/share/mime/packages/difftriage.xml" || fail "MIME glob missing"
if command -v xmllint >/dev/null; then
  xmllint --noout "$ROOT/usr/share/mime/packages/difftriage.xml" "$ROOT/usr/share/icons/hicolor/scalable/apps/difftriage.svg"
fi
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$ROOT/usr/share/applications/difftriage.desktop"
fi

SAMPLE="$ROOT/usr/share/difftriage/samples/sample.jsonl"
[[ -f "$SAMPLE" ]] || fail "sample store missing from package (resources/samples/sample.jsonl not built?)"

# Run the installed binaries with a clean environment from an unrelated directory, so nothing from
# the build tree (RPATH, cwd) can help them.
RUN=(env -i PATH=/usr/bin:/bin HOME="$ROOT" LANG=C.UTF-8)
CLI="$ROOT/usr/bin/difftriage-cli"

step "libraries of the installed binaries"
for bin in "$ROOT"/usr/bin/*; do
  if ldd "$bin" | grep -q 'not found'; then ldd "$bin"; fail "$bin has unresolved libraries"; fi
  if readelf -d "$bin" | grep -Eq 'RPATH|RUNPATH'; then
    readelf -d "$bin" | grep -E 'RPATH|RUNPATH'
    fail "$bin carries an RPATH into the build tree"
  fi
done

step "difftriage-cli --help / --version"
cd "$ROOT"
"${RUN[@]}" "$CLI" --help >"$ROOT/help.txt" || fail "difftriage-cli --help exited non-zero"
cat "$ROOT/help.txt"
for cmd in groups records show diff rules check; do
  grep -q "$cmd" "$ROOT/help.txt" || fail "--help does not mention '$cmd'"
done
"${RUN[@]}" "$CLI" --version
set +e
"${RUN[@]}" "$CLI" no-such-command >/dev/null 2>&1
rc=$?
set -e
[[ $rc -eq 2 ]] || fail "unknown command must exit 2, got $rc"

step "difftriage-cli groups on the installed sample store"
"${RUN[@]}" "$CLI" groups "$SAMPLE" | head -n 20
"${RUN[@]}" "$CLI" groups "$SAMPLE" --json >"$ROOT/groups.json" || fail "groups --json failed on the sample"
python3 - "$ROOT/groups.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["records"] > 0, "sample store has no records"
assert len(doc["groups"]) > 0, "sample store has no mismatch groups"
print(f'sample: {doc["records"]} records, {len(doc["groups"])} groups, outcomes {doc["outcomes"]}')
PY
if [[ -f "$ROOT/usr/share/difftriage/samples/sample.sqlite" ]]; then
  step "difftriage-cli groups on the installed SQLite sample"
  "${RUN[@]}" "$CLI" groups "$ROOT/usr/share/difftriage/samples/sample.sqlite" --json >"$ROOT/groups-sqlite.json"
  python3 -c "import json,sys; a=json.load(open(sys.argv[1])); b=json.load(open(sys.argv[2])); \
assert [g['signature'] for g in a['groups']] == [g['signature'] for g in b['groups']], 'JSONL and SQLite samples group differently'; \
print('sqlite sample groups identically')" "$ROOT/groups.json" "$ROOT/groups-sqlite.json"
fi

if [[ -f "$ROOT/usr/bin/difftriage" ]]; then
  step "difftriage --help (offscreen)"
  "${RUN[@]}" QT_QPA_PLATFORM=offscreen "$ROOT/usr/bin/difftriage" --help || fail "difftriage --help exited non-zero"
  grep -q '^Exec=difftriage' "$ROOT/usr/share/applications/difftriage.desktop" || fail "desktop Exec line"
else
  echo "(GUI not in this package: difftriage --help not checked)"
fi

step "OK: $DEB"
