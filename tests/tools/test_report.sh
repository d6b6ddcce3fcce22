#!/usr/bin/env bash
# tests/tools/test_report.sh TUCKCAM SRCDIR — `tuckcam report`: traces of
# two scored clips (one with a nod) become one self-contained HTML page
# (SVG plots, per-rep tables with faults, a trend across the sessions, no
# network reference), a damaged trace is named and skipped, and headless
# Chromium renders the page to a screenshot that is checked for size and
# content (not blank).
set -u
tc=$1; src=$2
. "$(dirname "${BASH_SOURCE[0]}")/../testlib.sh"
need_ffmpeg_and_models "$tc"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

mkdir -p "$tmp/in"
ffmpeg -nostdin -v error -y -i "$src/fixtures/gt/fps15.mkv" -t 12 -c copy "$tmp/in/good.mkv"
ffmpeg -nostdin -v error -y -i "$src/fixtures/gt/nodding.mkv" -c copy "$tmp/in/nod.mkv"
"$tc" score -q --out "$tmp/s" "$tmp/in" > "$tmp/score.txt" 2>&1
check "two sessions scored" "[ -s $tmp/s/good.mkv.trace.jsonl ] && [ -s $tmp/s/nod.mkv.trace.jsonl ]" "$tmp/score.txt"

TUCKCAM_MODELS=/nonexistent "$tc" report --out "$tmp/r.html" "$tmp/s" > "$tmp/r.txt" 2>&1; rc=$?
check "report: exit 0 without models, 2 sessions" "[ $rc = 0 ] && grep -q '2 sessions' $tmp/r.txt" "$tmp/r.txt"
check "html: one page, inline SVG: a plot a session (2) and trend charts (4)" \
  "[ \$(grep -o '<svg' $tmp/r.html | wc -l) = 6 ]"
check "html: nothing fetched (no src=, no http links, no script)" \
  "! grep -qiE 'src=|href=.http|<script|<link' $tmp/r.html"
check "html: the nod is a fault in the table, trend present" \
  "grep -q \"class='fault'>nodding\" $tmp/r.html && grep -q 'Across 2 sessions' $tmp/r.html"
check "html: reps shaded" "grep -q \"class='rep'\" $tmp/r.html && grep -q \"class='hold'\" $tmp/r.html"

# a report.json argument finds its trace; a damaged trace is named, the rest written
"$tc" report -q --out "$tmp/one.html" "$tmp/s/good.mkv.report.json"; rc=$?
check "report.json argument: its trace used" "[ $rc = 0 ] && grep -q 'good.mkv' $tmp/one.html"
sed '20s/.*/{"frame": oops/' "$tmp/s/nod.mkv.trace.jsonl" > "$tmp/s/bad.trace.jsonl"
"$tc" report --out "$tmp/r2.html" "$tmp/s" > "$tmp/r2.txt" 2>&1; rc=$?
check "damaged trace: exit 1 naming line 20, page still written" \
  "[ $rc = 1 ] && grep -q 'bad.trace.jsonl:20:' $tmp/r2.txt && grep -q 'Across 2 sessions' $tmp/r2.html" "$tmp/r2.txt"
"$tc" report --out "$tmp/r3.html" "$tmp/nothing" > "$tmp/r3.txt" 2>&1; rc=$?
check "no traces: exit 1, said, nothing written" "[ $rc = 1 ] && [ ! -e $tmp/r3.html ]" "$tmp/r3.txt"

# the page in a browser
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  echo "skip - screenshot: no chromium (scripts/setup.sh installs it)"
else
  HOME=$tmp timeout 120 "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --window-size=1000,2400 --screenshot="$tmp/r.png" "file://$tmp/r.html" > "$tmp/chromium.txt" 2>&1
  check "chromium: screenshot written" "[ -s $tmp/r.png ]" "$tmp/chromium.txt"
  # a blank or unstyled page compresses to a few KB; the plotted page is ~200 KB
  size=$(stat -c %s "$tmp/r.png" 2>/dev/null || echo 0)
  check "screenshot: a drawn page ($size bytes > 60000)" "[ $size -gt 60000 ]"
  # the retraction line's blue (#1f5fa8) and the hold shading are on the page
  ffmpeg -nostdin -v error -i "$tmp/r.png" -vf "crop=1000:1200:0:1200,format=rgb24" -f rawvideo - 2>/dev/null |
    od -An -tu1 -v -w3 | awk '$1<60 && $2>80 && $2<120 && $3>150 {b++} $1>170 && $1<195 && $2>200 && $3>235 {h++}
      END {print b+0, h+0}' > "$tmp/colours.txt"
  read -r blue hold < "$tmp/colours.txt"
  check "screenshot: retraction line ($blue px) and hold shading ($hold px) drawn" \
    "[ $blue -gt 200 ] && [ $hold -gt 20000 ]"
fi
finish
