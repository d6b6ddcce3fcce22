#!/usr/bin/env bash
# tests/cluster/test_slurm.sh TUCKCAM SRCDIR — `tuckcam score --shard` as a
# real Slurm array job: a one-node cluster of Debian's Slurm (munged,
# slurmctld, slurmd) configured and started in a temporary folder, the
# example of docs/cluster.md (taken from the page, not copied) submitted
# over 9 videos (8 fixture clips, one broken), one task cancelled with
# scancel while it scores, then rerun with --resume. Checks: every good
# video has one report and was scored by exactly one task, the broken one
# is failed, summary.json names every video once, the cancelled task left
# pending videos and its rerun finished them. Every daemon started here
# is stopped by its PID on exit, also when a check fails. Skips (77)
# without root, the Slurm/munge packages, ffmpeg or the models.
set -uo pipefail
tc=$(realpath "$1"); src=$(realpath "$2")
. "$src/tests/testlib.sh"
skip() { echo "SKIP: $*"; exit 77; }
export PATH="/usr/sbin:/sbin:$PATH"

[ "$(id -u)" = 0 ] || skip "needs root: slurmd starts each job as the user who submitted it"
for b in munged munge slurmctld slurmd sbatch squeue scancel scontrol sinfo; do
  command -v "$b" >/dev/null ||
    skip "$b not installed (scripts/setup.sh installs slurmctld slurmd slurm-client munge)"
done
need_ffmpeg_and_models "$tc"
command -v jq >/dev/null || skip "jq not installed (scripts/setup.sh)"

tmp=$(mktemp -d /tmp/tuckcam-slurm.XXXXXX)
chmod 755 "$tmp"                   # munged: the socket's folders searchable by all
daemons=()                         # "name pid", stopped in reverse order
jobs_sent=()

