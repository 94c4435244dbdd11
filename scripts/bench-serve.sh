#!/usr/bin/env bash
# predict.jar --serve under load on the loopback address: 1, 8 and 32 concurrent clients, each
# sending :predict requests (TensorFlow Serving's row format, test images as JSON) one after
# another, single images and batches of 32, for a fixed time and at most a fixed request count.
# Prints requests/s, images/s, p50 and p99 latency and the error count per level. The clients
# run on the same machine as the server and share its cores.
#
#   scripts/bench-serve.sh [--seconds S] [--max-requests N] [MODEL] [-- SERVER FLAGS...]
#
# MODEL defaults to Fashion_MNIST_model (trained first if absent); flags after -- go to the
# server (e.g. -- --batch-wait-ms 1 --max-batch 128).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=10
max_requests=200000
model=Fashion_MNIST_model
server_flags=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    --max-requests) max_requests=$2; shift 2 ;;
    --) shift; server_flags=("$@"); break ;;
    *) model=$1; shift ;;
  esac
done
# The benchmark's own code is test code (src/test/java/dev/fmnist/bench), compiled by the same build.
[ -f target/predict.jar ] && [ -f target/test-classes/dev/fmnist/bench/LoadTest.class ] || mvn -q -B package -DskipTests
if [ ! -e "$model" ]; then
  echo "No model in $model; training the default one first." >&2
  java -jar target/train.jar --verbose 0 --model-dir "$model" > /dev/null 2>&1
fi
log=$(mktemp)
java -jar target/predict.jar --serve --port 0 --model "$model" "${server_flags[@]}" > "$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 300); do
  grep -q '^Serving' "$log" && break
  kill -0 $server 2>/dev/null || { cat "$log" >&2; exit 1; }
  sleep 0.1
done
port=$(sed -n 's|.*http://[^:]*:\([0-9]*\)/.*|\1|p' "$log" | head -1)
url="http://127.0.0.1:$port/v1/models/fashion_mnist:predict"
echo "predict.jar --serve ${server_flags[*]} on 127.0.0.1:$port, $seconds s per level (at most $max_requests requests)"
echo
echo "| clients | batch | requests | requests/s |   images/s | p50 ms  | p99 ms  | errors |"
echo "|---------|-------|----------|------------|------------|---------|---------|--------|"
for batch in 1 32; do
  # A short unmeasured round first, so that both sides' JIT compilers have warmed up.
  java -cp target/test-classes:target/predict.jar dev.fmnist.bench.LoadTest "$url" 8 "$batch" 2 "$max_requests" > /dev/null
  for clients in 1 8 32; do
    java -cp target/test-classes:target/predict.jar dev.fmnist.bench.LoadTest "$url" "$clients" "$batch" "$seconds" "$max_requests"
  done
done
kill -TERM $server
wait $server
