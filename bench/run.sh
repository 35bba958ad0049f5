#!/usr/bin/env bash
# ufile-registry benchmark: our registry (WildFly, repo's ./run.sh) vs. CNCF Distribution 2.8.2
# (Debian's docker-registry), same clients, interleaved runs. See bench/README.md.
#
#   bench/run.sh [--quick] [--runs N] [--only a,b,c] [--no-docker] [--wait-load | --no-wait-load]
#
#   --quick         smoke check: 64 MiB / 10 x 1 MiB images, wrk 5 s, 1 run, no load wait
#   --runs N        runs per workload, client, operation and registry (default 5)
#   --only LIST     workloads to run: a (1 big layer), b (many 1 MiB layers), c (wrk manifests)
#   --no-docker     skopeo (and wrk) only
#   --order alt|ab|ba  which registry goes first in each interleaved pair: alt (default) = ours first in
#                   odd runs, Distribution first in even runs; ab = always ours first; ba = always Distribution
#   --wait-load     before measuring, wait (max 25 min, poll 30 s) for the 1-min load < 0.7
#                   (default on in full mode, off with --quick)
# Environment: BENCH_OURS_PORT (5300), BENCH_DIST_PORT (5301), BENCH_MGMT_PORT (9300),
#   BENCH_JAVA_OPTS ("-Xms512m -Xmx1g"), BENCH_KEEP=1 keeps the scratch dir, BENCH_OUT (bench/results);
#   any REGISTRY_* variable (e.g. REGISTRY_STORAGE_FILESYSTEM_FSYNC=false) reaches our registry.
set -uo pipefail
export LC_ALL=C

BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
REPO=$(dirname "$BENCH_DIR")
OUT=${BENCH_OUT:-$BENCH_DIR/results}
OURS_PORT=${BENCH_OURS_PORT:-5300}
DIST_PORT=${BENCH_DIST_PORT:-5301}
MGMT_PORT=${BENCH_MGMT_PORT:-9300}
OURS_JAVA_OPTS=${BENCH_JAVA_OPTS:--Xms512m -Xmx1g}
PY=/usr/bin/python3
D_BIN=/usr/bin/docker

ORIG_ARGS="$*"
QUICK=0 RUNS="" ONLY="a,b,c" DOCKER=1 WAIT_LOAD="" ORDER=alt
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1 ;;
    --runs) RUNS=$2; shift ;;
    --only) ONLY=$2; shift ;;
    --no-docker) DOCKER=0 ;;
    --order) ORDER=$2; shift ;;
    --wait-load) WAIT_LOAD=1 ;;
    --no-wait-load) WAIT_LOAD=0 ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
if [ "$QUICK" = 1 ]; then
  RUNS=${RUNS:-1}; BIG_BYTES=$((64 << 20)); MANY_N=10; WRK_SECS=5; WAIT_LOAD=${WAIT_LOAD:-0}; MODE=quick
else
  RUNS=${RUNS:-5}; BIG_BYTES=$((1 << 30)); MANY_N=100; WRK_SECS=20; WAIT_LOAD=${WAIT_LOAD:-1}; MODE=full
fi
MANY_BYTES=$((1 << 20))
# The first step of a pair was measured slower than the second whichever registry held it (a 1 GiB
# pull: ~+1 s), so by default the order alternates between runs to cancel that position effect.
set_order() { # run
  local o=$ORDER
  [ "$o" = alt ] && { if [ $(($1 % 2)) = 1 ]; then o=ab; else o=ba; fi; }
  if [ "$o" = ab ]; then R1=ours R2=dist; else R1=dist R2=ours; fi
}
case "$ORDER" in alt|ab|ba) ;; *) echo "--order alt|ab|ba" >&2; exit 2 ;; esac
ACCEPT_OCI=application/vnd.oci.image.manifest.v1+json

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
# shellcheck source=lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

