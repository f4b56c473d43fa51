#!/usr/bin/env bash
# The Java SDK benchmark (issue 4): minikafka through its SDK beside Apache Kafka 4.1 through its
# own ProducerPerformance / ConsumerPerformance, in the same run, under matching durability.
#
#   bench/run-client.sh            full run (3 repetitions, 1M records; about 20 minutes);
#                                  rewrites the client-sdk section of docs/benchmarks.md
#   bench/run-client.sh --quick    1 repetition, 200k records (about 3 minutes); results only
#   bench/run-client.sh --reps N   N repetitions of the full run (1M records), docs rewritten
#   bench/run-client.sh --records N   N records to produce and consume instead (with --quick
#                                  too; the end-to-end run does not change)
#
# Raw results go to bench/results/ (not committed). Builds what it needs first.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
. "$root/bin/lib/jdk.sh"
minikafka_select_jdk

opts=()
docs="$root/docs/benchmarks.md"
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) opts+=(--quick); docs=- ;;
    --reps) opts+=(--reps "$2"); shift ;;
    --records) opts+=(--records "$2"); shift ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run-client: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

command -v mvn >/dev/null 2>&1 || { echo "run-client: needs Apache Maven on PATH" >&2; exit 1; }
(cd "$root" && mvn -B -q -ntp package -DskipTests -pl bench,minikafka-cli -am)
mkdir -p "$here/results"
export MINIKAFKA_NO_BUILD=1
exec "$JAVA_HOME/bin/java" -Xmx1g --enable-native-access=ALL-UNNAMED \
  -Dminikafka.kafka.lib="$root/peers/kafka/target/lib" \
  -cp "$here/target/minikafka-bench.jar" dev.minikafka.bench.client.ClientBench \
  "$root" "$here/results" "$docs" "${opts[@]}"
