#!/usr/bin/env bash
# Build the one-folder Linux bundle: build/pyinstaller/dist/village-ledger/village-ledger
# Needs `bash .ci/setup --build` first. Safe to run again: the previous bundle is replaced.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$ROOT"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
DIST="$ROOT/build/pyinstaller/dist"
WORK="$ROOT/build/pyinstaller/work"

if ! "$PYTHON" -c 'import PyInstaller' >/dev/null 2>&1; then
    echo "build-linux: PyInstaller is not installed in $PYTHON; run: bash .ci/setup --build" >&2
    exit 1
fi

echo "==> PyInstaller $("$PYTHON" -c 'import PyInstaller; print(PyInstaller.__version__)'): installer/village-ledger.spec"
start=$SECONDS
"$PYTHON" -m PyInstaller --noconfirm --log-level WARN \
    --distpath "$DIST" --workpath "$WORK" \
    installer/village-ledger.spec
BUNDLE="$DIST/village-ledger"
[[ -x "$BUNDLE/village-ledger" ]] || { echo "build-linux: no program at $BUNDLE/village-ledger" >&2; exit 1; }
echo "==> Built in $((SECONDS - start)) s: $BUNDLE/village-ledger"
echo "    bundle size: $(du -sh "$BUNDLE" | cut -f1) ($(find "$BUNDLE" -type f | wc -l) files)"
