#!/usr/bin/env bash
# tests/tools/test_cli_messages.sh TUCKCAM SRCDIR — what the program says
# when things go wrong, in seconds and without the ffmpeg CLI: eval with no
# fixture scored (no data is never "ok"), eval --traces making its folder;
# help texts (record's examples, every exit status at the top); an input
# that cannot be read said once (live, record, bench); a video with no
# frame is a failure for live and record, and record keeps no session;
# FFmpeg's own lines inside ours (probe, score), raw only with -v; eval
# without models prints no table header, and --traces rescores without them.
# Label cli (quick): it loads the models once or twice, and skips (77)
# without them.
set -u
tc=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
. "$(dirname "${BASH_SOURCE[0]}")/../testlib.sh"

# ---- help texts --------------------------------------------------------------
"$tc" record --help > "$tmp/rec.txt"
sed -n '/^Examples:/,/^$/p' "$tmp/rec.txt" > "$tmp/rec.ex"
check "record --help: its own examples, each a record" \
  "[ \$(grep -c '^  tuckcam record ' $tmp/rec.ex) -ge 2 ] && ! grep -q '^  tuckcam live' $tmp/rec.ex" "$tmp/rec.ex"
"$tc" live --help | sed -n '/^Examples:/,/^$/p' > "$tmp/live.ex"
check "live --help: live examples" "grep -q '^  tuckcam live\$' $tmp/live.ex" "$tmp/live.ex"
"$tc" --help | sed -n '/^Exit status/,/^$/p' > "$tmp/exit.txt"
check "--help: exit status has score's 10 + failed (at most 110) and 130" \
  "grep -q '10 + the' $tmp/exit.txt && grep -q '110' $tmp/exit.txt && grep -q '130 when' $tmp/exit.txt" "$tmp/exit.txt"
check "docs/commands.md: the usage block once" \
  "[ \$(grep -c '^tuckcam \[--models DIR\]' $src/docs/commands.md) = 1 ]"

# ---- a hostile file name on the terminal: shown escaped, on its one line -----
# ESC sequences (clear, recolour), a newline forging a table row and U+202E
# in the name: rescore's name line and an error naming the file show them
# as \xNN, so no control or bidi byte reaches the terminal.
hostile="a"$'\e[2J\e[31m'"b"$'\n'"  1 fake row"$'\xe2\x80\xae'"gpj"
cp "$src/fixtures/gt/depth/fov75.trace.jsonl" "$tmp/$hostile.trace.jsonl"
TUCKCAM_MODELS=/nonexistent "$tc" rescore "$tmp/$hostile.trace.jsonl" > "$tmp/hn.out" 2>&1
TUCKCAM_MODELS=/nonexistent "$tc" rescore "$tmp/$hostile.missing" > "$tmp/hn.err" 2>&1
raw() { LC_ALL=C grep -c $'[\x01-\x08\x0b-\x1f\x7f]\|\xe2\x80\xae' "$1"; }
check "rescore, hostile name: no control or bidi byte printed" "[ \$(raw $tmp/hn.out) = 0 ]" "$tmp/hn.out"
check "rescore, hostile name: one name line, escaped, then the table" \
  "head -1 $tmp/hn.out | grep -qF 'a\\x1b[2J\\x1b[31mb\\x0a  1 fake row\\xe2\\x80\\xaegpj.trace.jsonl' && ! grep -q '^  1 fake row' $tmp/hn.out" "$tmp/hn.out"
check "rescore, hostile name missing: the error on one line, escaped" \
  "[ \$(raw $tmp/hn.err) = 0 ] && [ \$(wc -l < $tmp/hn.err) = 1 ] && grep -qF 'b\\x0a  1 fake row' $tmp/hn.err" "$tmp/hn.err"

