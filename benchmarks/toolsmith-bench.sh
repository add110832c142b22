#!/usr/bin/env bash
# Toolsmith: time from a Java source file (toolsmith/examples/WordCount.java) to a callable sandboxed
# WASM tool, p50 over several builds in one JVM (one warm build worker), by phase: javac, TeaVM,
# validate (module checks + sandbox worker start), load + first call. Also the warm per-call cost of
# the built tool. Builds what it needs first.
#   benchmarks/toolsmith-bench.sh           7 builds (a few minutes)
#   benchmarks/toolsmith-bench.sh --quick   3 builds
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$ROOT"
# shellcheck source=../scripts/lib/jdk.sh
. "$ROOT/scripts/lib/jdk.sh"
JDK=$(ironclaw4j_find_jdk) || exit 1
export JAVA_HOME="$JDK"
CP_FILE="$ROOT/toolsmith/target/toolsmith-bench.classpath"
./mvnw -q -B -pl guard,wasm-runtime,toolsmith/sdk,toolsmith -am test-compile \
  dependency:build-classpath -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=test
CP="$ROOT/toolsmith/target/test-classes:$ROOT/toolsmith/target/classes:$ROOT/toolsmith/sdk/target/classes"
CP="$CP:$ROOT/wasm-runtime/target/classes:$ROOT/guard/target/classes:$(cat "$CP_FILE")"
exec "$JDK/bin/java" -cp "$CP" dev.ironclaw4j.toolsmith.ToolsmithBench "$@"
