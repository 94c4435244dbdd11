#!/usr/bin/env bash
# A single-node Slurm cluster on this machine, for trying the recipes and for the tests: munged,
# slurmctld and slurmd run as the current user (root in CI) with every file under DIR, no systemd.
# Needs Debian's slurmctld, slurmd, slurm-client and munge (scripts/setup.sh --tests installs them).
#
#   scripts/slurm/local-cluster.sh start DIR   # prints the SLURM_CONF line to export
#   scripts/slurm/local-cluster.sh stop DIR    # stops the daemons by their process ids
#
# Clients (sbatch, squeue, scontrol) find the cluster through SLURM_CONF=DIR/slurm.conf.
set -euo pipefail
action=${1:-}
dir=${2:-}
if [ -z "$action" ] || [ -z "$dir" ]; then
  echo "usage: $0 start|stop DIR" >&2
  exit 2
fi
stop() {
  # Jobs first, so that no job step outlives its daemons; then the daemons; then any step daemon
  # still working in this cluster's directory.
  if [ -f "$dir/slurmctld.pid" ] && kill -0 "$(cat "$dir/slurmctld.pid")" 2>/dev/null; then
    SLURM_CONF="$dir/slurm.conf" scancel --quiet --full --user="$(id -un)" 2>/dev/null || true
    for _ in $(seq 1 50); do
      [ -z "$(SLURM_CONF="$dir/slurm.conf" squeue -h 2>/dev/null)" ] && break
      sleep 0.1
    done
  fi
  for daemon in slurmd slurmctld munged; do
    pidfile="$dir/$daemon.pid"
    if [ -f "$pidfile" ]; then
      pid=$(cat "$pidfile")
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
      rm -f "$pidfile"
    fi
  done
  for pid in $(pgrep -x slurmstepd || true); do
    case "$(readlink "/proc/$pid/cwd" 2>/dev/null)" in
      "$dir"/*) kill -9 "$pid" 2>/dev/null || true ;;
    esac
  done
}
case "$action" in
  stop) stop; exit 0 ;;
  start) ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
for tool in munged mungekey slurmctld slurmd sbatch; do
  command -v "$tool" >/dev/null || { echo "local-cluster: $tool is missing; install slurmctld slurmd slurm-client munge" >&2; exit 1; }
done
mkdir -p "$dir/state" "$dir/spool" "$dir/logs"
dir=$(cd "$dir" && pwd)
trap 'stop' ERR
# Ports of our own, so that a second cluster (or a real one) on this machine does not collide.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
ctld_port=$(free_port)
slurmd_port=$(free_port)
node=$(hostname -s)
user=$(id -un)
[ -f "$dir/munge.key" ] || mungekey --create --keyfile="$dir/munge.key" >/dev/null
chmod 600 "$dir/munge.key"
munged --force --socket="$dir/munge.socket" --key-file="$dir/munge.key" --pid-file="$dir/munged.pid" \
  --log-file="$dir/logs/munged.log" --seed-file="$dir/munge.seed"
node_line=$(slurmd -C | head -1)
cat > "$dir/slurm.conf" <<CONF
ClusterName=fmnist-local
SlurmctldHost=$node
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=$user
SlurmdUser=$user
AuthType=auth/munge
AuthInfo=socket=$dir/munge.socket
CredType=cred/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/logs/slurmctld.log
SlurmdLogFile=$dir/logs/slurmd.log
${node_line}
PartitionName=local Nodes=$node Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$dir/slurm.conf"
slurmctld -c -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF"
for _ in $(seq 1 100); do
  if sinfo -h -o '%T' 2>/dev/null | grep -qE '^(idle|mixed|allocated)'; then
    echo "export SLURM_CONF=$SLURM_CONF"
    exit 0
  fi
  sleep 0.2
done
echo "local-cluster: the node did not come up; logs in $dir/logs" >&2
stop
exit 1
