# Sourced by the launchers: selects a JDK >= 21 and exports JAVA_HOME.
#
# Order: $JAVA_HOME if it is new enough, then the newest JDK found under the
# usual install locations, then the javac on PATH. Prints one line and
# returns non-zero when none qualifies.

MINIKAFKA_MIN_JAVA=21

minikafka_jdk_major() {
  # Prints the feature version of the JDK in $1 (e.g. 25), or nothing.
  local home=$1 v=""
  [ -x "$home/bin/javac" ] && [ -x "$home/bin/java" ] || return 0
  if [ -f "$home/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$home/release" | head -n 1)
  fi
  if [ -z "$v" ]; then
    v=$("$home/bin/java" -XshowSettings:properties -version 2>&1 |
      sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1)
  fi
  [ "$v" = 1 ] && v=8
  printf '%s' "$v"
}

minikafka_select_jdk() {
  local best="" best_v=0 home v
  if [ -n "${JAVA_HOME:-}" ]; then
    v=$(minikafka_jdk_major "$JAVA_HOME")
    if [ -n "$v" ] && [ "$v" -ge "$MINIKAFKA_MIN_JAVA" ]; then
      export JAVA_HOME
      return 0
    fi
  fi
  local javac_home=""
  if command -v javac >/dev/null 2>&1; then
    javac_home=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
  fi
  for home in /usr/lib/jvm/* /usr/local/lib/jvm/* /opt/java/* /opt/jdk* \
    "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/* /Library/Java/JavaVirtualMachines/*/Contents/Home \
    $javac_home; do
    [ -d "$home" ] || continue
    v=$(minikafka_jdk_major "$home")
    [ -n "$v" ] || continue
    if [ "$v" -ge "$MINIKAFKA_MIN_JAVA" ] && [ "$v" -gt "$best_v" ]; then
      best=$home
      best_v=$v
    fi
  done
  if [ -z "$best" ]; then
    echo "minikafka: needs a JDK $MINIKAFKA_MIN_JAVA or newer (set JAVA_HOME to one; none found in JAVA_HOME, /usr/lib/jvm or on PATH)" >&2
    return 1
  fi
  JAVA_HOME=$(readlink -f "$best")
  export JAVA_HOME
  export PATH="$JAVA_HOME/bin:$PATH"
}
