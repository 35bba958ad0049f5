#!/usr/bin/env bash
# One skopeo push through UFile storage, and the UFile requests it caused, in order, with the time
# each arrived at the stand-in: where the sequential round trips of a push are.
#
#   bench/ufile-trace.sh [MiB (default 64)] [latencyMs (default 20)]
#
# Starts the signature-checking stand-in (port 9760) and the registry via ./run.sh (port 5600,
# management 9600), pushes one generated image, prints the timeline, stops both.
# Environment: UFT_JAVA_OPTS (registry JVM, default "-Xms512m -Xmx1g"), UFT_WARM_MIB and
#   UFT_WARM_PUSHES (untimed pushes before, default one of 8 MiB), UFT_FAKE_DATA (stand-in data dir),
#   UFT_STORAGE=filesystem (the same push on filesystem storage, for comparison; the stand-in idles).
set -uo pipefail
export LC_ALL=C
BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
REPO=$(dirname "$BENCH_DIR")
MIB=${1:-64} LAT=${2:-20}
REG=127.0.0.1:5600 FAKE=http://127.0.0.1:9760
WORK=$(mktemp -d /tmp/ufile-trace.XXXXXX)
FAKE_PID="" REG_PID=""
cleanup() {
  [ -n "$REG_PID" ] && { kill -TERM -- "-$REG_PID" 2>/dev/null; sleep 3; kill -KILL -- "-$REG_PID" 2>/dev/null; }
  [ -n "$FAKE_PID" ] && kill "$FAKE_PID" 2>/dev/null
  wait 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

( cd "$REPO" && mvn -B -o -q test-compile ) > "$WORK/compile.log" 2>&1 || { tail -20 "$WORK/compile.log"; exit 1; }
mkdir -p "$WORK/fake"
java -Xmx512m ${UFT_FAKE_JAVA_OPTS:-} -cp "$REPO/target/test-classes" org.ufileregistry.ufile.fake.FakeUFile --port 9760 \
  --bucket trace-bucket --public-key t-pub --private-key t-priv --data-dir "${UFT_FAKE_DATA:-$WORK/fake}" > "$WORK/fake.out" 2>&1 &
FAKE_PID=$!
( cd "$REPO" && exec env REGISTRY_PORT=5600 REGISTRY_BIND=127.0.0.1 REGISTRY_MANAGEMENT_PORT=9600 \
    "JAVA_OPTS=${UFT_JAVA_OPTS:--Xms512m -Xmx1g}" REGISTRY_STORAGE=${UFT_STORAGE:-ufile} REGISTRY_STORAGE_FILESYSTEM_ROOT=$WORK/fs-data UFILE_BASEURL=$FAKE \
    UFILE_BUCKET=trace-bucket UFILE_PUBLIC_KEY=t-pub UFILE_PRIVATE_KEY=t-priv setsid ./run.sh ) > "$WORK/reg.out" 2>&1 &
REG_PID=$!
for _ in $(seq 1 600); do
  [ "$(curl -s -o /dev/null -m 5 -w '%{http_code}' "http://$REG/v2/")" = 200 ] && break
  kill -0 "$REG_PID" 2>/dev/null || { tail -30 "$WORK/reg.out"; exit 1; }
  sleep 0.5
done
for i in $(seq 1 "${UFT_WARM_PUSHES:-1}"); do
  python3 "$BENCH_DIR/lib/mkimage.py" "$WORK/warm" app 1 $((${UFT_WARM_MIB:-8} << 20)) "warm-$$-$i" > /dev/null
  skopeo copy --quiet --dest-tls-verify=false "oci:$WORK/warm:app" "docker://$REG/trace/warm:$i" > /dev/null
done
python3 "$BENCH_DIR/lib/mkimage.py" "$WORK/img" app 1 $((MIB << 20)) "trace-$$" > /dev/null
curl -sf -X POST "$FAKE/__fake/reset" > /dev/null
curl -sf -X POST "$FAKE/__fake/faults?latencyMs=$LAT" > /dev/null
REG_JAVA=$(pgrep -g "$REG_PID" -f jboss-modules.jar | head -1)
threads() { # pid: "name ticks" per thread, names with digits folded
  for t in /proc/$1/task/*; do
    awk -v n="$(tr ' ' '_' < "$t/comm" | sed 's/[0-9]\+/N/g')" '{print n, $14 + $15}' "$t/stat" 2>/dev/null
  done | awk '{a[$1] += $2} END {for (k in a) print k, a[k]}' | sort
}
threads "$REG_JAVA" > "$WORK/cpu0"; threads "$FAKE_PID" > "$WORK/fcpu0"; f0=$(awk '{print $14 + $15}' /proc/$FAKE_PID/stat)
t0=$EPOCHREALTIME
/usr/bin/time -f "skopeo: %U s user %S s sys" skopeo copy --quiet --dest-tls-verify=false "oci:$WORK/img:app" "docker://$REG/trace/img:1" || exit 1
t1=$EPOCHREALTIME
threads "$REG_JAVA" > "$WORK/cpu1"; threads "$FAKE_PID" > "$WORK/fcpu1"; f1=$(awk '{print $14 + $15}' /proc/$FAKE_PID/stat)
echo "stand-in cpu: $(( (f1 - f0) ))0 ms, by thread (ms):"
join -a2 "$WORK/fcpu0" "$WORK/fcpu1" | awk 'NF == 3 {d = $3 - $2} NF == 2 {d = $2} d > 0 {printf "  %6d %s\n", d * 10, $1}' | sort -rn | head -6
echo "registry cpu by thread (ms):"
join -a2 "$WORK/cpu0" "$WORK/cpu1" | awk 'NF == 3 {d = $3 - $2} NF == 2 {d = $2} d > 0 {printf "  %6d %s\n", d * 10, $1}' | sort -rn | head -12
curl -s "$FAKE/__fake/requests" > "$WORK/requests.json"
python3 - "$WORK/requests.json" "$t0" "$t1" <<'EOF'
import json, sys, datetime
rs = json.load(open(sys.argv[1]))
t0, t1 = float(sys.argv[2]), float(sys.argv[3])
def ts(s):
    return datetime.datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp()
parts = 0
prev = t0
print(f"push of {t1 - t0:.3f} s, {len(rs)} UFile requests")
for r in rs:
    t = ts(r["time"])
    if r["operation"] == "UploadPart":
        parts += 1
        if parts > 1:
            prev = t
            continue
    key = r["key"].split("/", 2)[-1] if r["key"] else ""
    print(f"+{t - t0:7.3f}s (+{(t - prev) * 1000:5.0f} ms) {r['operation']:<24} {r['status']} {key[-70:]}")
    prev = t
print(f"UploadPart requests: {parts}; small requests: {len(rs) - parts}")
EOF
