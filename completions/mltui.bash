# bash completion for mltui — installed as
# $(PREFIX)/share/bash-completion/completions/mltui by `make install`.
# Subcommands, options and option values (themes, formats, stages, lifecycle);
# experiment and model names are asked of the server only when
# MLFLOW_TRACKING_URI (or --tracking-uri on the line) is set, with a 3 s limit.

_mltui_server() {
    # _mltui_server WORDS... : runs mltui COMMAND --format tsv --no-header against
    # the server named on the line (or in the environment), quietly.
    local uri= i
    for ((i = 1; i < ${#COMP_WORDS[@]}; i++)); do
        case ${COMP_WORDS[i]} in
            --tracking-uri) uri=${COMP_WORDS[i+1]} ;;
            --tracking-uri=*) uri=${COMP_WORDS[i]#*=} ;;
        esac
    done
    [ -n "$uri" ] || uri=${MLFLOW_TRACKING_URI:-}
    [ -n "$uri" ] || return 0
    MLFLOW_HTTP_REQUEST_TIMEOUT=3 "${COMP_WORDS[0]}" --tracking-uri "$uri" "$@" \
        --format tsv --no-header 2>/dev/null
}

_mltui() {
    local cur prev cmd= i
    COMPREPLY=()
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD-1]}
    local commands="runs best experiments models versions stage alias"
    local global="--tracking-uri --artifacts-root --read-only --format --no-header --help"
    local tui="--experiment --theme --config --no-color --no-cache --no-mouse --images --screenshot --dump-screen --keys --size --version"

    for ((i = 1; i < COMP_CWORD; i++)); do
        case ${COMP_WORDS[i]} in
            --tracking-uri|--artifacts-root|--experiment|--theme|--config|--screenshot|--dump-screen|--keys|--size|--format|--images)
                ((i++)) ;;
            -*) ;;
            *) cmd=${COMP_WORDS[i]}; break ;;
        esac
    done

    case $prev in
        --theme)
            COMPREPLY=($(compgen -W "default light mono high-contrast" -- "$cur")); return ;;
        --format)
            COMPREPLY=($(compgen -W "table tsv csv json" -- "$cur")); return ;;
        --images)
            COMPREPLY=($(compgen -W "auto kitty sixel symbols off" -- "$cur")); return ;;
        --lifecycle)
            COMPREPLY=($(compgen -W "active deleted all" -- "$cur")); return ;;
        --config|--screenshot|--dump-screen)
            COMPREPLY=($(compgen -f -- "$cur")); return ;;
        --tracking-uri)   # a server, or a local store (mlflow.db, mlruns/)
            COMPREPLY=($(compgen -W "http://127.0.0.1:5000" -- "$cur") $(compgen -f -- "$cur"))
            return ;;
        --artifacts-root)
            COMPREPLY=($(compgen -d -- "$cur")); return ;;
        --size)
            COMPREPLY=($(compgen -W "80x24 120x36 160x48" -- "$cur")); return ;;
        --experiment)
            local IFS=$'\n'
            COMPREPLY=($(compgen -W "$(_mltui_server experiments | cut -f2)" -- "$cur")); return ;;
        --keys|--filter|--columns|--limit|--metric|--sort)
            return ;;
    esac

    if [ -z "$cmd" ]; then
        if [[ $cur == -* ]]; then
            COMPREPLY=($(compgen -W "$global $tui" -- "$cur"))
        else
            COMPREPLY=($(compgen -W "$commands" -- "$cur"))
        fi
        return
    fi

    # Position among the command's own words (options and their values skipped).
    local pos=0 model=
    for ((i = i + 1; i < COMP_CWORD; i++)); do
        case ${COMP_WORDS[i]} in
            --tracking-uri|--format|--filter|--sort|--columns|--limit|--lifecycle|--metric|--config)
                ((i++)) ;;
            -*) ;;
            *) [ "$pos" = 0 ] && model=${COMP_WORDS[i]}; ((pos++)) ;;
        esac
    done

    if [[ $cur == -* ]]; then
        local opts=$global
        case $cmd in
            runs) opts="$opts --filter --sort --columns --limit --lifecycle" ;;
            best) opts="$opts --metric --min --max --filter" ;;
            stage) opts="$opts --archive" ;;
        esac
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
        return
    fi
    local IFS=$'\n'
    case $cmd:$pos in
        runs:0|best:0)
            COMPREPLY=($(compgen -W "$(_mltui_server experiments | cut -f2)" -- "$cur")) ;;
        versions:0|stage:0|alias:0)
            COMPREPLY=($(compgen -W "$(_mltui_server models | cut -f1)" -- "$cur")) ;;
        stage:1|alias:2)
            COMPREPLY=($(compgen -W "$(_mltui_server versions "$model" | cut -f1)" -- "$cur")) ;;
        stage:2)
            COMPREPLY=($(compgen -W $'None\nStaging\nProduction\nArchived' -- "$cur")) ;;
        alias:1)
            COMPREPLY=($(compgen -W $'champion\nchallenger' -- "$cur")) ;;
    esac
}

complete -F _mltui mltui
