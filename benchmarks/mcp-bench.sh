#!/usr/bin/env bash
# tools/call round trips of a trivial tool ('echo'), ironclaw4j side by side with the same tool served by
# the official TypeScript SDK, both driven by the same TypeScript SDK client: over Streamable HTTP
# (sequential and 8 in flight) and over stdio. Prints calls per second, p50/p99 latency and the ratio.
# ironclaw4j runs its real MCP endpoint (token and Origin/Host gate) and its real pipeline (schema
# validation, approval policy, rate limiter, leak detector, safety layer, fencing, hash-chained audit
# records) in McpBenchServer, with two differences from 'serve': the rate limits (60 calls per tool per
# minute) are raised out of the way, and audit records are chained in memory instead of written to H2.
# The TypeScript server only echoes.
#   benchmarks/mcp-bench.sh            2000 calls per run (about 2 minutes)
#   benchmarks/mcp-bench.sh --quick    300 calls per run
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$ROOT"
CALLS=2000
[ "${1:-}" = "--quick" ] && CALLS=300
SDK="@modelcontextprotocol/sdk@1.32.2"
command -v node >/dev/null && command -v npm >/dev/null || { echo "mcp-bench: needs node and npm" >&2; exit 1; }

# shellcheck source=../scripts/lib/jdk.sh
. "$ROOT/scripts/lib/jdk.sh"
JDK=$(ironclaw4j_find_jdk) || exit 1
export JAVA_HOME="$JDK"
CP_FILE="$ROOT/benchmarks/target/bench.classpath"
./mvnw -q -B -pl benchmarks -am package -DskipTests \
  dependency:build-classpath -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=runtime
BENCH_SERVER=("$JDK/bin/java" -cp "$ROOT/benchmarks/target/classes:$(cat "$CP_FILE")" dev.ironclaw4j.bench.McpBenchServer)
WORK="$ROOT/benchmarks/target/mcp-bench"
mkdir -p "$WORK"
if [ ! -f "$WORK/node_modules/@modelcontextprotocol/sdk/package.json" ]; then
  echo '{"name":"mcp-bench","private":true,"type":"module"}' > "$WORK/package.json"
  (cd "$WORK" && npm install --no-audit --no-fund --silent "$SDK" >&2)
fi
cp benchmarks/mcp/bench-client.mjs benchmarks/mcp/ts-echo-server.mjs "$WORK/"

PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

# ironclaw4j's endpoint on a free loopback port, with its token.
"${BENCH_SERVER[@]}" http > "$WORK/ironclaw4j.out" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 300); do grep -q "^listening" "$WORK/ironclaw4j.out" 2>/dev/null && break; sleep 0.2; done
read -r _ IC_PORT TOKEN < <(grep "^listening" "$WORK/ironclaw4j.out") || { cat "$WORK/ironclaw4j.out" >&2; echo "mcp-bench: the ironclaw4j server did not start" >&2; exit 1; }
URL="http://127.0.0.1:$IC_PORT"

# The TypeScript SDK's server of the same tool.
node "$WORK/ts-echo-server.mjs" --http 0 > "$WORK/ts.out" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 100); do grep -q "^listening" "$WORK/ts.out" 2>/dev/null && break; sleep 0.1; done
TS_PORT=$(sed -n 's/^listening \([0-9]*\)$/\1/p' "$WORK/ts.out")
[ -n "$TS_PORT" ] || { cat "$WORK/ts.out" >&2; echo "mcp-bench: the TypeScript server did not start" >&2; exit 1; }

run() { (cd "$WORK" && node bench-client.mjs --calls "$CALLS" "$@"); }
echo "mcp-bench: $CALLS calls per run" >&2
IC_HTTP1=$(run --concurrency 1 --http "$URL/mcp" --token "$TOKEN")
TS_HTTP1=$(run --concurrency 1 --http "http://127.0.0.1:$TS_PORT/mcp")
IC_HTTP8=$(run --concurrency 8 --http "$URL/mcp" --token "$TOKEN")
TS_HTTP8=$(run --concurrency 8 --http "http://127.0.0.1:$TS_PORT/mcp")
IC_STDIO=$(run --concurrency 1 --stdio "${BENCH_SERVER[@]}" stdio)
TS_STDIO=$(run --concurrency 1 --stdio node "$WORK/ts-echo-server.mjs")

node -e '
const [ih1, th1, ih8, th8, is, ts] = process.argv.slice(1).map(JSON.parse);
const row = (name, a, b) => console.log(
  name.padEnd(22) + a.perSecond.toFixed(0).padStart(9) + b.perSecond.toFixed(0).padStart(9)
  + (a.perSecond / b.perSecond).toFixed(2).padStart(8)
  + (a.p50ms.toFixed(2) + "/" + a.p99ms.toFixed(2)).padStart(16) + (b.p50ms.toFixed(2) + "/" + b.p99ms.toFixed(2)).padStart(16));
console.log("".padEnd(22) + "ironclaw4j".padStart(9) + "ts-sdk".padStart(9) + "ratio".padStart(8) + "ic p50/p99 ms".padStart(16) + "ts p50/p99 ms".padStart(16));
console.log("tools/call per second");
row("http, 1 in flight", ih1, th1);
row("http, 8 in flight", ih8, th8);
row("stdio, 1 in flight", is, ts);
console.log("ratio = ironclaw4j / TypeScript SDK reference server (1.00 = as fast; >1 = ironclaw4j faster)");
' "$IC_HTTP1" "$TS_HTTP1" "$IC_HTTP8" "$TS_HTTP8" "$IC_STDIO" "$TS_STDIO"
