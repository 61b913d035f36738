#!/usr/bin/env bash
# Strideline benchmarks (issue 5 §1, workloads 1-6; issue 11, workload 7: the home feed; issue 12, workload 8: leaderboards;
# issue 13, workload 9: live updates, with a second instance on the first one's database). One command: builds the jar, and for each
# workload starts the server on a fresh throw-away embedded PostgreSQL under bench/var/ (or on
# the external one in STRIDELINE_DB_URL), waits for /api/v1/health, runs the load client
# (bench/src/Bench.java, a second process on loopback), stops the server. Prints a table of
# medians at the end. See docs/benchmarks.md.
#
#   bench/run.sh                       # workloads 1-5, 7 and 8 (6 is measured around 4); 3 runs each; median reported
#   bench/run.sh -w 9 -d 10            # live updates (not in the default list: it needs ~20,000 file descriptors)
#   bench/run.sh -w 1 -r 5 -d 30       # workload 1 only, 5 runs of 30 s
#   bench/run.sh -w 3 -- --w3-devices 20 --w3-interval-s 5   # extra options for the client
#   bench/run.sh -w 2 -r 3 --compare-side-effects -- --w2-friends 100 --w2-challenges 20 --w2-warmup 30
#                                      # W2 with the after-commit handlers on and off, alternated, rate ratio
#
# Options: -w LIST workloads (comma-separated, default 1,2,3,4,5,7,8; 6 = 4); -r N runs per workload (default 3);
# -d SECONDS duration of one W1/W2 run (default 20); --skip-build; --compare-side-effects (W2 only: each
# of the -r rounds runs W2 once on a server as configured and once with
# -Dstrideline.events.side-effects.enabled=false, in alternating order, each on a fresh database, without lag
# sampling; reports the ratio of the rates); -- passes the rest to the client.
# Environment: BENCH_PORT (18080), BENCH_DB_PORT (15432, embedded database), BENCH_JAR (a given jar,
# e.g. an older build, instead of target/strideline-*.jar; use with --skip-build), BENCH_SERVER_OPTS
# (extra JVM options for the server, before -jar: -Dname=value for a property), BENCH_SERVER_ARGS (extra
# application arguments, after -jar: --name=value), STRIDELINE_DB_URL/_USER/_PASSWORD (external PostgreSQL).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
VAR="$ROOT/bench/var"

WORKLOADS=1,2,3,4,5,7,8
RUNS=3
DURATION=20
BUILD=1
COMPARE=0
CLIENT_ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    -w) WORKLOADS=$2; shift 2 ;;
    -r) RUNS=$2; shift 2 ;;
    -d) DURATION=$2; shift 2 ;;
    --skip-build) BUILD=0; shift ;;
    --compare-side-effects) COMPARE=1; shift ;;
    --) shift; CLIENT_ARGS=("$@"); break ;;
    -h | --help) sed -n '2,24p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (try -h)" >&2; exit 2 ;;
  esac
done

# shellcheck source=bench/lib.sh
. bench/lib.sh
prepare "$BUILD"
RESULTS="$VAR/results-$(date -u +%Y%m%dT%H%M%SZ).tsv"
trap 'stop_second_server; stop_server' EXIT INT TERM

