#!/bin/sh
# Makes the man page from its template and the program's own tables.
#   sh scripts/mangen.sh TEMPLATE MLTUI-BINARY [PREFIX] > mltui.1
# @KEYS@ becomes one list per screen from `mltui --list-keys` (the built-in
# key map and the action table), @COMMANDS@ the list of `:` commands from
# `mltui --list-commands` (the command table), so the page names every key and
# command the program has and cannot drift from them; @DATE@, @DATADIR@ and @DOCDIR@ are filled in.
set -eu

template=$1
bin=$2
prefix=${3:-/usr/local}
keys=$(mktemp "${TMPDIR:-/tmp}/mangen.XXXXXX")
cmds=$(mktemp "${TMPDIR:-/tmp}/mangen.XXXXXX")
trap 'rm -f "$keys" "$cmds"' EXIT
"$bin" --list-keys >"$keys"
"$bin" --list-commands >"$cmds"
[ -s "$keys" ] || { echo "mangen.sh: $bin --list-keys printed nothing" >&2; exit 1; }
[ -s "$cmds" ] || { echo "mangen.sh: $bin --list-commands printed nothing" >&2; exit 1; }
date=$(date -u -d "@${SOURCE_DATE_EPOCH:-$(stat -c %Y "$template")}" '+%B %-d, %Y')

awk -v keysfile="$keys" -v cmdsfile="$cmds" -v date="$date" -v datadir="$prefix/share/mltui" \
    -v docdir="$prefix/share/doc/mltui" '
# mdoc-safe text: backslashes escaped, a leading dot or quote neutralised.
function esc(s) {
    gsub(/\\/, "\\e", s)
    gsub(/"/, "\\(dq", s)
    if (s ~ /^[.\x27]/) s = "\\&" s
    return s
}
function title(scope) {
    return scope == "generic" ? "Every screen" : "The " scope " screen"
}
function keys_section(   line, f, scope, n, k, ks, i) {
    scope = ""
    while ((getline line < keysfile) > 0) {
        split(line, f, "\t")
        if (f[1] != scope) {
            if (scope != "") print ".El"
            scope = f[1]
            print ".Ss " title(scope)
            print ".Bl -tag -width 10n -compact"
        }
        n = split(f[2], k, " ")
        ks = ""
        for (i = 1; i <= n; i++)
            ks = ks (i > 1 ? " , " : "") "Cm \\&" esc(k[i])
        print ".It " ks
        print esc(f[4])
        print ".Pq Ic " esc(f[3])
    }
    if (scope != "") print ".El"
}
function commands_section(   line, f, n, a, i, al) {
    print ".Bl -tag -width Ds"
    while ((getline line < cmdsfile) > 0) {
        split(line, f, "\t")
        al = ""
        n = split(f[3], a, " ")
        for (i = 1; i <= n; i++)
            al = al " , Cm \\&" esc(a[i])
        print ".It Cm \\&" esc(f[1]) (f[2] != "" ? " Ar \\&" esc(f[2]) : "") al
        print esc(f[6]) "."
        if (f[4] != "*")
            print "On: " esc(f[4]) "."
        if (f[5] == "writes")
            print "Changes the server: not offered with"
        if (f[5] == "writes")
            print ".Fl \\-read\\-only ."
    }
    print ".El"
}
/^@KEYS@$/ { keys_section(); next }
/^@COMMANDS@$/ { commands_section(); next }
{
    gsub(/@DATE@/, date)
    gsub(/@DATADIR@/, datadir)
    gsub(/@DOCDIR@/, docdir)
    print
}' "$template"
