#!/usr/bin/env bash
# scripts/function-lengths.sh LIMIT FILE... — list the C functions longer
# than LIMIT lines (the body from a '{' in column 0 to the '}' in column 0,
# as the house style writes them); exit 1 if there is any. ctest
# function_lengths runs it over every .c and .cpp of capture/ core/
# formats/ pipeline/ vision/ tools/ tests/ with LIMIT 80.
set -u
lim=${1:?usage: function-lengths.sh LIMIT FILE...}; shift
awk -v lim="$lim" '
FNR == 1 { start = 0 }
/^[A-Za-z_].*\(/ && !/;[ \t]*$/ { name = $0 }
/^\{/ { start = FNR; fn = name }
/^\}/ && start { n = FNR - start + 1; if (n > lim) { printf "%s:%d: %d lines: %s\n", FILENAME, start, n, fn; bad = 1 } start = 0 }
END { exit bad }
' "$@"
