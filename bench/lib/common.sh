# Shell helpers shared by bench/run.sh and bench/ufile.sh; sourced, needs log(), die(), $WORK, $D_BIN.

port_busy() { ss -ltnH "sport = :$1" 2>/dev/null | grep -q .; }

# A private dockerd (vfs, its own root, socket and pidfile under $WORK), as ../shared/clients.md runs it.
DCMD=()
D() { "${DCMD[@]}" "$@"; }
start_dockerd() { # log file
  local logfile=$1
  DCMD=("$D_BIN" -H "unix://$WORK/docker.sock")
  mkdir -p "$WORK/docker" "$WORK/dx"
  /usr/sbin/dockerd --storage-driver=vfs --iptables=false --ip6tables=false --bridge=none --ip-masq=false \
    --userland-proxy=false --data-root "$WORK/docker" --exec-root "$WORK/dx" \
    -H "unix://$WORK/docker.sock" --pidfile "$WORK/dockerd.pid" > "$logfile" 2>&1 &
  DOCKERD_PID=$!
  local i
  for i in $(seq 1 120); do
    D version >/dev/null 2>&1 && { log "dockerd (vfs, private root) is up"; return 0; }
    kill -0 "$DOCKERD_PID" 2>/dev/null || break
    sleep 0.5
  done
  tail -20 "$logfile" >&2
  die "dockerd did not start"
}
