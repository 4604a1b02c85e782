#!/usr/bin/env bash
# A real Slurm run of deploy/slurm/: starts munged, slurmctld and slurmd as a one-node cluster on
# loopback (configuration, key, state and logs in a temporary folder; free ports), submits the
# job array and its afterok merge with deploy/slurm/submit.sh for a small pyramid, waits, and
# checks the merged MBTiles holds exactly the tiles of a single-process run.
#   tests/deploy/slurm_cluster_test.sh build/sahelmap
# Needs Debian's slurm-wlm and munge (scripts/setup.sh --tests installs them). On failure it says
# which step failed and shows the daemon's log.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
sahelmap=$(realpath "${1:-$repo/build/sahelmap}")
shards=3
tiles_args=(--boundaries "$repo/../shared/data/naturalearth/ne_50m_admin_0_countries.json"
            --bbox -20,0,30,28 --zooms 0-7 --date 2026-11-22 --no-labels)

fail() {
  echo "slurm test: $*" >&2
  for f in "$T"/log/*.log "$T"/munge/munged.log "$T"/shards/*.log; do
    [ -f "$f" ] && { echo "--- $f" >&2; tail -n 15 "$f" >&2; }
  done
  exit 1
}
for c in munged mungekey slurmctld slurmd sbatch squeue scontrol sqlite3; do
  command -v "$c" >/dev/null || { echo "slurm test: $c is missing (scripts/setup.sh --tests installs slurm-wlm, munge)" >&2; exit 1; }
done

T=$(mktemp -d /tmp/sahelmap-slurm.XXXXXX)
chmod 755 "$T"
mkdir -p "$T/munge" "$T/state" "$T/spool" "$T/log" "$T/shards"
chmod 711 "$T/munge"
cleanup() {
  [ -f "$T/slurm.conf" ] && SLURM_CONF=$T/slurm.conf scontrol shutdown >/dev/null 2>&1 || true
  for p in "$T"/slurmd.pid "$T"/slurmctld.pid "$T"/munge/munged.pid; do
    [ -f "$p" ] && kill "$(cat "$p")" 2>/dev/null || true
  done
  sleep 1
  rm -rf "$T"
}
trap cleanup EXIT

# munge: a key of our own, a socket in the temporary folder.
mungekey --create --keyfile="$T/munge/munge.key" --force >/dev/null 2>&1 || fail "mungekey could not create a key"
chmod 400 "$T/munge/munge.key"
munged --key-file="$T/munge/munge.key" --socket="$T/munge/munge.socket" --pid-file="$T/munge/munged.pid" \
  --log-file="$T/munge/munged.log" --seed-file="$T/munge/seed" --force || fail "munged did not start"
munge -S "$T/munge/munge.socket" -n | unmunge -S "$T/munge/munge.socket" >/dev/null || fail "munge cannot encode/decode"

# Two free ports below the kernel's ephemeral range: a port from that range (what binding to port 0
# gives) can be taken as the source port of any outgoing connection on the machine (the hostile
# clients of the server test running beside this one) before slurmctld binds it.
read -r ctld_port slurmd_port < <(/usr/bin/python3 -c '
import random, socket
low = int(open("/proc/sys/net/ipv4/ip_local_port_range").read().split()[0])
ports = list(range(20000, low)) if low > 21000 else list(range(61000, 65000))
random.shuffle(ports)
chosen = []
for p in ports:
    s = socket.socket()
    try:
        s.bind(("", p))
        chosen.append(p)
    except OSError:
        pass
    finally:
        s.close()
    if len(chosen) == 2:
        break
print(*chosen)')
host=$(hostname -s)
cpus=$(nproc)
memory=$(awk '/^MemTotal:/ {print int($2 / 1024 * 0.9)}' /proc/meminfo)
mkdir -p "$T/spool/slurmd-$host"
cat > "$T/slurm.conf" <<EOF
ClusterName=sahelmaptest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=$(id -un)
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$T/munge/munge.socket
CredType=cred/munge
StateSaveLocation=$T/state
SlurmdSpoolDir=$T/spool/slurmd-%n
SlurmctldPidFile=$T/slurmctld.pid
SlurmdPidFile=$T/slurmd.pid
SlurmctldLogFile=$T/log/slurmctld.log
SlurmdLogFile=$T/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SwitchType=switch/none
ReturnToService=2
MinJobAge=600
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF=$T/slurm.conf
slurmctld -f "$SLURM_CONF" || fail "slurmctld did not start"
slurmd -f "$SLURM_CONF" || fail "slurmd did not start"
# Up to 60 s, each query bounded (sinfo retries an absent controller for a long time); a daemon
# that exited (a port taken, a bad configuration) ends the wait at once.
deadline=$((SECONDS + 60))
until timeout 10 sinfo -h -o '%T' 2>/dev/null | grep -qx idle; do
  for d in slurmctld slurmd; do
    pid=$(cat "$T/$d.pid" 2>/dev/null || true)
    [ -z "$pid" ] || kill -0 "$pid" 2>/dev/null || fail "$d exited"
  done
  [ "$SECONDS" -lt "$deadline" ] || fail "the node did not come up idle in 60 s: $(timeout 10 sinfo -h -o '%T %E' 2>&1)"
  sleep 0.5
done

# The array and the merge, as a user would submit them.
cd "$T"
out=$(SHARD_DIR=$T/shards SAHELMAP=$sahelmap SBATCH_ARGS="--cpus-per-task=1" \
  "$repo/deploy/slurm/submit.sh" "$shards" "$T/merged.mbtiles" "${tiles_args[@]}") || fail "sbatch refused the jobs"
echo "$out" | head -1
read -r array merge < <(echo "$out" | tail -1)
state() { scontrol show job "$1" 2>/dev/null | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p' | sort -u | tr '\n' ' '; }
for _ in $(seq 600); do
  s=$(state "$merge")
  case "$s" in
    COMPLETED*) break ;;
    FAILED* | CANCELLED* | TIMEOUT* | NODE_FAIL* | OUT_OF_MEMORY*) fail "the merge job ended $s (array: $(state "$array"))" ;;
  esac
  sleep 0.5
done
[ "$(state "$merge")" = "COMPLETED " ] || fail "the merge job did not complete in 300 s (merge: $(state "$merge"), array: $(state "$array"))"
[ "$(state "$array")" = "COMPLETED " ] || fail "array tasks: $(state "$array")"
echo "slurm: array job $array ($shards tasks) and merge job $merge completed"

"$sahelmap" tiles "${tiles_args[@]}" -o "$T/single.mbtiles" || fail "the single-process run failed"
digest() {
  sqlite3 "$1" "SELECT count(*), group_concat(zoom_level || '/' || tile_column || '/' || tile_row || '=' || hex(tile_id), ',')
                FROM (SELECT * FROM map ORDER BY zoom_level, tile_column, tile_row)" | md5sum
  sqlite3 "$1" "SELECT group_concat(hex(tile_id) || hex(tile_data), ',') FROM (SELECT * FROM images ORDER BY tile_id)" | md5sum
  sqlite3 "$1" "SELECT group_concat(name || '=' || value, ';') FROM (SELECT * FROM metadata
                WHERE name NOT IN ('sahelmap:merged') ORDER BY name)" | md5sum
}
[ "$(digest "$T/merged.mbtiles")" = "$(digest "$T/single.mbtiles")" ] || fail "the merged pyramid differs from the single run"
echo "slurm: merged $(sqlite3 "$T/merged.mbtiles" 'SELECT count(*) FROM map') tiles from $shards shards = the single-process run"