# ---------------------------------------------------------------- dependencies (Debian, apt-get)
install_deps() {
  local need=()
  command -v docker-registry >/dev/null || need+=(docker-registry)
  command -v skopeo >/dev/null || need+=(skopeo)
  command -v umoci >/dev/null || need+=(umoci)
  command -v wrk >/dev/null || need+=(wrk)
  command -v hey >/dev/null || need+=(hey)
  command -v curl >/dev/null || need+=(curl)
  command -v openssl >/dev/null || need+=(openssl)
  [ -x "$D_BIN" ] && [ -x /usr/sbin/dockerd ] || need+=(docker.io)
  [ -x "$PY" ] || need+=(python3)
  "$PY" -c 'import matplotlib' 2>/dev/null || need+=(python3-matplotlib)
  if [ ${#need[@]} -gt 0 ]; then
    log "installing from Debian: ${need[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" \
      >/dev/null || die "apt-get install ${need[*]} failed"
  fi
}


# ---------------------------------------------------------------- servers
WORK="" OURS_PID="" DIST_PID="" DOCKERD_PID="" LOADMON_PID=""
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  [ -n "$LOADMON_PID" ] && kill "$LOADMON_PID" 2>/dev/null
  if [ -n "$DOCKERD_PID" ] && kill -0 "$DOCKERD_PID" 2>/dev/null; then
    kill "$DOCKERD_PID" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$DOCKERD_PID" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$DOCKERD_PID" 2>/dev/null
  fi
  [ -n "$DIST_PID" ] && kill "$DIST_PID" 2>/dev/null
  if [ -n "$OURS_PID" ]; then          # its own process group: run.sh -> standalone.sh -> java (and mvn before)
    kill -TERM -- "-$OURS_PID" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 -- "-$OURS_PID" 2>/dev/null || break; sleep 0.2; done
    kill -KILL -- "-$OURS_PID" 2>/dev/null
  fi
  wait 2>/dev/null
  if [ -n "$WORK" ] && [ -d "$WORK" ]; then
    if [ "${BENCH_KEEP:-0}" = 1 ]; then log "kept scratch dir $WORK"; else rm -rf "$WORK"; fi
  fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

wait_http_200() { # url timeout_s pid name
  local url=$1 limit=$2 pid=$3 name=$4 t0=$SECONDS
  while :; do
    [ "$(curl -s -o /dev/null -m 5 -w '%{http_code}' "$url")" = 200 ] && return 0
    kill -0 "$pid" 2>/dev/null || die "$name exited before answering $url (see log below)"$'\n'"$(tail -30 "$WORK/$name.log")"
    [ $((SECONDS - t0)) -ge "$limit" ] && die "$name did not answer $url within ${limit}s"
    sleep 0.5
  done
}

start_ours() {
  log "starting our registry (repo ./run.sh builds the WAR first) on 127.0.0.1:$OURS_PORT"
  mkdir -p "$WORK/ours-data"
  ( cd "$REPO" && REGISTRY_PORT=$OURS_PORT REGISTRY_BIND=127.0.0.1 REGISTRY_MANAGEMENT_PORT=$MGMT_PORT \
      REGISTRY_STORAGE_FILESYSTEM_ROOT=$WORK/ours-data JAVA_OPTS=$OURS_JAVA_OPTS exec setsid ./run.sh ) \
      > "$WORK/ours.log" 2>&1 &
  OURS_PID=$!
  local t0=$SECONDS
  wait_http_200 "http://127.0.0.1:$OURS_PORT/v2/" 1200 "$OURS_PID" ours
  log "our registry answers /v2/ after $((SECONDS - t0))s (build + boot)"
  OURS_JAVA=$(pgrep -g "$OURS_PID" -f jboss-modules.jar | head -1)
  [ -n "$OURS_JAVA" ] || log "warning: our JVM's pid not found, server CPU will read 0"
}

start_dist() {
  mkdir -p "$WORK/dist-data"
  cat > "$WORK/dist.yml" <<EOF
version: 0.1
log: {level: error, formatter: text, accesslog: {disabled: true}}
storage: {cache: {blobdescriptor: inmemory}, filesystem: {rootdirectory: $WORK/dist-data}, delete: {enabled: true}}
http: {addr: 127.0.0.1:$DIST_PORT, headers: {X-Content-Type-Options: [nosniff]}}
EOF
  /usr/bin/docker-registry serve "$WORK/dist.yml" > "$WORK/dist.log" 2>&1 &
  DIST_PID=$!
  wait_http_200 "http://127.0.0.1:$DIST_PORT/v2/" 60 "$DIST_PID" dist
  log "Distribution $(/usr/bin/docker-registry --version 2>/dev/null | awk '{print $NF}') answers on 127.0.0.1:$DIST_PORT"
}


wait_for_load() {
  local t0=$SECONDS l
  while :; do
    l=$(cut -d' ' -f1 /proc/loadavg)
    if awk "BEGIN{exit !($l < 0.7)}"; then LOAD_WAIT="load1 $l < 0.7 after $((SECONDS - t0))s wait"; break; fi
    if [ $((SECONDS - t0)) -ge 1500 ]; then LOAD_WAIT="gave up waiting after 25 min, load1 $l"; break; fi
    log "load1 $l >= 0.7, waiting (waited $((SECONDS - t0))s of max 1500s)"
    sleep 30
  done
  log "$LOAD_WAIT"
}

# ---------------------------------------------------------------- measurement helpers
RAW="" T="" RC="" SRV_CPU="" OURS_JAVA=""
TICK=$(getconf CLK_TCK)
hostof() { if [ "$1" = ours ]; then echo "127.0.0.1:$OURS_PORT"; else echo "127.0.0.1:$DIST_PORT"; fi; }

srvpid() { if [ "$1" = ours ]; then echo "$OURS_JAVA"; else echo "$DIST_PID"; fi; }
cputicks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }

record() { # workload client op registry run value unit status note  (+ server CPU s of the last timed step)
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@" "$SRV_CPU" >> "$RAW"
  log "$(printf '%-6s %-6s %-5s %-4s run %s: %s %s %s %s' "$@") [server cpu ${SRV_CPU}s]"
  SRV_CPU=""
}

timed() { # registry cmd...; output to $WORK/op.log; sets T (wall s), RC and SRV_CPU (that server's CPU s)
  local pid; pid=$(srvpid "$1"); shift
  sync                      # dirty pages from earlier steps are not flushed inside the next timed step
  local c0; c0=$(cputicks "$pid")
  local t0=$EPOCHREALTIME
  timeout 1200 "$@" > "$WORK/op.log" 2>&1
  RC=$?
  local t1=$EPOCHREALTIME
  local c1; c1=$(cputicks "$pid")
  T=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", b - a}')
  SRV_CPU=$(awk -v a="$c0" -v b="$c1" -v t="$TICK" 'BEGIN{printf "%.2f", (b - a) / t}')
}

opfail() { # short reason from the op log
  echo "rc=$RC $(tail -c 300 "$WORK/op.log" | tr '\t\n' '  ' | cut -c1-200)"
}

gen_image() { # dir layers bytes seed
  rm -rf "$1"
  "$PY" "$BENCH_DIR/lib/mkimage.py" "$1" app "$2" "$3" "$4" || die "image generation failed"
}

skopeo_push() { # wl run reg img repo
  local wl=$1 run=$2 reg=$3 img=$4 repo=$5 host; host=$(hostof "$reg")
  rm -f "$WORK/digest"
  timed "$reg" skopeo copy --quiet --dest-tls-verify=false --digestfile "$WORK/digest" "oci:$img:app" "docker://$host/$repo:1"
  local want; want=$("$PY" -c 'import json,sys;print(json.load(open(sys.argv[1]))["manifest"])' "$img/expected.json")
  if [ "$RC" = 0 ] && [ "$(cat "$WORK/digest" 2>/dev/null)" = "$want" ]; then
    record "$wl" skopeo push "$reg" "$run" "$T" s ok ""
  else
    record "$wl" skopeo push "$reg" "$run" "$T" s fail "$(opfail) digest=$(cat "$WORK/digest" 2>/dev/null)"
  fi
}

skopeo_pull() { # wl run reg img repo
  local wl=$1 run=$2 reg=$3 img=$4 repo=$5 host dst="$WORK/pulled"; host=$(hostof "$reg")
  rm -rf "$dst"
  timed "$reg" skopeo copy --quiet --src-tls-verify=false "docker://$host/$repo:1" "oci:$dst:app"
  local v
  if [ "$RC" = 0 ] && v=$("$PY" "$BENCH_DIR/lib/verify.py" oci "$img/expected.json" "$dst"); then
    record "$wl" skopeo pull "$reg" "$run" "$T" s ok ""
  else
    record "$wl" skopeo pull "$reg" "$run" "$T" s fail "$(opfail) $v"
  fi
  rm -rf "$dst"
}

declare -A PUSHED
docker_load() { # img tag -> loads as bench/load:tag; returns 0 if image id = config digest
  local img=$1 tag=$2
  rm -f "$WORK/load.tar"
  skopeo copy --quiet "oci:$img:app" "docker-archive:$WORK/load.tar:bench/load:$tag" >"$WORK/op.log" 2>&1 \
    && D load -q -i "$WORK/load.tar" >>"$WORK/op.log" 2>&1
  local rc=$?
  rm -f "$WORK/load.tar"
  [ $rc = 0 ] || { log "docker load failed: $(tail -3 "$WORK/op.log")"; return 1; }
}

docker_rmi_all() {
  local ids; ids=$(D image ls -aq | sort -u)
  [ -n "$ids" ] && D rmi -f $ids >/dev/null 2>&1
  [ -z "$(D image ls -aq)" ] || log "warning: images left in dockerd after rmi"
}

docker_push() { # wl run reg repo
  local wl=$1 run=$2 reg=$3 repo=$4 host; host=$(hostof "$reg")
  local ref="$host/$repo:1"
  timed "$reg" "${DCMD[@]}" push "$ref"
  local dg; dg=$(grep -o 'digest: sha256:[0-9a-f]\{64\}' "$WORK/op.log" | tail -1 | cut -d' ' -f2)
  PUSHED[$reg]=$dg
  if [ "$RC" = 0 ] && [ -n "$dg" ]; then
    record "$wl" docker push "$reg" "$run" "$T" s ok ""
  else
    record "$wl" docker push "$reg" "$run" "$T" s fail "$(opfail)"
  fi
}

docker_pull() { # wl run reg repo img
  local wl=$1 run=$2 reg=$3 repo=$4 img=$5 host; host=$(hostof "$reg")
  local ref="$host/$repo:1"
  docker_rmi_all
  timed "$reg" "${DCMD[@]}" pull "$ref"
  local dg v=""; dg=$(grep -o 'Digest: sha256:[0-9a-f]\{64\}' "$WORK/op.log" | tail -1 | cut -d' ' -f2)
  if [ "$RC" = 0 ] && [ -n "$dg" ] && [ "$dg" = "${PUSHED[$reg]:-}" ] \
     && v=$("$PY" "$BENCH_DIR/lib/verify.py" docker "$img/expected.json" \
             "$(D image inspect -f '{{.Id}}' "$ref")" "$(D image inspect -f '{{json .RootFS.Layers}}' "$ref")"); then
    record "$wl" docker pull "$reg" "$run" "$T" s ok ""
  else
    record "$wl" docker pull "$reg" "$run" "$T" s fail "$(opfail) pulled=$dg pushed=${PUSHED[$reg]:-} $v"
  fi
  docker_rmi_all
}

# one image workload: wl name, layers, bytes per layer
image_workload() {
  local wl=$1 nl=$2 bytes=$3 run img
  for run in $(seq 1 "$RUNS"); do
    img="$WORK/img-$wl"
    set_order "$run"
    gen_image "$img" "$nl" "$bytes" "$STAMP-$wl-$run"
    local repo="bench/$wl-skopeo-$run"
    skopeo_push "$wl" "$run" $R1 "$img" "$repo"
    skopeo_push "$wl" "$run" $R2 "$img" "$repo"
    skopeo_pull "$wl" "$run" $R1 "$img" "$repo"
    skopeo_pull "$wl" "$run" $R2 "$img" "$repo"
    if [ "$DOCKER" = 1 ]; then
      repo="bench/$wl-docker-$run"
      docker_rmi_all
      if docker_load "$img" "$run"; then
        D tag "bench/load:$run" "$(hostof ours)/$repo:1" && D tag "bench/load:$run" "$(hostof dist)/$repo:1"
        PUSHED=()
        docker_push "$wl" "$run" $R1 "$repo"
        docker_push "$wl" "$run" $R2 "$repo"
        docker_pull "$wl" "$run" $R1 "$repo" "$img"
        docker_pull "$wl" "$run" $R2 "$repo" "$img"
      else
        local r
        for r in ours dist; do
          record "$wl" docker push "$r" "$run" "" s fail "docker load failed"
          record "$wl" docker pull "$r" "$run" "" s fail "docker load failed"
        done
      fi
    fi
    rm -rf "$img"
  done
}

wrk_run() { # run reg method
  local run=$1 reg=$2 method=$3 host; host=$(hostof "$reg")
  BENCH_METHOD=$method timed "$reg" wrk -t2 -c32 -d"${WRK_SECS}s" --timeout 5s -s "$BENCH_DIR/lib/manifest.lua" \
    "http://$host/v2/bench/wrk/manifests/1"
  local line; line=$(grep '^BENCH ' "$WORK/op.log" | tail -1)
  # BENCH requests seconds rps connect read write status timeout p50_us p99_us
  set -- $line
  if [ "$RC" = 0 ] && [ -n "$line" ] && [ "${2:-0}" -gt 0 ] && [ "${8:-1}" = 0 ]; then
    local errs=$(( $5 + $6 + $7 + $9 ))
    record c wrk "$method" "$reg" "$run" "$4" req/s ok "p50=${10}us p99=${11}us sockerr=$errs"
  else
    record c wrk "$method" "$reg" "$run" "${4:-}" req/s fail "$(opfail) $line"
  fi
}

# wrk 4.1.0 (Debian) cannot measure HEAD: its response parser is never told the request was HEAD and
# waits for the Content-Length body that never comes (0 requests completed). HEAD therefore uses hey
# (Go net/http, handles HEAD); GET uses wrk as planned. Same client for both registries either way.
hey_run() { # run reg
  local run=$1 reg=$2 host; host=$(hostof "$reg")
  timed "$reg" hey -m HEAD -c 32 -z "${WRK_SECS}s" -t 5 -H "Accept: $ACCEPT_OCI" "http://$host/v2/bench/wrk/manifests/1"
  local rps n200 nother nerr p50 p99
  rps=$(awk '/Requests\/sec:/{print $2}' "$WORK/op.log")
  n200=$(awk '$1=="[200]"{print $2}' "$WORK/op.log")
  nother=$(awk '$1 ~ /^\[[0-9][0-9][0-9]\]$/ && $1 != "[200]"{s+=$2} END{print s+0}' "$WORK/op.log")
  nerr=$(awk '/Error distribution:/{f=1;next} f && /\[[0-9]+\]/{gsub(/[\[\]]/,"",$1); s+=$1} END{print s+0}' "$WORK/op.log")
  p50=$(awk '$1=="50%"{printf "%.0f", $3*1e6}' "$WORK/op.log")
  p99=$(awk '$1=="99%"{printf "%.0f", $3*1e6}' "$WORK/op.log")
  if [ "$RC" = 0 ] && [ -n "$rps" ] && [ "${n200:-0}" -gt 0 ] && [ "$nother" = 0 ]; then
    record c hey HEAD "$reg" "$run" "$rps" req/s ok "p50=${p50}us p99=${p99}us errors=$nerr"
  else
    record c hey HEAD "$reg" "$run" "${rps:-}" req/s fail "$(opfail) 200s=${n200:-0} other=$nother errors=$nerr"
  fi
}

wrk_check() { # reg: HEAD and GET by tag answer 200 with the manifest's digest
  local host url; host=$(hostof "$1")
  url="http://$host/v2/bench/wrk/manifests/1"
  local h g
  h=$(curl -s -I -H "Accept: $ACCEPT_OCI" -o /dev/null -w '%{http_code}' "$url")
  g=$(curl -s -H "Accept: $ACCEPT_OCI" -o "$WORK/m.json" -w '%{http_code}' "$url")
  [ "$h" = 200 ] && [ "$g" = 200 ] && [ "sha256:$(sha256sum < "$WORK/m.json" | cut -d' ' -f1)" = "$WRK_MANIFEST" ] \
    || die "manifest check on $1 failed: HEAD $h GET $g"
}

# ---------------------------------------------------------------- main
install_deps
for p in "$OURS_PORT" "$DIST_PORT" "$MGMT_PORT"; do port_busy "$p" && die "port $p is in use"; done
WORK=$(mktemp -d /tmp/ufb.XXXXXX)
RAW="$WORK/raw.tsv"
STAMP=$(date +%s)-$$
: > "$RAW"
T_START=$SECONDS

start_ours
start_dist
[ "$DOCKER" = 1 ] && start_dockerd "$WORK/dockerd.log"

# warm-up (untimed): a small image pushed and pulled on both; it is also wrk's target
gen_image "$WORK/img-warm" 3 $((4 << 20)) "$STAMP-warm"
WRK_MANIFEST=$("$PY" -c 'import json,sys;print(json.load(open(sys.argv[1]))["manifest"])' "$WORK/img-warm/expected.json")
for reg in ours dist; do
  host=$(hostof "$reg")
  skopeo copy --quiet --dest-tls-verify=false "oci:$WORK/img-warm:app" "docker://$host/bench/wrk:1" \
    || die "warm-up push to $reg failed"
  rm -rf "$WORK/pulled"
  skopeo copy --quiet --src-tls-verify=false "docker://$host/bench/wrk:1" "oci:$WORK/pulled:app" \
    && "$PY" "$BENCH_DIR/lib/verify.py" oci "$WORK/img-warm/expected.json" "$WORK/pulled" >/dev/null \
    || die "warm-up pull from $reg failed or differs"
  wrk_check "$reg"
  wrk -t2 -c32 -d3s -s "$BENCH_DIR/lib/manifest.lua" "http://$host/v2/bench/wrk/manifests/1" >/dev/null 2>&1
  hey -m HEAD -c 32 -z 3s -H "Accept: $ACCEPT_OCI" "http://$host/v2/bench/wrk/manifests/1" >/dev/null 2>&1
done
rm -rf "$WORK/pulled"
log "warm-up done"

LOAD_WAIT="not waited (--quick or --no-wait-load)"
[ "$WAIT_LOAD" = 1 ] && wait_for_load
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
( while :; do echo "$(date +%s) $(cut -d' ' -f1 /proc/loadavg)"; sleep 10; done ) > "$WORK/load.log" &
LOADMON_PID=$!
T_MEASURE=$SECONDS
DATE_START=$(date -u '+%Y-%m-%d %H:%M:%S UTC')

case ",$ONLY," in *,a,*)
  log "workload a: one $((BIG_BYTES >> 20)) MiB layer, $RUNS run(s)"
  image_workload a 1 "$BIG_BYTES" ;;
