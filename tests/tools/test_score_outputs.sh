#!/usr/bin/env bash
# tests/tools/test_score_outputs.sh TUCKCAM SRCDIR — `tuckcam score --out`
# keeps every output true: names that do not depend on the other files of
# the folder (x.mp4 and x.mkv), --resume trusts only a whole report of the
# same source (path, size, modification time) and scores a broken, empty
# or replaced one again, two runs at once into one folder neither fail
# each other's videos nor drop them from the summary, a bad --out says
# what is wrong, a full disk leaves no .part files, hidden videos are
# said.
set -u
tc=$1; src=$2
. "$(dirname "${BASH_SOURCE[0]}")/../testlib.sh"
need_ffmpeg_and_models "$tc"
tmp=$(mktemp -d); mnt=""
trap '[ -n "$mnt" ] && umount "$mnt" 2>/dev/null; rm -rf "$tmp"' EXIT
clip() { ffmpeg -nostdin -v error -y -i "$src/fixtures/gt/$1" -t "$2" -c copy "$3"; }
ok_rows() { tail -n +2 "$1" | grep -c ',ok,'; }

# 1. x.mp4 scored; x.mkv added; --resume scores x.mkv under its own name
mkdir -p "$tmp/in"
clip fps15.mkv 6 "$tmp/in/x.mp4"
"$tc" score -q --out "$tmp/o1" "$tmp/in" > "$tmp/r1.txt" 2>&1
clip good_front_hopper.mkv 4 "$tmp/in/x.mkv"
"$tc" score -q --out "$tmp/o1" --resume "$tmp/in" > "$tmp/r2.txt" 2>&1; rc=$?
check "resume: a new x.mkv beside x.mp4 is scored, exit 0" \
  "[ $rc = 0 ] && grep -q '\"source\": \"$tmp/in/x.mkv\"' $tmp/o1/x.mkv.report.json" "$tmp/r2.txt"
check "resume: x.mp4 keeps its own report" \
  "grep -q '\"source\": \"$tmp/in/x.mp4\"' $tmp/o1/x.mp4.report.json"
check "summary: x.mp4 and x.mkv under their own names, both ok" \
  "grep -q '^x.mp4,$tmp/in/x.mp4,ok,' $tmp/o1/summary.csv && grep -q '^x.mkv,$tmp/in/x.mkv,ok,' $tmp/o1/summary.csv" \
  "$tmp/o1/summary.csv"
"$tc" score -q --out "$tmp/o1" --resume "$tmp/in" > "$tmp/r3.txt" 2>&1; rc=$?
check "resume again: nothing to do" "[ $rc = 0 ] && [ \$(ls $tmp/o1/*.trace.jsonl | wc -l) = 2 ]" "$tmp/r3.txt"
# the same name, another video (a new take filmed over the old file)
clip good_front_hopper.mkv 4 "$tmp/in/x.mp4"; touch -d '1 hour ago' "$tmp/in/x.mp4"
"$tc" score --out "$tmp/o1" --resume "$tmp/in" > "$tmp/r4.txt" 2>&1; rc=$?
check "resume: a video replaced since its report is scored again" \
  "[ $rc = 0 ] && grep -q 'x.mp4: scored' $tmp/r4.txt && ! grep -q 'x.mkv: scored' $tmp/r4.txt" "$tmp/r4.txt"
check "help: names keep the extension" "$tc score --help | grep -q 'NAME.report.json' && $tc score --help | grep -q 'with its extension'"

# 5. broken reports are not done: scored again, exit 0, summary all ok
mkdir -p "$tmp/b"
for n in p q r s; do clip fps15.mkv 6 "$tmp/b/$n.mkv"; done
"$tc" score -q -j 2 --out "$tmp/o5" "$tmp/b" > /dev/null 2>&1
: > "$tmp/o5/p.mkv.report.json"
echo '{}' > "$tmp/o5/q.mkv.report.json"
head -c 300 "$tmp/o5/s.mkv.report.json" > "$tmp/cut"; mv "$tmp/cut" "$tmp/o5/s.mkv.report.json"
"$tc" score --out "$tmp/o5" --resume "$tmp/b" > "$tmp/r5.txt" 2>&1; rc=$?
check "resume: empty, {} and truncated reports scored again (1 skipped, 3 to go)" \
  "[ $rc = 0 ] && grep -q '1 video already scored' $tmp/r5.txt && grep -q '3 to go' $tmp/r5.txt" "$tmp/r5.txt"
check "resume: summary all ok, the reports whole again" \
  "[ \$(ok_rows $tmp/o5/summary.csv) = 4 ] && grep -q '\"tuckcam_report\": 2' $tmp/o5/p.mkv.report.json && grep -q '\"totals\"' $tmp/o5/s.mkv.report.json" \
  "$tmp/o5/summary.csv"

