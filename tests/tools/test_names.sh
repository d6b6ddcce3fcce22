#!/usr/bin/env bash
# tests/tools/test_names.sh TUCKCAM SRCDIR — a video whose file name is not
# UTF-8 ($'bad\xff\xfe.mp4', a copy of fixtures/sample/sample.mp4, in a
# folder whose name has a backslash) scored with --out, rescored, and put
# in the HTML report: every JSON file is valid UTF-8 (iconv) and JSON (jq),
# the HTML is valid UTF-8, and the exact name comes back from the *_bytes
# fields (printf '%b', README "Output formats") and from the trace.
set -u
tc=$1; src=$2
. "$(dirname "${BASH_SOURCE[0]}")/../testlib.sh"
need_ffmpeg_and_models "$tc"
command -v jq >/dev/null || { echo "SKIP: jq not installed (scripts/setup.sh)"; exit 77; }
command -v iconv >/dev/null || { echo "SKIP: iconv not installed"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

dir="$tmp/in\\put"; name=$'bad\xff\xfe'; video="$dir/$name.mp4"
mkdir -p "$dir" && cp "$src/fixtures/sample/sample.mp4" "$video"
"$tc" score -q --out "$tmp/out" "$video" > "$tmp/score.txt" 2>&1; rc=$?
check "score: exit 0 on a name that is not UTF-8" "[ $rc = 0 ]" "$tmp/score.txt"
out="$tmp/out"
check "score: files named with the exact bytes" \
  "[ -s \"$out/$name.mp4.report.json\" ] && [ -s \"$out/$name.mp4.trace.jsonl\" ]" "$tmp/score.txt"

utf8() { iconv -f UTF-8 -t UTF-8 "$1" > /dev/null 2>&1; }
json() { utf8 "$1" && jq -e . "$1" > /dev/null 2>&1; }
# The exact bytes of a *_bytes field into FILE (a newline after, as printf '%b\n').
bytes_of() { printf '%b\n' "$(jq -r "$1" "$2")" > "$3"; }
printf '%s\n' "$video" > "$tmp/want_input"
printf '%s\n' "$name.mp4" > "$tmp/want_name"

check "summary.json: valid UTF-8 and JSON" "json $out/summary.json" "$out/summary.json"
check "report JSON: valid UTF-8 and JSON" "json \"$out/$name.mp4.report.json\""
check "trace: every line valid UTF-8 and JSON" \
  "utf8 \"$out/$name.mp4.trace.jsonl\" && jq -e . \"$out/$name.mp4.trace.jsonl\" > /dev/null"
check "summary.json: the name as text, bad bytes as U+FFFD" \
  "jq -e '.videos[0].name == \"bad\ufffd\ufffd.mp4\"' $out/summary.json > /dev/null"
bytes_of '.videos[0].input_bytes' "$out/summary.json" "$tmp/got_input"
check "summary.json: input_bytes gives the exact path back" "cmp -s $tmp/want_input $tmp/got_input"
bytes_of '.videos[0].name_bytes' "$out/summary.json" "$tmp/got_name"
check "summary.json: name_bytes gives the exact name back" "cmp -s $tmp/want_name $tmp/got_name"
bytes_of '.source_bytes' "$out/$name.mp4.report.json" "$tmp/got_source"
check "report JSON: source_bytes gives the exact path back" "cmp -s $tmp/want_input $tmp/got_source"
check "report JSON: trace_bytes is there" "jq -e '.trace_bytes | length > 0' \"$out/$name.mp4.report.json\" > /dev/null"
check "summary.json: *_bytes only beside the names that need it" \
  "jq -e '[.. | objects | keys[] | select(endswith(\"_bytes\"))] | sort == [\"input_bytes\", \"name_bytes\", \"report_bytes\"]' $out/summary.json > /dev/null"
check "summary.csv: the exact bytes (CSV is bytes)" "grep -qF \"$video\" $out/summary.csv"

# rescore reads the exact name back from the trace and writes it again
"$tc" rescore --json "$tmp/re.json" "$out/$name.mp4.trace.jsonl" > "$tmp/re.txt" 2>&1; rc=$?
check "rescore: exit 0" "[ $rc = 0 ]" "$tmp/re.txt"
bytes_of '.source_bytes' "$tmp/re.json" "$tmp/got_re"
check "rescore: report JSON valid, source_bytes from the trace exact" \
  "json $tmp/re.json && cmp -s $tmp/want_input $tmp/got_re"

"$tc" report "$out/$name.mp4.trace.jsonl" --out "$tmp/r.html" > "$tmp/report.txt" 2>&1; rc=$?
check "report: exit 0" "[ $rc = 0 ]" "$tmp/report.txt"
check "report: the HTML is valid UTF-8" "[ -s $tmp/r.html ] && utf8 $tmp/r.html"
check "report: the title with U+FFFD for the bad bytes" "grep -q \$'bad\\xef\\xbf\\xbd\\xef\\xbf\\xbd' $tmp/r.html"
finish
