#!/usr/bin/env bash
# Builds native/ (our TensorFlow custom ops) for one platform, PLATFORM being one of TensorFlow
# Java's: linux-x86_64, linux-arm64, macosx-arm64, windows-x86_64 (default: this machine's):
#   target/classes/native/PLATFORM/libfmnist_ops.so      the ops, packaged into the jars (.dylib on macOS)
#   target/classes/native/PLATFORM/libfmnist_quiet.so    keeps TensorFlow's start-up notices quiet
#   target/native/{crp,dense,dropout,images,pool}_harness the CPU kernels' and helper threads' test harnesses
#   target/native/crp_cuda_harness                       the CUDA kernels' harness, where nvcc is
#
#   scripts/build-native.sh [--platform NAME] [--cpu|--cuda] [--test] [--bench]
#
# Compilers: gcc for this machine's Linux; for linux-arm64 from an x86-64 machine Debian's
# aarch64-linux-gnu-gcc (and x86_64-linux-gnu-gcc the other way), whose harnesses then run under
# qemu-user where it and that platform's C library are installed (with --small: every shape, fewer
# images and threads per case, since emulation is slow);
# on macOS the Xcode command-line tools' clang. Where no compiler for PLATFORM is here, or on
# Windows, or where the build fails on macOS, it says so in one line, builds nothing and exits 0:
# the jars then use TensorFlow's stock ops. The folder target/classes/native is emptied first, so
# the jars never carry another platform's library from an earlier build.
#
# --cpu (the default) builds CPU kernels only; --cuda puts the CUDA kernels into the library as well (mvn -Pgpu passes it; it needs nvcc).
# Without it the library has CPU kernels only, but where nvcc is installed the CUDA kernels and
# their harness are still compiled, so that a change that breaks them fails the tests (with --test;
# a plain build then goes on with the CPU library alone).
# --test runs the harnesses (every supported shape against the reference kernels; the CUDA one
# says so and checks nothing where there is no GPU); --bench adds their timings. mvn package runs
# this script, and mvn test runs it with --test.
set -euo pipefail
cd "$(dirname "$0")/.."
usage="usage: scripts/build-native.sh [--platform linux-x86_64|linux-arm64|macosx-arm64|windows-x86_64] [--cpu|--cuda] [--test] [--bench]"
run_test=""
bench=""
cuda=""
platform=""
while [ $# -gt 0 ]; do
  case "$1" in
    --platform) [ $# -ge 2 ] || { echo "$usage" >&2; exit 2; }; platform=$2; shift ;;
    --cpu) cuda="" ;;
    --cuda) cuda=1 ;;
    --test) run_test=1 ;;
    --bench) run_test=1; bench="--bench" ;;
    *) echo "$usage" >&2; exit 2 ;;
  esac
  shift
done
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) host=linux-x86_64 ;;
  Linux-aarch64|Linux-arm64) host=linux-arm64 ;;
  Darwin-arm64) host=macosx-arm64 ;;
  MINGW*|MSYS*|CYGWIN*) host=windows-x86_64 ;;
  *) host="$(uname -s)-$(uname -m)" ;;
esac
platform=${platform:-$host}
case "$platform" in
  linux-x86_64|linux-arm64|macosx-arm64|windows-x86_64) ;;
  *) echo "build-native: '$platform' is not one of TensorFlow Java's platforms (linux-x86_64, linux-arm64, macosx-arm64, windows-x86_64)." >&2; exit 2 ;;
esac
rm -rf target/classes/native
lib_dir=target/classes/native/$platform
out=target/native/$platform
skip() {
  echo "build-native: $1; our kernels are not built for $platform (TensorFlow's stock ops will be used)." >&2
  exit 0
}
if [ -n "$cuda" ] && [ "$platform" != linux-x86_64 ]; then
  echo "build-native: --cuda (mvn -Pgpu) builds for linux-x86_64 only, not $platform." >&2
  exit 1
fi

