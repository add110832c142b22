#!/usr/bin/env bash
# Makes sure bubblewrap (bwrap) is installed for the process-sandbox tests. Installs Debian's package
# with apt-get where it is missing and we may (root with apt-get); otherwise says how, once, and leaves
# the decision to the tests: they skip without it, except in CI (CI=true), where they fail.
# Idempotent and quiet: prints nothing when bwrap is there.
set -euo pipefail
for d in /usr/bin /bin /usr/sbin /sbin /usr/local/bin; do
  [ -x "$d/bwrap" ] && exit 0
done
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "sandbox-tools: installing bubblewrap with apt-get..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq --no-install-recommends bubblewrap >/dev/null 2>&1 \
    || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq --no-install-recommends bubblewrap >/dev/null 2>&1; } \
    || echo "sandbox-tools: apt-get could not install bubblewrap; the sandbox tests will say what is missing" >&2
else
  echo "sandbox-tools: bwrap not found; for the sandbox tests install bubblewrap (Debian/Ubuntu: sudo apt-get install bubblewrap)" >&2
fi
