#!/usr/bin/env bash
# Side-by-side HTTP benchmark: minikafka (bin/broker, flush=always) against the
# classroom broker of the guide (bench/classroom-python/broker.py, FastAPI on
# uvicorn, one worker), in the same run, interleaved.
#
# Measures single-message produce (POST /produce, ~100-byte value) and consume
# (POST /consume of one registered consumer on a pre-filled topic) with wrk at
# 1, 16 and 64 connections, 3 repetitions, and reports medians and spread.
# Raw results: bench/results/http-classroom-<time>.json (gitignored).
# Summary: the section between <!-- http-classroom:begin/end --> in
# docs/benchmarks.md (other sections of that file are left alone).
#
#   bench/http/run.sh [--quick] [options]
#
# Options:
#   --quick               2 s per point, short warm-up (about 3 minutes)
#   --duration S          seconds per point (default 10; quick 2)
#   --reps N              repetitions per point (default 3)
#   --conns "1 16 64"     connection counts
#   --value-bytes N       produced value size (default 100)
#   --baseline-only       skip minikafka (e.g. before bin/broker exists)
#   --minikafka-cmd CMD   command that starts minikafka (default: bin/broker);
#                         run as: CMD --port P --data-dir D --flush always
#   --flush POLICY        minikafka flush policy (default always)
#   --no-docs             do not touch docs/benchmarks.md
#   --keep                keep the minikafka data directory
#   --profile             record minikafka with JFR (profile settings, every
#                         fsync as an event) into the results directory, and
#                         summarise it (bench/http/jfr_summary.py); implies
#                         --no-docs, as the recording perturbs the figures
#
# Environment: MINIKAFKA_JAVA_OPTS is passed to the broker's JVM (bin/broker
# reads it), e.g. MINIKAFKA_JAVA_OPTS=-Xmx1g.
#
# Conditions: both brokers and wrk share the machine's cores, on loopback
# only. Figures from a busy machine are noisy; compare the ratios, not the
# absolute numbers.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

quick=0
duration=""
reps=3
conns_list="1 16 64"
value_bytes=100
baseline_only=0
minikafka_cmd="$root/bin/broker"
flush=always
docs=1
keep=0
profile=0

die() { echo "run.sh: $*" >&2; exit 2; }
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) quick=1 ;;
    --duration) duration=${2:?}; shift ;;
    --reps) reps=${2:?}; shift ;;
    --conns) conns_list=${2:?}; shift ;;
    --value-bytes) value_bytes=${2:?}; shift ;;
    --baseline-only) baseline_only=1 ;;
    --minikafka-cmd) minikafka_cmd=${2:?}; shift ;;
    --flush) flush=${2:?}; shift ;;
    --no-docs) docs=0 ;;
    --keep) keep=1 ;;
    --profile) profile=1; docs=0 ;;
    -h|--help) sed -n '2,35p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option: $1 (see --help)" ;;
  esac
  shift
done

if [[ $quick == 1 ]]; then
  duration=${duration:-2}
  warm_produce=3
  warm_consume=3
  mode=quick
else
  duration=${duration:-10}
  warm_produce=15
  warm_consume=10
  mode=full
fi

# ---------------------------------------------------------------- tools ---

python_with_fastapi() {
  local py
  for py in /usr/bin/python3 python3; do
    if command -v "$py" >/dev/null 2>&1 &&
      "$py" -c 'import fastapi, uvicorn' >/dev/null 2>&1; then
      command -v "$py"
      return 0
    fi
  done
  return 1
}