# The compiler for the platform, and how to run what it builds here (an emulator, or nothing).
emulator=()
can_run=1
case "$platform" in
  linux-x86_64|linux-arm64)
    arch=${platform#linux-}; arch=${arch/arm64/aarch64}
    if [ "$platform" = "$host" ]; then
      cc=gcc
    else
      cc=$arch-linux-gnu-gcc
      # qemu-user runs the harnesses on that architecture's own C library, installed beside this
      # machine's (Debian's multiarch libc6:arm64, which the arm64 JDK brings). Not on the cross
      # compiler's copy under /usr/$arch-linux-gnu: a thread started there never runs under qemu 7.2.
      loader=/lib/ld-linux-aarch64.so.1
      [ "$arch" = aarch64 ] || loader=/lib64/ld-linux-x86-64.so.2
      qemu=$(command -v "qemu-$arch-static" || command -v "qemu-$arch" || true)
      if [ -n "$qemu" ] && [ -e "$loader" ]; then
        emulator=("$qemu" -L /)
      else
        can_run=""
      fi
    fi
    command -v "$cc" > /dev/null || { [ -z "$cuda" ] || { echo "build-native: --cuda needs gcc." >&2; exit 1; }; skip "no $cc here"; }
    ;;
  macosx-arm64)
    [ "$host" = macosx-arm64 ] || skip "macOS libraries are built on a Mac"
    cc=clang
    command -v clang > /dev/null || skip "no clang here (xcode-select --install brings it)"
    ;;
  windows-x86_64)
    skip "there is no Windows build of them"
    ;;
esac
mkdir -p "$lib_dir" "$out/stub"
if [ "$platform" = macosx-arm64 ]; then
  # Built where it cannot be tested by this project's machines: a failure is said in one line and
  # the stock ops are used, never a failed build.
  log=$(mktemp)
  cflags=(-O3 -std=gnu11 -fPIC -pthread -ffp-contract=off)
  java_home=${JAVA_HOME:-$(/usr/libexec/java_home 2>/dev/null || true)}
  if ! {
      clang "${cflags[@]}" -dynamiclib -I"$java_home/include" -I"$java_home/include/darwin" native/src/quiet.c \
          -o "$lib_dir/libfmnist_quiet.dylib" \
      && clang "${cflags[@]}" -ffp-contract=fast -c native/src/crp_cpu.c -o "$out/crp_cpu.o" \
      && clang "${cflags[@]}" -ffp-contract=fast -c native/src/dense_cpu.c -o "$out/dense_cpu.o" \
      && clang "${cflags[@]}" -dynamiclib -undefined dynamic_lookup -o "$lib_dir/libfmnist_ops.dylib" \
          native/src/ops.c native/src/pool.c native/src/dropout_cpu.c native/src/images.c "$out/crp_cpu.o" "$out/dense_cpu.o" -lm \
      && clang "${cflags[@]}" -ffp-contract=fast -o "$out/crp_harness" native/test/crp_harness.c native/src/crp_cpu.c native/src/pool.c -lm \
      && clang "${cflags[@]}" -ffp-contract=fast -o "$out/dense_harness" native/test/dense_harness.c native/src/dense_cpu.c native/src/pool.c -lm \
      && clang "${cflags[@]}" -o "$out/dropout_harness" native/test/dropout_harness.c native/src/dropout_cpu.c native/src/pool.c -lm \
      && clang "${cflags[@]}" -o "$out/images_harness" native/test/images_harness.c native/src/images.c \
      && clang "${cflags[@]}" -o "$out/pool_harness" native/test/pool_harness.c native/src/pool.c \
      && { [ -z "$run_test" ] || { "$out/crp_harness" $bench && "$out/dense_harness" $bench && "$out/dropout_harness" $bench \
           && "$out/images_harness" && "$out/pool_harness"; }; }
    } > "$log" 2>&1; then
    rm -rf target/classes/native
    skip "clang could not build or test them (log: $log)"
  fi
  [ -z "$run_test" ] || grep -h "passed" "$log"
  rm -f "$log"
  exit 0
fi

# -ffp-contract=off by default; the conv kernels (crp_cpu.c) and the Dense kernel (dense_cpu.c) are
# built with -ffp-contract=fast: their multiply-adds are fused, as the conv reference's fmaf are.
cflags=(-O3 -std=gnu11 -fPIC -pthread -Wall -Wextra -Werror -Wno-psabi -ffp-contract=off)
# The harnesses' reference loops make Debian's gcc 12 for arm64 crash in its loop vectoriser; they
# need no speed. The kernels themselves are vectorised as on x86-64.
harness_flags=()
[ "$platform" = linux-arm64 ] && harness_flags=(-fno-tree-loop-vectorize)
# The JNI library that quiets TensorFlow's start-up notices (ops/TensorFlowLogs.java): libc and
# pthreads only. jni.h is the same for every Linux architecture.
java_home=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}
if [ -f "$java_home/include/jni.h" ]; then
  $cc "${cflags[@]}" -shared -I"$java_home/include" -I"$java_home/include/linux" native/src/quiet.c \
      -o "$lib_dir/libfmnist_quiet.so" -pthread
