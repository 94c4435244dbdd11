#!/usr/bin/env bash
# Behaviour that a refactoring must not change: the per-epoch figures (full precision), the test
# error and the confusion matrix of train.jar for app1 (2 epochs), ex9 and best (1 epoch each),
# each with our native kernels and with TensorFlow's stock ops, and kfold.jar's per-fold figures
# (1 epoch, 5 folds). Epoch times are left out; everything else must match bit for bit.
#
#   scripts/invariant.sh            compare with scripts/invariant.expected (exit 1 on a difference)
#   scripts/invariant.sh --record   write scripts/invariant.expected from this build
#
# Takes about 5 minutes on two cores. Run it on an idle machine, with the jars built
# (mvn -q package -DskipTests).
set -euo pipefail
cd "$(dirname "$0")/.."
expected=scripts/invariant.expected
[ -f target/train.jar ] && [ -f target/kfold.jar ] || { echo "Build the jars first: mvn -q package -DskipTests" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
actual="$work/actual.txt"

# The CSV without its seconds column.
figures() {
  awk -F, -v OFS=, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "seconds") drop = i }
    { out = ""; for (i = 1; i <= NF; i++) if (i != drop) out = out (out == "" ? "" : OFS) $i; print out }' "$1"
}

train() { # preset epochs kernels
  local dir="$work/$1-$3"
  mkdir -p "$dir"
  (cd "$dir" && java -jar "$OLDPWD/target/train.jar" --preset "$1" --epochs "$2" --kernels "$3" --threads 2 \
      --verbose 0 --history history.csv > out.txt 2> err.txt) || { cat "$dir/err.txt" >&2; exit 1; }
  echo "== train.jar --preset $1 --epochs $2 --kernels $3 --threads 2"
  figures "$dir/history.csv"
  grep -v -e '^Model saved' -e '^Confusion matrix saved' "$dir/out.txt"
}

{
  for kernels in native stock; do
    train app1 2 "$kernels"
    train ex9 1 "$kernels"
    train best 1 "$kernels"
  done
  dir="$work/kfold"
  mkdir -p "$dir"
  (cd "$dir" && java -jar "$OLDPWD/target/kfold.jar" --epochs 1 --threads 2 --verbose 0 > out.txt 2> err.txt) \
    || { cat "$dir/err.txt" >&2; exit 1; }
  echo "== kfold.jar --epochs 1 --threads 2"
  figures "$dir/kfold_history.csv"
  grep '^Accuracy' "$dir/out.txt"
} > "$actual"

if [ "${1:-}" = "--record" ]; then
  cp "$actual" "$expected"
  echo "Recorded $(grep -c '^==' "$expected") runs in $expected."
elif diff -u "$expected" "$actual"; then
  echo "Invariant holds: $(grep -c '^==' "$expected") runs the same as recorded."
else
  echo "Invariant broken: the runs above differ from $expected." >&2
  exit 1
fi
