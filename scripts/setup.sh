#!/usr/bin/env bash
# Installs what building and training need: Java 17 (a JDK), Maven and, where a package has it,
# the Fashion-MNIST data set (elsewhere train.jar downloads it on its first run).
#   Debian, Ubuntu (apt-get): all three, and fonts for the plots drawn headless.
#   Fedora, RHEL and the like (dnf): Java 17, Maven, fonts.
#   macOS (Homebrew): openjdk@17, made the system's Java, and Maven.
# With --tests also what the test suite's integration tests drive: on Debian and Ubuntu Chromium and
# its driver (the served page), Slurm and munge (the cluster recipes, as a single-node cluster), and
# on Debian for x86-64 qemu-user, the arm64 cross compiler and Debian's arm64 JDK (the linux-arm64
# package, run under emulation). Elsewhere the tests that need those are skipped, each saying why.
# Does nothing that is already done; one line per step, the package manager's own output going to
# a log shown only when a step fails.
set -euo pipefail
tests=false
for arg in "$@"; do
  case "$arg" in
    --tests) tests=true ;;
    *) echo "setup: unknown argument '$arg' (the only one is --tests)" >&2; exit 2 ;;
  esac
done
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
log=$(mktemp /tmp/setup-XXXXXX) # no suffix: macOS mktemp replaces trailing Xs only
step() {
  echo "setup: $1"
  shift
  if ! "$@" >>"$log" 2>&1; then
    echo "setup: that step failed; the end of its log ($log):" >&2
    tail -n 20 "$log" >&2
    exit 1
  fi
}
done_with() {
  rm -f "$log"
  echo "setup: $1"
  exit 0
}
# A JDK of version 17 or later (macOS has a javac that only offers to install one: ask it its version).
has_jdk() { javac -version 2>&1 | grep -Eq '^javac (1[7-9]|[2-9][0-9])'; }
has_fonts() { [ -n "$(fc-list 2>/dev/null)" ]; }
data=/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz

if [ "$(uname -s)" = Darwin ]; then
  # Homebrew's openjdk@17 is not linked where macOS's java, javac and Maven look; linking it into
  # /Library/Java/JavaVirtualMachines (as Homebrew suggests) makes it the system's Java 17.
  need=()
  has_jdk || need+=(openjdk@17)
  command -v mvn >/dev/null 2>&1 || need+=(maven)
  $tests && echo "setup: on macOS the tests of the page, the cluster recipes and the Arm package are skipped (they need Debian's Chromium, Slurm and qemu)."
  [ ${#need[@]} -gt 0 ] || done_with "Java 17 and Maven are already here; train.jar downloads the data set on its first run."
  command -v brew >/dev/null 2>&1 \
    || { echo "setup: install Homebrew (https://brew.sh), or Java 17 and Maven yourself, then run this again." >&2; exit 1; }
  step "installing ${need[*]} with Homebrew" brew install "${need[@]}"
  if ! has_jdk; then
    jvms=/Library/Java/JavaVirtualMachines
    step "making Homebrew's openjdk@17 the system's Java" $sudo sh -c \
      "mkdir -p $jvms && ln -sfn '$(brew --prefix)/opt/openjdk@17/libexec/openjdk.jdk' $jvms/openjdk-17.jdk"
  fi
  done_with "done; train.jar downloads the data set on its first run."
fi

if command -v apt-get >/dev/null 2>&1; then
  need=()
  has_jdk || need+=(openjdk-17-jdk-headless)
  command -v mvn >/dev/null 2>&1 || need+=(maven)
  # kfold.jar draws its plots headless, which needs fontconfig and a font.
  has_fonts || need+=(fontconfig fonts-dejavu-core)
  [ -f "$data" ] || need+=(dataset-fashion-mnist)
  arm64=false
  if $tests; then
    [ -x /usr/bin/chromium ] || need+=(chromium)
    [ -x /usr/bin/chromedriver ] || need+=(chromium-driver)
    # A single-node Slurm cluster for the tests of the cluster recipes (scripts/slurm/local-cluster.sh).
    [ -x /usr/sbin/slurmctld ] || need+=(slurmctld)
    [ -x /usr/sbin/slurmd ] || need+=(slurmd)
    [ -x /usr/bin/sbatch ] || need+=(slurm-client)
    [ -x /usr/sbin/munged ] || need+=(munge)
    # The linux-arm64 package under qemu-user (scripts/arm64-check.sh): Debian serves every
    # architecture from one mirror; Ubuntu's arm64 packages live elsewhere, so only Debian here.
    if [ "$(uname -m)" = x86_64 ] && grep -qx 'ID=debian' /etc/os-release 2>/dev/null; then
      command -v qemu-aarch64-static >/dev/null 2>&1 || need+=(qemu-user-static)
      command -v aarch64-linux-gnu-gcc >/dev/null 2>&1 || need+=(gcc-aarch64-linux-gnu)
      if [ ! -x /usr/lib/jvm/java-17-openjdk-arm64/bin/java ]; then
        need+=(openjdk-17-jdk-headless:arm64)
        dpkg --print-foreign-architectures | grep -qx arm64 || arm64=true
      fi
    else
      echo "setup: the test of the Arm package runs on Debian for x86-64 only; here it will be skipped."
    fi
  fi
  [ ${#need[@]} -gt 0 ] \
    || done_with "Java 17, Maven, fonts$($tests && echo ", the data set and the test tools" || echo " and the data set") are already here."
  if $arm64; then
    step "adding Debian's arm64 packages (for the arm64 JDK)" $sudo dpkg --add-architecture arm64
  fi
  step "updating the package lists" $sudo apt-get update -q
  step "installing ${need[*]}" $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}"
  done_with "done."
fi

if command -v dnf >/dev/null 2>&1; then
  need=()
  has_jdk || need+=(java-17-openjdk-devel)
  command -v mvn >/dev/null 2>&1 || need+=(maven)
  has_fonts || need+=(fontconfig dejavu-sans-fonts)
  $tests && echo "setup: the tests of the page, the cluster recipes and the Arm package use Debian's packages; here they will be skipped."
  [ ${#need[@]} -gt 0 ] || done_with "Java 17, Maven and fonts are already here; train.jar downloads the data set on its first run."
  step "installing ${need[*]} with dnf" $sudo dnf install -y -q "${need[@]}"
  done_with "done; train.jar downloads the data set on its first run."
fi

has_jdk && command -v mvn >/dev/null 2>&1 \
  && done_with "Java 17 and Maven are already here; train.jar downloads the data set on its first run."
echo "setup: this system has neither apt-get, dnf nor Homebrew; install a Java 17 JDK and Maven 3.8 or later yourself (train.jar downloads the data set on its first run)." >&2
exit 1
