#!/bin/bash
# Renders a tile pyramid on a Slurm cluster: a job array of SHARDS tasks, each one shard, then the
# merge as a job that starts only if every task succeeded (--dependency=afterok).
#   deploy/slurm/submit.sh SHARDS OUTPUT.mbtiles [sahelmap tiles options...]
#   SHARD_DIR=/scratch/sahel SAHELMAP=/shared/bin/sahelmap \
#     deploy/slurm/submit.sh 16 /scratch/sahel.mbtiles --bbox -20,0,30,28 --zooms 0-14
# SHARD_DIR and SAHELMAP must be the same paths on every node (a shared filesystem). Extra sbatch
# options (partition, account, time) go in SBATCH_ARGS; logs go to LOG_DIR (default: SHARD_DIR).
set -euo pipefail
if [ $# -lt 2 ]; then
  sed -n '2,9p' "$0" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
shards=$1 output=$2
shift 2
: "${SHARD_DIR:?set SHARD_DIR to a folder every node can write}"
export SAHELMAP=${SAHELMAP:-sahelmap} SHARD_DIR SHARDS=$shards
mkdir -p "$SHARD_DIR" "${LOG_DIR:=$SHARD_DIR}"
args=("$@")
# Every shard must draw the same day: pin it now rather than let each task take its own today.
[[ " ${args[*]} " == *" --date "* ]] || args+=(--date "$(date -u +%F)")
read -r -a extra <<<"${SBATCH_ARGS:-}"
array=$(sbatch --parsable "${extra[@]}" --array=0-$((shards - 1)) --output="$LOG_DIR/%x-%A_%a.log" \
  --export=ALL "$here/tiles.sbatch" "${args[@]}")
array=${array%%;*}
merge=$(sbatch --parsable "${extra[@]}" --dependency=afterok:"$array" --kill-on-invalid-dep=yes \
  --output="$LOG_DIR/%x-%j.log" --export=ALL "$here/merge.sbatch" "$output")
merge=${merge%%;*}
echo "submitted: tiles job $array ($shards tasks), merge job $merge (after all succeed) -> $output"
echo "$array $merge"
