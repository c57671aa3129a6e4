#!/usr/bin/env bash
# Prints a run-time class path for the generator module (and everything below it), using this checkout's compiled
# classes rather than any installed hallmark jars. Compiles first (offline Maven). Usage: CP=$(./java_cp.sh)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$ROOT"
. scripts/jdk.sh >/dev/null
OUT=$(mktemp)
mvn -B -q -o compile dependency:build-classpath -pl generator -am -Dmdep.outputFile="$OUT" \
    -Dmdep.includeScope=runtime >&2
CP=""
for m in media watermark provenance registry policies classifier generator; do
    CP="$CP:$ROOT/$m/target/classes"
done
# drop the hallmark jars Maven resolved from ~/.m2; our own classes come first
REST=$(tr ':' '\n' < "$OUT" | grep -v '/dev/hallmark/' | paste -sd: -)
rm -f "$OUT"
echo "${CP#:}:$REST"
