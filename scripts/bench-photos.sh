#!/usr/bin/env bash
# The photo benchmark: the first N test images (default 1,000) turned into product-photo-like
# files (negated to dark on light, scaled up 5 to 15 times with smooth interpolation, off-centre on
# a larger light canvas; a third RGBA PNG with a transparent background, a third JPEG at quality 75),
# then the model's accuracy on the original images and on the photo-like files with --fit keras,
# --fit fashion-mnist and --fit auto. Deterministic: the same files every run.
#
#   scripts/bench-photos.sh [MODEL] [N]     MODEL default: Fashion_MNIST_model (trained first if absent)
set -euo pipefail
cd "$(dirname "$0")/.."
model=${1:-Fashion_MNIST_model}
n=${2:-1000}
# The benchmark's own code is test code (src/test/java/dev/fmnist/bench), compiled by the same build.
[ -f target/predict.jar ] && [ -f target/test-classes/dev/fmnist/bench/PhotoBenchmark.class ] || mvn -q -B package -DskipTests
if [ ! -e "$model" ]; then
  echo "No model in $model; training the default one first." >&2
  java -jar target/train.jar --verbose 0 --model-dir "$model" > /dev/null
fi
java -cp target/test-classes:target/predict.jar dev.fmnist.bench.PhotoBenchmark "$model" "$n"
