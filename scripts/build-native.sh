#!/usr/bin/env bash
# Builds native/ (our TensorFlow custom ops) for Linux x86-64:
#   target/classes/native/linux-x86_64/libfmnist_ops.so   the ops, packaged into the jars
#   target/classes/native/linux-x86_64/libfmnist_quiet.so keeps TensorFlow's start-up notices quiet
#   target/native/{crp,dense,dropout}_harness             the CPU kernels' test harnesses
#   target/native/crp_cuda_harness                        the CUDA kernels' harness, where nvcc is
#
#   scripts/build-native.sh [--cpu|--cuda] [--test] [--bench]
#
# --cpu (the default) builds CPU kernels only; --cuda puts the CUDA kernels into the library as well (mvn -Pgpu passes it; it needs nvcc).
# Without it the library has CPU kernels only, but where nvcc is installed the CUDA kernels and
# their harness are still compiled, so that a change that breaks them fails the tests (with --test;
# a plain build then goes on with the CPU library alone).
# --test runs the harnesses (every supported shape against the reference kernels; the CUDA one
# says so and checks nothing where there is no GPU); --bench adds their timings. mvn package runs
# this script, and mvn test runs it with --test. Without gcc, or on another platform, it builds
# nothing and says so: train.jar then uses TensorFlow's stock ops.
set -euo pipefail
cd "$(dirname "$0")/.."
run_test=""
bench=""
cuda=""
for a in "$@"; do
  case "$a" in
    --cpu) cuda="" ;;
    --cuda) cuda=1 ;;
    --test) run_test=1 ;;
    --bench) run_test=1; bench="--bench" ;;
    *) echo "usage: scripts/build-native.sh [--cpu|--cuda] [--test] [--bench]" >&2; exit 2 ;;
  esac
done
if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ] || ! command -v gcc > /dev/null; then
  if [ -n "$cuda" ]; then
    echo "build-native: --cuda needs gcc on Linux x86-64." >&2
    exit 1
  fi
  echo "build-native: no gcc for Linux x86-64 here; the native ops are not built (stock ops will be used)." >&2
  exit 0
fi
nvcc=$(command -v nvcc || true)
if [ -n "$cuda" ] && [ -z "$nvcc" ]; then
  echo "build-native: --cuda (mvn -Pgpu) needs CUDA's nvcc on the PATH." >&2
  exit 1
fi
lib_dir=target/classes/native/linux-x86_64
out=target/native
mkdir -p "$lib_dir" "$out/stub"
# -ffp-contract=off by default; the conv kernels (crp_cpu.c) and the Dense kernel (dense_cpu.c) are
# built with -ffp-contract=fast: their multiply-adds are fused, as the conv reference's fmaf are.
cflags=(-O3 -std=gnu11 -fPIC -pthread -Wall -Wextra -Werror -Wno-psabi -ffp-contract=off)
# The JNI library that quiets TensorFlow's start-up notices (ops/TensorFlowLogs.java): libc and pthreads only.
java_home=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}
if [ -f "$java_home/include/jni.h" ]; then
  gcc "${cflags[@]}" -shared -I"$java_home/include" -I"$java_home/include/linux" native/src/quiet.c \
      -o "$lib_dir/libfmnist_quiet.so" -pthread
else
  echo "build-native: no jni.h under $java_home; TensorFlow's start-up notices will show." >&2
