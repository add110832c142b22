#!/usr/bin/env bash
# Runs the end-to-end tests of the VS Code extension: installs what they need (scripts/e2e-setup.sh),
# packages the extension if needed, and drives the .vsix in code-server with headless Chromium against
# the real server (server/target/ironclaw4j.jar, built by the launcher when missing or stale, or
# IRONCLAW4J_E2E_JAR). Screenshots: target/screenshots/; logs and report: target/e2e/.
set -euo pipefail
EXT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
ROOT=$(dirname "$EXT")
cd "$EXT"
case ",${IRONCLAW4J_EXCLUDED_GROUPS:-}," in
  *,slow,*)
    echo "e2e: SKIPPED: the VS Code end-to-end tests are a slow suite and -DexcludedGroups=slow was given" >&2
    exit 0 ;;
esac
# shellcheck source=../../scripts/lib/jdk.sh
. "$ROOT/scripts/lib/jdk.sh"
JDK=$(ironclaw4j_find_jdk) || exit 1

eval "$(bash "$EXT/scripts/e2e-setup.sh")"

JAR=${IRONCLAW4J_E2E_JAR:-}
if [ -z "$JAR" ]; then
  JAR="$ROOT/server/target/ironclaw4j.jar"
  "$ROOT/ironclaw4j" --version >/dev/null   # builds the jar when it is missing or older than the sources
fi
[ -f "$JAR" ] || { echo "e2e: no server jar at $JAR: build the server first (./mvnw -pl server -am package)" >&2; exit 1; }

VSIX="$EXT/target/$(node -p 'const p=require("./package.json"); p.name+"-"+p.version').vsix"
if [ ! -f "$VSIX" ] || [ -n "$(find "$EXT/src" "$EXT/media" "$EXT/package.json" -newer "$VSIX" -print -quit)" ]; then
  [ -d "$EXT/node_modules" ] || npm ci --no-audit --no-fund
  npm run build
  npm run package
fi

export CODE_SERVER CHROMIUM IRONCLAW4J_E2E_JAR="$JAR" IRONCLAW4J_E2E_JAVA_HOME="$JDK" IRONCLAW4J_E2E_VSIX="$VSIX"
exec timeout --kill-after=10 600 node "$EXT/test/e2e/run.mjs"
