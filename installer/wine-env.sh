# Wine settings and helpers shared by installer/build-windows.sh and installer/test-windows-install.sh.
# Sourced (not run); expects ROOT to be the checkout.

export WINEPREFIX="$ROOT/build/wine"
export WINEARCH=win64
export WINEDEBUG=-all
export LANG="${LANG:-C.UTF-8}"   # wine names files in UTF-8 (the program folder is 村级疫情防控台账)
# No Linux menu entries or desktop files for the shortcuts the installer makes (winemenubuilder), and no
# offer to download Mono or Gecko when the prefix is made.
export WINEDLLOVERRIDES="winemenubuilder.exe=d;mscoree=d;mshtml=d"

# WINE_PACKAGES: the Debian packages these need (binutils-mingw-w64-x86-64: see add_bcryptprimitives).
WINE_PACKAGES=(wine wine64 nsis binutils-mingw-w64-x86-64)

# wine_run PROGRAM ARGS...: run a Windows program with standard input from /dev/null and its output
# through a pipe: Windows CPython under wine fails to start ("can't initialize sys standard streams")
# when a standard stream is a terminal-less file or /dev/null. Carriage returns at line ends are removed.
wine_run() {
    wine "$@" </dev/null 2>&1 | sed -u 's/\r$//'
    return "${PIPESTATUS[0]}"
}

# winpath PATH: the Windows name of a Linux path (wine maps / to drive Z:).
winpath() {
    local path
    path="$(realpath -m "$1")"
    printf 'Z:%s' "${path//\//\\}"
}

# ensure_wine_prefix: make the 64-bit prefix on first use (~10 s). Its Desktop, Documents ... folders
# are links to $HOME; they become real folders, so that what the installer puts there stays inside.
ensure_wine_prefix() {
    if [[ -f "$WINEPREFIX/system.reg" ]]; then
        add_bcryptprimitives
        printf '    %s\n' "exists ($WINEPREFIX)"
        return
    fi
    mkdir -p "$WINEPREFIX"
    wineboot --init </dev/null 2>&1 | grep -v -e 'syswow64' -e 'has been updated' -e 'created the configuration' || true
    wineserver --wait
    local link
    for link in "$WINEPREFIX"/drive_c/users/*/*; do
        if [[ -L "$link" ]]; then
            rm "$link"
            mkdir "$link"
        fi
    done
    add_bcryptprimitives
    printf '    %s\n' "created ($WINEPREFIX, $(wine --version))"
}

# add_bcryptprimitives: wine 8.0 lacks bcryptprimitives.dll, a system DLL of Windows 8 and later whose
# ProcessPrng every Rust program built with Rust 1.78 or newer imports (here python-calamine, which reads
# the workbooks back). Without it the frozen program's Excel import and export fail under wine only.
# The stand-in forwards ProcessPrng to advapi32's RtlGenRandom (SystemFunction036); it is linked with
# binutils-mingw-w64-x86-64 from a two-line .def, lives in the prefix's system32 and never in the bundle
# (real Windows has its own).
add_bcryptprimitives() {
    local dll="$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" tmp
    [[ -f "$dll" ]] && return
    tmp="$(mktemp -d)"
    printf 'LIBRARY bcryptprimitives.dll\nEXPORTS\n    ProcessPrng = advapi32.SystemFunction036\n' >"$tmp/stub.def"
    x86_64-w64-mingw32-as -o "$tmp/empty.o" /dev/null
    x86_64-w64-mingw32-ld --shared --no-insert-timestamp -e 0 -o "$tmp/bcryptprimitives.dll" "$tmp/empty.o" "$tmp/stub.def"
    mv "$tmp/bcryptprimitives.dll" "$dll"
    rm -rf "$tmp"
    printf '    %s\n' "added a bcryptprimitives.dll stand-in (ProcessPrng) to the prefix: wine 8.0 has none"
}
