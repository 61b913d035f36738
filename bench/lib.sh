# Shared by bench/run.sh and bench/reliability.sh: finds the JDK, builds the jar, compiles the load
# client, starts and stops the server. Source it from the repository root after setting VAR.
# shellcheck shell=bash

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

# sets JDK, JAVA, JAR, CP (client classes + pgjdbc); $1 = 1 to build the jar first
prepare() {
  JDK=$(find_jdk)
  [ -n "$JDK" ] || { echo "no JDK 21+ found (set JAVA_HOME)" >&2; exit 1; }
  JAVA="$JDK/bin/java"
  mkdir -p "$VAR"
  if [ "$1" = 1 ]; then
    echo "== building the jar (./mvnw -q -DskipTests package)"
    ./mvnw -q -DskipTests package >"$VAR/build.log" 2>&1 || { tail -30 "$VAR/build.log"; exit 1; }
  fi
  # BENCH_JAR: a given jar instead of the newest build (before/after comparisons, back to back)
  JAR=${BENCH_JAR:-$(ls -t target/strideline-*.jar | grep -v original | head -1)}
  case "$JAR" in /*) ;; *) JAR="$ROOT/$JAR" ;; esac
  # the client: compiled with the same JDK against the pgjdbc that the jar itself ships
  mkdir -p "$VAR/lib" "$VAR/classes"
  local pg_in
  pg_in=$("$JDK/bin/jar" tf "$JAR" | grep '^BOOT-INF/lib/postgresql-.*\.jar$' | head -1)
  (cd "$VAR/lib" && "$JDK/bin/jar" xf "$JAR" "$pg_in")
  local pgjar="$VAR/lib/$pg_in"
  "$JDK/bin/javac" -nowarn -d "$VAR/classes" -cp "$pgjar" bench/src/*.java
  CP="$VAR/classes:$pgjar"

  PORT=${BENCH_PORT:-18080}
  DB_PORT=${BENCH_DB_PORT:-15432}
  if [ -n "${STRIDELINE_DB_URL-}" ]; then
    DB_URL=$STRIDELINE_DB_URL DB_USER=${STRIDELINE_DB_USER:-postgres} DB_PASSWORD=${STRIDELINE_DB_PASSWORD:-}
  else
    DB_URL="jdbc:postgresql://127.0.0.1:$DB_PORT/postgres" DB_USER=postgres DB_PASSWORD=
  fi
}

SERVER_PID=
SERVER_UP_SECONDS=

stop_server() { # SIGTERM, then SIGKILL after 30 s
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=
}

# $1 = log name; $2 = true to start on a fresh database (default), false to keep its data;
# the rest are extra application arguments (after BENCH_SERVER_ARGS, which is word-split like BENCH_SERVER_OPTS)
start_server() {
  local log="$VAR/server-$1.log" clean=${2:-true}
  shift 2 || shift $#
  [ "$clean" != true ] || : >"$log"
  # limits raised for the benchmark: sign-in and pairing throttles would otherwise refuse the set-up
  # of hundreds of users and devices in seconds; access tokens outlive the longest workload;
  # actuator on any free port (readiness is /readyz on $PORT), never colliding with a server on 8081
  # shellcheck disable=SC2086
  "$JAVA" ${BENCH_SERVER_OPTS-} -jar "$JAR" \
    --server.port="$PORT" \
    --management.server.port=0 \
    --strideline.db.embedded.data-dir="$VAR/postgres" \
    --strideline.db.embedded.port="$DB_PORT" \
    --strideline.db.embedded.clean-on-start="$clean" \
    --strideline.security.jwt.secret-file="$VAR/jwt-secret" \
    --strideline.security.jwt.access-token-ttl=2h \
    --strideline.security.auth-limits.per-ip-per-minute=1000000 \
    --strideline.security.auth-limits.per-account-per-minute=1000000 \
    --strideline.pairing.codes-per-user-per-minute=1000000 \
    --strideline.pairing.claims-per-ip-per-minute=1000000 \
    --strideline.pairing.failed-claims-per-minute=1000000 \
    ${BENCH_SERVER_ARGS-} "$@" >>"$log" 2>&1 &
  SERVER_PID=$!
  local t0 t1
  t0=$(date +%s.%N)
  for _ in $(seq 1 480); do
    if curl -fs "http://127.0.0.1:$PORT/api/v1/health" >/dev/null 2>&1; then
      t1=$(date +%s.%N)
      SERVER_UP_SECONDS=$(awk "BEGIN{printf \"%.1f\", $t1 - $t0}")
      printf '   server up in %s s (pid %s, log %s)\n' "$SERVER_UP_SECONDS" "$SERVER_PID" "${log#"$ROOT"/}"
      return 0
    fi
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "server died:"; tail -40 "$log"; exit 1; }
    sleep 0.25
  done
  echo "server not healthy after 120 s"; tail -40 "$log"; exit 1
}

# A second instance (W9) on the first one's embedded database, port PORT2 (BENCH_PORT2, default
# PORT+1), the same signing key: what a load balancer would put beside the first. Extra
# application arguments as for start_server.
SERVER2_PID=
start_second_server() {
  local log="$VAR/server-$1.log"
  shift
  PORT2=${BENCH_PORT2:-$((PORT + 1))}
  : >"$log"
  # shellcheck disable=SC2086
  STRIDELINE_DB_URL="$DB_URL" STRIDELINE_DB_USER="$DB_USER" STRIDELINE_DB_PASSWORD="$DB_PASSWORD" \
    "$JAVA" ${BENCH_SERVER_OPTS-} -jar "$JAR" \
    --server.port="$PORT2" \
    --management.server.port=0 \
    --strideline.security.jwt.secret-file="$VAR/jwt-secret" \
    --strideline.security.jwt.access-token-ttl=2h \
    ${BENCH_SERVER_ARGS-} "$@" >>"$log" 2>&1 &
  SERVER2_PID=$!
  for _ in $(seq 1 480); do
    if curl -fs "http://127.0.0.1:$PORT2/api/v1/health" >/dev/null 2>&1; then
      printf '   second server up (pid %s, port %s, log %s)\n' "$SERVER2_PID" "$PORT2" "${log#"$ROOT"/}"
      return 0
    fi
    kill -0 "$SERVER2_PID" 2>/dev/null || { echo "second server died:"; tail -40 "$log"; exit 1; }
    sleep 0.25
  done
  echo "second server not healthy after 120 s"; tail -40 "$log"; exit 1
}

stop_second_server() {
  if [ -n "$SERVER2_PID" ] && kill -0 "$SERVER2_PID" 2>/dev/null; then
    kill "$SERVER2_PID" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$SERVER2_PID" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$SERVER2_PID" 2>/dev/null || true
    wait "$SERVER2_PID" 2>/dev/null || true
  fi
  SERVER2_PID=
}
