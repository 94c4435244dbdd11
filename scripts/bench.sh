#!/usr/bin/env bash
# Training speed and memory on this machine, as a table: seconds per epoch (Keras' epoch time,
# validation on the 10,000 test images included), training steps per second, the peak resident
# memory of the whole JVM and the test error, for each preset with our native kernels and with
# TensorFlow's stock ops (--kernels); and kfold.jar's 5 folds of 5 epochs, from start to summary.
# The first epoch carries the warm-up (graph optimisation, oneDNN kernel selection), so the table
# gives the median and the best of the others.
#
#   scripts/bench.sh [--before DIR] [--rounds R] [EPOCHS] [PRESET...]
#                    default: 3 epochs, 1 round, presets app1 ex9; PRESET may also be kfold
#
# --before DIR adds the same runs of another build (DIR holds its target/*.jar, e.g. a clone of
# an earlier commit, built), for a before-and-after table from one sitting. --rounds R repeats
# everything R times, interleaved (this build, then the other, preset by preset), and pools the
# epochs: this machine's speed drifts from minute to minute, and interleaving spreads the drift
# over both columns. Run it on an idle machine: never while a build or another benchmark runs.
set -euo pipefail
cd "$(dirname "$0")/.."
here=$(pwd)
before=""
rounds=1
while [ $# -gt 0 ]; do
  case "$1" in
    --before) before=$(cd "$2" && pwd); shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    *) break ;;
  esac
done
epochs=${1:-3}
shift || true
presets=("$@")
[ ${#presets[@]} -gt 0 ] || presets=(app1 ex9)
[ -f target/train.jar ] || mvn -q -B package -DskipTests
[ -z "$before" ] || [ -f "$before/target/train.jar" ] || { echo "bench.sh: no $before/target/train.jar; build it first" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench.sh needs GNU time: apt-get install -y time" >&2; exit 2; }

builds=(this)
[ -z "$before" ] || builds+=(before)
jar_dir() { if [ "$1" = this ]; then echo "$here"; else echo "$before"; fi; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# One run; appends "epoch seconds" lines to $work/<key>.epochs and the peak RSS and error to <key>.last.
run() { # build preset kernels
  local key="$1-$2-$3" dir out
  dir=$(jar_dir "$1")
  out="$work/run"
  rm -rf "$out" && mkdir -p "$out"
  if [ "$2" = kfold ]; then
    local s e
    s=$(date +%s.%N)
    (cd "$out" && /usr/bin/time -f "%M" -o rss java -jar "$dir/target/kfold.jar" --kernels "$3" --verbose 0 \
        > out.txt 2> err.txt) || { cat "$out/err.txt" >&2; exit 1; }
    e=$(date +%s.%N)
    awk -v s="$s" -v e="$e" 'BEGIN { print e - s }' >> "$work/$key.epochs"
    # the mean test error over the folds, from "Accuracy: mean = 90.123 std = ..."
    echo "$(tail -1 "$out/rss") $(awk '/^Accuracy: mean/ { printf "%.2f%%", 100 - $4 }' "$out/out.txt")" > "$work/$key.last"
    return
  fi
  (cd "$out" && /usr/bin/time -f "%M" -o rss java -jar "$dir/target/train.jar" --preset "$2" --epochs "$epochs" \
      --kernels "$3" --verbose 0 --model-dir model --history history.csv > out.txt 2> err.txt) \
    || { cat "$out/err.txt" >&2; exit 1; }
  awk -F, 'NR > 2 || (NR == 2 && n == 1) { print $6 }' n="$epochs" "$out/history.csv" >> "$work/$key.epochs"
  echo "$(tail -1 "$out/rss") $(grep -o 'Classification Error Rate: [0-9.]*%' "$out/out.txt" | sed 's/.*: //')" \
    > "$work/$key.last"
}

for _ in $(seq "$rounds"); do
  for preset in "${presets[@]}"; do
    for build in "${builds[@]}"; do
      for kernels in native stock; do
        run "$build" "$preset" "$kernels"
      done
    done
  done
done

printf "| %-6s | %-6s | %-7s | %7s | %10s | %10s | %8s | %12s | %-10s |\n" model build kernels samples \
  "median s" "best s" "steps/s" "peak RSS MiB" "test error"
printf "|--------|--------|---------|---------|------------|------------|----------|--------------|------------|\n"
for preset in "${presets[@]}"; do
  for build in "${builds[@]}"; do
    for kernels in native stock; do
      key="$build-$preset-$kernels"
      read -r rss error < "$work/$key.last"
      # kfold: seconds from start to summary per run; train: seconds per epoch (1875 steps).
      sort -n "$work/$key.epochs" | awk -v p="$preset" -v b="$build" -v k="$kernels" -v rss="$rss" -v err="$error" '
        { s[++n] = $1 }
        END {
          med = (n % 2) ? s[(n + 1) / 2] : (s[n / 2] + s[n / 2 + 1]) / 2
          steps = (p == "kfold") ? "-" : sprintf("%.0f", 1875 / med)
          printf "| %-6s | %-6s | %-7s | %7d | %10.2f | %10.2f | %8s | %12.0f | %-10s |\n", p, b, k, n, med, s[1], steps, rss / 1024, err
        }'
    done
  done
done
echo "Seconds are per epoch (validation included), or, for kfold, per whole run; samples: epochs or runs pooled."
