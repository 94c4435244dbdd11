#!/usr/bin/env bash
# The three roles of an array recipe (kfold.sbatch, experiments.sbatch), by what Slurm set:
#   submitted by hand     -> submits the array (one task per fold or sweep value and repeat, sized
#                            by the jar's --list-tasks) and a merge job that runs once all succeeded;
#   an array task         -> trains its task into the results directory (a requeued task resumes
#                            from its checkpoints, a finished one does nothing);
#   the merge job         -> prints, plots and writes what one run on one machine would.
#
#   scripts/slurm/array-job.sh JAR RESULTS_DIR SCRIPT [FLAGS...]
set -euo pipefail
jar=$1 results=$2 script=$3
shift 3
if [ -n "${SLURM_ARRAY_TASK_ID:-}" ]; then
  exec java -jar "$jar" --results "$results" "$@"
fi
if [ "${FMNIST_ROLE:-}" = merge ]; then
  exec java -jar "$jar" --merge "$results" "$@"
fi
tasks=$(java -jar "$jar" --list-tasks "$@" | sed -n '1s/ .*//p')
if ! [[ "$tasks" =~ ^[0-9]+$ ]]; then
  java -jar "$jar" --list-tasks "$@" >&2 || true
  echo "array-job: could not read the number of tasks from $jar --list-tasks" >&2
  exit 1
fi
name=${SLURM_JOB_NAME:-$(basename "$script" .sbatch)}
array=$(sbatch --parsable --job-name="$name" --array="0-$((tasks - 1))" --output="$name-%A_%a.out" "$script" "$@")
merge=$(sbatch --parsable --job-name="$name-merge" --dependency="afterok:$array" --kill-on-invalid-dep=yes \
  --export=ALL,FMNIST_ROLE=merge --output="$name-merge-%j.out" "$script" "$@")
echo "Submitted $tasks tasks as array job $array and their merge as job $merge; the results will be in $name-merge-$merge.out (results directory $results)."
