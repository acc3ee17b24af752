#!/usr/bin/env bash
# Starts a real one-node SLURM cluster on this machine for the tests: munged, slurmctld and
# slurmd from Debian's slurm-wlm and munge packages (scripts/test-deps.sh installs them).
#
#   scripts/slurm/start.sh [--lease NAME]
#
# Everything lives in one scratch directory, $DISC_SLURM_DIR (default: <repo>/.tmp/slurm, which
# is gitignored): slurm.conf, state, spool, logs, pid files. /etc/slurm is never written; every
# SLURM command must see SLURM_CONF=$DISC_SLURM_DIR/slurm.conf. The last line printed on stdout
# is that path, `SLURM_CONF=...`.
#
# Idempotent: daemons already running (by their pid files) are kept, stale pid files are
# removed. It returns once `sinfo` shows the node idle. --lease NAME records a lease
# ($DISC_SLURM_DIR/leases/NAME holding the caller's pid) so that `stop.sh --lease NAME` stops the
# cluster only when no other live lease holds it (test files running in parallel share it).
#
# Needs root: slurmd starts every job as the submitting user, and munged's key is root/munge's.
# Accounting (slurmdbd, hence sacct) is not configured: finished jobs stay in `scontrol show job`
# for MinJobAge (1 h here) and every finished job or array task is also appended to
# $DISC_SLURM_DIR/jobcomp.txt (JobCompType=jobcomp/filetxt) with its state and exit code.
set -euo pipefail

REPO="$(cd "$(dirname "$0")/../.." && pwd)"
DIR="${DISC_SLURM_DIR:-$REPO/.tmp/slurm}"
LEASE=""
LEASE_PID="$PPID"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --lease) LEASE="$2"; shift 2 ;;
    --lease-pid) LEASE_PID="$2"; shift 2 ;;
    *) echo "slurm/start.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

die() { echo "slurm/start.sh: $*" >&2; exit 1; }

for bin in munged munge unmunge slurmctld slurmd sinfo scontrol; do
  command -v "$bin" >/dev/null 2>&1 || PATH="$PATH:/usr/sbin:/sbin"
  command -v "$bin" >/dev/null 2>&1 ||
    die "$bin not found; install Debian's slurm-wlm and munge (scripts/test-deps.sh as root, or: sudo apt-get install -y --no-install-recommends slurm-wlm munge)"
done
[[ "$(id -u)" == "0" ]] || die "must run as root (slurmd runs jobs as their users; munged's key belongs to munge)"

mkdir -p "$DIR"/{state,spool,leases}
exec 9>"$DIR/lock"
flock -w 120 9 || die "could not lock $DIR/lock within 120 s"

# alive PIDFILE NAME: the pid file names a live process whose command is NAME; a stale pid file
# (dead process, or a pid reused by something else) is removed.
alive() {
  local pidfile="$1" name="$2" pid comm
  [[ -s "$pidfile" ]] || return 1
  pid="$(tr -dc '0-9' <"$pidfile")"
  if [[ -n "$pid" ]] && comm="$(cat "/proc/$pid/comm" 2>/dev/null)" && [[ "$comm" == "$name"* ]] &&
    ! grep -q '^State:[[:space:]]*Z' "/proc/$pid/status" 2>/dev/null; then
    return 0
  fi
  rm -f "$pidfile"
  return 1
}

# --- munge -------------------------------------------------------------------------------------
munge_ok() { munge -n </dev/null 2>/dev/null | unmunge >/dev/null 2>&1; }
if ! munge_ok; then
  [[ -s /etc/munge/munge.key ]] || {
    if command -v mungekey >/dev/null 2>&1; then mungekey --create --keyfile=/etc/munge/munge.key; fi
  }
  [[ -s /etc/munge/munge.key ]] || die "/etc/munge/munge.key missing (reinstall munge)"
  mkdir -p /run/munge /var/lib/munge /var/log/munge
  chown munge:munge /run/munge /var/lib/munge /var/log/munge /etc/munge /etc/munge/munge.key
  chmod 0700 /etc/munge /var/log/munge
  chmod 0400 /etc/munge/munge.key
  chmod 0755 /run/munge
  alive /run/munge/munged.pid munged || rm -f /run/munge/munge.socket.2 /run/munge/munge.socket.2.lock
  # --force: start even if a stale socket or lock is left over
  runuser -u munge -- munged --force 9>&- ||
    die "munged did not start; see /var/log/munge/munged.log"
  touch "$DIR/munged.ours" # stop.sh stops munged only when this script started it
  for _ in $(seq 50); do munge_ok && break; sleep 0.1; done
  munge_ok || die "munge does not answer; see /var/log/munge/munged.log"
