#!/usr/bin/env bash
# predict.jar on this machine: the cold-start time of one prediction (JVM start, TensorFlow load,
# model load, one image) and the throughput over directories of 1,000 and 10,000 test images.
#
#   scripts/bench-predict.sh [MODEL_DIR]     default: Fashion_MNIST_model (trained first if absent)
#
# Run it on an idle machine, after TensorFlow's native library has been unpacked once
# (any earlier run of a jar does that).
set -euo pipefail
cd "$(dirname "$0")/.."
model=${1:-Fashion_MNIST_model}
[ -f target/predict.jar ] || mvn -q -B package -DskipTests
if [ ! -f "$model/saved_model.pb" ]; then
  echo "No model in $model; training the default one first." >&2
  java -jar target/train.jar --verbose 0 --model-dir "$model" > /dev/null 2>&1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
java -jar target/train.jar --export-samples "$work/all" --export-test-images 10000 > /dev/null 2>&1
find "$work/all" -type f ! -name 'test-*.png' -delete   # keep only the 10,000 test images
mkdir "$work/images"
cp "$work"/all/test-00[0-9][0-9][0-9].png "$work/images"   # and the first 1,000 of them

seconds() { local s e; s=$(date +%s.%N); "$@" > /dev/null 2>&1; e=$(date +%s.%N); awk -v s="$s" -v e="$e" 'BEGIN { print e - s }'; }
min() { awk -v a="$1" -v b="$2" 'BEGIN { print (a < b) ? a : b }'; }
one="$work/images/test-00000.png"
java -jar target/predict.jar --model-dir "$model" "$one" > /dev/null 2>&1   # warm the page cache
best_cold=999
for _ in 1 2 3; do
  t=$(seconds java -jar target/predict.jar --model-dir "$model" "$one")
  best_cold=$(min "$t" "$best_cold")
done
best_dir=999
for _ in 1 2 3; do
  t=$(seconds java -jar target/predict.jar --model-dir "$model" "$work/images")
  best_dir=$(min "$t" "$best_dir")
done
best_all=999
for _ in 1 2 3; do
  t=$(seconds java -jar target/predict.jar --model-dir "$model" "$work/all")
  best_all=$(min "$t" "$best_all")
done
n=$(ls "$work/images" | wc -l)
n_all=$(ls "$work/all" | wc -l)
printf "| %-34s | %10s |\n" measure value
printf "|------------------------------------|------------|\n"
printf "| %-34s | %9.2fs |\n" "cold start, one image" "$best_cold"
printf "| %-34s | %9.2fs |\n" "$n images, whole run" "$best_dir"
printf "| %-34s | %10.0f |\n" "images/s, whole run" "$(awk -v n="$n" -v d="$best_dir" 'BEGIN { print n / d }')"
printf "| %-34s | %9.2fs |\n" "$n_all images, whole run" "$best_all"
# Beyond the cold start, from the 10,000-image run: with 1,000 the difference of two small times
# swung between 4,300 and 6,900 images/s from one run of this script to the next.
printf "| %-34s | %10.0f |\n" "images/s beyond the cold start" "$(awk -v n="$n_all" -v d="$best_all" -v c="$best_cold" 'BEGIN { print (n - 1) / (d - c) }')"
