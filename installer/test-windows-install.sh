#!/usr/bin/env bash
# Install, run and uninstall the Windows installer under wine, as a clerk's PC would (CI step 7):
#
#   1. silent install (setup.exe /S): program, uninstaller, shortcuts and the HKCU Uninstall entry exist
#   2. the installed program: --smoke --db <new file> (offscreen): exit 0, the database file is created
#   3. the installed program: --smoke on its default database: exit 0, the data folder is created
#   4. silent uninstall (uninstall.exe /S): program folder, shortcuts and registry entry gone, data kept
#   5. install again, uninstall with /S /DELETEDATA: the data folder is gone, nothing beside it touched
#
# Needs bash installer/build-windows.sh first (it makes the wine prefix build/wine and the installer).
# Uses only that prefix: what was installed there before is removed first.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$ROOT"
source "$ROOT/installer/wine-env.sh"
HOST_PY="${PYTHON:-$ROOT/.venv/bin/python}"
[[ -x "$HOST_PY" ]] || HOST_PY="$(command -v python3)"

APP_NAME="村级疫情防控台账"
UNINST_KEY='HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\VillageLedger'
APP_VERSION="$("$HOST_PY" -c 'import sys; sys.path.insert(0, "."); from db.version import APP_VERSION; print(APP_VERSION)')"
SETUP_EXE="$ROOT/build/windows/village-ledger-setup-$APP_VERSION.exe"

say() { printf '==> %s\n' "$*"; }
note() { printf '    %s\n' "$*"; }
fail() { printf 'test-windows-install: FAILED: %s\n' "$*" >&2; exit 1; }
check() { # check DESCRIPTION COMMAND...: the command must succeed
    local what="$1"
    shift
    if "$@"; then note "ok: $what"; else fail "$what"; fi
}
TIMES=()
RUN_START=$SECONDS

command -v wine >/dev/null 2>&1 || fail "wine is not installed: run bash installer/build-windows.sh first"
[[ -f "$SETUP_EXE" ]] || fail "no installer at $SETUP_EXE: run bash installer/build-windows.sh first"
say "Installer: $SETUP_EXE ($(du -h "$SETUP_EXE" | cut -f1))"
ensure_wine_prefix

# Wait until every Windows process of the prefix has ended (the uninstaller runs a copy of itself
# from %TEMP% and returns at once; wineserver ends a few seconds after the last process).
wait_wine() { timeout 180 wineserver --wait || fail "wine processes still running after 180 s"; }
# The user's folders in this prefix, as Linux paths.
winenv() { wine_run winepath -u "$(wine_run cmd /c "echo %$1%")"; }
LOCALAPPDATA_DIR="$(winenv LOCALAPPDATA)"
LOCALAPPDATA_DIR="$(realpath -m "$LOCALAPPDATA_DIR")"
APPDATA_DIR="$(realpath -m "$(winenv APPDATA)")"
USERPROFILE_DIR="$(realpath -m "$(winenv USERPROFILE)")"
INSTDIR="$LOCALAPPDATA_DIR/Programs/$APP_NAME"
DATA_DIR="$LOCALAPPDATA_DIR/VillageLedger"   # platformdirs.user_data_dir("VillageLedger"), db/paths.py
START_MENU_LINK="${APPDATA_DIR%/}/Microsoft/Windows/Start Menu/Programs/$APP_NAME.lnk"
DESKTOP_LINK="${USERPROFILE_DIR%/}/Desktop/$APP_NAME.lnk"
EXE="$INSTDIR/village-ledger.exe"
note "program folder: $INSTDIR"
note "data folder:    $DATA_DIR"
registered() { wine_run reg query "$UNINST_KEY" >/dev/null; }
not_registered() { ! registered; }

# A clean prefix: no earlier installation, no data.
if [[ -f "$INSTDIR/uninstall.exe" ]]; then
    wine_run "$INSTDIR/uninstall.exe" /S /DELETEDATA
    wait_wine
fi
rm -rf "$INSTDIR" "$DATA_DIR"
wine_run reg delete "$UNINST_KEY" /f >/dev/null 2>&1 || true
SMOKE_DIR="$(mktemp -d)"
NEIGHBOUR="$LOCALAPPDATA_DIR/VillageLedger-neighbour"   # must survive the data deletion
trap 'rm -rf "$SMOKE_DIR" "$NEIGHBOUR"' EXIT

install() {
    local start=$SECONDS
    wine_run "$SETUP_EXE" /S || fail "setup.exe /S exited $?"
    wait_wine
    TIMES+=("install${1:-} $((SECONDS - start)) s")
}

say "1. Silent install: setup.exe /S"
install
check "program installed: $EXE" test -f "$EXE"
check "uninstaller installed" test -f "$INSTDIR/uninstall.exe"
check "Start-menu shortcut" test -f "$START_MENU_LINK"
check "desktop shortcut" test -f "$DESKTOP_LINK"
check "registered under $UNINST_KEY" registered
note "installed size: $(du -sh "$INSTDIR" | cut -f1) ($(find "$INSTDIR" -type f | wc -l) files)"

say "2. Installed program: --smoke --db <new file> (QT_QPA_PLATFORM=offscreen)"
start=$SECONDS
QT_QPA_PLATFORM=offscreen wine_run "$EXE" --smoke --db "$(winpath "$SMOKE_DIR/smoke.db")" \
    || fail "village-ledger.exe --smoke exited $?"
TIMES+=("smoke $((SECONDS - start)) s")
check "exit 0, database created ($(stat -c %s "$SMOKE_DIR/smoke.db" 2>/dev/null || echo 0) bytes)" test -s "$SMOKE_DIR/smoke.db"

say "3. Installed program: --smoke on its default database"
start=$SECONDS
QT_QPA_PLATFORM=offscreen wine_run "$EXE" --smoke || fail "village-ledger.exe --smoke (default database) exited $?"
TIMES+=("smoke-default $((SECONDS - start)) s")
check "default database in the data folder: $DATA_DIR/ledger.db" test -s "$DATA_DIR/ledger.db"

say "4. Silent uninstall: uninstall.exe /S"
start=$SECONDS
wine_run "$INSTDIR/uninstall.exe" /S || fail "uninstall.exe /S exited $?"
wait_wine
TIMES+=("uninstall $((SECONDS - start)) s")
check "program folder removed" test ! -e "$INSTDIR"
check "shortcuts removed" test ! -e "$START_MENU_LINK" -a ! -e "$DESKTOP_LINK"
check "registry entry removed" not_registered
check "data folder kept: $DATA_DIR/ledger.db" test -s "$DATA_DIR/ledger.db"

say "5. Install again, uninstall with /S /DELETEDATA"
install " (again)"
mkdir -p "$NEIGHBOUR"
echo keep >"$NEIGHBOUR/keep.txt"
start=$SECONDS
wine_run "$INSTDIR/uninstall.exe" /S /DELETEDATA || fail "uninstall.exe /S /DELETEDATA exited $?"
wait_wine
TIMES+=("uninstall /DELETEDATA $((SECONDS - start)) s")
check "program folder removed" test ! -e "$INSTDIR"
check "data folder deleted" test ! -e "$DATA_DIR"
check "the folder beside it untouched" test -f "$NEIGHBOUR/keep.txt"

say "Windows install test passed in $((SECONDS - RUN_START)) s: $(printf '%s; ' "${TIMES[@]}")"