esac
case ",$ONLY," in *,b,*)
  log "workload b: $MANY_N layers of 1 MiB, $RUNS run(s)"
  image_workload b "$MANY_N" "$MANY_BYTES" ;;
esac
case ",$ONLY," in *,c,*)
  log "workload c: manifest by tag, HEAD (hey -c32 -z${WRK_SECS}s) and GET (wrk -t2 -c32 -d${WRK_SECS}s), $RUNS run(s)"
  for run in $(seq 1 "$RUNS"); do
    set_order "$run"
    hey_run "$run" $R1; hey_run "$run" $R2
    wrk_run "$run" $R1 GET; wrk_run "$run" $R2 GET
  done ;;
esac

MEASURE_SECS=$((SECONDS - T_MEASURE))
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
kill "$LOADMON_PID" 2>/dev/null; LOADMON_PID=""

# server-side evidence for the report: GC / heap of our JVM, server log warnings
OURS_RSS=""; [ -n "$OURS_JAVA" ] && OURS_RSS=$(awk '/VmHWM/{print $2" "$3}' "/proc/$OURS_JAVA/status" 2>/dev/null)
DIST_RSS=$(awk '/VmHWM/{print $2" "$3}' "/proc/$DIST_PID/status" 2>/dev/null)
OURS_WARN=$(grep -cE ' (WARN|ERROR) ' "$WORK/ours.log" 2>/dev/null)
cp "$WORK/ours.log" "$WORK/ours.log.keep" 2>/dev/null

