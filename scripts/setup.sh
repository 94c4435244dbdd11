#!/usr/bin/env bash
# Installs what building, training and testing need on a fresh Debian or Ubuntu machine:
# Java 17, Maven and the Fashion-MNIST data set (into /usr/share/datasets/fashion-mnist); with
# --tests also Chromium and its driver, which the test of predict.jar --serve's page drives, and
# Slurm and munge, which the test of the cluster recipes runs as a single-node cluster.
# One line per step; apt's own output goes to a log, shown only when a step fails.
set -euo pipefail
tests=false
for arg in "$@"; do
  case "$arg" in
    --tests) tests=true ;;
    *) echo "setup: unknown argument '$arg' (the only one is --tests)" >&2; exit 2 ;;
  esac
done
need=()
command -v javac >/dev/null 2>&1 || need+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || need+=(maven)
# kfold.jar draws its plots headless, which needs fontconfig and a font.
command -v fc-list >/dev/null 2>&1 && fc-list | grep -q . || need+=(fontconfig fonts-dejavu-core)
[ -f /usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz ] || need+=(dataset-fashion-mnist)
if $tests; then
  [ -x /usr/bin/chromium ] || need+=(chromium)
  [ -x /usr/bin/chromedriver ] || need+=(chromium-driver)
  # A single-node Slurm cluster for the tests of the cluster recipes (scripts/slurm/local-cluster.sh).
  [ -x /usr/sbin/slurmctld ] || need+=(slurmctld)
  [ -x /usr/sbin/slurmd ] || need+=(slurmd)
  [ -x /usr/bin/sbatch ] || need+=(slurm-client)
  [ -x /usr/sbin/munged ] || need+=(munge)
fi
if [ ${#need[@]} -eq 0 ]; then
  echo "setup: Java 17, Maven, fonts, the data set$($tests && echo ", Chromium and Slurm") are already here."
  exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
log=$(mktemp /tmp/setup-XXXXXX.log)
step() {
  echo "setup: $1"
  shift
  if ! "$@" >>"$log" 2>&1; then
    echo "setup: that step failed; the end of its log ($log):" >&2
    tail -n 20 "$log" >&2
    exit 1
  fi
}
step "updating the package lists" $sudo apt-get update -q
step "installing ${need[*]}" $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}"
rm -f "$log"
echo "setup: done."
