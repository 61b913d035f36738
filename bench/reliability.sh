#!/usr/bin/env bash
# Strideline reliability checks (issue 5 §2). Builds the jar, and for each test starts the server on
# a fresh embedded PostgreSQL under bench/var/, drives it with bench/src/Reliability.java and prints
# a PASS/FAIL table; exits non-zero when a check fails. See docs/reliability.md.
#
#   bench/reliability.sh                          # crash, outage, overload
#   bench/reliability.sh -t crash -k 5            # crash only, 5 kills
#   bench/reliability.sh -t outage --skip-build
#
# crash:    writers post readings (1,000 a request) and runs (3,600-point tracks) without pause;
#           the script kill -9s the JVM KILLS times, 3-10 s apart, and restarts it on the same data;
#           writers retry every unacknowledged payload; at the end every acknowledged reading and
#           run must be in the database exactly once, and have its live event (`reading`,
#           `friend_activity`) in realtime_events exactly once (issue 26 §2; within its 10-minute retention).
# outage:   under readings, runs and reads, PostgreSQL is stopped (pg_ctl stop -m fast) for 30 s and
#           started again: 503 with Retry-After, nothing slower than 5 s, no 500, recovery without a
#           restart, readiness DOWN and UP, nothing acknowledged lost.
# overload: capacity with 8 clients, then 3x that rate open loop: shed with 503/429, accepted p99
#           bounded, RSS bounded, no 500, served normally afterwards.
#
# Options: -t LIST tests (default crash,outage,overload); -k N kills (default 4); --skip-build;
# -- passes the rest to the client. Environment: BENCH_PORT, BENCH_DB_PORT (set both on a shared
# machine), BENCH_SERVER_OPTS (extra JVM options for the server).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
VAR="$ROOT/bench/var/reliability"

TESTS=crash,outage,overload
KILLS=4
BUILD=1
CLIENT_ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    -t) TESTS=$2; shift 2 ;;
    -k) KILLS=$2; shift 2 ;;
    --skip-build) BUILD=0; shift ;;
    --) shift; CLIENT_ARGS=("$@"); break ;;
    -h | --help) sed -n '2,25p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (try -h)" >&2; exit 2 ;;
  esac
done
[ -z "${STRIDELINE_DB_URL-}" ] || { echo "reliability.sh needs the embedded PostgreSQL (unset STRIDELINE_DB_URL)" >&2; exit 2; }

# shellcheck source=bench/lib.sh
. bench/lib.sh
prepare "$BUILD"
RESULTS="$VAR/results-$(date -u +%Y%m%dT%H%M%SZ).tsv"
CLIENT_PID=
cleanup() {
  [ -z "$CLIENT_PID" ] || kill "$CLIENT_PID" 2>/dev/null || true
  stop_server
}
trap cleanup EXIT INT TERM

client() { # $1 = test; the rest: extra client options
  local t=$1
  shift
  "$JAVA" -cp "$CP" Reliability --test "$t" --base "http://127.0.0.1:$PORT" --db "$DB_URL" \
    --db-user "$DB_USER" --db-password "$DB_PASSWORD" --var "$VAR" --out "$RESULTS" "$@" \
    ${CLIENT_ARGS[@]+"${CLIENT_ARGS[@]}"}
}

load() { awk '{printf "%s", $1}' /proc/loadavg; }

# start_server waits for /api/v1/health; a server left on the port would answer for the new one
port_free() {
  if curl -fs -m 2 "http://127.0.0.1:$PORT/api/v1/health" >/dev/null 2>&1; then
    echo "something already answers on port $PORT; set BENCH_PORT" >&2
    exit 1
  fi
}

echo "== machine: $(nproc) cores, $(free -g | awk '/^Mem:/{print $2}') GiB; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== JDK $JDK; jar $JAR; results $RESULTS"
FAILED=0
IFS=, read -r -a TL <<<"$TESTS"
for t in "${TL[@]}"; do
  echo "== $t: fresh server and database (load average $(load))"
  port_free
  start_server "$t" true
  case "$t" in
    crash)
      rm -f "$VAR/crash.ready" "$VAR/crash.stop"
      client crash &
      CLIENT_PID=$!
      while [ ! -f "$VAR/crash.ready" ]; do
        kill -0 "$CLIENT_PID" 2>/dev/null || { echo "client died during set-up"; exit 1; }
        sleep 0.5
      done
      for k in $(seq 1 "$KILLS"); do
        sleep "$(awk -v r="$RANDOM" 'BEGIN{printf "%.1f", 3 + r % 71 / 10}')"
        echo "   kill -9 $SERVER_PID ($k of $KILLS; load average $(load))"
        kill -9 "$SERVER_PID"
        wait "$SERVER_PID" 2>/dev/null || true
        SERVER_PID=
        port_free
        start_server "$t-restart-$k" false
      done
      sleep 5
      touch "$VAR/crash.stop"
      wait "$CLIENT_PID" || FAILED=1
      CLIENT_PID=
      orphans=$(cat "$VAR"/server-crash-restart-*.log | grep -c "still runs in" || true)
      printf 'crash\tkills (restarts on the same data)\t%s\tinfo\n' "$KILLS" >>"$RESULTS"
      printf 'crash\torphaned postmaster stopped at restart\t%s of %s\tinfo\n' "$orphans" "$KILLS" >>"$RESULTS"
      ;;
    outage)
      client outage --pgdata "$VAR/postgres" || FAILED=1
      ;;
    overload)
      client overload --server-pid "$SERVER_PID" || FAILED=1
      kill -0 "$SERVER_PID" 2>/dev/null || { echo "server died"; FAILED=1; }
      if grep -q OutOfMemoryError "$VAR/server-$t.log"; then
        printf 'overload\tOutOfMemoryError in the server log\tyes\tFAIL\n' >>"$RESULTS"
        FAILED=1
      fi
      ;;
    *) echo "unknown test $t" >&2; exit 2 ;;
  esac
  stop_server
done

echo
echo "== results (load average at the end $(cut -d' ' -f1-3 /proc/loadavg))"
awk -F'\t' '{ printf "%-9s | %-55s | %-40s | %s\n", $1, $2, $3, $4 } $4 == "FAIL" { f = 1 } END { exit f }' "$RESULTS" || FAILED=1
if [ "$FAILED" = 0 ]; then echo "== PASS"; else echo "== FAIL"; fi
exit "$FAILED"
