#!/usr/bin/env bash
# Creates (or refreshes) a Liberty server for ufile-registry from this folder's server.xml.
# Usage: create-server.sh WLP_HOME [SERVER_NAME]   (default server name: registry)
# Afterwards copy ufile-registry.war to WLP_HOME/usr/servers/SERVER_NAME/apps/ and start the server.
set -euo pipefail
wlp_home=${1:?usage: create-server.sh WLP_HOME [SERVER_NAME]}
server=${2:-registry}
here=$(cd "$(dirname "$0")" && pwd)
server_dir="${WLP_USER_DIR:-$wlp_home/usr}/servers/$server"
chmod +x "$wlp_home"/bin/server "$wlp_home"/bin/securityUtility 2>/dev/null || true
if [ ! -f "$server_dir/server.xml" ]; then
  "$wlp_home/bin/server" create "$server"
fi
cp "$here/server.xml" "$server_dir/server.xml"
mkdir -p "$server_dir/apps"
echo "server $server configured from $here/server.xml"
