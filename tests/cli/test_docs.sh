# shellcheck shell=bash
# What ships beside the binary: the man page (generated from the program's own
# tables, linted by mandoc), the bash, zsh and fish completions, and
# `make install` / `make uninstall` into a DESTDIR.

# docs_man FILE: the man page made from the template and $MLTUI.
docs_man() {
    sh scripts/mangen.sh man/mltui.1.in "$MLTUI" /usr/local >"$1"
}

e2e_no_server test_docs_man_page_is_clean_mdoc_naming_every_key_and_command
test_docs_man_page_is_clean_mdoc_naming_every_key_and_command() {
    local man=$E2E_DIR/mltui.1 text=$E2E_DIR/mltui.txt lint
    docs_man "$man"
    lint=$(mandoc -T lint -W warning "$man" 2>&1) || true
    [ -z "$lint" ] || { echo "mandoc -T lint:"; echo "$lint"; return 1; }
    mandoc -T utf8 -O width=200 "$man" | col -bx >"$text"
    # Every subcommand has its own entry.
    local c
    for c in $("$MLTUI" --list-subcommands); do
        grep -qE "^ +$c( |$)" "$text" || { echo "no entry for command $c"; return 1; }
    done
    # Every key the program binds is there with its action, screen by screen.
    local scope keys action help n=0
    while IFS=$'\t' read -r scope keys action help; do
        grep -qF "($action)" "$text" || { echo "action $action missing"; return 1; }
        n=$((n + 1))
    done < <("$MLTUI" --list-keys)
    [ "$n" -gt 80 ]
    grep -qE '^ +Down, j +Move down \(down\)$' "$text"
    grep -q 'The runs screen' "$text"
    # Every `:` command of the command table, with its arguments; writes say so.
    local name args aliases scope writes chelp
    n=0
    while IFS=$'\t' read -r name args aliases scope writes chelp; do
        grep -qE "^ +$name( |,|$)" "$text" || { echo ":$name missing"; return 1; }
        n=$((n + 1))
    done < <("$MLTUI" --list-commands)
    [ "$n" -gt 30 ]
    grep -A3 -E '^ +stage VERSION STAGE' "$text" | grep -q 'Changes the server' 
    # Exit statuses 0..6 of src/cli/cli.h.
    for c in 0 1 2 3 4 5 6; do
        sed -n '/^EXIT STATUS/,/^EXAMPLES/p' "$text" | grep -qE "^ +$c +[A-Z]" ||
            { echo "exit status $c undocumented"; return 1; }
    done
    grep -q 'MLFLOW_TRACKING_URI' "$text"
    grep -q 'COLORTERM' "$text"
}

e2e_no_server test_docs_install_into_destdir_and_uninstall_again
test_docs_install_into_destdir_and_uninstall_again() {
    local dest=$E2E_DIR/dest build=${BUILD:-build}
    # The binary under test, as built (PREFIX /usr/local): nothing is rebuilt.
    make -s BUILD="$build" BIN="$MLTUI" DESTDIR="$dest" install >"$E2E_DIR/make.log" 2>&1 ||
        { cat "$E2E_DIR/make.log"; return 1; }
    (cd "$dest" && find . -type f | sort) >"$E2E_DIR/tree"
    diff - "$E2E_DIR/tree" <<'TREE'
./usr/local/bin/mltui
./usr/local/share/bash-completion/completions/mltui
./usr/local/share/doc/mltui/config.example
./usr/local/share/fish/vendor_completions.d/mltui.fish
./usr/local/share/man/man1/mltui.1
./usr/local/share/mltui/themes/default.theme
./usr/local/share/mltui/themes/high-contrast.theme
./usr/local/share/mltui/themes/light.theme
./usr/local/share/mltui/themes/mono.theme
./usr/local/share/zsh/site-functions/_mltui
TREE
    local p=$dest/usr/local
    [ -x "$p/bin/mltui" ]
    cmp "$p/bin/mltui" "$MLTUI"
    [ "$(stat -c %a "$p/share/man/man1/mltui.1")" = 644 ]
    "$p/bin/mltui" --version | grep -q '^mltui '
    # Where the binary looks for themes is where they were installed.
    strings "$p/bin/mltui" | grep -qx '/usr/local/share/mltui/themes'
    grep -q '^\.It Pa /usr/local/share/mltui/themes/' "$p/share/man/man1/mltui.1"
    [ -z "$(mandoc -T lint -W warning "$p/share/man/man1/mltui.1" 2>&1)" ]
    make -s BUILD="$build" BIN="$MLTUI" DESTDIR="$dest" uninstall >>"$E2E_DIR/make.log" 2>&1
    [ -z "$(cd "$dest" && find . -type f)" ] || { echo "left after uninstall:"; find "$dest" -type f; return 1; }
}

e2e_no_server test_docs_completion_scripts_parse_in_their_shells
test_docs_completion_scripts_parse_in_their_shells() {
    bash -n completions/mltui.bash
    zsh -n completions/_mltui
    fish --no-execute completions/mltui.fish
}

# compl WORDS...: what bash completion offers for the last word (with the
# binary under test as `mltui` on PATH, as an installed one would be).
compl() {
    mkdir -p "$E2E_DIR/bin"
    ln -sf "$(cd "$(dirname "$MLTUI")" && pwd)/$(basename "$MLTUI")" "$E2E_DIR/bin/mltui"
    PATH=$E2E_DIR/bin:$PATH bash -c '
        source completions/mltui.bash
        COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); COMPREPLY=()
        _mltui
        printf "%s\n" "${COMPREPLY[@]}"' compl "$@"
}

test_docs_bash_completes_commands_options_and_server_names() {
    [ "$(compl mltui "" | tr '\n' ' ')" = "runs best experiments models versions stage alias " ]
    [ "$(compl mltui --theme "" | tr '\n' ' ')" = "default light mono high-contrast " ]
    [ "$(compl mltui --theme "" | tr '\n' ' ')" = "$("$MLTUI" --list-themes | tr '\n' ' ')" ]
    [ "$(compl mltui runs X --format c)" = csv ]
    [ "$(compl mltui stage NEOs 1 Pro)" = Production ]
    [ "$(compl mltui runs X --li | tr '\n' ' ')" = "--limit --lifecycle " ]
    # Names come from the server named on the line (or MLFLOW_TRACKING_URI).
    [ "$(compl mltui --tracking-uri "$E2E_URI" runs Haz)" = Hazardous_NEOs ]
    [ "$(MLFLOW_TRACKING_URI=$E2E_URI compl mltui versions N)" = NEOs ]
    [ "$(MLFLOW_TRACKING_URI=$E2E_URI compl mltui stage NEOs "" | tr '\n' ' ')" = "2 1 " ]
    # No server known: nothing is asked, nothing offered.
    [ -z "$(MLFLOW_TRACKING_URI= compl mltui runs "")" ]
}
