#!/usr/bin/env bash
# Applies registry.cli to a stopped WildFly through an embedded server (no running server,
# no management user needed). Usage: apply-offline.sh JBOSS_HOME
set -euo pipefail
jboss_home=${1:?usage: apply-offline.sh JBOSS_HOME}
here=$(cd "$(dirname "$0")" && pwd)
script=$(mktemp)
trap 'rm -f "$script"' EXIT
{
  echo 'embed-server --server-config=standalone-microprofile.xml --std-out=discard'
  cat "$here/registry.cli"
  echo 'stop-embedded-server'
} > "$script"
"$jboss_home/bin/jboss-cli.sh" --file="$script"
