#!/usr/bin/env bash
# ufile-registry on UFile storage: benchmark and soak against the signature-checking UFile stand-in
# (src/test/java/org/ufileregistry/ufile/fake), same clients as bench/run.sh, 127.0.0.1 only.
# See "bench/ufile.sh" in bench/README.md.
#
#   bench/ufile.sh [--quick] [--runs N] [--only 1,2,3,4] [--no-docker]
#
#   1  push/pull of one big layer with skopeo: filesystem storage vs UFile with 20 ms added to every
#      UFile request, N interleaved runs (fs,ufile | ufile,fs | ...), medians and ratio ufile/fs
#   2  the same size pushed and pulled with skopeo and docker through UFile, digests compared, once
#      without faults and once with 5% 503s + 1% connection resets (seed 7); fake stats per operation
#   3  the faulty run again with UFILE_RETRIES=0: must fail cleanly (503 UNAVAILABLE, no incident)
#   4  -Xmx256m registry, a layer twice the size pushed and pulled through UFile with skopeo
#   --quick      64 MiB / 128 MiB layers, 1 run (~3-4 min); default: 1 GiB / 2 GiB, 3 runs (~20 min)
#   --runs N     runs of part 1 (default 3)
#   --only LIST  parts to run (default 1,2,3,4)
#   --no-docker  skopeo only in parts 2 and 3
# Environment: UFB_JAVA_OPTS (parts 1-3, default "-Xms512m -Xmx1g", as bench/run.sh),
#   UFB_WARM_MIB (untimed warm-up push+pull after each registry start: 1024, --quick 8),
#   UFB_LATENCY_MS (part 1's added latency, default 20), UFB_FAKE_JAVA_OPTS (stand-in JVM),
#   UFB_KEEP=1 keeps the scratch dir (fake's data, server logs), UFB_OUT (default bench/results).
# Ports: 5500 our registry, 9500 its management, 9750 the fake. Run as root (dockerd).
set -uo pipefail
export LC_ALL=C

BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
REPO=$(dirname "$BENCH_DIR")
OUT=${UFB_OUT:-$BENCH_DIR/results}
REG_PORT=5500 MGMT_PORT=9500 FAKE_PORT=9750
REG="127.0.0.1:$REG_PORT"
FAKE="http://127.0.0.1:$FAKE_PORT"
JOPTS=${UFB_JAVA_OPTS:--Xms512m -Xmx1g}
SMALL_HEAP="-Xmx256m"
PY=/usr/bin/python3
D_BIN=/usr/bin/docker
FAULTS="error503Rate=0.05&resetRate=0.01&seed=7"
LATENCY="latencyMs=${UFB_LATENCY_MS:-20}"

ORIG_ARGS="$*"
QUICK=0 RUNS="" ONLY="1,2,3,4" DOCKER=1
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1 ;;
    --runs) RUNS=$2; shift ;;
    --only) ONLY=$2; shift ;;
    --no-docker) DOCKER=0 ;;
    -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
if [ "$QUICK" = 1 ]; then
  RUNS=${RUNS:-1}; BIG=$((64 << 20)); HUGE=$((128 << 20)); MODE=quick; WARM_MIB=${UFB_WARM_MIB:-8}
else
  # The warm-up is as big as the timed push: the per-request code of the UFile client reaches the
  # JIT's thresholds only after hundreds of UFile requests. With an 8 MiB warm-up the registry's
  # compiler threads took 1.4-1.6 s of CPU during the timed 1 GiB push, after 2 x 128 MiB still
  # 0.9 s (bench/ufile-trace.sh); a registry in service has long compiled it.
  RUNS=${RUNS:-3}; BIG=$((1 << 30)); HUGE=$((2 << 30)); MODE=full; WARM_MIB=${UFB_WARM_MIB:-1024}
fi
has() { case ",$ONLY," in *,$1,*) return 0 ;; esac; return 1; }

