#!/usr/bin/env bash
# tests/install/test_install.sh CMAKE BUILDDIR SRCDIR — `cmake --install`
# into a scratch prefix, and what it installs: the program (--version, the
# message when the models are missing), the manual (man renders it without
# a warning; it names every command of `tuckcam --help`, every option of
# each command's --help, every exit status, every environment variable
# the sources read, every output file of score), the bash completion
# (sourced: commands, options, values), and `tuckcam models fetch` (offline
# when the cache is complete, a package with a wrong hash refused and
# nothing kept, a missing model fetched for real when the registry answers).
set -uo pipefail
cmake=$1; build=$(realpath "$2"); src=$(realpath "$3")
. "$src/tests/testlib.sh"
command -v man >/dev/null || { echo "SKIP: man not installed (scripts/setup.sh: man-db)"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
prefix="$tmp/prefix"

"$cmake" --install "$build" --prefix "$prefix" > "$tmp/install.log" 2>&1
check "cmake --install into a scratch prefix" "[ $? = 0 ]" "$tmp/install.log"
tc="$prefix/bin/tuckcam"
man_gz="$prefix/share/man/man1/tuckcam.1.gz"
compl="$prefix/share/bash-completion/completions/tuckcam"
for f in "$tc" "$man_gz" "$compl" "$prefix/share/tuckcam/scripts/fetch-models.sh" \
         "$prefix/share/tuckcam/models/models.sha256" "$prefix/share/tuckcam/models/NOTICE"; do
  check "installed: ${f#"$prefix"/}" "[ -s '$f' ]" "$tmp/install.log"
done
check "the installed manifest is the source's" "cmp -s '$src/models/models.sha256' '$prefix/share/tuckcam/models/models.sha256'"
"$tc" --version > "$tmp/version.txt" 2>&1
check "installed tuckcam --version" "[ $? = 0 ] && grep -q '^tuckcam [0-9]' '$tmp/version.txt'" "$tmp/version.txt"

# ---- the manual -------------------------------------------------------------
MANWIDTH=80 man --warnings -l "$man_gz" > "$tmp/man.txt" 2> "$tmp/man.err"
check "man -l --warnings renders it, no warning" "[ -s '$tmp/man.txt' ] && [ ! -s '$tmp/man.err' ]" "$tmp/man.err"
# the source without roff escapes: \- is -, fonts dropped
zcat "$man_gz" | sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/\\e/\\/g' > "$tmp/man.src"
# section TITLE-REGEX: the lines from the .SS/.SH heading matching it to the next heading
section() { awk -v re="$1" '/^\.S[SH] / { on = ($0 ~ re) ? 1 : 0; if (on) { print; next } } on' "$tmp/man.src"; }

source "$compl"      # the completion reads commands and options from --help: reused here
mapfile -t cmds < <(_tuckcam_commands "$tc")
check "tuckcam --help lists commands (${#cmds[@]})" "[ ${#cmds[@]} -ge 13 ]"
missing=""
for c in "${cmds[@]}"; do
  section "^\\.SS \"tuckcam $c( |\")" > "$tmp/sec.$c"
  if [ ! -s "$tmp/sec.$c" ]; then missing+=" $c"; continue; fi
  for o in $(_tuckcam_options "$tc" "$c"); do
    grep -qE -- "(^|[^-A-Za-z])$o([^-A-Za-z]|\$)" "$tmp/sec.$c" || missing+=" $c:$o"
  done
done
section '^\.SH OPTIONS' > "$tmp/sec.global"
for o in $(_tuckcam_options "$tc"); do
  grep -qE -- "(^|[^-A-Za-z])$o([^-A-Za-z]|\$)" "$tmp/sec.global" || missing+=" global:$o"
done
check "the manual has every command, each with every option its --help lists" "[ -z '$missing' ]"
[ -n "$missing" ] && echo "       missing:$missing"

section '^\.SH EXIT STATUS' > "$tmp/sec.exit"
codes=$( { "$tc" --help; for c in "${cmds[@]}"; do "$tc" "$c" --help; done; } 2>&1 |
         sed -n '/^Exit status/,/^$/p' | grep -oE '(^|[ :;,])(0|1|2|3|130)( |$)' | tr -dc '0-9\n' | sort -u)
missing=""
for n in $codes; do grep -qE "^\\.BR? $n( |\$)" "$tmp/sec.exit" || missing+=" $n"; done
grep -qE '^\.BR 11 .* 110$' "$tmp/sec.exit" || missing+=" 11...110"
check "EXIT STATUS has every status the --help texts give ($(echo $codes) 11..110)" "[ -z '$missing' ]"
[ -n "$missing" ] && echo "       missing:$missing"

section '^\.SH ENVIRONMENT' > "$tmp/sec.env"
vars=$(grep -rhoE 'getenv\("[A-Z_]+"\)' "$src"/core "$src"/vision "$src"/capture "$src"/pipeline \
         "$src"/formats "$src"/tools/tuckcam | sed -E 's/.*"(.*)".*/\1/' | sort -u)
vars="$vars $(sed -nE 's/^#define TC_MODELS_ENV "([A-Z_]+)"/\1/p' "$src/core/models.h")"
missing=""
for v in $vars; do grep -qw -- "$v" "$tmp/sec.env" || missing+=" $v"; done
check "ENVIRONMENT has every variable the sources read ($(echo $vars))" "[ -z '$missing' ]"
[ -n "$missing" ] && echo "       missing:$missing"

section '^\.SH FILES' > "$tmp/sec.files"
sufs=$(sed -n '/out_suffix\[OUT_N\]/,/};/p' "$src/tools/tuckcam/score_worker.c" | grep -oE '"\.[a-z.]+"' |
       tr -d '"' | grep -v '\.part$')
missing=""
for s in $sufs summary.csv summary.json; do grep -qF -- "$s" "$tmp/sec.files" || missing+=" $s"; done
check "FILES has every output of score --out ($(echo $sufs) summary.*)" "[ -z '$missing' ]"
[ -n "$missing" ] && echo "       missing:$missing"

# ---- bash completion ---------------------------------------------------------
# complete WORD...: COMPREPLY for the command line WORD... (the last one is
# the word being completed), one a line, sorted
complete_line() {
  COMP_WORDS=("$tc" "$@"); COMP_CWORD=$#; COMP_LINE="$tc $*"; COMP_POINT=${#COMP_LINE}
  _tuckcam; printf '%s\n' "${COMPREPLY[@]}" | sort
}
check "completion registered for tuckcam" "complete -p tuckcam | grep -q -- '-F _tuckcam'"
check "tuckcam sc<TAB> -> score" "[ \"\$(complete_line sc)\" = score ]"
check "tuckcam score --o<TAB> -> --out" "[ \"\$(complete_line score --o)\" = --out ]"
check "tuckcam --models DIR sc<TAB> -> score" "[ \"\$(complete_line --models /tmp sc)\" = score ]"
check "tuckcam score --model <TAB> -> full heavy lite" \
  "[ \"\$(complete_line score --model '' | tr '\n' ' ')\" = 'full heavy lite ' ]"
check "tuckcam models <TAB> -> fetch path verify" \
  "[ \"\$(complete_line models '' | tr '\n' ' ')\" = 'fetch path verify ' ]"
check "tuckcam record --sn<TAB> -> --snapshot" "[ \"\$(complete_line record --sn)\" = --snapshot ]"
check "tuckcam score --shard 0/4 --res<TAB> -> --resume" "[ \"\$(complete_line score --shard 0/4 --res)\" = --resume ]"
mkdir -p "$tmp/cwd/videos"; : > "$tmp/cwd/videos/a.mkv"
check "tuckcam score vid<TAB> -> a file name (videos)" "[ \"\$(cd '$tmp/cwd' && complete_line score vid)\" = videos ]"

# ---- the models ----------------------------------------------------------------
cache="$tmp/home/.cache/tuckcam/models"; mkdir -p "$cache" "$tmp/fakebin"
out=$(env -u TUCKCAM_MODELS -u XDG_CACHE_HOME HOME="$tmp/home" "$tc" score "$src/fixtures/sample/tucks.mp4" 2>&1); rc=$?
check "models missing: score exits 3, names the file and 'tuckcam models fetch'" \
  "[ $rc = 3 ] && grep -q '$cache/.* is missing; run .tuckcam models fetch.' <<<\"\$out\"" <(echo "$out")
models=${TUCKCAM_MODELS:-${XDG_CACHE_HOME:-$HOME/.cache}/tuckcam/models}
if "$tc" models verify --models "$models" > /dev/null 2>&1; then
  cp "$models"/*.tflite "$models"/*.binarypb "$cache/"
  # an npm that is not to be called: the cache is complete
  printf '#!/bin/sh\necho called > "%s/npm-called"; exit 1\n' "$tmp" > "$tmp/fakebin/npm"
  chmod +x "$tmp/fakebin/npm"
  out=$(env -u TUCKCAM_MODELS -u XDG_CACHE_HOME HOME="$tmp/home" PATH="$tmp/fakebin:$PATH" \
        "$tc" models fetch 2>&1); rc=$?
  check "models fetch, cache complete: exit 0, no npm" \
    "[ $rc = 0 ] && [ ! -e '$tmp/npm-called' ] && grep -q 'all 7 models verified' <<<\"\$out\" &&
     grep -qF 'with $prefix/bin/../share/tuckcam/scripts/fetch-models.sh' <<<\"\$out\"" <(echo "$out")
  # an npm whose tarball is not the pinned one
  printf '#!/bin/sh\nfor a; do p=$a; done\nn=$(echo "$p" | sed "s,^@,,; s,/,-,; s,@,-,")\necho junk > "$n.tgz"\n' \
    > "$tmp/fakebin/npm"
  rm "$cache/face_landmark.tflite"
  out=$(env -u TUCKCAM_MODELS -u XDG_CACHE_HOME HOME="$tmp/home" PATH="$tmp/fakebin:$PATH" \
        "$tc" models fetch 2>&1); rc=$?
  check "models fetch, a package with the wrong hash: refused, exit 3, nothing kept" \
    "[ $rc = 3 ] && grep -q 'refused' <<<\"\$out\" && [ ! -e '$cache/face_landmark.tflite' ] &&
     [ -z \"\$(ls -A '$cache' | grep -v -e '\\.tflite\$' -e '\\.binarypb\$')\" ]" <(echo "$out")
  # the real registry (npm's own cache makes a second fetch cheap)
  out=$(env -u TUCKCAM_MODELS -u XDG_CACHE_HOME HOME="$tmp/home" npm_config_cache="${npm_config_cache:-$HOME/.npm}" \
        "$tc" models fetch 2>&1); rc=$?
  if [ $rc != 0 ] && ! npm ping > /dev/null 2>&1; then
    echo "skip - models fetch from the registry: npm registry not reachable"
  else
    check "models fetch from the registry: the missing model fetched and verified" \
      "[ $rc = 0 ] && cmp -s '$cache/face_landmark.tflite' '$models/face_landmark.tflite'" <(echo "$out")
  fi
else
  echo "skip - models fetch checks: no verified models in $models to start from"
fi
finish