# ---- FFmpeg's own lines: inside ours, never raw before it ---------------------
head -c 3000 "$src/fixtures/sample/tucks.mp4" > "$tmp/broken.mp4"   # no moov atom
"$tc" probe "$tmp/broken.mp4" > /dev/null 2> "$tmp/probe.err"; rc=$?
check "probe broken.mp4: exit 1, one line, ours, with FFmpeg's reason inside" \
  "[ $rc = 1 ] && [ \$(wc -l < $tmp/probe.err) = 1 ] && grep -q '^tuckcam: error: .*broken.mp4: .* (ffmpeg: moov atom not found)\$' $tmp/probe.err" \
  "$tmp/probe.err"
"$tc" -v probe "$tmp/broken.mp4" > /dev/null 2> "$tmp/probev.err"
check "-v probe broken.mp4: FFmpeg's line shown too, marked as FFmpeg's" \
  "grep -q '^tuckcam: ffmpeg: moov atom not found\$' $tmp/probev.err && ! grep -q '^\[' $tmp/probev.err" \
  "$tmp/probev.err"

# ---- eval without models: no table header over nothing; --traces still rescores
"$tc" --models "$tmp/nomodels" eval "$src/fixtures/gt/good_front.truth.json" \
  > "$tmp/enm.out" 2> "$tmp/enm.err"; rc=$?
check "eval, no models: exit 3, said, and no table header printed" \
  "[ $rc = 3 ] && grep -q 'is missing' $tmp/enm.err && ! grep -q '^fixture ' $tmp/enm.out" \
  "$tmp/enm.out"
mkdir -p "$tmp/etr/t"; cp "$src/fixtures/gt/good_front.truth.json" "$tmp/etr/"
printf '%s\n' '{"tuckcam_trace":1,"width":640,"height":480}' \
  '{"frame":0,"t":0,"pose":null}' '{"frame":1,"t":0.033,"pose":null}' \
  > "$tmp/etr/t/good_front.mkv.trace.jsonl"
"$tc" --models "$tmp/nomodels" eval --traces "$tmp/etr/t" "$tmp/etr/good_front.truth.json" \
  > "$tmp/etr.out" 2> "$tmp/etr.err"
check "eval --traces DIR, no models: the trace rescored, under one header" \
  "[ \$(grep -c '^fixture ' $tmp/etr.out) = 1 ] && grep -q '^good_front.mkv ' $tmp/etr.out && ! grep -q 'is missing' $tmp/etr.err" \
  "$tmp/etr.out"

"$tc" models verify >/dev/null 2>&1 || { echo "SKIP: models not fetched"; exit 77; }

# ---- landmarks --json: the image's name a JSON string, whatever it holds ----
odd="$tmp/a\"b\\c"$'\n'"d.png"
cp "$src/fixtures/photos/skimage_astronaut.png" "$odd"
"$tc" landmarks --json --frames 1 "$odd" > "$tmp/lm.json" 2> "$tmp/lm.err"
check "landmarks --json, a name with a quote, a backslash and a newline: valid JSON, the name kept" \
  "[ \"\$(jq -r .image $tmp/lm.json)\" = \"\$odd\" ]" "$tmp/lm.json"

# ---- eval: a fixture that cannot be scored (its video is not beside it) ----
cp "$src/fixtures/gt/good_front.truth.json" "$tmp/"
"$tc" -q eval "$tmp/good_front.truth.json" > "$tmp/eval.out" 2> "$tmp/eval.err"; rc=$?
check "eval, nothing scored: exit 1" "[ $rc = 1 ]" "$tmp/eval.err"
check "eval, nothing scored: no threshold line says ok" "! grep -E ' ok\$' $tmp/eval.out" "$tmp/eval.out"
check "eval, nothing scored: every threshold NOT MET: no data" \
  "[ \$(grep -c 'NOT MET: no data\$' $tmp/eval.out) = 7 ]" "$tmp/eval.out"
check "eval, nothing scored: no nan printed" "! grep -q nan $tmp/eval.out" "$tmp/eval.out"

