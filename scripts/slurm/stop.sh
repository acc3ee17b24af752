#!/usr/bin/env bash
# Stops the test cluster that scripts/slurm/start.sh started, by its pid files.
#
#   scripts/slurm/stop.sh                 stop slurmd, slurmctld (and munged, if start.sh started it)
#   scripts/slurm/stop.sh --lease NAME    drop lease NAME; stop only if no other live lease is left
#
# Harmless when nothing runs. Leases whose process has died are ignored and removed.
set -euo pipefail

REPO="$(cd "$(dirname "$0")/../.." && pwd)"
DIR="${DISC_SLURM_DIR:-$REPO/.tmp/slurm}"
LEASE=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --lease) LEASE="$2"; shift 2 ;;
    *) echo "slurm/stop.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

[[ -d "$DIR" ]] || exit 0
exec 9>"$DIR/lock"
flock -w 120 9 || { echo "slurm/stop.sh: could not lock $DIR/lock" >&2; exit 1; }

if [[ -n "$LEASE" ]]; then
  rm -f "$DIR/leases/$LEASE"
  for f in "$DIR"/leases/*; do
    [[ -e "$f" ]] || continue
    pid="$(tr -dc '0-9' <"$f")"
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
      echo "slurm/stop.sh: still leased by $(basename "$f") (pid $pid); leaving the cluster running" >&2
      exit 0
    fi
    rm -f "$f"
  done
fi

# pid_of PIDFILE NAME: the pid the pid file names, if that process is alive and is NAME.
pid_of() {
  local pidfile="$1" name="$2" pid comm
  [[ -s "$pidfile" ]] || return 1
  pid="$(tr -dc '0-9' <"$pidfile")"
  if [[ -n "$pid" ]] && comm="$(cat "/proc/$pid/comm" 2>/dev/null)" && [[ "$comm" == "$name"* ]] &&
    ! grep -q '^State:[[:space:]]*Z' "/proc/$pid/status" 2>/dev/null; then
    echo "$pid"
    return 0
  fi
  return 1
}

# SIGTERM them all at once, wait up to 10 s, then SIGKILL what is left; remove the pid files.
targets=("$DIR/slurmd.pid:slurmd" "$DIR/slurmctld.pid:slurmctld")
if [[ -e "$DIR/munged.ours" ]]; then targets+=("/run/munge/munged.pid:munged"); fi
pids=()
for t in "${targets[@]}"; do
  if pid="$(pid_of "${t%%:*}" "${t##*:}")"; then
    kill "$pid" 2>/dev/null || true
    pids+=("$pid:${t##*:}")
  fi
done
for _ in $(seq 100); do
  left=0
  for p in "${pids[@]}"; do kill -0 "${p%%:*}" 2>/dev/null && left=1; done
  [[ $left == 0 ]] && break
  sleep 0.1
done
for p in "${pids[@]}"; do
  if kill -0 "${p%%:*}" 2>/dev/null; then
    echo "slurm/stop.sh: ${p##*:} (pid ${p%%:*}) ignored SIGTERM for 10 s; killing it" >&2
    kill -9 "${p%%:*}" 2>/dev/null || true
  fi
done
for t in "${targets[@]}"; do rm -f "${t%%:*}"; done
rm -f "$DIR/munged.ours"
rm -f "$DIR"/leases/*
echo "slurm/stop.sh: stopped" >&2
