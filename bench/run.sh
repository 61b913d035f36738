#!/usr/bin/env bash
# Strideline benchmarks (issue 5 §1, workloads 1-3). One command: builds the jar, and for each
# workload starts the server on a fresh throw-away embedded PostgreSQL under bench/var/ (or on
# the external one in STRIDELINE_DB_URL), waits for /api/v1/health, runs the load client
# (bench/src/Bench.java, a second process on loopback), stops the server. Prints a table of
# medians at the end. See docs/benchmarks.md.
#
#   bench/run.sh                       # workloads 1,2,3; 3 runs each; median reported
#   bench/run.sh -w 1 -r 5 -d 30       # workload 1 only, 5 runs of 30 s
#   bench/run.sh -w 3 -- --w3-devices 20 --w3-interval-s 5   # extra options for the client
#
# Options: -w LIST workloads (comma-separated, default 1,2,3); -r N runs per workload (default 3);
# -d SECONDS duration of one W1/W2 run (default 20); --skip-build; -- passes the rest to the client.
# Environment: BENCH_PORT (18080), BENCH_DB_PORT (15432, embedded database), BENCH_SERVER_OPTS
# (extra JVM options for the server), STRIDELINE_DB_URL/_USER/_PASSWORD (external PostgreSQL).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
VAR="$ROOT/bench/var"

WORKLOADS=1,2,3
RUNS=3
DURATION=20
BUILD=1
CLIENT_ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    -w) WORKLOADS=$2; shift 2 ;;
    -r) RUNS=$2; shift 2 ;;
    -d) DURATION=$2; shift 2 ;;
    --skip-build) BUILD=0; shift ;;
    --) shift; CLIENT_ARGS=("$@"); break ;;
    -h | --help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (try -h)" >&2; exit 2 ;;
  esac
done

# --- the JDK: the same discovery as ./mvnw (JAVA_HOME if 21+, else the newest 21+ in the usual places)
java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p'; }
find_jdk() {
  if [ -n "${JAVA_HOME-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    v=$(java_major "$JAVA_HOME")
    case "$v" in '' | 1.*) ;; *) [ "$v" -lt 21 ] || { printf %s "$JAVA_HOME"; return; } ;; esac
  fi
  best="" bestv=0
  for home in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* "${HOME-}"/.sdkman/candidates/java/* \
    /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -x "$home/bin/javac" ] || continue
    v=$(java_major "$home")
    case "$v" in '' | 1.*) continue ;; esac
    [ "$v" -ge 21 ] && [ "$v" -gt "$bestv" ] && best="$home" bestv="$v"
  done
  printf %s "$best"
}
JDK=$(find_jdk)
[ -n "$JDK" ] || { echo "no JDK 21+ found (set JAVA_HOME)" >&2; exit 1; }
JAVA="$JDK/bin/java"

mkdir -p "$VAR"
if [ "$BUILD" = 1 ]; then
  echo "== building the jar (./mvnw -q -DskipTests package)"
  ./mvnw -q -DskipTests package >"$VAR/build.log" 2>&1 || { tail -30 "$VAR/build.log"; exit 1; }
fi
JAR=$(ls -t target/strideline-*.jar | grep -v original | head -1)

# --- the client: compiled with the same JDK against the pgjdbc that the jar itself ships
mkdir -p "$VAR/lib" "$VAR/classes"
PGJAR_IN=$("$JDK/bin/jar" tf "$JAR" | grep '^BOOT-INF/lib/postgresql-.*\.jar$' | head -1)
(cd "$VAR/lib" && "$JDK/bin/jar" xf "$ROOT/$JAR" "$PGJAR_IN")
PGJAR="$VAR/lib/$PGJAR_IN"
"$JDK/bin/javac" -nowarn -d "$VAR/classes" -cp "$PGJAR" bench/src/Bench.java
CP="$VAR/classes:$PGJAR"

PORT=${BENCH_PORT:-18080}
DB_PORT=${BENCH_DB_PORT:-15432}
if [ -n "${STRIDELINE_DB_URL-}" ]; then
  DB_URL=$STRIDELINE_DB_URL DB_USER=${STRIDELINE_DB_USER:-postgres} DB_PASSWORD=${STRIDELINE_DB_PASSWORD:-}
else
  DB_URL="jdbc:postgresql://127.0.0.1:$DB_PORT/postgres" DB_USER=postgres DB_PASSWORD=
fi
RESULTS="$VAR/results-$(date -u +%Y%m%dT%H%M%SZ).tsv"
SERVER_PID=

stop_server() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=
}
trap stop_server EXIT INT TERM

start_server() { # $1 = workload, for the log name
  local log="$VAR/server-w$1.log"
  # limits raised for the benchmark: sign-in and pairing throttles would otherwise refuse the set-up
  # of hundreds of users and devices in seconds; access tokens outlive the longest workload
  # shellcheck disable=SC2086
  "$JAVA" ${BENCH_SERVER_OPTS-} -jar "$JAR" \
    --server.port="$PORT" \
    --strideline.db.embedded.data-dir="$VAR/postgres" \
    --strideline.db.embedded.port="$DB_PORT" \
    --strideline.db.embedded.clean-on-start=true \
    --strideline.security.jwt.secret-file="$VAR/jwt-secret" \
    --strideline.security.jwt.access-token-ttl=2h \
    --strideline.security.auth-limits.per-ip-per-minute=1000000 \
    --strideline.security.auth-limits.per-account-per-minute=1000000 \
    --strideline.pairing.codes-per-user-per-minute=1000000 \
    --strideline.pairing.claims-per-ip-per-minute=1000000 \
    --strideline.pairing.failed-claims-per-minute=1000000 \
    >"$log" 2>&1 &
  SERVER_PID=$!
  local t0=$(date +%s.%N)
  for _ in $(seq 1 240); do
    if curl -fs "http://127.0.0.1:$PORT/api/v1/health" >/dev/null 2>&1; then
      local t1=$(date +%s.%N)
      printf '   server up in %.1f s (pid %s, log %s)\n' "$(awk "BEGIN{print $t1 - $t0}")" "$SERVER_PID" "${log#$ROOT/}"
      return 0
    fi
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "server died:"; tail -40 "$log"; exit 1; }
    sleep 0.5
  done
  echo "server not healthy after 120 s"; tail -40 "$log"; exit 1
}

echo "== machine: $(nproc) cores, $(free -g | awk '/^Mem:/{print $2}') GiB, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"
echo "== JDK $JDK; jar $JAR; results $RESULTS"
[ -z "${STRIDELINE_DB_URL-}" ] || echo "== external PostgreSQL $STRIDELINE_DB_URL (not wiped: W3's 'small' database is whatever is there)"
IFS=, read -r -a WL <<<"$WORKLOADS"
for w in "${WL[@]}"; do
  echo "== workload $w: fresh server and database"
  start_server "$w"
  "$JAVA" -cp "$CP" Bench --workload "$w" --runs "$RUNS" --duration "$DURATION" \
    --base "http://127.0.0.1:$PORT" --db "$DB_URL" --db-user "$DB_USER" --db-password "$DB_PASSWORD" \
    --out "$RESULTS" ${CLIENT_ARGS[@]+"${CLIENT_ARGS[@]}"}
  stop_server
done

echo
echo "== results (median of $RUNS runs; the runs in brackets)"
{
  printf 'wl\tmeasure\tmedian\tunit\truns\ttarget\tverdict\n'
  cat "$RESULTS"
} | awk -F'\t' '{ printf "%-3s | %-58s | %10s %-7s | %-24s | %-10s | %s\n", $1, $2, $3, $4, $5, $6, $7 }'
