# tests/testlib.sh — sourced by the shell tests: pass/fail counting.
#   ok NAME / bad NAME      count one result
#   check NAME COND [FILE]  eval COND; on failure show the head of FILE
#   need_ffmpeg_and_models TUCKCAM
#                           skip (exit 77) without the ffmpeg CLI or the
#                           verified models
#   wait_for SECONDS CMD [ARG...]
#                           run CMD (its output dropped) every 0.1 s until
#                           it succeeds (0) or at least SECONDS have passed
#                           (1); CMD runs in this shell, so
#                           `wait_for 10 eval '...'` can set variables
#   finish                  print "N passed, M failed" (CTest and CI read
#                           it) and return non-zero if anything failed
pass=0; fail=0
ok()  { pass=$((pass + 1)); echo "ok   - $1"; }
bad() { fail=$((fail + 1)); echo "FAIL - $1"; }
check() {
  if eval "$2"; then ok "$1"; else
    bad "$1"
    [ -n "${3:-}" ] && sed 's/^/       /' "$3" 2>/dev/null | head -5
  fi
  return 0
}
wait_for() {
  local end=$((SECONDS + $1)); shift
  until "$@" >/dev/null 2>&1; do
    [ "$SECONDS" -gt "$end" ] && return 1
    sleep 0.1
  done
}
finish() { echo "$pass passed, $fail failed"; [ "$fail" -eq 0 ]; }
need_ffmpeg_and_models() {
  command -v ffmpeg >/dev/null || { echo "SKIP: ffmpeg CLI not installed"; exit 77; }
  "$1" models verify >/dev/null 2>&1 || { echo "SKIP: models not fetched"; exit 77; }
}