mkdir -p "$OUT"
cat > "$WORK/meta.txt" <<EOF
mode=$MODE
order=$ORDER
runs=$RUNS
command=bench/run.sh ${ORIG_ARGS:-}
date=$DATE_START
commit=$(git -C "$REPO" rev-parse --short HEAD)$(git -C "$REPO" diff --quiet HEAD -- src pom.xml run.sh server-config 2>/dev/null || echo ' (registry sources modified)')
branch=$(git -C "$REPO" rev-parse --abbrev-ref HEAD)
nproc=$(nproc)
mem=$(free -m | awk '/^Mem:/{print $2" MiB total, "$7" MiB available"}')
uname=$(uname -srm)
cpu=$(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo)
versions=Distribution $(/usr/bin/docker-registry --version 2>/dev/null | awk '{print $NF}'); $(skopeo --version); docker $("$D_BIN" --version | awk '{print $3}' | tr -d ,); $(wrk -v 2>&1 | head -1 | awk '{print $1" "$2}'); hey $(dpkg-query -W -f '${Version}' hey 2>/dev/null); $(java -version 2>&1 | head -1)
ours=WildFly 38 via ./run.sh, JAVA_OPTS=$OURS_JAVA_OPTS, fsync=${REGISTRY_STORAGE_FILESYSTEM_FSYNC:-true} (default), peak RSS ${OURS_RSS:-?}, WARN/ERROR log lines $OURS_WARN
dist=docker-registry serve, filesystem storage, blobdescriptor cache inmemory, log level error, access log off, peak RSS ${DIST_RSS:-?}
sizes=a: 1 layer of $((BIG_BYTES >> 20)) MiB random data (gzip, stored blocks); b: $MANY_N layers of 1 MiB; c: HEAD hey -c32 -z${WRK_SECS}s, GET wrk -t2 -c32 -d${WRK_SECS}s
load_wait=$LOAD_WAIT
load_before=$LOAD_BEFORE
load_after=$LOAD_AFTER
load_during=$(awk '{print $2}' "$WORK/load.log" | sort -n | awk '{a[NR]=$1} END{if(NR) printf "min %s / median %s / max %s (%d samples, every 10 s)", a[1], a[int((NR+1)/2)], a[NR], NR}')
measure_secs=$MEASURE_SECS
total_secs=$((SECONDS - T_START))
EOF
"$PY" "$BENCH_DIR/lib/report.py" "$RAW" "$WORK/meta.txt" "$OUT" || die "report failed"
log "wrote $OUT/latest.md and $OUT/latest.png (measurement ${MEASURE_SECS}s, total $((SECONDS - T_START))s)"
grep -q $'\tfail\t' "$RAW" && { log "some runs FAILED, see $OUT/latest.md"; exit 3; }
exit 0
