#!/usr/bin/env bash
# Builds the linux-arm64 package from a copy of this tree (mvn package -Dplatform=linux-arm64, our
# kernels cross-built by aarch64-linux-gnu-gcc) and runs it on Debian's arm64 JDK under qemu-user:
# the kernels' harnesses, train.jar with our kernels for one short epoch, then predict.jar on a
# sample with the model it saved. Each step's stdout
# and stderr are kept apart in OUT (default target/arm64-check) for the test that calls this script
# (Arm64IT), which checks them. Needs what scripts/setup.sh --tests installs.
#
#   scripts/arm64-check.sh [OUT]
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(realpath -m "${1:-target/arm64-check}")
java_arm64=/usr/lib/jvm/java-17-openjdk-arm64/bin/java
for need in qemu-aarch64-static aarch64-linux-gnu-gcc "$java_arm64"; do
  command -v "$need" > /dev/null || { echo "arm64-check: $need is missing (scripts/setup.sh --tests installs it)." >&2; exit 3; }
done
rm -rf "$out"
mkdir -p "$out/src"
cp -r pom.xml src native scripts samples README.md "$out/src/"
(cd "$out/src" && mvn -B -q package -Dmaven.test.skip=true -DskipTests -Dplatform=linux-arm64) > "$out/build.log" 2>&1 \
  || { echo "arm64-check: the linux-arm64 build failed (log: $out/build.log)." >&2; exit 1; }
# The kernels' harnesses, cross-built by the package above, against the reference kernels under qemu.
(cd "$out/src" && scripts/build-native.sh --platform linux-arm64 --test) > "$out/harness.out" 2>&1 \
  || echo "the harnesses exited with $?" >> "$out/harness.out"
arm() { qemu-aarch64-static -L / "$java_arm64" "$@"; }
cd "$out"
arm -jar src/target/train.jar --kernels native --epochs 1 --steps-per-epoch 100 --model-dir "$out/model" \
    --confusion "$out/confusion.png" > train.out 2> train.err || echo "train.jar exited with $?" >> train.err
arm -jar src/target/predict.jar --model "$out/model" src/samples/pullover.png > predict.out 2> predict.err \
  || echo "predict.jar exited with $?" >> predict.err
echo "arm64-check: done; outputs in $out."
