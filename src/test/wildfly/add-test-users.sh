#!/usr/bin/env bash
# Test-only: the realm users AccessAuthIT and DockerLoginAuthIT sign in as, created with WildFly's
# own tool exactly as server-config/wildfly/README.md tells operators to. Running twice updates them.
set -euo pipefail
home="$1"
add() { "$home/bin/add-user.sh" -a -s -cw -u "$1" -p "$2" -g "$3" >/dev/null; }
add it-reader reader-Pass-1 registry-reader
add it-writer writer-Pass-1 registry-writer
add it-admin admin-Pass-1 registry-admin
# One user in a group no rule or role knows: signs in, may do nothing.
add it-nobody nobody-Pass-1 somebody-else
