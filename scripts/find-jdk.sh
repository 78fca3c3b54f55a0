# Sourced by ./gust and ./test: sets JAVA_HOME to a JDK 21 or newer, or exits with a clear message.
# Order: $JAVA_HOME, then the usual JDK folders, then the java on PATH.

_gust_jdk_major() { # prints the major version of the JDK at $1, or nothing
  local release="$1/release" v
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] && [ -f "$release" ] || return 0
  v=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$release")
  v=${v#1.}
  echo "${v%%[.+-]*}"
}

gust_find_jdk() {
  local candidates=() c major best="" best_major=0
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for c in /usr/lib/jvm/* /usr/local/lib/jvm/* /opt/java/* /opt/jdk* /usr/java/* \
           "$HOME"/.sdkman/candidates/java/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -d "$c" ] && candidates+=("$c")
  done
  if command -v java >/dev/null 2>&1; then
    c=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    candidates+=("$c")
  fi
  # $JAVA_HOME wins when it is new enough; otherwise the newest JDK found.
  if [ -n "${JAVA_HOME:-}" ]; then
    major=$(_gust_jdk_major "$JAVA_HOME")
    if [ -n "$major" ] && [ "$major" -ge 21 ] 2>/dev/null; then
      return 0
    fi
  fi
  for c in "${candidates[@]}"; do
    major=$(_gust_jdk_major "$c")
    if [ -n "$major" ] && [ "$major" -ge 21 ] 2>/dev/null && [ "$major" -gt "$best_major" ]; then
      best="$c"; best_major=$major
    fi
  done
  if [ -z "$best" ]; then
    echo "gust: no JDK 21 or newer found (looked at \$JAVA_HOME, /usr/lib/jvm, /opt/java, ~/.sdkman and the java on PATH)." >&2
    echo "gust: install one (e.g. 'apt-get install openjdk-21-jdk-headless') or set JAVA_HOME to it." >&2
    exit 1
  fi
  export JAVA_HOME="$best"
}

gust_find_jdk
export PATH="$JAVA_HOME/bin:$PATH"