# 8. two runs at once on the same videos into one folder
mkdir -p "$tmp/c"
for n in 1 2 3 4; do clip fps15.mkv 6 "$tmp/c/v$n.mkv"; done
"$tc" score -q -j 1 --out "$tmp/o8" "$tmp/c" > "$tmp/c1.txt" 2>&1 & p1=$!
"$tc" score -q -j 1 --out "$tmp/o8" "$tmp/c" > "$tmp/c2.txt" 2>&1 & p2=$!
wait $p1; rc1=$?; wait $p2; rc2=$?
check "two runs at once, same videos: both exit 0" "[ $rc1 = 0 ] && [ $rc2 = 0 ]" "$tmp/c1.txt"
check "two runs at once: no error file, no .part left, summary 4 ok" \
  "[ -z \"\$(ls $tmp/o8 | grep -e error.txt -e '\.part' -e '\.tmp')\" ] && [ \$(ok_rows $tmp/o8/summary.csv) = 4 ]" \
  "$tmp/o8/summary.csv"
# different videos at once into one folder: the summary keeps both runs'
mkdir -p "$tmp/d1" "$tmp/d2"
clip fps15.mkv 6 "$tmp/d1/a.mkv"; clip fps15.mkv 6 "$tmp/d2/b.mkv"
"$tc" score -q --out "$tmp/o8b" "$tmp/d1" > "$tmp/d1.txt" 2>&1 & p1=$!
"$tc" score -q --out "$tmp/o8b" "$tmp/d2" > "$tmp/d2.txt" 2>&1 & p2=$!
wait $p1; rc1=$?; wait $p2; rc2=$?
check "two runs, different videos: both exit 0, the summary lists both" \
  "[ $rc1 = 0 ] && [ $rc2 = 0 ] && grep -q '^a.mkv,.*,ok,' $tmp/o8b/summary.csv && grep -q '^b.mkv,.*,ok,' $tmp/o8b/summary.csv" \
  "$tmp/o8b/summary.csv"

# 9. a bad --out is said as what it is, and no summary is promised
echo file > "$tmp/notdir"
"$tc" score -q --out "$tmp/notdir" "$tmp/d1" > "$tmp/e1.txt" 2>&1; rc=$?
check "--out a file: exit 1, 'Not a directory', no summary promised" \
  "[ $rc = 1 ] && grep -q 'Not a directory' $tmp/e1.txt && ! grep -q -e 'input/output error' -e summary.csv $tmp/e1.txt" "$tmp/e1.txt"
"$tc" score -q --out "$tmp/notdir/sub" "$tmp/d1" > "$tmp/e2.txt" 2>&1; rc=$?
check "--out below a file: exit 1, 'Not a directory'" \
  "[ $rc = 1 ] && grep -q 'Not a directory' $tmp/e2.txt && ! grep -q 'input/output error' $tmp/e2.txt" "$tmp/e2.txt"
mkdir -p "$tmp/ro" "$tmp/full"
if mount -t tmpfs -o ro,size=64k tmpfs "$tmp/ro" 2>/dev/null; then
  mnt="$tmp/ro"
  "$tc" score -q --out "$tmp/ro" "$tmp/d1" > "$tmp/e3.txt" 2>&1; rc=$?
  check "--out read-only: exit 1, 'Read-only file system'" \
    "[ $rc = 1 ] && grep -q 'Read-only file system' $tmp/e3.txt && ! grep -q -e 'input/output error' -e summary.csv $tmp/e3.txt" "$tmp/e3.txt"
  umount "$tmp/ro"; mnt=""
  mount -t tmpfs -o size=80k tmpfs "$tmp/full"; mnt="$tmp/full"
  "$tc" score -q -j 2 --out "$tmp/full" "$tmp/b" > "$tmp/e4.txt" 2>&1; rc=$?
  check "full disk: videos failed (exit > 10), 'No space left on device' said" \
    "[ $rc -gt 10 ] && grep -qi 'no space left on device' $tmp/e4.txt" "$tmp/e4.txt"
  check "full disk: no .part or temporary file left" \
    "[ -z \"\$(find $tmp/full -name '*.part*' -o -name '*.tmp.*')\" ]" "$tmp/e4.txt"
  umount "$tmp/full"; mnt=""
else
  echo "skip - read-only and full-disk --out (mount not allowed here)"
fi

# 9. hidden videos are skipped and said (named as inputs they are scored)
mkdir -p "$tmp/h/.cache"
clip fps15.mkv 6 "$tmp/h/v.mkv"; cp "$tmp/h/v.mkv" "$tmp/h/.take2.mkv"; cp "$tmp/h/v.mkv" "$tmp/h/.cache/w.mkv"
"$tc" score --out "$tmp/oh" "$tmp/h" > /dev/null 2> "$tmp/h.txt"; rc=$?
check "hidden entries: skipped and said" \
  "[ $rc = 0 ] && grep -q 'skipped 2 hidden' $tmp/h.txt && grep -q '.take2.mkv' $tmp/h.txt && [ \$(ok_rows $tmp/oh/summary.csv) = 1 ]" "$tmp/h.txt"
"$tc" score -q --out "$tmp/oh2" "$tmp/h/.take2.mkv" > "$tmp/h2.txt" 2>&1; rc=$?
check "a hidden video named as input is scored" "[ $rc = 0 ] && [ -s $tmp/oh2/.take2.mkv.report.json ]" "$tmp/h2.txt"
finish
