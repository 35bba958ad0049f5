#!/usr/bin/env bash
# Quick start: builds the WAR, unpacks WildFly 38 from Maven Central, applies
# server-config/wildfly/registry.cli, deploys the WAR and runs the registry in the foreground.
#   REGISTRY_PORT                      HTTP port (default 5000)
#   REGISTRY_BIND                      address to listen on (default 127.0.0.1; 0.0.0.0 for all)
#   REGISTRY_STORAGE_FILESYSTEM_ROOT   where images are stored (default ./data)
#   JAVA_OPTS                          JVM options (default -Xms64m -Xmx512m)
# Any other registry key can be given as an environment variable too (see README.md).
set -euo pipefail
cd "$(dirname "$0")"
port=${REGISTRY_PORT:-5000}
bind=${REGISTRY_BIND:-127.0.0.1}
export REGISTRY_STORAGE_FILESYSTEM_ROOT=${REGISTRY_STORAGE_FILESYSTEM_ROOT:-$PWD/data}
export JAVA_OPTS=${JAVA_OPTS:--Xms64m -Xmx512m}

mvn -B -q pre-integration-test -DskipTests -Dit.skip.ufile=true
wildfly=$(ls -d target/wildfly-*/ | head -1)
# A server base of its own, so the quick start never shares deployments with the test server.
base=target/run-server
rm -rf "$base"
cp -r "$wildfly/standalone" "$base"
rm -rf "$base"/deployments/* "$base"/data "$base"/tmp "$base"/log
cp target/ufile-registry.war "$base/deployments/"
echo "ufile-registry: http://$bind:$port/v2/  storage: $REGISTRY_STORAGE_FILESYSTEM_ROOT"
exec "$wildfly/bin/standalone.sh" -c standalone-microprofile.xml \
  -Djboss.server.base.dir="$PWD/$base" \
  -Djboss.bind.address="$bind" -Djboss.http.port="$port" \
  -Djboss.management.http.port="${REGISTRY_MANAGEMENT_PORT:-9990}" -Djboss.https.port=0 -Djboss.management.https.port=0
