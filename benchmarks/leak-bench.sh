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

# Wall time and CPU time (user + sys) of one command; the machine may be shared, so both are shown.
timed() { /usr/bin/time -f "%e %U %S" -o "$TMPT" "$@"; }
TMPT=$(mktemp)
printf "\n%-14s %6s %8s | %9s %9s | %9s %9s | %7s %7s | %6s %6s\n" corpus MB in-proc "cli wall" "cli cpu" "sl wall" "sl cpu" "r wall" "r cpu" "ic4j#" "sl#"
for dir in "$CORPUS"/prose-clean "$CORPUS"/prose-secrets "$CORPUS"/code-clean "$CORPUS"/code-secrets "$CORPUS"/json-clean "$CORPUS"/json-secrets; do
  name=$(basename "$dir")
  bytes=$(du -sb --exclude='.mb-*' "$dir" | cut -f1)
  mb=$(echo "scale=1; $bytes/1000000" | bc)
  timed "$JAVA" --enable-native-access=ALL-UNNAMED -jar server/target/ironclaw4j.jar scan --format json "$dir" > "$TMPT.out" 2>/dev/null || true
  read -r cw cu cs < <(tail -n 1 "$TMPT")
  cli_hits=$(grep -o '"type":' "$TMPT.out" | wc -l || true)
  (cd "$SL" && timed node_modules/.bin/secretlint --secretlintrc .secretlintrc.json --format unix "$dir/**/*" > "$TMPT.out" 2>/dev/null) || true
  read -r sw su ss < <(tail -n 1 "$TMPT")
  sl_hits=$(grep -c '^/' "$TMPT.out" || true)
  ccpu=$(echo "$cu+$cs" | bc); scpu=$(echo "$su+$ss" | bc)
  printf "%-14s %6s %8s | %9s %9s | %9s %9s | %6sx %6sx | %6s %6s\n" "$name" "$mb" "${INPROC[$name]}" \
    "$(echo "scale=1; $mb/$cw" | bc)" "$(echo "scale=1; $mb/$ccpu" | bc)" \
    "$(echo "scale=1; $mb/$sw" | bc)" "$(echo "scale=1; $mb/$scpu" | bc)" \
    "$(echo "scale=2; $sw/$cw" | bc)" "$(echo "scale=2; $scpu/$ccpu" | bc)" "$cli_hits" "$sl_hits"
done
rm -f "$TMPT" "$TMPT.out"
echo
echo "MB/s with 1 MB = 10^6 bytes. in-proc: LeakDetector.scan on preloaded files, warm (best of 3)."
echo "cli: 'ironclaw4j scan --format json DIR' end to end (JVM start, reading, parallel over files);"
echo "sl: secretlint $(cd "$SL" && node_modules/.bin/secretlint --version) with the recommended preset, end to end."
echo "wall = elapsed, cpu = user+sys. r = secretlint time / ironclaw4j CLI time (above 1: ironclaw4j is faster)."
echo "ic4j#/sl#: findings reported (the 'secrets' corpora hold one fake credential every ~16 KiB)."
