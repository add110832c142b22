#!/usr/bin/env bash
# Leak detector benchmark: generates three corpora (prose, source code, JSON API traffic), each clean and
# with fake secrets, into benchmarks/target/leak-corpus (not committed), then reports MB/s for
#   - ironclaw4j in-process (LeakDetector.scan over files already in memory; best of 3 warm passes),
#   - ironclaw4j CLI end to end (`ironclaw4j scan --format json DIR`: JVM start, file reading, output),
#   - secretlint (pinned in benchmarks/secretlint/package.json, recommended preset) end to end on the same files,
# and the ratio ironclaw4j CLI / secretlint (both end to end, same files, same machine).
#
# Usage: benchmarks/leak-bench.sh [MEGABYTES_PER_CORPUS]   (default 100; each corpus is written as 1 MiB files)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
MB=${1:-100}
. "$ROOT/scripts/lib/jdk.sh"
JDK=$(ironclaw4j_find_jdk)
JAVA="$JDK/bin/java"
cd "$ROOT"

echo "== build" >&2
JAVA_HOME="$JDK" ./mvnw -q -B -pl guard,server,benchmarks -am package -DskipTests \
  dependency:build-classpath -Dmdep.outputFile=target/cp.txt >&2
CP="benchmarks/target/classes:$(cat benchmarks/target/cp.txt)"

CORPUS="$ROOT/benchmarks/target/leak-corpus"
if [ ! -f "$CORPUS/.mb-$MB" ]; then
  echo "== generating corpora ($MB MiB each)" >&2
  rm -rf "$CORPUS"
  "$JAVA" -cp "$CP" dev.ironclaw4j.bench.LeakCorpus "$CORPUS" "$MB" >&2
  touch "$CORPUS/.mb-$MB"
fi

SL="$ROOT/benchmarks/secretlint"
if [ ! -x "$SL/node_modules/.bin/secretlint" ]; then
  echo "== installing secretlint (npm)" >&2
  (cd "$SL" && npm install --no-audit --no-fund >&2)
fi
echo "secretlint $("$SL/node_modules/.bin/secretlint" --version 2>/dev/null || echo '?'), node $(node --version), $("$JAVA" -version 2>&1 | head -1)" >&2

declare -A INPROC INFIND
echo "== ironclaw4j in-process" >&2
while read -r name mb mbs findings; do
  INPROC[$name]=$mbs; INFIND[$name]=$findings
done < <("$JAVA" -Xmx2g -cp "$CP" dev.ironclaw4j.bench.LeakThroughput 3 "$CORPUS"/*-clean "$CORPUS"/*-secrets)

now() { date +%s.%N; }
printf "\n%-15s %8s %12s %12s %12s %9s %10s %10s\n" corpus MB "in-proc" "cli MB/s" "secretlint" "ratio" "ic4j hits" "sl hits"
for dir in "$CORPUS"/prose-clean "$CORPUS"/prose-secrets "$CORPUS"/code-clean "$CORPUS"/code-secrets "$CORPUS"/json-clean "$CORPUS"/json-secrets; do
  name=$(basename "$dir")
  bytes=$(du -sb "$dir" | cut -f1)
  mb=$(echo "scale=1; $bytes/1000000" | bc)
  t0=$(now)
  cli_hits=$("$JAVA" --enable-native-access=ALL-UNNAMED -jar server/target/ironclaw4j.jar scan --format json "$dir" 2>/dev/null \
    | grep -o '"type":' | wc -l || true)
  t1=$(now)
  sl_hits=$(cd "$SL" && node_modules/.bin/secretlint --secretlintrc .secretlintrc.json --format unix "$dir/**/*" 2>/dev/null \
    | grep -c '^/' || true)
  t2=$(now)
  cli=$(echo "scale=1; $mb/($t1-$t0)" | bc)
  sl=$(echo "scale=1; $mb/($t2-$t1)" | bc)
  ratio=$(echo "scale=2; ($t2-$t1)/($t1-$t0)" | bc)
  printf "%-15s %8s %12s %12s %12s %8sx %10s %10s\n" "$name" "$mb" "${INPROC[$name]}" "$cli" "$sl" "$ratio" "$cli_hits" "$sl_hits"
done
echo
echo "in-proc: LeakDetector.scan, MB/s (1 MB = 10^6 bytes), files preloaded; cli: ironclaw4j scan, end to end;"
echo "secretlint: end to end; ratio = secretlint time / ironclaw4j CLI time (>1: ironclaw4j faster)."
