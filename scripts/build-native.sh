#!/usr/bin/env bash
# Builds native/ (our TensorFlow custom ops) for Linux x86-64:
#   target/classes/native/linux-x86_64/libfmnist_ops.so   the ops, packaged into the jars
#   target/native/crp_harness                             the standalone kernel test harness
#
#   scripts/build-native.sh [--test] [--bench]
#
# --test runs the harness (every supported shape against the reference kernels); --bench adds
# its timings. mvn package runs this script, and mvn test runs it with --test. Without gcc, or on
# another platform, it builds nothing and says so: train.jar then uses TensorFlow's stock ops.
set -euo pipefail
cd "$(dirname "$0")/.."
run_test=""
bench=""
for a in "$@"; do
  case "$a" in
    --test) run_test=1 ;;
    --bench) run_test=1; bench="--bench" ;;
    *) echo "usage: scripts/build-native.sh [--test] [--bench]" >&2; exit 2 ;;
  esac
done
if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ] || ! command -v gcc > /dev/null; then
  echo "build-native: no gcc for Linux x86-64 here; the native ops are not built (stock ops will be used)." >&2
  exit 0
fi
lib_dir=target/classes/native/linux-x86_64
out=target/native
mkdir -p "$lib_dir" "$out/stub"
# -ffp-contract=off: the kernels round exactly as the reference does (see crp_cpu.c).
cflags=(-O3 -std=gnu11 -fPIC -pthread -Wall -Wextra -Werror -Wno-psabi -ffp-contract=off)
# Link against a stand-in with TensorFlow's soname (see tf_stub.c); the real one is loaded at run time.
gcc "${cflags[@]}" -shared -Wl,-soname,libtensorflow_framework.so.2 -o "$out/stub/libtensorflow_framework.so.2" \
  native/src/tf_stub.c
gcc "${cflags[@]}" -shared -Wl,--no-undefined -o "$lib_dir/libfmnist_ops.so.tmp" \
  native/src/crp_cpu.c native/src/crp_ops.c -L"$out/stub" -l:libtensorflow_framework.so.2
mv "$lib_dir/libfmnist_ops.so.tmp" "$lib_dir/libfmnist_ops.so"
gcc "${cflags[@]}" -o "$out/crp_harness" native/test/crp_harness.c native/src/crp_cpu.c -lm
if [ -n "$run_test" ]; then
  "$out/crp_harness" $bench
fi
