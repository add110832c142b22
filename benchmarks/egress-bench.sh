#!/usr/bin/env bash
# Added latency of egress per request (10 KB POST to a loopback Jetty server) versus the bare Jetty
# client, printed as a difference and a ratio. Builds what it needs first.
#   benchmarks/egress-bench.sh           full run (about 2 minutes)
#   benchmarks/egress-bench.sh --quick   short iterations (about 40 seconds)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$ROOT"
# shellcheck source=../scripts/lib/jdk.sh
. "$ROOT/scripts/lib/jdk.sh"
JDK=$(ironclaw4j_find_jdk) || exit 1
export JAVA_HOME="$JDK"
CP_FILE="$ROOT/benchmarks/target/bench.classpath"
./mvnw -q -B -pl benchmarks -am package -DskipTests \
  dependency:build-classpath -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=runtime
exec "$JDK/bin/java" -cp "$ROOT/benchmarks/target/classes:$(cat "$CP_FILE")" dev.ironclaw4j.bench.EgressBench "$@"
