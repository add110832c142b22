#!/usr/bin/env bash
# Installs what the end-to-end tests of the VS Code extension need, idempotently, and prints where it is:
#   - Debian packages: chromium (the headless browser), ripgrep (seeds code-server's download),
#     libkrb5-dev, g++, make (code-server's native modules), with apt-get when missing (as root, or sudo -n);
#   - code-server 4.100.3 from npm (the newest that runs on node 20) into a cache folder, by default
#     ~/.cache/ironclaw4j/e2e (IRONCLAW4J_E2E_CACHE overrides), reused while it is complete.
# Output (stdout), for eval:  CODE_SERVER=...; CHROMIUM=...
# Logs go to stderr.
set -euo pipefail

CODE_SERVER_VERSION=4.100.3
# code-server 4.100.3's VS Code downloads ripgrep from GitHub in a postinstall script unless this
# package version's cache already holds the archive; GitHub is not reachable in CI, Debian's rg is.
RIPGREP_PKG_VERSION=1.15.11
RIPGREP_TAG=v13.0.0-10

log() { echo "e2e-setup: $*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo -n "$@"
  else return 1
  fi
}

ensure_debian_packages() {
  local missing=() p
  for p in chromium ripgrep libkrb5-dev g++ make; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! command -v apt-get >/dev/null 2>&1; then
    log "missing: ${missing[*]}, and this is not a Debian/Ubuntu system. Install Chromium, ripgrep, the Kerberos headers, g++ and make, then run again."
    exit 1
  fi
  log "installing with apt-get: ${missing[*]}"
  if ! as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 \
      && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2 \
      || { log "could not install ${missing[*]} (needs root or passwordless sudo): sudo apt-get install ${missing[*]}"; exit 1; }
  fi
}

rg_target() {
  case "$(uname -m)" in
    x86_64) echo x86_64-unknown-linux-musl ;;
    aarch64|arm64) echo aarch64-unknown-linux-musl ;;
    *) log "unsupported architecture $(uname -m)"; exit 1 ;;
  esac
}

ensure_code_server() {
  local cache=${IRONCLAW4J_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ironclaw4j/e2e}
  local dir="$cache/code-server-$CODE_SERVER_VERSION"
  mkdir -p "$cache"
  exec 8>"$cache/.lock"
  flock 8
  if [ -f "$dir/.complete" ] && [ -x "$dir/node_modules/.bin/code-server" ]; then
    echo "$dir/node_modules/.bin/code-server"
    return 0
  fi
  log "installing code-server $CODE_SERVER_VERSION from npm into $dir (about a minute)"
  rm -rf "$dir" "$dir.tmp"
  mkdir -p "$dir.tmp/tmp/vscode-ripgrep-cache-$RIPGREP_PKG_VERSION" "$dir.tmp/rg"
  cp "$(command -v rg)" "$dir.tmp/rg/rg"
  tar -czf "$dir.tmp/tmp/vscode-ripgrep-cache-$RIPGREP_PKG_VERSION/ripgrep-$RIPGREP_TAG-$(rg_target).tar.gz" -C "$dir.tmp/rg" rg
  printf '{"name":"ironclaw4j-e2e-code-server","private":true}\n' > "$dir.tmp/package.json"
  if ! (cd "$dir.tmp" && TMPDIR="$dir.tmp/tmp" npm_config_unsafe_perm=true npm_config_yes=true \
        npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION" >&2); then
    log "npm install code-server@$CODE_SERVER_VERSION failed (output above)"
    exit 1
  fi
  rm -rf "$dir.tmp/tmp" "$dir.tmp/rg"
  [ -x "$dir.tmp/node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin/rg" ] \
    || { log "code-server installed without ripgrep: the seeded download cache was not used"; exit 1; }
  mv "$dir.tmp" "$dir"
  touch "$dir/.complete"
  echo "$dir/node_modules/.bin/code-server"
}

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" != 20 ]; then
  log "code-server $CODE_SERVER_VERSION needs node 20 (found $(node --version 2>/dev/null || echo none))."
  exit 1
fi
ensure_debian_packages
code_server=$(ensure_code_server)
chromium=$(command -v chromium || true)
[ -n "$chromium" ] || { log "chromium not found after installing it"; exit 1; }
printf 'CODE_SERVER=%q\nCHROMIUM=%q\n' "$code_server" "$chromium"
