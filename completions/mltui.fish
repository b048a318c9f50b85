# fish completion for mltui — installed as
# $(PREFIX)/share/fish/vendor_completions.d/mltui.fish by `make install`.
# Subcommands, options and option values (themes, formats, stages, lifecycle);
# experiment and model names come from the server only when MLFLOW_TRACKING_URI
# is set, with a 3 s limit.

set -l commands runs best experiments models versions stage alias

function __mltui_server
    set -q MLFLOW_TRACKING_URI; or return 0
    test -n "$MLFLOW_TRACKING_URI"; or return 0
    env MLFLOW_HTTP_REQUEST_TIMEOUT=3 mltui $argv --format tsv --no-header 2>/dev/null
end

function __mltui_model
    # The first word after the subcommand.
    set -l words (commandline -opc)
    set -l seen 0
    for w in $words[2..-1]
        if test $seen = 1
            string match -q -- '-*' $w; or begin; echo $w; return; end
        else if contains -- $w runs best experiments models versions stage alias
            set seen 1
        end
    end
end

complete -c mltui -f
# global options
complete -c mltui -l tracking-uri -r -d 'MLflow tracking server or local store'
complete -c mltui -l artifacts-root -x -a '(__fish_complete_directories)' -d 'local store: where mlflow-artifacts:/ points'
complete -c mltui -l read-only -d 'offer and send no writes'
complete -c mltui -l format -x -a 'table tsv csv json' -d 'output format of a command'
complete -c mltui -l no-header -d 'no header line'
complete -c mltui -l help -s h -d 'show usage'
# the terminal UI
complete -c mltui -n "not __fish_seen_subcommand_from $commands" -l experiment -x \
    -a '(__mltui_server experiments | cut -f2)' -d 'open an experiment'
complete -c mltui -n "not __fish_seen_subcommand_from $commands" -l theme -x \
    -a 'default light mono high-contrast' -d 'colour theme'
complete -c mltui -n "not __fish_seen_subcommand_from $commands" -l config -r -F -d 'config file'
complete -c mltui -n "not __fish_seen_subcommand_from $commands" -l no-color -d 'no colours'
complete -c mltui -n "not __fish_seen_subcommand_from $commands" -l no-cache -d 'neither show nor keep runs and lists from the local cache'
complete -c mltui -n "not __fish_seen_subcommand_from $commands" -l no-mouse -d 'leave the mouse to the terminal'
complete -c mltui -n "not __fish_seen_subcommand_from $commands" -l images -x \
    -a 'auto kitty sixel symbols off' -d 'how pictures are shown'
complete -c mltui -n "not __fish_seen_subcommand_from $commands" -l screenshot -r -F -d 'save the screen as PNG'
complete -c mltui -n "not __fish_seen_subcommand_from $commands" -l dump-screen -r -F -d 'save the screen as text'
complete -c mltui -n "not __fish_seen_subcommand_from $commands" -l keys -x -d 'keys for --screenshot'
complete -c mltui -n "not __fish_seen_subcommand_from $commands" -l size -x -a '80x24 120x36 160x48' -d 'screen size for --screenshot'
complete -c mltui -n "not __fish_seen_subcommand_from $commands" -l version -s V -d 'print the version'
# subcommands
complete -c mltui -n "not __fish_seen_subcommand_from $commands" -a runs -d 'runs of an experiment'
complete -c mltui -n "not __fish_seen_subcommand_from $commands" -a best -d 'id of the best run'
complete -c mltui -n "not __fish_seen_subcommand_from $commands" -a experiments -d 'experiments'
complete -c mltui -n "not __fish_seen_subcommand_from $commands" -a models -d 'registered models'
complete -c mltui -n "not __fish_seen_subcommand_from $commands" -a versions -d 'versions of a model'
complete -c mltui -n "not __fish_seen_subcommand_from $commands" -a stage -d 'move a version to a stage'
complete -c mltui -n "not __fish_seen_subcommand_from $commands" -a alias -d 'point an alias at a version'
# runs, best
complete -c mltui -n "__fish_seen_subcommand_from runs best" -a '(__mltui_server experiments | cut -f2)'
complete -c mltui -n "__fish_seen_subcommand_from runs best" -l filter -x -d 'MLflow filter'
complete -c mltui -n "__fish_seen_subcommand_from runs" -l sort -x -d 'COL[:asc|desc]'
complete -c mltui -n "__fish_seen_subcommand_from runs" -l columns -x -d 'comma-separated columns'
complete -c mltui -n "__fish_seen_subcommand_from runs" -l limit -x -d 'at most N runs'
complete -c mltui -n "__fish_seen_subcommand_from runs" -l lifecycle -x -a 'active deleted all' -d 'which runs'
complete -c mltui -n "__fish_seen_subcommand_from best" -l metric -x -d 'metric key'
complete -c mltui -n "__fish_seen_subcommand_from best" -l min -d 'lowest value wins'
complete -c mltui -n "__fish_seen_subcommand_from best" -l max -d 'highest value wins'
# registry
complete -c mltui -n '__fish_seen_subcommand_from versions stage alias; and test -z "$(__mltui_model)"' \
    -a '(__mltui_server models | cut -f1)'
complete -c mltui -n '__fish_seen_subcommand_from stage alias; and test -n "$(__mltui_model)"' \
    -a '(__mltui_server versions (__mltui_model) | cut -f1)'
complete -c mltui -n '__fish_seen_subcommand_from stage; and test -n "$(__mltui_model)"' \
    -a 'None Staging Production Archived'
complete -c mltui -n "__fish_seen_subcommand_from stage" -l archive -d 'archive the versions already in that stage'