echo "== machine: $(nproc) cores, $(free -g | awk '/^Mem:/{print $2}') GiB, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"
echo "== JDK $JDK; jar $JAR; results $RESULTS"
[ -z "${STRIDELINE_DB_URL-}" ] || echo "== external PostgreSQL $STRIDELINE_DB_URL (not wiped: W3's 'small' database is whatever is there)"
IFS=, read -r -a WL <<<"$WORKLOADS"
STARTS=()
for w in "${WL[@]}"; do
  [ "$w" != 6 ] || w=4 # W6 (memory and start-up) is measured around W4
  if [ "$w" = 2 ] && [ "$COMPARE" = 1 ]; then
    # issue 26 §5: the same jar with the after-commit side-effect handlers on (as configured) and off,
    # alternated round by round (on/off, off/on, ...), one W2 run each on a fresh server and database;
    # no lag sampling in either, so that the polling does not load one side only
    OFF_OPT=-Dstrideline.events.side-effects.enabled=false
    : >"$VAR/compare-on.tsv"
    : >"$VAR/compare-off.tsv"
    for round in $(seq 1 "$RUNS"); do
      if [ $((round % 2)) = 1 ]; then order="on off"; else order="off on"; fi
      for side in $order; do
        echo "== workload 2, round $round/$RUNS, side effects $side: fresh server and database"
        if [ "$side" = off ]; then
          BENCH_SERVER_OPTS="${BENCH_SERVER_OPTS-} $OFF_OPT" start_server "w2-$side"
        else
          start_server "w2-$side"
        fi
        STARTS+=("$SERVER_UP_SECONDS")
        "$JAVA" -cp "$CP" Bench --workload 2 --runs 1 --duration "$DURATION" \
          --base "http://127.0.0.1:$PORT" --db "$DB_URL" --db-user "$DB_USER" --db-password "$DB_PASSWORD" \
          --out "$VAR/compare-$side.tsv" ${CLIENT_ARGS[@]+"${CLIENT_ARGS[@]}"} --w2-lag-every 0
        stop_server
      done
    done
    # the rate rows (one per round) of each side, the ratio per round and the medians
    rates() { awk -F'\t' '$2 ~ /^run uploads/ { gsub(",", "", $3); print $3 }' "$1"; }
    paste <(rates "$VAR/compare-on.tsv") <(rates "$VAR/compare-off.tsv") | awk -F'\t' -v off="$OFF_OPT" '
      function med(a, n,   i, j, t) {
        for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
        return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
      }
      { n++; on[n] = $1; of[n] = $2; r[n] = $1 / $2; ons = ons sep $1; offs = offs sep $2;
        rs = rs sep sprintf("%.2f", r[n]); sep = " " }
      END {
        if (n == 0) exit
        m = med(r, n)
        printf "W2\trate, side-effect handlers on (as configured)\t%.1f\truns/s\t%s\t-\t\n", med(on, n), ons
        printf "W2\trate, same jar with %s\t%.1f\truns/s\t%s\t-\t\n", off, med(of, n), offs
        printf "W2\tratio handlers on / off, per round\t%.2f\tx\t%s\t>= 0.9\t%s\n", m, rs, (m >= 0.9 ? "MET" : "MISSED")
      }' >>"$RESULTS"
    grep -v '^W2.run uploads' "$VAR/compare-on.tsv" | sed 's/\t/\thandlers on: /' >>"$RESULTS" || true
    continue
  fi
  echo "== workload $w: fresh server and database"
  EXTRA=()
  if [ "$w" = 9 ]; then
    # W9 opens its 10,000 sockets as one person (setting up 1,000 people would measure sign-up)
    start_server "w$w" true --strideline.realtime.max-connections-per-person=20000
    start_second_server "w9-second" --strideline.realtime.max-connections-per-person=20000
    EXTRA=(--base2 "http://127.0.0.1:$PORT2" --server-pid "$SERVER_PID")
  else
    start_server "w$w"
  fi
  STARTS+=("$SERVER_UP_SECONDS")
  "$JAVA" -cp "$CP" Bench --workload "$w" --runs "$RUNS" --duration "$DURATION" \
    --base "http://127.0.0.1:$PORT" --db "$DB_URL" --db-user "$DB_USER" --db-password "$DB_PASSWORD" \
    --out "$RESULTS" ${EXTRA[@]+"${EXTRA[@]}"} ${CLIENT_ARGS[@]+"${CLIENT_ARGS[@]}"}
  stop_second_server
  if [ "$w" = 4 ]; then
    # W6: the server's peak resident memory over set-up and W4 (the JVM; the embedded PostgreSQL
    # runs in its own processes, reported beside it as their proportional share, PSS)
    hwm=$(awk '/^VmHWM/{printf "%.0f", $2/1024}' "/proc/$SERVER_PID/status")
    rss=$(awk '/^VmRSS/{printf "%.0f", $2/1024}' "/proc/$SERVER_PID/status")
    pg=0
    if [ -f "$VAR/postgres/postmaster.pid" ]; then
      pm=$(head -1 "$VAR/postgres/postmaster.pid")
      for pid in "$pm" $(pgrep -P "$pm" || true); do
        p=$(awk '/^Pss:/{print $2}' "/proc/$pid/smaps_rollup" 2>/dev/null || true)
        pg=$((pg + ${p:-0}))
      done
    fi
    printf 'W6\tserver (JVM) peak RSS over set-up and W4\t%s\tMiB\t%s\t< 1024\t%s\n' "$hwm" "$hwm" \
      "$([ "$hwm" -lt 1024 ] && echo MET || echo MISSED)" >>"$RESULTS"
    printf 'W6\tserver (JVM) RSS at the end of W4\t%s\tMiB\t%s\t-\t\n' "$rss" "$rss" >>"$RESULTS"
    printf 'W6\tembedded PostgreSQL processes, PSS at the end of W4\t%s\tMiB\t%s\t-\t\n' "$((pg / 1024))" "$((pg / 1024))" >>"$RESULTS"
    stop_server
    echo "== W6: restart on the same (now populated) database"
    start_server "w6-restart" false
    printf 'W6\tstart to ready, restart on existing data\t%s\ts\t%s\t-\t\n' "$SERVER_UP_SECONDS" "$SERVER_UP_SECONDS" >>"$RESULTS"
  fi
  stop_server
done
if [ ${#STARTS[@]} -gt 0 ]; then
  med=$(printf '%s\n' "${STARTS[@]}" | sort -n | awk '{a[NR]=$1} END{print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}')
  printf 'W6\tstart to ready, fresh embedded database (initdb + migrations)\t%s\ts\t%s\t-\t\n' "$med" "${STARTS[*]}" >>"$RESULTS"
fi

echo
echo "== results (median of $RUNS runs; the runs in brackets)"
{
  printf 'wl\tmeasure\tmedian\tunit\truns\ttarget\tverdict\n'
  cat "$RESULTS"
} | awk -F'\t' '{ printf "%-3s | %-58s | %10s %-7s | %-24s | %-10s | %s\n", $1, $2, $3, $4, $5, $6, $7 }'
