# bash completion for tuckcam (installed as
# share/bash-completion/completions/tuckcam; or: source this file).
# The commands and each command's options are read from the program's own
# --help (the "Commands:" list, the usage lines and the option lines), so
# they follow the program; values are completed for --model, --view, the
# models actions and the options that take a file, folder or device.
# Plain bash (compgen): bash-completion's helpers are not needed.

# _tuckcam_commands PROG: the command names of `PROG --help`.
_tuckcam_commands()
{
    "$1" --help 2>/dev/null | awk '/^Commands:/ { on = 1; next }
        on && NF == 0 { exit }  on { print $1 }'
}

# _tuckcam_options PROG [COMMAND]: the options of its --help: those of the
# usage lines (up to the first blank line) and of the option lines (an
# indented line that starts with -x or --name).
_tuckcam_options()
{
    "$1" ${2:+"$2"} --help 2>/dev/null | awk '
        NF == 0 { usage = 1 }
        !usage { s = $0; while (match(s, /\[--?[A-Za-z][-A-Za-z]*/)) {
                     print substr(s, RSTART + 1, RLENGTH - 1); s = substr(s, RSTART + RLENGTH) }
                 s = $0; while (match(s, /\|--?[A-Za-z][-A-Za-z]*/)) {
                     print substr(s, RSTART + 1, RLENGTH - 1); s = substr(s, RSTART + RLENGTH) } }
        /^  +-/ { s = $0; sub(/^ +/, "", s)
                  while (match(s, /^--?[A-Za-z][-A-Za-z]*/)) {
                      print substr(s, 1, RLENGTH); s = substr(s, RLENGTH + 1)
                      if (s !~ /^, -/) break
                      s = substr(s, 3) } }' | sort -u
}

# _tuckcam_actions PROG COMMAND: the words of "[a|b|c]" right after the
# command in its usage line (models: path verify fetch).
_tuckcam_actions()
{
    "$1" "$2" --help 2>/dev/null | awk -v cmd="$2" 'NR == 1 {
        n = split($0, w, " ")
        for (i = 1; i < n; i++) if (w[i] == cmd && w[i + 1] ~ /^\[[a-z]+(\|[a-z]+)+\]$/) {
            gsub(/[][]/, "", w[i + 1]); gsub(/\|/, "\n", w[i + 1]); print w[i + 1] } }'
}

_tuckcam()
{
    local prog=${COMP_WORDS[0]} cur=${COMP_WORDS[COMP_CWORD]} prev="" cmd="" i w
    [ "$COMP_CWORD" -gt 0 ] && prev=${COMP_WORDS[COMP_CWORD - 1]}
    # the command: the first word after the program that is not an option
    # (nor the value of the global --models)
    for ((i = 1; i < COMP_CWORD; i++)); do
        w=${COMP_WORDS[i]}
        case $w in
            --models) i=$((i + 1)) ;;
            -*) ;;
            *) cmd=$w; break ;;
        esac
    done
    COMPREPLY=()
    case $prev in
        --model) mapfile -t COMPREPLY < <(compgen -W "lite full heavy" -- "$cur"); return ;;
        --view) mapfile -t COMPREPLY < <(compgen -W "auto side front" -- "$cur"); return ;;
        --device) mapfile -t COMPREPLY < <(compgen -G "/dev/video*" -- "$cur"); return ;;
        --models|--out|--dir|--traces)
            if [ "$cmd" = report ] && [ "$prev" = --out ]; then
                mapfile -t COMPREPLY < <(compgen -f -- "$cur")
            else
                mapfile -t COMPREPLY < <(compgen -d -- "$cur")
            fi
            return ;;
        --profile|--input|--json|--csv|--snapshot|--draw)
            mapfile -t COMPREPLY < <(compgen -f -- "$cur"); return ;;
    esac
    if [ -z "$cmd" ]; then
        if [[ $cur == -* ]]; then
            mapfile -t COMPREPLY < <(compgen -W "$(_tuckcam_options "$prog")" -- "$cur")
        else
            mapfile -t COMPREPLY < <(compgen -W "$(_tuckcam_commands "$prog")" -- "$cur")
        fi
    elif [[ $cur == -* ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$(_tuckcam_options "$prog" "$cmd") --help" -- "$cur")
    elif [ "${COMP_WORDS[COMP_CWORD - 1]}" = "$cmd" ] &&
         w=$(_tuckcam_actions "$prog" "$cmd") && [ -n "$w" ]; then
        mapfile -t COMPREPLY < <(compgen -W "$w" -- "$cur")
    else
        mapfile -t COMPREPLY < <(compgen -f -- "$cur")
    fi
}
complete -o filenames -F _tuckcam tuckcam