ensure_tools() {
  local missing=()
  command -v wrk >/dev/null 2>&1 || missing+=(wrk)
  python_with_fastapi >/dev/null || missing+=(python3-fastapi python3-uvicorn)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  if [[ ${#missing[@]} -gt 0 ]]; then
    log "installing ${missing[*]} with apt-get"
    local sudo=()
    [[ $(id -u) == 0 ]] || sudo=(sudo)
    if ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}" >&2; then
      "${sudo[@]}" apt-get update >&2
      "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}" >&2
    fi
  fi
  command -v wrk >/dev/null 2>&1 || die "wrk is missing"
  python_with_fastapi >/dev/null || die "no python3 with fastapi and uvicorn"
}

ensure_tools
baseline_py=$(python_with_fastapi)
py=$baseline_py # any python3 does for the helpers; this one surely exists

if [[ $baseline_only == 0 && ! -x ${minikafka_cmd%% *} ]]; then
  die "minikafka launcher not found: $minikafka_cmd (use --baseline-only until bin/broker exists)"
fi

# ------------------------------------------------------------- workspace ---

stamp=$(date -u +%Y%m%dT%H%M%SZ)
results_dir="$root/bench/results"
work="$results_dir/http-classroom-$stamp"
mkdir -p "$work/wrk"
runs="$work/runs.jsonl"
: >"$runs"
data_dir=$(mktemp -d "${TMPDIR:-/tmp}/minikafka-bench-data.XXXXXX")

declare -A url pid server_pid
cleanup() {
  local s
  for s in "${!pid[@]}"; do
    if kill -0 "${pid[$s]}" 2>/dev/null; then
      kill -TERM -- "-${pid[$s]}" 2>/dev/null || kill -TERM "${pid[$s]}" 2>/dev/null || true
    fi
  done
  sleep 1
  for s in "${!pid[@]}"; do
    kill -KILL -- "-${pid[$s]}" 2>/dev/null || true
  done
  if [[ $keep == 0 ]]; then rm -rf "$data_dir"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  "$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# The process listening on a port (the JVM behind a launcher script).
listener_pid() {
  ss -ltnpH "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2
}

wait_healthy() { # system timeout_s
  local s=$1 t=$2 i
  for ((i = 0; i < t * 10; i++)); do
    if curl -fsS -m 2 "${url[$s]}/health" >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "${pid[$s]}" 2>/dev/null; then
      log "$s exited during start-up; its log:"; tail -30 "$work/$s.log" >&2; return 1
    fi
    sleep 0.1
  done
  log "$s did not answer /health within ${t}s"; tail -30 "$work/$s.log" >&2; return 1
}

post() { # system path json -> body on stdout; fails on a non-2xx status
  curl -fsS -m 10 -X POST -H 'Content-Type: application/json' -d "$3" "${url[$1]}$2"
}

# Messages in a topic, from GET /stats (both brokers' shapes).
topic_count() { # system topic
  curl -fsS -m 10 "${url[$1]}/stats" | "$py" -c '
import json, sys
t = json.load(sys.stdin).get("topics", {}).get(sys.argv[1], 0)
print(t.get("messages", 0) if isinstance(t, dict) else int(t))' "$2"
}

cpu_ticks() { # pid -> utime+stime in clock ticks (0 if gone)
  awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0
}

# The block device under the data directory, and bytes written to it by every
# process on the machine: fsync latency depends on what else writes there.
disk_dev=$(basename "$(df --output=source "$data_dir" | tail -1)")
disk_written() {
  awk -v d="$disk_dev" '$3 == d {printf "%.0f\n", $10 * 512; f = 1} END {if (!f) print 0}' /proc/diskstats
}
proc_written() { # pid -> bytes the process caused to be written to storage
  awk '/^write_bytes/ {print $2}' "/proc/$1/io" 2>/dev/null || echo 0
}

# ---------------------------------------------------------------- start ---

start_baseline() {
  local port; port=$(free_port)
  url[baseline]="http://127.0.0.1:$port"
  log "starting the classroom baseline on port $port ($baseline_py, uvicorn, one worker)"
  setsid "$baseline_py" "$root/bench/classroom-python/broker.py" --host 127.0.0.1 --port "$port" \
    >"$work/baseline.log" 2>&1 &
  pid[baseline]=$!
  wait_healthy baseline 60
  server_pid[baseline]=$(listener_pid "$port")
  server_pid[baseline]=${server_pid[baseline]:-${pid[baseline]}}
}

start_minikafka() {
  local port; port=$(free_port)
  url[minikafka]="http://127.0.0.1:$port"
  log "starting minikafka on port $port: $minikafka_cmd --flush $flush (data in $data_dir)"
  local opts=${MINIKAFKA_JAVA_OPTS:-}
  if [[ $profile == 1 ]]; then
    opts+=" -XX:StartFlightRecording:filename=$work/minikafka.jfr,settings=profile"
    opts+=",+jdk.FileForce#threshold=0ms,dumponexit=true"
  fi
  # shellcheck disable=SC2086  # the command may carry its own arguments
  MINIKAFKA_JAVA_OPTS=$opts setsid $minikafka_cmd --host 127.0.0.1 --port "$port" \
    --data-dir "$data_dir" --flush "$flush" >"$work/minikafka.log" 2>&1 &
  pid[minikafka]=$!
  # The launcher builds the project on first use, which can take minutes.
  wait_healthy minikafka 900
  server_pid[minikafka]=$(listener_pid "$port")
  server_pid[minikafka]=${server_pid[minikafka]:-${pid[minikafka]}}
}

fsync_start=$("$py" "$here/fsync_probe.py" "$data_dir" 300)
log "disk: fdatasync latency in the data directory: $fsync_start"

systems=(baseline)
start_baseline
if [[ $baseline_only == 0 ]]; then
  systems=(baseline minikafka)
  start_minikafka
fi

# -------------------------------------------------------------- measure ---

threads_for() { local c=$1; echo $((c < 2 ? c : 2)); }

# One wrk run; appends a JSON line to $runs. Sets last_ok/last_rate/last_204.
wrk_run() { # system workload conns seconds rep phase script_args...
  local s=$1 workload=$2 c=$3 d=$4 rep=$5 phase=$6; shift 6
  local t; t=$(threads_for "$c")
  local out="$work/wrk/$phase-$workload-$s-c$c-r$rep-$(date +%s%N).txt"
  local spid=${server_pid[$s]} before after load0 load1 t0 t1 disk0 disk1 pw0 pw1
  load0=$(cut -d' ' -f1-3 /proc/loadavg)
  before=$(cpu_ticks "$spid")
  disk0=$(disk_written)
  pw0=$(proc_written "$spid")
  t0=$(date +%s%N)
  wrk -t"$t" -c"$c" -d"${d}s" --timeout 10s --latency -s "$here/$workload.lua" \
    "${url[$s]}/$workload" -- "$@" >"$out" 2>&1 || true
  t1=$(date +%s%N)
  disk1=$(disk_written)
  pw1=$(proc_written "$spid")
  after=$(cpu_ticks "$spid")
  load1=$(cut -d' ' -f1-3 /proc/loadavg)
  local line
  line=$(grep '^WRKJSON ' "$out" | tail -1 | cut -d' ' -f2-) || true
  if [[ -z $line ]]; then
    log "wrk produced no result for $s $workload c=$c; output:"; cat "$out" >&2
    line='{"requests":0,"duration_us":1,"errors":{},"latency_us":{},"status":{}}'
  fi
  "$py" - "$runs" "$s" "$workload" "$c" "$t" "$d" "$rep" "$phase" "$before" "$after" \
    "$(getconf CLK_TCK)" "$t0" "$t1" "$load0" "$load1" "${out#"$root"/}" "$line" \
    "$disk0" "$disk1" "$pw0" "$pw1" <<'EOF'
import json, sys
(runs, system, workload, conns, threads, dur, rep, phase, before, after, hz, t0, t1,
 load0, load1, raw, line, disk0, disk1, pw0, pw1) = sys.argv[1:]
w = json.loads(line)
secs = w["duration_us"] / 1e6
status = {k: int(v) for k, v in w.get("status", {}).items()}
ok = status.get("200", 0)
errs = sum(w.get("errors", {}).values())
run = {
    "system": system, "workload": workload, "connections": int(conns),
    "threads": int(threads), "duration_s": int(dur), "rep": int(rep), "phase": phase,
    "requests": w["requests"], "elapsed_s": round(secs, 3),
    "requests_per_s": round(w["requests"] / secs, 1),
    "ok_per_s": round(ok / secs, 1),
    "latency_ms": {k: (None if v is None else round(v / 1000, 3))
                   for k, v in w.get("latency_us", {}).items()},
    "status": status, "socket_errors": w.get("errors", {}),
    "server_cpu_s": round((int(after) - int(before)) / int(hz), 2),
    "server_cpu_cores": round((int(after) - int(before)) / int(hz) / max(secs, 1e-9), 2),
    "loadavg_before": load0, "loadavg_after": load1,
    "wall_s": round((int(t1) - int(t0)) / 1e9, 2), "raw": raw,
    "disk_write_mb_s": round((int(disk1) - int(disk0)) / 1e6 / ((int(t1) - int(t0)) / 1e9), 1),
    "server_write_mb_s": round((int(pw1) - int(pw0)) / 1e6 / ((int(t1) - int(t0)) / 1e9), 2),
    "start_epoch_s": round(int(t0) / 1e9, 3), "end_epoch_s": round(int(t1) / 1e9, 3),
}
# A point is valid when every request got the workload's normal answer: 200,
# no socket errors (a consume 204 means the topic ran dry).
run["valid"] = w["requests"] > 0 and ok == w["requests"] and errs == 0
with open(runs, "a") as f:
    f.write(json.dumps(run) + "\n")
print(run["valid"], run["requests_per_s"], status.get("204", 0), run["ok_per_s"],
      run["latency_ms"].get("p50"), run["latency_ms"].get("p99"))
EOF
}

last_valid=False
measure() { # system workload conns seconds rep phase args...
  local r
  r=$(wrk_run "$@")
  read -r last_valid last_rate last_204 last_ok_rate last_p50 last_p99 <<<"$r"
  log "$(printf '%-9s %-7s c=%-3s %-7s %8s req/s  p50 %7s ms  p99 %7s ms%s' \
    "$1" "$2" "$3" "$6" "$last_rate" "$last_p50" "$last_p99" \
    "$([[ $last_valid == True ]] || echo "  INVALID (204: $last_204)")")"
}

produce_topic=bench-produce
consume_topic=bench-consume
declare -A consume_est # system -> highest consume rate seen (req/s)
declare -A consume_max_conns

# Produces into the consume topic until it holds at least $2 messages.
fill() { # system target
  local s=$1 target=$2 have deadline
  have=$(topic_count "$s" "$consume_topic")
  [[ $have -ge $target ]] && return 0
  log "$s: filling $consume_topic from $have to $target messages"
  deadline=$(($(date +%s) + 300))
  while [[ $have -lt $target ]]; do
    wrk -t2 -c64 -d2s --timeout 10s -s "$here/produce.lua" "${url[$s]}/produce" -- \
      "$consume_topic" "$value_bytes" >/dev/null 2>&1 || true
    have=$(topic_count "$s" "$consume_topic")
    if [[ $(date +%s) -gt $deadline ]]; then
      log "$s: gave up filling at $have messages"; return 0
    fi
  done
}

consumer_seq=0
# A consume point: a fresh consumer (offset 0) on the pre-filled topic; repeated
# after more filling when the consumer caught up with the topic mid-run.
consume_point() { # system conns seconds rep phase
  local s=$1 c=$2 d=$3 rep=$4 phase=$5 attempt est margin need id
  for attempt in 1 2 3; do
    est=${consume_est[$s]:-0}
    margin=13 # tenths
    if [[ $c -gt ${consume_max_conns[$s]:-0} ]]; then margin=20; fi
    need=$(( (est * d * margin + 9) / 10 + 1000 ))
    fill "$s" "$need"
    consumer_seq=$((consumer_seq + 1))
    id="bench-$phase-c$c-r$rep-$consumer_seq"
    post "$s" /consumers/register "{\"topic\":\"$consume_topic\",\"consumer_id\":\"$id\"}" >/dev/null
    measure "$s" consume "$c" "$d" "$rep" "$phase" "$id"
    local rate=${last_rate%.*}
    if [[ $rate -gt ${consume_est[$s]:-0} ]]; then consume_est[$s]=$rate; fi
    if [[ $c -gt ${consume_max_conns[$s]:-0} ]]; then consume_max_conns[$s]=$c; fi
    if [[ $last_valid == True || $last_204 == 0 ]]; then return 0; fi
    consume_est[$s]=$((${consume_est[$s]} * 2))
    log "$s: the consumer caught up with the topic; filling more and repeating"
  done
}

for s in "${systems[@]}"; do
  post "$s" /topics/register "{\"topic\":\"$produce_topic\"}" >/dev/null
  post "$s" /topics/register "{\"topic\":\"$consume_topic\"}" >/dev/null
done

log "warm-up: produce ${warm_produce}s and consume ${warm_consume}s at 16 connections each"
for s in "${systems[@]}"; do
  measure "$s" produce 16 "$warm_produce" 0 warmup "$consume_topic" "$value_bytes"
  consume_point "$s" 16 "$warm_consume" 0 warmup
done

log "measuring: $reps repetitions x {produce, consume} x {$conns_list} connections x ${systems[*]}, ${duration}s each"
order=0
for ((rep = 1; rep <= reps; rep++)); do
  for workload in produce consume; do
    for c in $conns_list; do
      order=$((order + 1))
      if ((order % 2)); then seq=("${systems[@]}"); else
        seq=(); for ((i = ${#systems[@]} - 1; i >= 0; i--)); do seq+=("${systems[$i]}"); done
      fi
      for s in "${seq[@]}"; do
        if [[ $workload == produce ]]; then
          measure "$s" produce "$c" "$duration" "$rep" measure "$produce_topic" "$value_bytes"
        else
          consume_point "$s" "$c" "$duration" "$rep" measure
        fi
      done
    done
  done
done

# ----------------------------------------------------------- conditions ---

fsync_end=$("$py" "$here/fsync_probe.py" "$data_dir" 300)
log "disk: fdatasync latency at the end: $fsync_end"

conditions="$work/conditions.json"
jvm_pid=""
[[ $baseline_only == 0 ]] && jvm_pid=${server_pid[minikafka]}
"$py" - "$conditions" "$baseline_py" "${server_pid[baseline]}" "$jvm_pid" "$data_dir" "$flush" \
  "$mode" "$duration" "$reps" "$conns_list" "$value_bytes" "$root" "${minikafka_cmd#"$root"/}" \
  "$warm_produce" "$warm_consume" "$fsync_start" "$fsync_end" <<'EOF'
import json, os, platform, re, subprocess, sys
(out, bpy, bpid, jpid, data_dir, flush, mode, duration, reps, conns, value_bytes, root,
 mk_cmd, warm_p, warm_c, fsync_start, fsync_end) = sys.argv[1:]

def sh(*cmd, **kw):
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=60, **kw)
        return (r.stdout + r.stderr).strip()
    except Exception as e:  # noqa: BLE001 - conditions are best effort
        return f"unavailable: {e}"

def cpus_allowed(pid):
    try:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith("Cpus_allowed_list"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return None

cpu_model = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo")
                  if l.startswith("model name")), platform.processor())
cond = {
    "mode": mode, "duration_s": int(duration), "repetitions": int(reps),
    "connections": [int(c) for c in conns.split()], "value_bytes": int(value_bytes),
    "warmup_s": {"produce": int(warm_p), "consume": int(warm_c)},
    "machine": {
        "cpus": os.cpu_count(), "cpu_model": cpu_model, "kernel": platform.release(),
        "cgroup_cpu_max": open("/sys/fs/cgroup/cpu.max").read().strip()
        if os.path.exists("/sys/fs/cgroup/cpu.max") else None,
        "loadavg_at_end": open("/proc/loadavg").read().split()[:3],
        "mem_total_mb": int(open("/proc/meminfo").readline().split()[1]) // 1024,
        "network": "loopback only (127.0.0.1)",
    },
    "disk_fdatasync": {"start": json.loads(fsync_start), "end": json.loads(fsync_end),
                       "fs": " ".join(sh("df", "--output=fstype,source", data_dir).splitlines()[-1].split())},
    "load_generator": {"tool": sh("wrk", "-v").splitlines()[0].split(" Copyright")[0],
                       "threads": "min(connections, 2)", "timeout": "10s",
                       "shares_cores_with_servers": True},
}
bver = sh(bpy, "-c", "import sys, fastapi, uvicorn, pydantic, starlette, h11, importlib.util as u; "
          "print(sys.version.split()[0], fastapi.__version__, uvicorn.__version__, "
          "pydantic.VERSION, starlette.__version__, h11.__version__, "
          "bool(u.find_spec('uvloop')), bool(u.find_spec('httptools')))").split()
cond["baseline"] = {
    "what": "bench/classroom-python/broker.py: FastAPI, in-memory list per topic, asyncio.Lock per topic",
    "interpreter": bpy, "python": bver[0] if bver else None,
    "fastapi": bver[1] if len(bver) > 1 else None, "uvicorn": bver[2] if len(bver) > 2 else None,
    "pydantic": bver[3] if len(bver) > 3 else None, "starlette": bver[4] if len(bver) > 4 else None,
    "h11": bver[5] if len(bver) > 5 else None,
    "event_loop": "uvloop" if len(bver) > 6 and bver[6] == "True" else "asyncio",
    "http_parser": "httptools" if len(bver) > 7 and bver[7] == "True" else "h11",
    "workers": 1, "cpus_visible": os.cpu_count(), "cpus_allowed": cpus_allowed(bpid),
    "durability": "none: RAM only, never written to disk",
}
if jpid:
    exe = os.path.realpath(f"/proc/{jpid}/exe") if os.path.exists(f"/proc/{jpid}/exe") else "java"
    cmdline = open(f"/proc/{jpid}/cmdline").read().split("\0") if os.path.exists(f"/proc/{jpid}/cmdline") else []
    jver = sh(exe, "-version")
    jcmd = os.path.join(os.path.dirname(exe), "jcmd")
    vminfo = sh(jcmd, jpid, "VM.info") if os.path.exists(jcmd) else ""
    m = re.search(r"CPU: total (\d+)", vminfo)
    m2 = re.search(r"CPU: total \d+ \(initial active (\d+)\)", vminfo)
    flags = sh(jcmd, jpid, "VM.flags") if os.path.exists(jcmd) else ""
    gc = re.search(r"-XX:\+Use(\w+GC)", flags)
    rev = sh("git", "-C", root, "rev-parse", "--short", "HEAD")
    dirty = sh("git", "-C", root, "status", "--porcelain", "--untracked-files=no")
    cond["minikafka"] = {
        "launcher": mk_cmd, "git": rev + ("+dirty" if dirty else ""),
        "java": exe, "jdk": jver.splitlines()[0] if jver else None,
        "jdk_full": jver, "jvm_command": [a for a in cmdline if a],
        "gc": gc.group(1) if gc else None,
        "cpus_visible": int(m.group(1)) if m else None,
        "active_processors": int(m2.group(1)) if m2 else None,
        "cpus_allowed": cpus_allowed(jpid), "flush": flush,
        "data_dir_fs": " ".join(sh("df", "--output=fstype,source", data_dir).splitlines()[-1].split()),
        "durability": f"flush={flush}: acked after an fsync covering the write (group commit)"
        if flush == "always" else f"flush={flush}",
    }
with open(out, "w") as f:
    json.dump(cond, f, indent=2)
EOF

# --------------------------------------------------------------- report ---

report_args=(--work "$work" --out "$results_dir/http-classroom-$stamp.json")
[[ $docs == 1 ]] && report_args+=(--docs "$root/docs/benchmarks.md")
"$py" "$here/report.py" "${report_args[@]}"
if [[ $profile == 1 && $baseline_only == 0 ]]; then
  # Stop the broker first so the recording is written (dumponexit).
  kill -TERM -- "-${pid[minikafka]}" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "${pid[minikafka]}" 2>/dev/null || break; sleep 0.1; done
  if [[ -f $work/minikafka.jfr ]]; then
    "$py" "$here/jfr_summary.py" "$work/minikafka.jfr" "$runs" | tee "$work/jfr-summary.txt"
  fi
fi
log "raw results: ${results_dir#"$root"/}/http-classroom-$stamp.json (wrk output in ${work#"$root"/}/wrk)"
[[ $docs == 1 ]] && log "summary: docs/benchmarks.md (section http-classroom)"
exit 0