else
  echo "build-native: no jni.h under $java_home; TensorFlow's start-up notices will show." >&2
fi
$cc "${cflags[@]}" -c native/src/pool.c -o "$out/pool.o"
$cc "${cflags[@]}" -ffp-contract=fast -c native/src/crp_cpu.c -o "$out/crp_cpu.o"
$cc "${cflags[@]}" -ffp-contract=fast -c native/src/dense_cpu.c -o "$out/dense_cpu.o"
$cc "${cflags[@]}" -c native/src/dropout_cpu.c -o "$out/dropout_cpu.o"
$cc "${cflags[@]}" -c native/src/images.c -o "$out/images.o"
nvcc=""
[ "$platform" = linux-x86_64 ] && [ "$host" = linux-x86_64 ] && nvcc=$(command -v nvcc || true)
if [ -n "$cuda" ] && [ -z "$nvcc" ]; then
  echo "build-native: --cuda (mvn -Pgpu) needs CUDA's nvcc on the PATH." >&2
  exit 1
fi
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
$cc "${cflags[@]}" -shared -Wl,-soname,libtensorflow_framework.so.2 -o "$out/stub/libtensorflow_framework.so.2" \
  native/src/tf_stub.c
$cc "${cflags[@]}" -shared -Wl,--no-undefined -o "$lib_dir/libfmnist_ops.so.tmp" \
  "$out/crp_cpu.o" native/src/ops.c "$out/pool.o" "$out/dense_cpu.o" "$out/dropout_cpu.o" "$out/images.o" "${cuda_objects[@]}" -L"$out/stub" -l:libtensorflow_framework.so.2 \
  -lm "${cuda_libs[@]}"
mv "$lib_dir/libfmnist_ops.so.tmp" "$lib_dir/libfmnist_ops.so"
$cc "${cflags[@]}" "${harness_flags[@]}" -o "$out/crp_harness" native/test/crp_harness.c "$out/crp_cpu.o" "$out/pool.o" -lm -lpthread
$cc "${cflags[@]}" "${harness_flags[@]}" -o "$out/dense_harness" native/test/dense_harness.c "$out/dense_cpu.o" "$out/pool.o" -lm -lpthread
$cc "${cflags[@]}" "${harness_flags[@]}" -o "$out/dropout_harness" native/test/dropout_harness.c "$out/dropout_cpu.o" "$out/pool.o" -lm -lpthread
$cc "${cflags[@]}" "${harness_flags[@]}" -o "$out/images_harness" native/test/images_harness.c "$out/images.o"
$cc "${cflags[@]}" "${harness_flags[@]}" -o "$out/pool_harness" native/test/pool_harness.c "$out/pool.o" -lpthread
if [ -n "$run_test" ]; then
  if [ -z "$can_run" ]; then
    echo "build-native: the $platform harnesses were built, not run: they need qemu-user-static and $platform's C library (scripts/setup.sh --tests installs both)." >&2
    exit 0
  fi
  small=()
  [ ${#emulator[@]} -eq 0 ] || { small=(--small); echo "harnesses for $platform, under $(basename "${emulator[0]}"):"; }
  "${emulator[@]}" "$out/crp_harness" $bench "${small[@]}"
  "${emulator[@]}" "$out/dense_harness" $bench "${small[@]}"
  "${emulator[@]}" "$out/dropout_harness" $bench "${small[@]}"
  "${emulator[@]}" "$out/images_harness" "${small[@]}"
  "${emulator[@]}" "$out/pool_harness"
  if [ "$platform" = linux-x86_64 ] && [ "$host" = linux-x86_64 ]; then
    # The library picks its vector variant when it loads, so the harnesses above test only this
    # CPU's best. Each variant this CPU can run is also built alone and tested on every shape, with
    # fewer images and threads (--small): the threading is the same code whatever the variant.
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
      "$out/crp_harness_$level" --small | grep -v "^ok  "
      "$out/dense_harness_$level" --small | grep -v "^ok  "
      "$out/dropout_harness_$level" --small | grep -v "^ok  "
    done
  fi
  if [ -n "$nvcc" ]; then
    "$out/crp_cuda_harness" $bench
  fi
fi
