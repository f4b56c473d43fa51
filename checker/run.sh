#!/usr/bin/env bash
# Runs the fault-injection checker against the built broker and rewrites docs/reliability.md.
#   checker/run.sh [--quick|--long] [--seed N] [--report FILE] [--work DIR]
# --quick (default) takes about a minute, --long about twenty. Builds what it needs first.
# Disk-full faults need root (the data directory goes on a small tmpfs); without it they run
# as injected write failures.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bin/lib/jdk.sh"
minikafka_select_jdk
cd "$root"
echo "checker: building minikafka and the checker..." >&2
mvn -B -ntp -q install -DskipTests -Dspotless.check.skip=true -Dcheckstyle.skip=true \
  -pl checker -am >&2
exec java \
  -Dminikafka.jar="$root/minikafka-cli/target/minikafka.jar" \
  -Dchecker.classes="$root/checker/target/classes" \
  -Dchecker.classpath.file="$root/checker/target/classpath.txt" \
  -cp "$root/checker/target/classes:$(cat "$root/checker/target/classpath.txt")" \
  dev.minikafka.checker.Main "$@"
