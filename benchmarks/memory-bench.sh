#!/usr/bin/env bash
# Memory: indexing rate and query p50/p99 for BM25, vector and hybrid search (see MemoryBench's javadoc).
# The main lives in the server's test sources (no module may depend on server). Builds what it needs.
#   benchmarks/memory-bench.sh                                   100k chunks + 2k chunks with the real model
#   benchmarks/memory-bench.sh --chunks 10000 --model-chunks 500 quicker
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$ROOT"
# shellcheck source=../scripts/lib/jdk.sh
. "$ROOT/scripts/lib/jdk.sh"
JDK=$(ironclaw4j_find_jdk) || exit 1
export JAVA_HOME="$JDK"
CP_FILE="$ROOT/server/target/memory-bench.classpath"
./mvnw -q -B -pl server -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/memory-bench.classpath -Dmdep.includeScope=test
JVM_OPTS=(-Xmx2g)
# Lucene's vector code uses the incubating Vector API when the JDK has it (about 3x faster HNSW).
if "$JDK/bin/java" --add-modules jdk.incubator.vector -version >/dev/null 2>&1; then
  JVM_OPTS+=(--add-modules jdk.incubator.vector)
fi
exec "$JDK/bin/java" "${JVM_OPTS[@]}" --enable-native-access=ALL-UNNAMED \
  -cp "$ROOT/server/target/test-classes:$ROOT/server/target/classes:$(cat "$CP_FILE")" \
  dev.ironclaw4j.server.memory.MemoryBench "$@"
