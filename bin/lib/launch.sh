# Sourced by bin/minikafka, bin/broker, bin/producer and bin/consumer:
#   minikafka_launch ARGS...   runs `minikafka ARGS...` (exec, so signals reach the JVM).
#   `minikafka bench ...` is handed to the benchmark harness (bench/target/minikafka-bench.jar,
#   built beside the broker's jar on first use), so the CLI does not depend on the bench module.
#
# Selects a JDK >= 21 (bin/lib/jdk.sh), builds minikafka-cli/target/minikafka.jar on first use or
# when a source or a pom.xml is newer than it, then starts it: the broker (serve, broker) on a
# normal server JVM, every client command on a JVM tuned to start fast.
#
# Environment:
#   MINIKAFKA_JAVA_OPTS   extra JVM options, e.g. -Xmx2g
#   MINIKAFKA_NO_BUILD=1  never build; fail if the jar is missing (used by the end-to-end tests)

minikafka_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

minikafka_jar_is_stale() {
  local jar=$1
  [ -f "$jar" ] || return 0
  # Any pom.xml or file under a module's src/ newer than the jar.
  [ -n "$(find "$minikafka_root" -maxdepth 3 -name pom.xml -newer "$jar" -print -quit 2>/dev/null)" ] && return 0
  local src
  for src in "$minikafka_root"/*/src; do
    [ -d "$src" ] || continue
    [ -n "$(find "$src" -newer "$jar" -print -quit 2>/dev/null)" ] && return 0
  done
  return 1
}

minikafka_build() {
  local jar=$1 modules=${2:-minikafka-cli} log
  command -v mvn >/dev/null 2>&1 || {
    echo "minikafka: needs Apache Maven 3.8 or newer on PATH (mvn) to build itself" >&2
    return 1
  }
  if [ -f "$jar" ]; then
    echo "building minikafka (sources changed)..." >&2
  else
    echo "building minikafka (first run)..." >&2
  fi
  log=$(mktemp "${TMPDIR:-/tmp}/minikafka-build.XXXXXX")
  if ! (cd "$minikafka_root" && mvn -B -ntp -q package -DskipTests \
    -Dspotless.check.skip=true -Dcheckstyle.skip=true -pl "$modules" -am) >"$log" 2>&1; then
    cat "$log" >&2
    echo "minikafka: the build failed (output above)" >&2
    rm -f "$log"
    return 1
  fi
  rm -f "$log"
}

# The harness's jar is stale when it or the broker's jar is, or a peer module changed.
minikafka_bench_is_stale() {
  local jar="$minikafka_root/bench/target/minikafka-bench.jar"
  minikafka_jar_is_stale "$jar" && return 0
  minikafka_jar_is_stale "$minikafka_root/minikafka-cli/target/minikafka.jar" && return 0
  [ -d "$minikafka_root/peers/kafka/target/lib" ] || return 0
  [ -n "$(find "$minikafka_root"/peers/*/src "$minikafka_root"/peers/*/pom.xml -newer "$jar" \
    -print -quit 2>/dev/null)" ]
}

# `minikafka bench ARGS...`: builds the broker and the harness if needed, then runs the harness.
minikafka_bench() {
  local jar="$minikafka_root/bench/target/minikafka-bench.jar"
  if [ "${MINIKAFKA_NO_BUILD:-}" = 1 ]; then
    [ -f "$jar" ] || { echo "minikafka: $jar is missing and MINIKAFKA_NO_BUILD=1" >&2; exit 1; }
  elif minikafka_bench_is_stale; then
    mkdir -p "$minikafka_root/minikafka-cli/target"
    if command -v flock >/dev/null 2>&1; then
      exec 9>"$minikafka_root/minikafka-cli/target/.build.lock"
      flock 9
    fi
    if minikafka_bench_is_stale; then
      minikafka_build "$jar" minikafka-cli,bench || exit 1
      touch "$jar"
    fi
    exec 9>&-
  fi
  local tty_err=false
  [ -t 2 ] && tty_err=true
  # shellcheck disable=SC2086 # MINIKAFKA_JAVA_OPTS is a list of options
  exec "$JAVA_HOME/bin/java" -Xlog:disable -Xlog:all=warning:stderr -Xmx2g \
    --enable-native-access=ALL-UNNAMED -Djava.awt.headless=true \
    -Dminikafka.kafka.lib="$minikafka_root/peers/kafka/target/lib" \
    -Dminikafka.tty.stderr=$tty_err ${MINIKAFKA_JAVA_OPTS:-} \
    -cp "$jar" dev.minikafka.bench.suite.BenchCommand --root "$minikafka_root" "$@"
}

minikafka_launch() {
  . "$minikafka_root/bin/lib/jdk.sh"
  minikafka_select_jdk || exit 1
  if [ "${1:-}" = bench ]; then
    shift
    minikafka_bench "$@"
  fi
  local jar="$minikafka_root/minikafka-cli/target/minikafka.jar"
  if [ "${MINIKAFKA_NO_BUILD:-}" = 1 ]; then
    [ -f "$jar" ] || { echo "minikafka: $jar is missing and MINIKAFKA_NO_BUILD=1" >&2; exit 1; }
  elif minikafka_jar_is_stale "$jar"; then
    if command -v flock >/dev/null 2>&1; then
      # One build at a time when several launchers start together; the others wait, then find
      # the jar fresh.
      mkdir -p "$minikafka_root/minikafka-cli/target"
      exec 9>"$minikafka_root/minikafka-cli/target/.build.lock"
      flock 9
      if minikafka_jar_is_stale "$jar"; then minikafka_build "$jar" || exit 1; fi
      flock -u 9
      exec 9>&-
    else
      minikafka_build "$jar" || exit 1
    fi
  fi

  local tty_in=false tty_err=false
  [ -t 0 ] && tty_in=true
  [ -t 2 ] && tty_err=true
  # JVM warnings go to stderr, never into the output of a command (which may be piped).
  local jvm=(-Xlog:disable -Xlog:all=warning:stderr)
  case "${1:-}" in
    serve | broker)
      # The engine makes file channels interrupt-proof through sun.nio.ch; lz4 and zstd load
      # native code. (The jar's manifest says the same for `java -jar`.)
      jvm+=(--add-exports java.base/sun.nio.ch=ALL-UNNAMED --enable-native-access=ALL-UNNAMED)
      ;;
    *)
      # Client commands start in a fraction of a second: C1 only, the serial collector, no perf
      # data file. (A class data archive gains little here: picocli's classes are too old for it.)
      jvm+=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData)
      ;;
  esac
  # shellcheck disable=SC2086 # MINIKAFKA_JAVA_OPTS is a list of options
  exec "$JAVA_HOME/bin/java" "${jvm[@]}" \
    -Dminikafka.tty.stdin=$tty_in -Dminikafka.tty.stderr=$tty_err ${MINIKAFKA_JAVA_OPTS:-} \
    -jar "$jar" "$@"
}
