# shellcheck shell=bash
# Finds a JDK >= 21 for ironclaw4j's own scripts. Sourced by ./ironclaw4j and ./run-tests.
# Order: IRONCLAW4J_JAVA_HOME, JAVA_HOME, the java on PATH, then the standard install locations of
# Linux distributions, macOS, Homebrew, SDKMAN and IntelliJ's ~/.jdks (newest first).

IRONCLAW4J_MIN_JAVA=21

# Prints the feature version (e.g. 25) of the JDK at $1, or nothing if $1 is not a usable JDK.
ironclaw4j_jdk_version() {
  local home=$1 v=""
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 1
  if [ -f "$home/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$home/release" | head -n 1)
  fi
  if [ -z "$v" ]; then
    v=$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1)
  fi
  [ -n "$v" ] || return 1
  v=${v#1.}          # 1.8.0 -> 8.0
  printf '%s\n' "${v%%[.+-]*}"
}

ironclaw4j_jdk_candidates() {
  [ -n "${IRONCLAW4J_JAVA_HOME:-}" ] && printf '%s\n' "$IRONCLAW4J_JAVA_HOME"
  [ -n "${JAVA_HOME:-}" ] && printf '%s\n' "$JAVA_HOME"
  local j
  if j=$(command -v java 2>/dev/null); then
    j=$(readlink -f "$j" 2>/dev/null || printf '%s' "$j")
    printf '%s\n' "$(dirname "$(dirname "$j")")"
  fi
  if [ -x /usr/libexec/java_home ]; then
    /usr/libexec/java_home -v "$IRONCLAW4J_MIN_JAVA+" 2>/dev/null || true
  fi
  local d
  for d in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* /usr/local/opt/openjdk*/libexec/openjdk.jdk/Contents/Home \
           /opt/homebrew/opt/openjdk*/libexec/openjdk.jdk/Contents/Home \
           /Library/Java/JavaVirtualMachines/*/Contents/Home "$HOME"/Library/Java/JavaVirtualMachines/*/Contents/Home \
           "${SDKMAN_DIR:-$HOME/.sdkman}"/candidates/java/* "$HOME"/.jdks/*; do
    [ -d "$d" ] && printf '%s\n' "$d"
  done
}

# Prints the home of the JDK to use, or explains what to install on stderr and returns 1.
ironclaw4j_find_jdk() {
  local best="" best_v=0 seen="" home v first=1
  while IFS= read -r home; do
    [ -n "$home" ] || continue
    v=$(ironclaw4j_jdk_version "$home") || continue
    seen="$seen\n  - JDK $v at $home"
    # An explicitly chosen JDK (IRONCLAW4J_JAVA_HOME, JAVA_HOME, PATH) wins if it is new enough.
    if [ "$v" -ge "$IRONCLAW4J_MIN_JAVA" ] && [ $first = 1 ]; then
      printf '%s\n' "$home"; return 0
    fi
    if [ "$v" -ge "$IRONCLAW4J_MIN_JAVA" ] && [ "$v" -gt "$best_v" ]; then best=$home; best_v=$v; fi
    case "$home" in "${IRONCLAW4J_JAVA_HOME:-/nonexistent}"|"${JAVA_HOME:-/nonexistent}") ;; *) first=0 ;; esac
  done < <(ironclaw4j_jdk_candidates)
  if [ -n "$best" ]; then printf '%s\n' "$best"; return 0; fi
  {
    echo "ironclaw4j needs a JDK $IRONCLAW4J_MIN_JAVA or newer (a full JDK, with javac), and none was found."
    if [ -n "$seen" ]; then printf 'Found only:%b\n' "$seen"; fi
    echo "Install one, then run this command again:"
    echo "  Debian/Ubuntu:  sudo apt-get install openjdk-21-jdk   (or a newer openjdk-NN-jdk)"
    echo "  Fedora/RHEL:    sudo dnf install java-21-openjdk-devel"
    echo "  macOS:          brew install openjdk@21"
    echo "  SDKMAN:         sdk install java 21-tem"
    echo "Or point IRONCLAW4J_JAVA_HOME (or JAVA_HOME) at an installed JDK $IRONCLAW4J_MIN_JAVA+."
  } >&2
  return 1
}

# Maven's own libraries trip JDK 24+'s sun.misc.Unsafe warnings; silence them for the build only.
ironclaw4j_quiet_maven() {
  local v; v=$(ironclaw4j_jdk_version "$1") || return 0
  if [ "$v" -ge 24 ]; then
    case " ${MAVEN_OPTS:-} " in *sun-misc-unsafe*) ;; *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;; esac
  fi
}
