#!/usr/bin/env bash
# Training speed and memory of train.jar on this machine, as a table: seconds per epoch (Keras'
# epoch time, validation on the 10,000 test images included), training steps per second, and
# the peak resident memory of the whole JVM, for each preset with our native kernels and with
# TensorFlow's stock ops (--kernels). The first epoch carries the warm-up (graph optimisation,
# oneDNN kernel selection), so the table gives the best and the mean of the rest.
#
#   scripts/bench.sh [EPOCHS] [PRESET...]     default: 3 epochs, presets app1 ex9
#
# Run it on an idle machine: never while a build or another benchmark runs.
set -euo pipefail
cd "$(dirname "$0")/.."
epochs=${1:-3}
shift || true
presets=("$@")
[ ${#presets[@]} -gt 0 ] || presets=(app1 ex9)
[ -f target/train.jar ] || mvn -q -B package -DskipTests
[ -x /usr/bin/time ] || { echo "bench.sh needs GNU time: apt-get install -y time" >&2; exit 2; }

printf "| %-6s | %-7s | %-7s | %6s | %10s | %10s | %8s | %12s |\n" model kernels threads epochs "best s/ep" "mean s/ep" "steps/s" "peak RSS MiB"
printf "|--------|---------|---------|--------|------------|------------|----------|--------------|\n"
for preset in "${presets[@]}"; do
for kernels in native stock; do
  work=$(mktemp -d)
  /usr/bin/time -f "%M" -o "$work/rss" java -jar target/train.jar --preset "$preset" --epochs "$epochs" --kernels "$kernels" \
      --verbose 0 --model-dir "$work/model" --history "$work/history.csv" > "$work/out.txt" 2> "$work/err.txt" \
    || { cat "$work/err.txt" >&2; exit 1; }
  rss_kib=$(tail -1 "$work/rss")
  threads=$(nproc)
  # seconds per epoch over epochs 2..N (all epochs when only one was run); 1875 steps per epoch.
  awk -F, -v preset="$preset" -v kernels="$kernels" -v threads="$threads" -v rss="$rss_kib" -v epochs="$epochs" '
    NR == 1 { next }
    { n++; s[n] = $6 }
    END {
      first = (n > 1) ? 2 : 1; best = 1e9; sum = 0; k = 0
      for (i = first; i <= n; i++) { sum += s[i]; k++; if (s[i] < best) best = s[i] }
      mean = sum / k
      printf "| %-6s | %-7s | %-7s | %6d | %10.2f | %10.2f | %8.0f | %12.0f |\n", preset, kernels, threads, epochs, best, mean, 1875 / mean, rss / 1024
    }' "$work/history.csv"
  grep "Classification Error Rate" "$work/out.txt" | sed "s/^/  $preset, $kernels: /" >&2
  rm -rf "$work"
done
done