fi
gcc "${cflags[@]}" -c native/src/pool.c -o "$out/pool.o"
gcc "${cflags[@]}" -ffp-contract=fast -c native/src/crp_cpu.c -o "$out/crp_cpu.o"
gcc "${cflags[@]}" -ffp-contract=fast -c native/src/dense_cpu.c -o "$out/dense_cpu.o"
gcc "${cflags[@]}" -c native/src/dropout_cpu.c -o "$out/dropout_cpu.o"
cuda_objects=()
cuda_libs=()
if [ -n "$nvcc" ]; then
  cuda_home=${CUDA_HOME:-$(dirname "$(dirname "$(readlink -f "$nvcc")")")}
  [ -f "$cuda_home/lib64/libcudart_static.a" ] || cuda_home=/usr/local/cuda
  # -fmad=false: no fused multiply-adds, so the forward output is the reference's bit for bit.
  # Ampere and Hopper natively, and PTX that newer GPUs compile when they load it.
  nvflags=(-O3 -std=c++17 -fmad=false -Xcompiler -fPIC,-Wall,-Wextra -Werror all-warnings
           -gencode arch=compute_80,code=sm_80 -gencode arch=compute_90,code=sm_90
           -gencode arch=compute_90,code=compute_90)
  if ! { "$nvcc" "${nvflags[@]}" -c native/src/crp_cuda.cu -o "$out/crp_cuda.o" \
         && "$nvcc" "${nvflags[@]}" -o "$out/crp_cuda_harness" native/test/crp_cuda_harness.cu "$out/crp_cuda.o" \
              "$out/crp_cpu.o" "$out/pool.o"; }; then
    # Asked for CUDA, or testing: a failure is an error. Only building the CPU jars (the README's
    # first command), an nvcc that does not work with this gcc must not stop them.
    if [ -n "$cuda" ] || [ -n "$run_test" ]; then
      echo "build-native: nvcc could not build the CUDA kernels (see above)." >&2
      exit 1
    fi
    echo "build-native: nvcc could not build the CUDA kernels (see above); building the CPU library only." >&2
    nvcc=""
  fi
  if [ -n "$cuda" ]; then
    # The CUDA runtime is linked in statically and kept private (--exclude-libs), so the library
    # needs no libcudart of its own version and cannot clash with the one TensorFlow loads.
    cuda_objects=(-DCRP_CUDA "$out/crp_cuda.o")
    cuda_libs=(-L"$cuda_home/lib64" -l:libcudart_static.a -Wl,--exclude-libs,ALL -lstdc++ -ldl -lrt)
  fi
fi
# Link against a stand-in with TensorFlow's soname (see tf_stub.c); the real one is loaded at run time.
gcc "${cflags[@]}" -shared -Wl,-soname,libtensorflow_framework.so.2 -o "$out/stub/libtensorflow_framework.so.2" \
  native/src/tf_stub.c
gcc "${cflags[@]}" -shared -Wl,--no-undefined -o "$lib_dir/libfmnist_ops.so.tmp" \
  "$out/crp_cpu.o" native/src/ops.c "$out/pool.o" "$out/dense_cpu.o" "$out/dropout_cpu.o" "${cuda_objects[@]}" -L"$out/stub" -l:libtensorflow_framework.so.2 \
  -lm "${cuda_libs[@]}"
mv "$lib_dir/libfmnist_ops.so.tmp" "$lib_dir/libfmnist_ops.so"
gcc "${cflags[@]}" -o "$out/crp_harness" native/test/crp_harness.c "$out/crp_cpu.o" "$out/pool.o" -lm -lpthread
gcc "${cflags[@]}" -o "$out/dense_harness" native/test/dense_harness.c "$out/dense_cpu.o" "$out/pool.o" -lm -lpthread
gcc "${cflags[@]}" -o "$out/dropout_harness" native/test/dropout_harness.c "$out/dropout_cpu.o" "$out/pool.o" -lm -lpthread
if [ -n "$run_test" ]; then
  "$out/crp_harness" $bench
  "$out/dense_harness" $bench
  "$out/dropout_harness" $bench
  # The library picks its vector variant when it loads, so the harnesses above test only this
  # CPU's best. Each variant this CPU can run is also built alone and tested.
  for level in x86-64-v4 x86-64-v3 x86-64; do
    echo "int main(void) { __builtin_cpu_init(); return !__builtin_cpu_supports(\"$level\"); }" > "$out/level.c"
    gcc -o "$out/level" "$out/level.c" && "$out/level" || { echo "harnesses for $level: skipped, this CPU lacks it"; continue; }
    forced=("${cflags[@]}" -DCRP_NO_CLONES -march="$level")
    gcc "${forced[@]}" -ffp-contract=fast -o "$out/crp_harness_$level" native/test/crp_harness.c native/src/crp_cpu.c \
      native/src/pool.c -lm
    gcc "${forced[@]}" -ffp-contract=fast -o "$out/dense_harness_$level" native/test/dense_harness.c \
      native/src/dense_cpu.c native/src/pool.c -lm
    gcc "${forced[@]}" -o "$out/dropout_harness_$level" native/test/dropout_harness.c native/src/dropout_cpu.c \
      native/src/pool.c -lm
    echo "harnesses for $level:"
    "$out/crp_harness_$level" | grep -v "^ok  "
    "$out/dense_harness_$level" | grep -v "^ok  "
    "$out/dropout_harness_$level" | grep -v "^ok  "
  done
  if [ -n "$nvcc" ]; then
    "$out/crp_cuda_harness" $bench
  fi
fi
