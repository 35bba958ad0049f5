#!/usr/bin/env bash
# Installs the real registry clients the e2e tests (src/test/java/org/ufileregistry/e2e) drive,
# on a fresh Debian 12 CI machine, as root. Safe to run twice: when everything is already
# installed it returns without touching apt, so it costs nothing on a warm machine.
set -euo pipefail

packages=(
  docker.io   # dockerd + docker CLI 20.10; brings containerd and runc
  containerd  # ctr and containerd 1.6, started by ContainerdE2EIT with a private config
  skopeo      # builds docker-archive tars and is the reference copy client
  podman      # vfs storage, cgroupfs; no pod networking is used
  umoci       # handy to inspect the OCI layouts the tests write; not run by the tests
  python3     # runs the independent UFile stand-in (src/test/ufile-standin)
)

if [[ $(id -u) -ne 0 ]]; then
  echo "install-deps.sh: must run as root" >&2
  exit 1
fi

missing=()
for p in "${packages[@]}"; do
  # "install ok installed" only: a package left half-configured or removed-but-config must be reinstalled.
  if [[ $(dpkg-query -W -f='${Status}' "$p" 2>/dev/null) != "install ok installed" ]]; then
    missing+=("$p")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps.sh: already installed: ${packages[*]}"
  exit 0
fi

# Package scripts of docker.io/containerd try to start their services (invoke-rc.d and
# deb-systemd-invoke both ask policy-rc.d first). A policy-rc.d that answers 101 makes them refuse,
# so no daemon is left running on the system-wide /var/lib/docker; the tests start their own on
# private roots. A policy-rc.d the machine already has is put back afterwards, whatever it says.
policy=/usr/sbin/policy-rc.d
saved_policy=""
if [[ -e $policy ]]; then
  saved_policy=$(mktemp)
  cp -p "$policy" "$saved_policy"
fi
restore_policy() {
  if [[ -n $saved_policy ]]; then
    cp -p "$saved_policy" "$policy"
    rm -f "$saved_policy"
  else
    rm -f "$policy"
  fi
}
trap restore_policy EXIT
printf '#!/bin/sh\nexit 101\n' > "$policy"
chmod 755 "$policy"

export DEBIAN_FRONTEND=noninteractive
echo "install-deps.sh: installing ${missing[*]}"
apt-get update
# Recommends stay on: clients.md verified these clients with their default recommends (conmon, crun, netavark).
apt-get install -y "${missing[@]}"

# Fail here rather than in the middle of a test run if something did not land.
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}\n' "$p" | grep -qx 'install ok installed' || { echo "install-deps.sh: $p not installed" >&2; exit 1; }
done
command -v skopeo podman ctr containerd umoci >/dev/null
test -x /usr/bin/docker && test -x /usr/sbin/dockerd