# Stop what this test started, by PID: our jobs (and any job step still
# running on the node), then slurmd, slurmctld, munged.
cleanup() {
  local rc=$? entry name pid pids
  trap - EXIT INT TERM
  if [ ${#jobs_sent[@]} -gt 0 ] && [ -n "${SLURM_CONF:-}" ]; then
    scancel "${jobs_sent[@]}" 2>/dev/null
    for _ in $(seq 50); do
      [ -z "$(squeue -h -j "$(IFS=,; echo "${jobs_sent[*]}")" 2>/dev/null)" ] && break
      sleep 0.2
    done
    pids=$(scontrol listpids 2>/dev/null | awk 'NR > 1 && $1 ~ /^[0-9]+$/ { print $1 }')
    [ -n "$pids" ] && kill -KILL $pids 2>/dev/null
    # each slurmstepd keeps a socket in the spool folder until it exits
    for _ in $(seq 100); do
      [ -z "$(find "$tmp/spool" -type s 2>/dev/null)" ] && break
      sleep 0.1
    done
  fi
  for ((i = ${#daemons[@]} - 1; i >= 0; i--)); do
    read -r name pid <<<"${daemons[$i]}"
    kill -TERM "$pid" 2>/dev/null || continue
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      echo "note: $name (pid $pid) ignored SIGTERM; SIGKILL"; kill -KILL "$pid" 2>/dev/null
    fi
    wait "$pid" 2>/dev/null
  done
  if [ "$rc" != 0 ] && [ "$rc" != 77 ]; then
    for f in "$tmp"/slurmctld.log "$tmp"/slurmd.log "$tmp"/munged.log; do
      [ -f "$f" ] && { echo "--- tail of $f"; tail -n 15 "$f"; }
    done
  fi
  rm -rf "$tmp"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# two free TCP ports next to each other (an installed Slurm keeps 6817/6818)
pick_ports() {
  local p
  for _ in $(seq 50); do
    p=$((20000 + RANDOM % 30000))
    port_free "$p" && port_free $((p + 1)) && { echo "$p"; return 0; }
  done
  return 1
}

# ---- the cluster ----------------------------------------------------------
mkdir -p "$tmp/munge" "$tmp/ctld" "$tmp/spool" "$tmp/submit"
chmod 755 "$tmp/munge"
dd if=/dev/urandom of="$tmp/munge/key" bs=1024 count=1 status=none
chmod 400 "$tmp/munge/key"
munged -F -S "$tmp/munge/socket" --key-file="$tmp/munge/key" --log-file="$tmp/munged.log" \
  --pid-file="$tmp/munge/pid" --seed-file="$tmp/munge/seed" > "$tmp/munged.out" 2>&1 &
daemons+=("munged $!")
wait_for 20 bash -c "munge -n -S '$tmp/munge/socket' | unmunge -S '$tmp/munge/socket'" ||
  { cat "$tmp/munged.out"; echo "FAIL - munged did not start"; exit 1; }

port=$(pick_ports) || { echo "FAIL - no free TCP port pair"; exit 1; }
host=$(hostname -s)
cpus=$(nproc)
mem=$(awk '/^MemTotal:/ { print int($2 / 1024) }' /proc/meminfo)   # MiB, as slurmd counts
cat > "$tmp/slurm.conf" <<EOF
ClusterName=tuckcamtest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
AuthType=auth/munge
AuthInfo=socket=$tmp/munge/socket
CredType=cred/munge
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$tmp/ctld
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/slurmctld.log
SlurmdLogFile=$tmp/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
MpiDefault=none
SwitchType=switch/none
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
MailProg=/bin/true
ReturnToService=2
KillWait=10
SlurmdParameters=config_overrides
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=tuckcam Nodes=$host Default=YES MaxTime=60 State=UP
EOF
export SLURM_CONF="$tmp/slurm.conf"
slurmctld -D -f "$SLURM_CONF" > "$tmp/slurmctld.out" 2>&1 &
daemons+=("slurmctld $!")
wait_for 30 bash -c 'scontrol ping | grep -q UP' ||
  { cat "$tmp/slurmctld.out"; echo "FAIL - slurmctld did not answer"; exit 1; }
slurmd -D -f "$SLURM_CONF" > "$tmp/slurmd.out" 2>&1 &
daemons+=("slurmd $!")
wait_for 30 bash -c "sinfo -h -n '$host' -o %t | grep -qx idle" ||
  { cat "$tmp/slurmd.out"; sinfo -N -l; echo "FAIL - the node did not come up idle"; exit 1; }
ok "one-node cluster up: $host, $cpus CPUs, $mem MiB, ports $port/$((port + 1))"

# ---- the videos and the example from docs/cluster.md ----------------------
videos="$tmp/videos"; results="$tmp/results"; mkdir -p "$videos"
good=(no_person nodding rotation shallow short_hold shoulder_shrug too_fast trunk_lean)
for n in "${good[@]}"; do
  ffmpeg -nostdin -v error -y -i "$src/fixtures/gt/$n.mkv" -t 6 -c copy "$videos/$n.mkv" ||
    { echo "FAIL - cannot cut fixtures/gt/$n.mkv"; exit 1; }
done
head -c 1500 "$src/fixtures/gt/shallow.mkv" > "$videos/broken.mkv"   # a copy cut off: no frames
# sorted: broken no_person nodding rotation shallow short_hold shoulder_shrug too_fast trunk_lean
# shard 1 of 4 = no_person, short_hold: the task cancelled after its first video

script="$tmp/score-array.sh"
# example FILE: the fenced block of FILE that holds "# score-array.sh:"
# (a fence may be indented, as in a list: the block loses that indentation)
example() {
  awk '/^ *```/ { if (inb) { if (keep) exit; inb = 0; n = 0 }
                    else { inb = 1; match($0, /^ */); ind = RLENGTH }; next }
       inb { s = $0; for (i = 0; i < ind && substr(s, 1, 1) == " "; i++) s = substr(s, 2)
             buf[n++] = s; if (s ~ /^# score-array\.sh:/) keep = 1 }
       END { for (i = 0; i < n && keep; i++) print buf[i] }' "$1"
}
example "$src/docs/cluster.md" > "$script"
check "the example is in docs/cluster.md (#SBATCH --array=0-3, --shard .../4)" \
  "grep -q '^#SBATCH --array=0-3' '$script' && grep -q -- '--shard \"\$SLURM_ARRAY_TASK_ID/4\"' '$script'" \
  "$script"
# the README, when it shows the example, shows this very block
readme_block=$(example "$src/README.md")
if [ -n "$readme_block" ]; then
  check "the README's Slurm example is the block of docs/cluster.md" "[ \"\$readme_block\" = \"\$(cat '$script')\" ]"
else
  echo "note: README.md does not show the score-array.sh example (docs/cluster.md does)"
fi
export VIDEOS="$videos" RESULTS="$results" PATH="$(dirname "$tc"):$PATH"
[ "$(command -v tuckcam)" = "$tc" ] || { echo "FAIL - tuckcam on PATH is not $tc"; exit 1; }

submit() { (cd "$tmp/submit" && sbatch --parsable "$@" "$script") | cut -d';' -f1; }
# state of array task JOB_TASK, e.g. COMPLETED, CANCELLED, FAILED
task_field() { scontrol -o show job "$1" 2>/dev/null | tr ' ' '\n' | sed -n "s/^$2=//p" | head -1; }
all_gone() { [ -z "$(squeue -h -j "$1" 2>/dev/null)" ]; }
scored_lines() { cat "$tmp"/submit/tuckcam-*.log | grep -c -- "/$1.mkv: scored$"; }

t0=$SECONDS
job=$(submit) || { echo "FAIL - sbatch refused the example"; exit 1; }
jobs_sent+=("$job")
log1="$tmp/submit/tuckcam-${job}_1.log"
wait_for 300 grep -q ': scored$' "$log1" ||
  { cat "$log1" 2>/dev/null; echo "FAIL - task 1 scored nothing in 300 s"; exit 1; }
scancel "${job}_1"
wait_for 600 all_gone "$job" || { squeue; echo "FAIL - the array did not finish in 600 s"; exit 1; }
t_array=$((SECONDS - t0))

# each task took only its shard: video k of the sorted list in task k % 4
sorted=(broken "${good[@]}")
for t in 0 1 2 3; do
  want=""; for k in "${!sorted[@]}"; do [ $((k % 4)) = $t ] && want+="${sorted[$k]} "; done
  got=$(grep -oE '/videos/[^/:]+\.mkv: (scored|FAILED)' "$tmp/submit/tuckcam-${job}_$t.log" |
        sed -E 's,/videos/(.*)\.mkv:.*,\1,' | tr '\n' ' ')
  if [ $t = 1 ]; then want="no_person "; fi       # cancelled after its first video
  check "task $t scored its shard: ${want% }" "[ '$got' = '$want' ]" "$tmp/submit/tuckcam-${job}_$t.log"
done
check "the cancelled task is CANCELLED" "[ \"\$(task_field ${job}_1 JobState)\" = CANCELLED ]" "$log1"
check "the cancelled task said how to go on (--resume)" "grep -q 'with --resume goes on' '$log1'" "$log1"
check "tasks 2 and 3 COMPLETED (exit 0)" \
  "[ \"\$(task_field ${job}_2 JobState)/\$(task_field ${job}_3 JobState)\" = COMPLETED/COMPLETED ]"
check "task 0 (the broken video) FAILED with exit 11" \
  "[ \"\$(task_field ${job}_0 JobState) \$(task_field ${job}_0 ExitCode)\" = 'FAILED 11:0' ]" \
  "$tmp/submit/tuckcam-${job}_0.log"
check "the cancel left its video in progress pending, nothing half-written" \
  "jq -e '[.videos[] | select(.name == \"short_hold.mkv\")][0].status == \"pending\"' '$results/summary.json' >/dev/null &&
   [ -z \"\$(find '$results' -name '*.part')\" ] && [ ! -e '$results/short_hold.mkv.report.json' ]" \
  "$results/summary.json"

# the cancelled task again: the same script, --array on the command line
t0=$SECONDS
rerun=$(submit --array=1) || { echo "FAIL - sbatch refused the rerun"; exit 1; }
jobs_sent+=("$rerun")
wait_for 300 all_gone "$rerun" || { squeue; echo "FAIL - the rerun did not finish in 300 s"; exit 1; }
t_rerun=$((SECONDS - t0))
log_rerun="$tmp/submit/tuckcam-${rerun}_1.log"
check "the rerun COMPLETED" "[ \"\$(task_field ${rerun}_1 JobState)\" = COMPLETED ]" "$log_rerun"
check "the rerun skipped the video done before it was cancelled" \
  "grep -q '1 video already scored' '$log_rerun' && ! grep -q 'no_person.mkv: scored' '$log_rerun'" \
  "$log_rerun"

# ---- the outcome -----------------------------------------------------------
for n in "${good[@]}"; do
  check "$n: one report, scored by exactly one task" \
    "[ \"\$(scored_lines $n)\" = 1 ] && [ -s '$results/$n.mkv.report.json' ] && [ -e '$results/$n.mkv.done' ] &&
     jq -e --arg s '$videos/$n.mkv' '.source == \$s and (.reps | type == \"array\")' '$results/$n.mkv.report.json' >/dev/null"
done
check "8 reports in all, no .part left" \
  "[ \$(find '$results' -name '*.report.json' | wc -l) = 8 ] && [ -z \"\$(find '$results' -name '*.part')\" ]"
check "broken.mkv: failed, its reason in NAME.error.txt, no report" \
  "jq -e '[.videos[] | select(.name == \"broken.mkv\")][0] | .status == \"failed\" and (.error | test(\"no frames\"))' \
     '$results/summary.json' >/dev/null && [ -s '$results/broken.mkv.error.txt' ] &&
   [ ! -e '$results/broken.mkv.report.json' ]" "$results/summary.json"
check "summary.json lists every video once: 9 names, 8 ok, 1 failed" \
  "[ \"\$(jq -r '.videos[].name' '$results/summary.json' | sort | uniq -u | wc -l)\" = 9 ] &&
   [ \"\$(jq '[.videos[] | select(.status == \"ok\")] | length' '$results/summary.json')\" = 8 ] &&
   [ \"\$(jq '[.videos[] | select(.status == \"failed\")] | length' '$results/summary.json')\" = 1 ]" \
  "$results/summary.json"
check "summary.csv agrees: 9 rows" "[ \$(tail -n +2 '$results/summary.csv' | wc -l) = 9 ]" "$results/summary.csv"
echo "cost: array ${t_array} s (task 1 cancelled), rerun ${t_rerun} s"
finish