log() { printf '[ufile.sh %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
# shellcheck source=lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

# ---------------------------------------------------------------- processes, cleanup
WORK="" FAKE_PID="" REG_PID="" REG_JAVA="" REG_LABEL="" DOCKERD_PID="" LOADMON_PID=""
stop_registry() {
  [ -n "$REG_PID" ] || return 0
  kill -TERM -- "-$REG_PID" 2>/dev/null   # own process group: run.sh -> standalone.sh -> java
  for _ in $(seq 1 75); do kill -0 -- "-$REG_PID" 2>/dev/null || break; sleep 0.2; done
  kill -KILL -- "-$REG_PID" 2>/dev/null
  wait "$REG_PID" 2>/dev/null
  # run.sh wipes target/run-server on the next start: keep this instance's server log
  [ -n "$WORK" ] && cp "$REPO/target/run-server/log/server.log" "$WORK/logs/$REG_LABEL.server.log" 2>/dev/null
  REG_PID="" REG_JAVA=""
}
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  [ -n "$LOADMON_PID" ] && kill "$LOADMON_PID" 2>/dev/null
  if [ -n "$DOCKERD_PID" ] && kill -0 "$DOCKERD_PID" 2>/dev/null; then
    kill "$DOCKERD_PID" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$DOCKERD_PID" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$DOCKERD_PID" 2>/dev/null
  fi
  stop_registry
  if [ -n "$FAKE_PID" ]; then
    kill "$FAKE_PID" 2>/dev/null
    for _ in $(seq 1 25); do kill -0 "$FAKE_PID" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$FAKE_PID" 2>/dev/null
  fi
  wait 2>/dev/null
  if [ -n "$WORK" ] && [ -d "$WORK" ]; then
    if [ "${UFB_KEEP:-0}" = 1 ]; then log "kept scratch dir $WORK"
    else
      # the report links nothing in here; keep the small logs next to the results instead
      rm -rf "$WORK"
    fi
  fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM


start_fake() {
  mkdir -p "$WORK/fake-data"
  java -Xmx512m ${UFB_FAKE_JAVA_OPTS:-} -cp "$REPO/target/test-classes" org.ufileregistry.ufile.fake.FakeUFile --port "$FAKE_PORT" \
    --bucket test-bucket --public-key ufb-pub --private-key ufb-priv --data-dir "$WORK/fake-data" \
    > "$WORK/logs/fake.out" 2> "$WORK/logs/fake.err" &
  FAKE_PID=$!
  for _ in $(seq 1 60); do
    curl -sf -o /dev/null "$FAKE/__fake/stats" && { log "fake UFile: $(head -1 "$WORK/logs/fake.out") (pid $FAKE_PID)"; return 0; }
    kill -0 "$FAKE_PID" 2>/dev/null || break
    sleep 0.5
  done
  cat "$WORK/logs/fake.err" >&2
  die "fake UFile did not start"
}
fake_set() { # query string (replaces the whole fault setup); stats are zeroed too
  curl -sf -o /dev/null -X POST "$FAKE/__fake/reset" || die "fake reset failed"
  curl -sf -o /dev/null -X POST "$FAKE/__fake/faults?$1" || die "fake faults $1 failed"
}
fake_stats() { "$PY" "$BENCH_DIR/lib/ufstats.py" "$FAKE" 2>/dev/null || echo '{}'; }

START_COUNT=0
start_registry() { # label storage(fs|ufile) java_opts [VAR=value ...]
  local label=$1 storage=$2 jopts=$3; shift 3
  stop_registry
  START_COUNT=$((START_COUNT + 1))
  REG_LABEL="$START_COUNT-$label"
  local env=(REGISTRY_PORT=$REG_PORT REGISTRY_BIND=127.0.0.1 REGISTRY_MANAGEMENT_PORT=$MGMT_PORT
             "JAVA_OPTS=$jopts" REGISTRY_STORAGE_FILESYSTEM_ROOT=$WORK/fs-data)
  if [ "$storage" = ufile ]; then
    env+=(REGISTRY_STORAGE=ufile UFILE_BASEURL=$FAKE UFILE_BUCKET=test-bucket UFILE_PUBLIC_KEY=ufb-pub
          UFILE_PRIVATE_KEY=ufb-priv UFILE_PREFIX=ufb-$STAMP)
  else
    env+=(REGISTRY_STORAGE=filesystem)
  fi
  env+=("$@")
  log "starting registry '$REG_LABEL' ($storage, JAVA_OPTS=$jopts $*) via ./run.sh"
  ( cd "$REPO" && exec env "${env[@]}" setsid ./run.sh ) > "$WORK/logs/$REG_LABEL.out" 2>&1 &
  REG_PID=$!
  local t0=$SECONDS
  while :; do
    [ "$(curl -s -o /dev/null -m 5 -w '%{http_code}' "http://$REG/v2/")" = 200 ] && break
    kill -0 "$REG_PID" 2>/dev/null || die "registry exited before answering:"$'\n'"$(tail -30 "$WORK/logs/$REG_LABEL.out")"
    [ $((SECONDS - t0)) -ge 600 ] && die "registry did not answer /v2/ within 600s"
    sleep 0.5
  done
  REG_JAVA=$(pgrep -g "$REG_PID" -f jboss-modules.jar | head -1)
  log "registry answers after $((SECONDS - t0))s (build + boot), JVM pid ${REG_JAVA:-?}"
  if [ "$storage" = ufile ]; then
    curl -s -m 10 "http://127.0.0.1:$MGMT_PORT/health/ready" > "$WORK/ready.json"
    grep -q '"UP"' "$WORK/ready.json" || log "warning: /health/ready: $(cat "$WORK/ready.json")"
  fi
}


# ---------------------------------------------------------------- measurement helpers
RAW="" T="" RC="" SRV_CPU="" FAKE_CPU=""
TICK=$(getconf CLK_TCK)
cputicks() { [ -n "$1" ] && awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
OPN=0
timed() { # cmd...; output in $WORK/op.log (also kept in logs/op-N.log); sets T, RC, SRV_CPU
  sync
  local c0 t0 t1 c1 f0 f1; c0=$(cputicks "$REG_JAVA"); f0=$(cputicks "${FAKE_PID:-}"); t0=$EPOCHREALTIME
  timeout "${OP_TIMEOUT:-900}" "$@" > "$WORK/op.log" 2>&1
  RC=$?
  t1=$EPOCHREALTIME; c1=$(cputicks "$REG_JAVA"); f1=$(cputicks "${FAKE_PID:-}")
  T=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", b - a}')
  SRV_CPU=$(awk -v a="$c0" -v b="$c1" -v t="$TICK" 'BEGIN{printf "%.1f", (b - a) / t}')
  FAKE_CPU=$(awk -v a="$f0" -v b="$f1" -v t="$TICK" 'BEGIN{printf "%.1f", (b - a) / t}')
  OPN=$((OPN + 1)); cp "$WORK/op.log" "$WORK/logs/op-$OPN.log"
}
clientout() { # last lines of the client's output, without docker's "Retrying in N seconds" countdown
  tr '\r' '\n' < "$WORK/op.log" | grep -v 'Retrying in [0-9]* second' | tail -c 600 | tr '\t\n' '  ' | sed 's/  */ /g' | cut -c1-500; }

record() { # part cond client op storage run seconds status note ; + server cpu, fake stats
  local fs='-'; [ "$5" = ufile ] && fs=$(fake_stats)
  local note=$9
  if [ "$5" = ufile ] && [ "$8" = fail ]; then  # which injected faults preceded the failure
    curl -s "$FAKE/__fake/requests" > "$WORK/logs/fake-requests-op-$OPN.json"
    note="$note | injected: $("$PY" -c 'import json,sys
rs=json.load(open(sys.argv[1])); f=[r for r in rs if r.get("fault")]
print("; ".join("%s %s %s (%s)" % (r["fault"], r["operation"], r["key"].split("/")[-1][-40:], r["status"]) for r in f[-4:]) or "none", "| last UFile request:", rs[-1]["operation"], rs[-1]["key"].split("/")[-1][-40:], rs[-1]["status"], rs[-1].get("fault") or "") if rs else print("no requests")' "$WORK/logs/fake-requests-op-$OPN.json" 2>/dev/null)"
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5" "$6" "$7" "$8" "$SRV_CPU" "$fs" "$note" >> "$RAW"
  log "$(printf 'part %s %-8s %-6s %-4s %-5s run %s: %ss %s %s' "$1" "$2" "$3" "$4" "$5" "$6" "$7" "$8" "$9") [server cpu ${SRV_CPU}s, stand-in cpu ${FAKE_CPU}s]"
  [ "$5" = ufile ] && log "  fake: $fs"
  SRV_CPU=""
}

gen_image() { # dir bytes seed
  rm -rf "$1"
  "$PY" "$BENCH_DIR/lib/mkimage.py" "$1" app 1 "$2" "$3" > /dev/null || die "image generation failed"
}
want_manifest() { "$PY" -c 'import json,sys;print(json.load(open(sys.argv[1]))["manifest"])' "$1/expected.json"; }

skopeo_push() { # part cond storage run img repo faults ; sets OK
  local img=$5 repo=$6
  rm -f "$WORK/digest"
  [ "$3" = ufile ] && fake_set "$7"
  timed skopeo copy --quiet --dest-tls-verify=false --digestfile "$WORK/digest" "oci:$img:app" "docker://$REG/$repo:1"
  if [ "$RC" = 0 ] && [ "$(cat "$WORK/digest" 2>/dev/null)" = "$(want_manifest "$img")" ]; then
    OK=1; record "$1" "$2" skopeo push "$3" "$4" "$T" ok "manifest $(cut -c1-19 "$WORK/digest")"
  else
    OK=0; record "$1" "$2" skopeo push "$3" "$4" "$T" fail "rc=$RC digest=$(cat "$WORK/digest" 2>/dev/null) client: $(clientout)"
  fi
}
skopeo_pull() { # part cond storage run img repo faults
  local img=$5 repo=$6 dst="$WORK/pulled" v
  rm -rf "$dst"
  [ "$3" = ufile ] && fake_set "$7"
  timed skopeo copy --quiet --src-tls-verify=false "docker://$REG/$repo:1" "oci:$dst:app"
  if [ "$RC" = 0 ] && v=$("$PY" "$BENCH_DIR/lib/verify.py" oci "$img/expected.json" "$dst" 2>&1); then
    OK=1; record "$1" "$2" skopeo pull "$3" "$4" "$T" ok "$v"
  else
    OK=0; record "$1" "$2" skopeo pull "$3" "$4" "$T" fail "rc=$RC ${v:-} client: $(clientout)"
  fi
  rm -rf "$dst"
}
docker_rmi_all() {
  local ids; ids=$(D image ls -aq | sort -u)
  [ -n "$ids" ] && D rmi -f $ids >/dev/null 2>&1
}
PUSHED_DG=""
docker_push() { # part cond run img repo faults
  local img=$4 ref="$REG/$5:1"
  docker_rmi_all
  rm -f "$WORK/load.tar"
  skopeo copy --quiet "oci:$img:app" "docker-archive:$WORK/load.tar:ufb/load:1" >"$WORK/op.log" 2>&1 \
    && D load -q -i "$WORK/load.tar" >>"$WORK/op.log" 2>&1 && D tag ufb/load:1 "$ref" \
    || { rm -f "$WORK/load.tar"; SRV_CPU=""; record "$1" "$2" docker push ufile "$3" "" fail "docker load failed: $(clientout)"; OK=0; return; }
  rm -f "$WORK/load.tar"
  fake_set "$6"
  timed "${DCMD[@]}" push "$ref"
  PUSHED_DG=$(grep -o 'digest: sha256:[0-9a-f]\{64\}' "$WORK/op.log" | tail -1 | cut -d' ' -f2)
  if [ "$RC" = 0 ] && [ -n "$PUSHED_DG" ]; then
    OK=1; record "$1" "$2" docker push ufile "$3" "$T" ok "manifest ${PUSHED_DG:0:19}"
  else
    OK=0; record "$1" "$2" docker push ufile "$3" "$T" fail "rc=$RC client: $(clientout)"
  fi
}
docker_pull() { # part cond run img repo faults expected_digest
  local img=$4 ref="$REG/$5:1" dg v=""
  docker_rmi_all
  fake_set "$6"
  timed "${DCMD[@]}" pull "$ref"
  dg=$(grep -o 'Digest: sha256:[0-9a-f]\{64\}' "$WORK/op.log" | tail -1 | cut -d' ' -f2)
  if [ "$RC" = 0 ] && [ -n "$dg" ] && [ "$dg" = "$7" ] \
     && v=$("$PY" "$BENCH_DIR/lib/verify.py" docker "$img/expected.json" \
             "$(D image inspect -f '{{.Id}}' "$ref")" "$(D image inspect -f '{{json .RootFS.Layers}}' "$ref")" 2>&1); then
    OK=1; record "$1" "$2" docker pull ufile "$3" "$T" ok "digest = pushed; $v"
  else
    OK=0; record "$1" "$2" docker pull ufile "$3" "$T" fail "rc=$RC pulled=$dg pushed=$7 $v client: $(clientout)"
  fi
  docker_rmi_all
}

# Part 3 evidence the clients cannot give: the registry's own answers under faults, by curl.
probe_statuses() { # repo_with_image layer_digest n -> appends lines to $WORK/probe.tsv
  local repo=$1 layer=$2 n=$3 i code body
  : > "$WORK/probe.tsv"
  head -c $((8 << 20)) /dev/urandom > "$WORK/probe.bin"
  for i in $(seq 1 "$n"); do
    # monolithic upload of a fresh 8 MiB blob (2 UFile blocks): several UFile calls
    printf '%s' "$i" >> "$WORK/probe.bin"
    local dg="sha256:$(sha256sum "$WORK/probe.bin" | cut -d' ' -f1)"
    code=$(curl -s -m 120 -o "$WORK/pb" -w '%{http_code}' -X POST -H 'Content-Type: application/octet-stream' \
      --data-binary @"$WORK/probe.bin" "http://$REG/v2/ufb/probe/blobs/uploads/?digest=$dg")
    printf 'POST monolithic upload\t%s\t%s\n' "$code" "$(head -c 300 "$WORK/pb" | tr '\t\n' '  ')" >> "$WORK/probe.tsv"
    code=$(curl -s -m 60 -o "$WORK/pb" -w '%{http_code}' -H 'Accept: application/vnd.oci.image.manifest.v1+json' \
      "http://$REG/v2/$repo/manifests/1")
    [ "$code" = 200 ] && : > "$WORK/pb"
    printf 'GET manifest by tag\t%s\t%s\n' "$code" "$(head -c 300 "$WORK/pb" | tr '\t\n' '  ')" >> "$WORK/probe.tsv"
    code=$(curl -s -m 60 -I -o "$WORK/pb" -w '%{http_code}' "http://$REG/v2/$repo/blobs/$layer")
    printf 'HEAD layer blob\t%s\t%s\n' "$code" "" >> "$WORK/probe.tsv"
  done
}

# ---------------------------------------------------------------- main
[ "$(id -u)" = 0 ] || [ "$DOCKER" = 0 ] || die "run as root (dockerd), or use --no-docker"
for c in skopeo curl openssl java mvn; do command -v $c >/dev/null || die "$c is missing (bench/run.sh installs the clients)"; done
[ "$DOCKER" = 0 ] || { [ -x "$D_BIN" ] && [ -x /usr/sbin/dockerd ]; } || die "$D_BIN / dockerd missing"
for p in $REG_PORT $MGMT_PORT $FAKE_PORT; do port_busy "$p" && die "port $p is in use"; done
WORK=$(mktemp -d /tmp/ufb-ufile.XXXXXX)
mkdir -p "$WORK/logs" "$OUT"
RAW="$WORK/raw.tsv"; : > "$RAW"
STAMP=$(date +%s)
T_START=$SECONDS
DATE_START=$(date -u '+%Y-%m-%d %H:%M:%S UTC')
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
( while :; do echo "$(date +%s) $(cut -d' ' -f1 /proc/loadavg)"; sleep 10; done ) > "$WORK/load.log" &
LOADMON_PID=$!

log "mode $MODE: layer $((BIG >> 20)) MiB, part 4 $((HUGE >> 20)) MiB, part 1 runs $RUNS, parts $ONLY, scratch $WORK"
( cd "$REPO" && mvn -B -o -q test-compile ) > "$WORK/logs/test-compile.log" 2>&1 || die "mvn -o test-compile failed: $(tail -20 "$WORK/logs/test-compile.log")"
start_fake
{ [ "$DOCKER" = 1 ] && { has 2 || has 3; }; } && start_dockerd "$WORK/logs/dockerd.log"

warm_up() { # untimed push+pull on the running registry (JIT, connection pools)
  gen_image "$WORK/img-warm" $((WARM_MIB << 20)) "$STAMP-warm-$START_COUNT"
  fake_set "${1:-seed=7}"
  skopeo copy --quiet --dest-tls-verify=false "oci:$WORK/img-warm:app" "docker://$REG/ufb/warm-$START_COUNT:1" >/dev/null 2>&1 \
    && skopeo copy --quiet --src-tls-verify=false "docker://$REG/ufb/warm-$START_COUNT:1" "oci:$WORK/warm-pulled:app" >/dev/null 2>&1 \
    || log "warning: warm-up push/pull failed"
  rm -rf "$WORK/warm-pulled" "$WORK/img-warm"
}

# Every timed push starts from the same memory state: dirty pages written, the page cache dropped
# (as root), then only the image to push read back in. Earlier runs' gigabytes (stand-in data,
# warm-ups) otherwise left some pushes reclaiming pages while they wrote: filesystem pushes of the
# same run varied from 3.75 to 5.43 s, with the registry's CPU from 1.9 to 4.7 s.
same_page_cache() { # image dir
  sync
  if [ -w /proc/sys/vm/drop_caches ]; then echo 3 > /proc/sys/vm/drop_caches; fi
  find "$1" -type f -exec cat {} + > /dev/null
}

CUR=""
use_storage() { # fs|ufile: (re)start the registry if another storage is running
  [ "$CUR" = "$1" ] && return 0
  start_registry "p1-$1" "$1" "$JOPTS"
  CUR=$1
  warm_up "$LATENCY"
}

# ---- part 1: fs vs ufile (+20 ms), skopeo, interleaved; a registry restart only when storage changes
if has 1; then
  log "part 1: $((BIG >> 20)) MiB layer, skopeo, filesystem vs UFile+20ms, $RUNS interleaved run(s)"
  for run in $(seq 1 "$RUNS"); do
    if [ $((run % 2)) = 1 ]; then order="fs ufile"; else order="ufile fs"; fi
    for st in $order; do
      use_storage "$st"
      img="$WORK/img"; gen_image "$img" "$BIG" "$STAMP-p1-$run-$st"
      same_page_cache "$img"
      skopeo_push 1 "lat20" "$st" "$run" "$img" "ufb/p1-$st-$run" "$LATENCY"
      [ "$OK" = 1 ] && skopeo_pull 1 "lat20" "$st" "$run" "$img" "ufb/p1-$st-$run" "$LATENCY"
      rm -rf "$img"
      # Both storages start every run empty, so neither writes into a fuller page cache than the other.
      if [ "$st" = fs ]; then rm -rf "$WORK/fs-data"/*
      else curl -sf -o /dev/null -X POST "$FAKE/__fake/reset?objects=true" || log "warning: stand-in not cleared"; fi
    done
  done
fi

# ---- part 2: skopeo and docker through UFile, no faults, then 5% 503 + 1% resets
P2_SKOPEO_REPO="" P2_SKOPEO_IMG="" P2_LAYER="" DOCKER_BASE="" DOCKER_BASE_REPO="" DOCKER_BASE_IMG=""
if has 2 || has 3; then
  [ "$CUR" = ufile ] || { start_registry "p2-ufile" ufile "$JOPTS"; CUR=ufile; warm_up; }
fi
if has 2; then
  for cond in nofault faults; do
    if [ "$cond" = faults ]; then fq="$FAULTS"; else fq="seed=7"; fi
    log "part 2 ($cond: ${fq}): $((BIG >> 20)) MiB layer through UFile"
    img="$WORK/img-p2-$cond"; gen_image "$img" "$BIG" "$STAMP-p2-$cond-skopeo"
    skopeo_push 2 "$cond" ufile 1 "$img" "ufb/p2-$cond-skopeo" "$fq"
    [ "$OK" = 1 ] && skopeo_pull 2 "$cond" ufile 1 "$img" "ufb/p2-$cond-skopeo" "$fq"
    if [ "$cond" = nofault ] && [ "$OK" = 1 ]; then
      P2_SKOPEO_REPO="ufb/p2-$cond-skopeo"; P2_SKOPEO_IMG="$img"
      P2_LAYER=$("$PY" -c 'import json,sys;print(json.load(open(sys.argv[1]))["layers"][0])' "$img/expected.json")
    else
      rm -rf "$img"
    fi
    if [ "$DOCKER" = 1 ]; then
      dimg="$WORK/img-p2-$cond-docker"; gen_image "$dimg" "$BIG" "$STAMP-p2-$cond-docker"
      docker_push 2 "$cond" 1 "$dimg" "ufb/p2-$cond-docker" "$fq"
      [ "$OK" = 1 ] && docker_pull 2 "$cond" 1 "$dimg" "ufb/p2-$cond-docker" "$fq" "$PUSHED_DG"
      if [ "$cond" = nofault ] && [ "$OK" = 1 ]; then
        DOCKER_BASE=$PUSHED_DG DOCKER_BASE_REPO="ufb/p2-$cond-docker" DOCKER_BASE_IMG=$dimg
      else
        rm -rf "$dimg"
      fi
    fi
  done
fi

# ---- part 3: the faulty run with UFILE_RETRIES=0: must fail cleanly
P3_LOG_CHECK=""
if has 3; then
  if [ -z "$P2_SKOPEO_REPO" ]; then   # something to pull: push one without faults first (untimed)
    img="$WORK/img-p3-base"; gen_image "$img" "$BIG" "$STAMP-p3-base"
    fake_set "seed=7"
    skopeo copy --quiet --dest-tls-verify=false "oci:$img:app" "docker://$REG/ufb/p3-base:1" >/dev/null 2>&1 \
      || die "part 3: base push without faults failed"
    P2_SKOPEO_REPO=ufb/p3-base P2_SKOPEO_IMG=$img
    P2_LAYER=$("$PY" -c 'import json,sys;print(json.load(open(sys.argv[1]))["layers"][0])' "$img/expected.json")
  fi
  if [ "$DOCKER" = 1 ] && [ -z "$DOCKER_BASE" ]; then  # and a docker-pushed image to pull with docker (no faults)
    DOCKER_BASE_IMG="$WORK/img-p3-dbase"; DOCKER_BASE_REPO=ufb/p3-dbase
    gen_image "$DOCKER_BASE_IMG" "$BIG" "$STAMP-p3-dbase"
    docker_push 3 setup 0 "$DOCKER_BASE_IMG" "$DOCKER_BASE_REPO" "seed=7"
    [ "$OK" = 1 ] && DOCKER_BASE=$PUSHED_DG
  fi
  start_registry "p3-ufile-retries0" ufile "$JOPTS" UFILE_RETRIES=0
  CUR=ufile-retries0
  log "part 3: UFILE_RETRIES=0 with $FAULTS"
  img="$WORK/img-p3"; gen_image "$img" "$BIG" "$STAMP-p3-skopeo"
  skopeo_push 3 "retries0" ufile 1 "$img" "ufb/p3-skopeo" "$FAULTS"
  rm -rf "$img"
  skopeo_pull 3 "retries0" ufile 1 "$P2_SKOPEO_IMG" "$P2_SKOPEO_REPO" "$FAULTS"
  if [ "$DOCKER" = 1 ]; then
    dimg="$WORK/img-p3-docker"; gen_image "$dimg" "$BIG" "$STAMP-p3-docker"
    OP_TIMEOUT=600 docker_push 3 "retries0" 1 "$dimg" "ufb/p3-docker" "$FAULTS"
    [ -n "$DOCKER_BASE" ] && OP_TIMEOUT=600 docker_pull 3 "retries0" 1 "$DOCKER_BASE_IMG" "$DOCKER_BASE_REPO" "$FAULTS" "$DOCKER_BASE"
    rm -rf "$dimg"
  fi
  log "part 3: probing the registry's answers with curl under the same faults"
  fake_set "$FAULTS"
  probe_statuses "$P2_SKOPEO_REPO" "$P2_LAYER" 30
  PROBE_FAKE=$(fake_stats)
  cp "$WORK/probe.tsv" "$WORK/probe-keep.tsv"
  sleep 1
  cp "$REPO/target/run-server/log/server.log" "$WORK/p3.server.log" 2>/dev/null
  P3_INCIDENT=$(grep -ci 'incident' "$WORK/p3.server.log")
  P3_UNKNOWN=$(grep -c 'UNKNOWN' "$WORK/p3.server.log")
  P3_STACK=$(grep -cE '^[[:space:]]+at [a-zA-Z]' "$WORK/p3.server.log")
  P3_ERROR=$(grep -cE ' (ERROR|SEVERE) ' "$WORK/p3.server.log")
  P3_WARN=$(grep -cE ' (WARN|WARNING) ' "$WORK/p3.server.log")
  # the registry's own WARNING/SEVERE messages (JUL level names), not WildFly's boot warnings
  grep -E ' (ERROR|SEVERE|WARN|WARNING) +\[org\.ufileregistry' "$WORK/p3.server.log" \
    | sed -E 's/^[0-9-]+ [0-9:,]+ //; s/\([^)]*task-[0-9]+\) //; s/[0-9a-f]{8}-[0-9a-f-]{27}/<uuid>/g; s/(ufb-[0-9]+\/v2\/repositories\/)[^ ]*/\1.../g; s/\/v2\/blobs\/sha256\/[^ ]*/\/v2\/blobs\/.../g; s/ \(X-SessionId [^)]*\)//' \
    | cut -c1-200 | sort | uniq -c | sort -rn | head -12 > "$WORK/p3-loglines.txt"
  grep -E -m2 -B1 -A14 '[Ii]ncident|UNKNOWN' "$WORK/p3.server.log" | cut -c1-220 > "$WORK/p3-incidents.txt"
  # the first few distinct log messages that carry a stack trace (message line before the first "at")
  awk '/^[[:space:]]+at /{ if (!inst && prev !~ /^[[:space:]]+at /) { print prev }; inst=1; next } { inst=0; prev=$0 }' \
    "$WORK/p3.server.log" | sed -E 's/^[0-9-]+ [0-9:,]+ //; s/\([^)]*task-[0-9]+\) //; s/[0-9a-f]{8}-[0-9a-f-]{27}/<uuid>/g; s/(ufb-[0-9]+\/v2\/repositories\/)[^ ]*/\1.../g; s/\/v2\/blobs\/sha256\/[^ ]*/\/v2\/blobs\/.../g; s/ \(X-SessionId [^)]*\)//; s/\(expected: [0-9]+; received: [0-9]+\)/(expected: N; received: N\/2)/' | cut -c1-200 | sort | uniq -c | sort -rn | head -15 > "$WORK/p3-traces.txt"
  rm -rf "$P2_SKOPEO_IMG"
fi
rm -rf "${P2_SKOPEO_IMG:-/nonexistent}" "${DOCKER_BASE_IMG:-/nonexistent}"

# ---- part 4: -Xmx256m, twice the size, skopeo through UFile (+20 ms)
P4_RSS="" P4_OOM=""
if has 4; then
  start_registry "p4-ufile-xmx256m" ufile "$SMALL_HEAP"
  CUR=ufile-small
  warm_up
  log "part 4: -Xmx256m, $((HUGE >> 20)) MiB layer, skopeo, UFile + 20 ms"
  img="$WORK/img-p4"; gen_image "$img" "$HUGE" "$STAMP-p4"
  skopeo_push 4 "xmx256m" ufile 1 "$img" "ufb/p4" "$LATENCY"
  [ "$OK" = 1 ] && skopeo_pull 4 "xmx256m" ufile 1 "$img" "ufb/p4" "$LATENCY"
  rm -rf "$img"
  P4_RSS=$(awk '/VmHWM/{print $2" "$3}' "/proc/$REG_JAVA/status" 2>/dev/null)
  P4_HEAP=$(jcmd "$REG_JAVA" GC.heap_info 2>/dev/null | grep -iE 'heap|total' | head -3 | tr -s ' \n' ' ')
  P4_OOM=$(grep -c 'OutOfMemoryError' "$REPO/target/run-server/log/server.log" "$WORK/logs/$REG_LABEL.out" 2>/dev/null | awk -F: '{s+=$2} END{print s+0}')
fi
stop_registry

LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
kill "$LOADMON_PID" 2>/dev/null; LOADMON_PID=""
TOTAL_SECS=$((SECONDS - T_START))

# ---------------------------------------------------------------- report
META="$WORK/meta.txt"
{
  echo "mode=$MODE"
  echo "command=bench/ufile.sh ${ORIG_ARGS}"
  echo "date=$DATE_START"
  echo "commit=$(git -C "$REPO" rev-parse --short HEAD)$(git -C "$REPO" diff --quiet HEAD -- src pom.xml run.sh server-config 2>/dev/null || echo ' (registry sources modified)')"
  echo "branch=$(git -C "$REPO" rev-parse --abbrev-ref HEAD)"
  echo "nproc=$(nproc)"
  echo "mem=$(free -m | awk '/^Mem:/{print $2" MiB total, "$7" MiB available"}')"
  echo "uname=$(uname -srm)"
  echo "cpu=$(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo)"
  echo "versions=$(skopeo --version); docker $("$D_BIN" --version | awk '{print $3}' | tr -d ,); $(java -version 2>&1 | head -1)"
  echo "runs=$RUNS"
  echo "big_mib=$((BIG >> 20))"
  echo "huge_mib=$((HUGE >> 20))"
  echo "java_opts=$JOPTS"
  echo "small_heap=$SMALL_HEAP"
  echo "latency=$LATENCY"
  echo "warm_mib=$WARM_MIB"
  echo "faults=$FAULTS"
  echo "load_before=$LOAD_BEFORE"
  echo "load_after=$LOAD_AFTER"
  echo "load_during=$(awk '{print $2}' "$WORK/load.log" | sort -n | awk '{a[NR]=$1} END{if(NR) printf "min %s / median %s / max %s (%d samples, every 10 s)", a[1], a[int((NR+1)/2)], a[NR], NR}')"
  echo "registry_starts=$START_COUNT"
  echo "total_secs=$TOTAL_SECS"
  echo "p3_incident=${P3_INCIDENT:-}"
  echo "p3_unknown=${P3_UNKNOWN:-}"
  echo "p3_stack=${P3_STACK:-}"
  echo "p3_error=${P3_ERROR:-}"
  echo "p3_warn=${P3_WARN:-}"
  echo "p3_probe_fake=${PROBE_FAKE:-}"
  echo "p4_rss=${P4_RSS:-}"
  echo "p4_heap=${P4_HEAP:-}"
  echo "p4_oom=${P4_OOM:-}"
} > "$META"
"$PY" "$BENCH_DIR/lib/ufile_report.py" "$RAW" "$META" "$WORK/probe-keep.tsv" "$WORK/p3-loglines.txt" "$WORK/p3-incidents.txt" "$WORK/p3-traces.txt" "$OUT" \
  || die "report failed"
log "wrote $OUT/ufile.md and $OUT/ufile-runs.tsv (total ${TOTAL_SECS}s)"
if [ -n "$(awk -F'\t' '$1 != 3 && $8 == "fail"' "$RAW")" ]; then log "some runs FAILED, see $OUT/ufile.md"; exit 3; fi
exit 0
