#!/usr/bin/env bash
# The README's test command: unit tests once, then every server's integration tests.
# Each server is its own Maven run: one Arquillian container adapter per classpath.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B clean verify
mvn -B clean verify -Pliberty -DskipUnitTests=true
mvn -B clean verify -Ppayara -DskipUnitTests=true