fi

# --- slurm.conf --------------------------------------------------------------------------------
HOST="$(hostname -s)"
CPUS="$(env -u OMP_NUM_THREADS -u OMP_THREAD_LIMIT nproc)"
conf="$DIR/slurm.conf"
cat >"$conf.new" <<EOF
# Written by scripts/slurm/start.sh: a one-node test cluster on $HOST. Do not edit.
ClusterName=disctest
SlurmctldHost=$HOST(127.0.0.1)
AuthType=auth/munge
CredType=cred/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$DIR/jobcomp.txt
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SlurmUser=root
SlurmdUser=root
ReturnToService=2
MinJobAge=3600
SlurmdParameters=config_overrides
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmdPidFile=$DIR/slurmd.pid
SlurmctldLogFile=$DIR/slurmctld.log
SlurmdLogFile=$DIR/slurmd.log
SlurmctldPort=${DISC_SLURMCTLD_PORT:-6817}
SlurmdPort=${DISC_SLURMD_PORT:-6818}
NodeName=$HOST NodeAddr=127.0.0.1 CPUs=$CPUS State=UNKNOWN
PartitionName=debug Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF="$conf"

ctld_up=0; d_up=0
alive "$DIR/slurmctld.pid" slurmctld && ctld_up=1
alive "$DIR/slurmd.pid" slurmd && d_up=1
if ! cmp -s "$conf.new" "$conf"; then
  # a different configuration (another host name, CPU count or scratch dir): restart on it
  if [[ $ctld_up == 1 || $d_up == 1 ]]; then
    echo "slurm/start.sh: slurm.conf changed; restarting the daemons" >&2
    for f in slurmd slurmctld; do
      if alive "$DIR/$f.pid" "$f"; then kill "$(cat "$DIR/$f.pid")" || true; fi
    done
    for _ in $(seq 100); do
      alive "$DIR/slurmd.pid" slurmd || alive "$DIR/slurmctld.pid" slurmctld || break
      sleep 0.1
    done
    ctld_up=0; d_up=0
  fi
  mv "$conf.new" "$conf"
else
  rm -f "$conf.new"
fi

if [[ $ctld_up == 0 ]]; then
  # A fresh controller starts from nothing: no jobs, job ids from 1, no saved node state (which
  # would make sinfo say "idle" before slurmd has registered), an empty completion log.
  rm -rf "$DIR/state" && mkdir -p "$DIR/state"
  : >"$DIR/jobcomp.txt"
  slurmctld -c 9>&- || die "slurmctld did not start; see $DIR/slurmctld.log"
fi
if [[ $d_up == 0 ]]; then
  slurmd -N "$HOST" 9>&- || die "slurmd did not start; see $DIR/slurmd.log"
fi

# --- wait for the node -------------------------------------------------------------------------
state=""
for i in $(seq 600); do # 60 s
  state="$(sinfo -h -n "$HOST" -o %t 2>/dev/null | head -n1 || true)"
  case "$state" in
    idle | mix | alloc) break ;;
    drain* | down* | drng*)
      # left drained or down by an earlier run: bring it back
      if ((i % 20 == 0)); then scontrol update NodeName="$HOST" State=RESUME >/dev/null 2>&1 || true; fi ;;
  esac
  sleep 0.1
done
case "$state" in
  idle | mix | alloc) ;;
  *)
    echo "---- tail of $DIR/slurmctld.log" >&2; tail -n 20 "$DIR/slurmctld.log" >&2 || true
    echo "---- tail of $DIR/slurmd.log" >&2; tail -n 20 "$DIR/slurmd.log" >&2 || true
    die "node $HOST is not idle after 60 s (sinfo says '${state:-nothing}')"
    ;;
esac

if [[ -n "$LEASE" ]]; then
  echo "$LEASE_PID" >"$DIR/leases/$LEASE"
fi
echo "slurm/start.sh: node $HOST $state with $CPUS CPUs; SLURM_CONF=$conf" >&2
echo "SLURM_CONF=$conf"