# ---- eval --traces: the folder made when missing, refused when a file -------
"$tc" -q eval --traces "$tmp/new/traces" "$tmp/good_front.truth.json" > /dev/null 2> "$tmp/tr.err"
check "eval --traces DIR: DIR made (with its parents)" "[ -d $tmp/new/traces ]" "$tmp/tr.err"
: > "$tmp/afile"
"$tc" -q eval --traces "$tmp/afile" "$tmp/good_front.truth.json" > "$tmp/tf.out" 2> "$tmp/tf.err"; rc=$?
check "eval --traces FILE: exit 1, said once, up front" \
  "[ $rc = 1 ] && [ \$(wc -l < $tmp/tf.err) = 1 ] && grep -q -- '--traces .*afile: Not a directory' $tmp/tf.err && [ ! -s $tmp/tf.out ]" \
  "$tmp/tf.err"

# ---- an input that cannot be read: said once, not twice ------------------------
# said_once NAME WANT_RC PATTERN -- CMD...: exit WANT_RC, and exactly one
# line of stderr names the problem (the capture layer's reason, not a
# second message of the command's own after it)
said_once() {
  local name=$1 want=$2 pat=$3; shift 4
  "$@" > "$tmp/once.out" 2> "$tmp/once.err"; local rc=$?
  check "$name: exit $want, said once" \
    "[ $rc = $want ] && [ \$(grep -c -- '$pat' $tmp/once.err) = 1 ]" "$tmp/once.err"
}
head -c 5000 "$src/fixtures/sample/sample.mp4" > "$tmp/cut.mp4"
head -c 700 "$src/fixtures/gt/good_front.mkv" > "$tmp/noframes.mkv"
said_once "live --input missing" 1 "missing.mp4" -- "$tc" live --no-window --input "$tmp/missing.mp4"
said_once "live --input cut" 1 "cut.mp4" -- "$tc" live --no-window --input "$tmp/cut.mp4"
said_once "record --input missing" 1 "missing.mp4" -- \
  "$tc" record --no-window --out "$tmp/rec" --input "$tmp/missing.mp4"
said_once "live --device missing" 1 "no such camera" -- "$tc" live --no-window --device "$tmp/video9"
said_once "bench --input cut" 1 "cut.mp4" -- "$tc" bench --quick --input "$tmp/cut.mp4"
said_once "bench --input no frames" 1 "noframes.mkv" -- "$tc" bench --quick --input "$tmp/noframes.mkv"
# a video that opens but has no frame: a failure (as score's), not a set
said_once "live --input no frames" 1 "noframes.mkv: no video frames" -- \
  "$tc" live --no-window --input "$tmp/noframes.mkv"
said_once "record --input no frames" 1 "noframes.mkv: no video frames.*nothing recorded" -- \
  "$tc" record --no-window --out "$tmp/recnf" --input "$tmp/noframes.mkv"
check "record --input no frames: no session left in DIR" \
  "[ -d $tmp/recnf ] && [ -z \"\$(ls -A $tmp/recnf)\" ]"
"$tc" score "$tmp/broken.mp4" > /dev/null 2> "$tmp/sb.err"; rc=$?
check "score broken.mp4: exit 11, no raw FFmpeg line, its reason in ours" \
  "[ $rc = 11 ] && ! grep -q '^\[' $tmp/sb.err && grep -q 'broken.mp4: .*(ffmpeg: moov atom not found)' $tmp/sb.err" \
  "$tmp/sb.err"
"$tc" score "$tmp/cut.mp4" > /dev/null 2> "$tmp/score.err"; rc=$?
check "score cut.mp4 without --out: exit 11, no summary promised" \
  "[ $rc = 11 ] && grep -q 'cut.mp4: FAILED' $tmp/score.err && ! grep -q summary $tmp/score.err" \
  "$tmp/score.err"

finish
