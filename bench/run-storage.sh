#!/usr/bin/env bash
# Runs the storage benchmarks side by side with their plain baselines and writes the report.
#
#   bench/run-storage.sh            full run (about 20 minutes); rewrites docs/benchmarks.md
#   bench/run-storage.sh --quick    reduced matrix (about 3 minutes); writes bench/results/ only,
#                                   unless --docs FILE is given
#   bench/run-storage.sh --rebuild  rebuild the benchmark jar first
#
# Other options go to the harness (dev.minikafka.bench.StorageBench), e.g. --size-mb 512,
# --skip-jmh, --skip-recovery, --skip-rss, --skip-ab, --jmh-include 'ReadBenchmark',
# --warmup 2x2, --measure 3x2, --data-dir DIR. Raw JSON results and JMH's log go to
# bench/results/ (not committed). Needs Linux (/proc), a JDK 21 or newer and, to build, Maven.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
. "$root/bin/lib/jdk.sh"
minikafka_select_jdk

jar="$here/target/minikafka-bench.jar"
quick=false
rebuild=false
docs_given=false
version_given=false
data_dir=""
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=true; args+=("$1") ;;
    --rebuild) rebuild=true ;;
    --docs) docs_given=true; args+=("$1" "$2"); shift ;;
    --data-dir) data_dir=$2; shift ;;
    --engine-version) version_given=true; args+=("$1" "$2"); shift ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) args+=("$1") ;;
  esac
  shift
done

if $rebuild || [ ! -f "$jar" ]; then
  command -v mvn >/dev/null 2>&1 || { echo "run-storage: needs Apache Maven on PATH to build $jar" >&2; exit 1; }
  echo "run-storage: building $jar" >&2
  (cd "$root" && mvn -B -ntp -q package -pl bench -am -DskipTests)
fi

if ! $docs_given && ! $quick; then
  args+=(--docs "$root/docs/benchmarks.md")
fi

own_data=false
if [ -z "$data_dir" ]; then
  data_dir=$(mktemp -d "${TMPDIR:-/tmp}/minikafka-bench.XXXXXX")
  own_data=true
fi
cleanup() {
  if $own_data; then rm -rf "$data_dir"; fi
}
trap cleanup EXIT

if ! $version_given; then
  version=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || true)
  if [ -n "$version" ] && [ -n "$(git -C "$root" status --porcelain -- minikafka-core minikafka-storage 2>/dev/null)" ]; then
    version="$version with uncommitted changes to the engine"
  fi
  args+=(--engine-version "${version:-unknown (not a git checkout)}")
fi

mkdir -p "$here/results"
cd "$root"
"$JAVA_HOME/bin/java" -Xmx1g --enable-native-access=ALL-UNNAMED \
  --add-exports=java.base/sun.nio.ch=ALL-UNNAMED -cp "$jar" dev.minikafka.bench.StorageBench \
  --data-dir "$data_dir" --results-dir "$here/results" "${args[@]}"
