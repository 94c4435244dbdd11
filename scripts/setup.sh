#!/usr/bin/env bash
# Installs what building, training and testing need on a fresh Debian or Ubuntu machine:
# Java 17, Maven and the Fashion-MNIST data set (into /usr/share/datasets/fashion-mnist).
set -euo pipefail
need=()
command -v javac >/dev/null 2>&1 || need+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || need+=(maven)
# kfold.jar draws its plots headless, which needs fontconfig and a font.
command -v fc-list >/dev/null 2>&1 && fc-list | grep -q . || need+=(fontconfig fonts-dejavu-core)
[ -f /usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz ] || need+=(dataset-fashion-mnist)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
fi
