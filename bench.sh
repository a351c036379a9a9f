#!/usr/bin/env bash
# Benchmarks the platform on this machine and writes BENCHMARKS.md (about 12 minutes; --quick about 3).
# Starts, each from its exec jar and logging under bench-data/logs: local-infra (in-JVM Kafka + MongoDB), the command
# side (JFR-recorded during the write phase), two query-side instances in one consumer group, and the plain CRUD
# baseline server; then the load driver (module bench, its own JVM) runs the phases; whatever happens, every process started here is stopped.
#
# Usage: ./bench.sh [--quick] [--tenants N] [--duration 60s] [--concurrency 16] [--replay-events 50000] [--no-build]
#        ./bench.sh --soak 10m [--rate 20] [--tenants N]: only the sustained load run (mixed workload at a fixed rate,
#        heap after full GC and threads sampled), written into RELIABILITY.md instead of BENCHMARKS.md
# Settings (environment): NLRE_BENCH_JDBC_URL (+ NLRE_BENCH_JDBC_USER, default postgres; NLRE_BENCH_JDBC_PASSWORD):
#   a PostgreSQL server for the event store (a fresh database is created for the run, and dropped after), else H2;
#   BENCH_PORT_BASE (18000: Kafka +92/+93, MongoDB +17, command +81, query +82/+83, baseline +90);
#   BENCH_MACHINE_NOTE (free text for the report, e.g. "machine otherwise idle"); BENCH_OUTPUT (BENCHMARKS.md).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
ROOT=$(pwd -P)

usage() {
    sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

build=true
driver_args=()
while (($# > 0)); do
    case "$1" in
        --no-build) build=false ;;
        --quick) driver_args+=("--quick=true") ;;
        --tenants | --duration | --concurrency | --replay-events | --soak | --rate)
            (($# >= 2)) || { echo "$1 needs a value" >&2; exit 2; }
            driver_args+=("$1=$2")
            shift
            ;;
        --tenants=* | --duration=* | --concurrency=* | --replay-events=* | --soak=* | --rate=*) driver_args+=("$1") ;;
        -h | --help) usage; exit 0 ;;
        *) echo "Unknown option: $1" >&2; usage >&2; exit 2 ;;
    esac
    shift
done

BASE=${BENCH_PORT_BASE:-18000}
KAFKA_PORT=$((BASE + 92))
KAFKA_CONTROLLER_PORT=$((BASE + 93))
MONGO_PORT=$((BASE + 17))
COMMAND_PORT=$((BASE + 81))
QUERY_PORT=$((BASE + 82))
QUERY2_PORT=$((BASE + 83))
BASELINE_PORT=$((BASE + 90))
OPERATOR_USERNAME=operator
READY_TIMEOUT_SECONDS=180
OUTPUT=${BENCH_OUTPUT:-$ROOT/BENCHMARKS.md}

log() { printf '[bench.sh] %s\n' "$*"; }
fail() { printf '[bench.sh] ERROR: %s\n' "$*" >&2; exit 1; }

pids=()
names=()
pg_database=''

# SIGTERM to each process (newest first), up to 30 s each, then SIGKILL; never anything this script did not start.
stop_all() {
    local i pid deadline
    for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
        pid=${pids[$i]}
        kill -0 "$pid" 2>/dev/null || continue
        log "stopping ${names[$i]} (pid $pid)"
        kill -TERM "$pid" 2>/dev/null || true
        deadline=$((SECONDS + 30))
        while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do
            sleep 0.2
        done
        if kill -0 "$pid" 2>/dev/null; then
            log "${names[$i]} did not stop within 30 s; killing it"
            kill -KILL "$pid" 2>/dev/null || true
        fi
        wait "$pid" 2>/dev/null || true
    done
}

cleanup() {
    local status=$?
    trap - EXIT INT TERM
    stop_all
    if [[ -n "$pg_database" ]]; then
        log "dropping PostgreSQL database $pg_database"
        PGPASSWORD="${NLRE_BENCH_JDBC_PASSWORD:-}" psql -q -h "$pg_host" -p "$pg_port" -U "$pg_user" -d "$pg_admin_db" \
            -c "DROP DATABASE IF EXISTS $pg_database" >/dev/null 2>&1 || log "could not drop $pg_database"
    fi
    ((status == 0)) || log "benchmark FAILED (exit $status); logs in $DATA/logs"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

require() {
    command -v "$1" >/dev/null 2>&1 || fail "$1 is required ($2)"
}

port_in_use() {
    (: <"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

exec_jar() {
    local module=$1 jar
    jar=$(ls -t "$module"/target/"$module"-*-exec.jar 2>/dev/null | head -n 1 || true)
    [[ -n "$jar" ]] || fail "$module/target/$module-*-exec.jar not found; run without --no-build"
    printf '%s\n' "$ROOT/$jar"
}

show_log_tail() {
    printf '\n----- last 40 lines of %s -----\n' "$1" >&2
    tail -n 40 "$1" >&2 || true
    printf -- '-----\n\n' >&2
}

# start <name> <NAME=VALUE…> -- <command…>: runs it in the background, output to $DATA/logs/<name>.log.
start() {
    local name=$1
    shift
    local env_args=()
    while [[ "$1" != "--" ]]; do
        env_args+=("$1")
        shift
    done
    shift
    env ${env_args[@]+"${env_args[@]}"} "$@" >"$DATA/logs/$name.log" 2>&1 </dev/null &
    pids+=("$!")
    names+=("$name")
    started_pid=$!
}

http_status() {
    curl -s -o /dev/null -m 5 -w '%{http_code}' "$1" 2>/dev/null || true
}

# await_http <name> <pid> <url>: until the url answers 200, the process dies, or the timeout.
await_http() {
    local name=$1 pid=$2 url=$3 deadline=$((SECONDS + READY_TIMEOUT_SECONDS))
    until [[ "$(http_status "$url")" == 200 ]]; do
        if ! kill -0 "$pid" 2>/dev/null; then
            show_log_tail "$DATA/logs/$name.log"
            fail "$name exited during startup"
        fi
        if ((SECONDS >= deadline)); then
            show_log_tail "$DATA/logs/$name.log"
            fail "$name not ready within $READY_TIMEOUT_SECONDS s"
        fi
        sleep 1
    done
}

require java "Java 17 or newer"
require curl "used to wait for the services' readiness"
require jcmd "dumps the command side's JFR recording (part of the JDK)"

for port in "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT" "$MONGO_PORT" "$COMMAND_PORT" "$QUERY_PORT" "$QUERY2_PORT" \
    "$BASELINE_PORT"; do
    port_in_use "$port" && fail "port $port on 127.0.0.1 is in use (another bench run?); free it or set BENCH_PORT_BASE"
done

if [[ "$build" == true ]]; then
    log "building the exec jars and the bench module (./mvnw -q -B -DskipTests package); --no-build skips this"
    ./mvnw -q -B -DskipTests -pl local-infra,command-side,query-side,bench -am package
fi
infra_jar=$(exec_jar local-infra)
command_jar=$(exec_jar command-side)
query_jar=$(exec_jar query-side)
bench_jar=$(ls "$ROOT"/bench/target/bench-*.jar 2>/dev/null | head -n 1 || true)
[[ -n "$bench_jar" && -d "$ROOT/bench/target/lib" ]] || fail "bench/target/bench-*.jar not found; run without --no-build"
bench_cp="$bench_jar:$ROOT/bench/target/lib/*"

DATA="$ROOT/bench-data"
rm -rf "$DATA"
mkdir -p "$DATA/logs" "$DATA/events" "$DATA/keys"
OPERATOR_PASSWORD=$(head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | cut -c 1-24)
PSEUDONYM_KEY=$(head -c 32 /dev/urandom | base64)

event_store="H2 (file, \`AUTO_SERVER=TRUE\` so the seeder can append beside the command side)"
datasource=(SPRING_DATASOURCE_URL="jdbc:h2:file:$DATA/events/events;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0;AUTO_SERVER=TRUE")
if [[ -n "${NLRE_BENCH_JDBC_URL:-}" ]]; then
    require psql "creates the run's fresh PostgreSQL database"
    [[ "$NLRE_BENCH_JDBC_URL" =~ ^jdbc:postgresql://([^:/]+)(:([0-9]+))?/([^?]+) ]] ||
        fail "NLRE_BENCH_JDBC_URL must look like jdbc:postgresql://host:port/database"
    pg_host=${BASH_REMATCH[1]}
    pg_port=${BASH_REMATCH[3]:-5432}
    pg_admin_db=${BASH_REMATCH[4]}
    pg_user=${NLRE_BENCH_JDBC_USER:-postgres}
    candidate="nlre_bench_$(date +%s)"
    log "creating PostgreSQL database $candidate on $pg_host:$pg_port"
    PGPASSWORD="${NLRE_BENCH_JDBC_PASSWORD:-}" psql -q -h "$pg_host" -p "$pg_port" -U "$pg_user" -d "$pg_admin_db" \
        -c "CREATE DATABASE $candidate" || fail "could not create database $candidate"
    pg_database=$candidate
    event_store="PostgreSQL ($pg_host:$pg_port, fresh database $pg_database)"
    datasource=(SPRING_DATASOURCE_URL="jdbc:postgresql://$pg_host:$pg_port/$pg_database"
        SPRING_DATASOURCE_USERNAME="$pg_user" SPRING_DATASOURCE_PASSWORD="${NLRE_BENCH_JDBC_PASSWORD:-}")
fi

common=(NLRE_OPERATOR_USERNAME="$OPERATOR_USERNAME" NLRE_OPERATOR_PASSWORD="$OPERATOR_PASSWORD"
    SPRING_KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:$KAFKA_PORT" AXONIQ_UPDATE_CHECKER_DISABLED=true
    NLRE_ACCESS_AUDIT_PSEUDONYM_KEY="$PSEUDONYM_KEY")
command_env=("${common[@]}" "${datasource[@]}"
    NLRE_JWT_GENERATEDKEYFILE="$DATA/keys/jwt-signing.pem" NLRE_CREDENTIALS_KEYFILE="$DATA/keys/credentials.key")
java_opts=(-Daxoniq.update-checker.disabled=true)

log "starting local-infra (Kafka 127.0.0.1:$KAFKA_PORT, MongoDB 127.0.0.1:$MONGO_PORT)"
start local-infra NLRE_DATA_DIR="$DATA" NLRE_KAFKA_PORT="$KAFKA_PORT" \
    NLRE_KAFKA_CONTROLLER_PORT="$KAFKA_CONTROLLER_PORT" NLRE_MONGO_PORT="$MONGO_PORT" -- \
    java "${java_opts[@]}" -jar "$infra_jar"
infra_pid=$started_pid
deadline=$((SECONDS + 90))
until [[ -f "$DATA/local-infra.ready" ]]; do
    kill -0 "$infra_pid" 2>/dev/null || { show_log_tail "$DATA/logs/local-infra.log"; fail "local-infra exited"; }
    ((SECONDS < deadline)) || { show_log_tail "$DATA/logs/local-infra.log"; fail "local-infra not ready in 90 s"; }
    sleep 0.2
done

log "starting command-side (port $COMMAND_PORT; the driver records its write path with JFR through jcmd)"
start command-side SERVER_PORT="$COMMAND_PORT" "${command_env[@]}" -- \
    java "${java_opts[@]}" -XX:FlightRecorderOptions=stackdepth=256 -jar "$command_jar"
command_pid=$started_pid
await_http command-side "$command_pid" "http://127.0.0.1:$COMMAND_PORT/actuator/health/readiness"

query_env=("${common[@]}" SPRING_DATA_MONGODB_URI="mongodb://127.0.0.1:$MONGO_PORT/nlre"
    NLRE_JWT_JWK_SET_URI="http://127.0.0.1:$COMMAND_PORT/.well-known/jwks.json"
    NLRE_COMMAND_SIDE_URL="http://127.0.0.1:$COMMAND_PORT")
log "starting query-side-1 (port $QUERY_PORT), query-side-2 (port $QUERY2_PORT) and the baseline (port $BASELINE_PORT)"
start query-side-1 SERVER_PORT="$QUERY_PORT" SPRING_KAFKA_CLIENT_ID=query-side-1 "${query_env[@]}" -- \
    java "${java_opts[@]}" -jar "$query_jar"
query1_pid=$started_pid
start query-side-2 SERVER_PORT="$QUERY2_PORT" SPRING_KAFKA_CLIENT_ID=query-side-2 "${query_env[@]}" -- \
    java "${java_opts[@]}" -jar "$query_jar"
query2_pid=$started_pid
start baseline -- java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$bench_cp" com.nlre.tenancy.bench.baseline.BaselineServer "$BASELINE_PORT" \
    "mongodb://127.0.0.1:$MONGO_PORT"
baseline_pid=$started_pid
await_http query-side-1 "$query1_pid" "http://127.0.0.1:$QUERY_PORT/actuator/health/readiness"
await_http query-side-2 "$query2_pid" "http://127.0.0.1:$QUERY2_PORT/actuator/health/readiness"
await_http baseline "$baseline_pid" "http://127.0.0.1:$BASELINE_PORT/health"

log "platform ready; running the load driver (its output is also in $DATA/logs/bench-driver.log)"
seeder="java -Daxoniq.update-checker.disabled=true -Dloader.path=$bench_jar \
-Dloader.main=com.nlre.tenancy.bench.seed.EventSeeder -cp $command_jar \
org.springframework.boot.loader.launch.PropertiesLauncher"
# In the background and waited for, so a signal to this script stops it (and the seeder it may be running) at once.
start bench-driver "${command_env[@]}" BENCH_COMMAND_LINE="./bench.sh${driver_args[*]+ ${driver_args[*]}}" -- \
    java -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$bench_cp" com.nlre.tenancy.bench.BenchMain \
    --command-url="http://127.0.0.1:$COMMAND_PORT" --query-url="http://127.0.0.1:$QUERY_PORT" \
    --query2-url="http://127.0.0.1:$QUERY2_PORT" --baseline-url="http://127.0.0.1:$BASELINE_PORT" \
    --kafka="127.0.0.1:$KAFKA_PORT" --operator-user="$OPERATOR_USERNAME" --operator-password="$OPERATOR_PASSWORD" \
    --output="$OUTPUT" --work-dir="$DATA" --command-pid="$command_pid" --query-pid="$query1_pid" \
    --query2-pid="$query2_pid" --infra-pid="$infra_pid" --baseline-pid="$baseline_pid" \
    --reliability-output="$ROOT/RELIABILITY.md" \
    --seeder-command="$seeder" --machine-note="${BENCH_MACHINE_NOTE:-}" --event-store="$event_store" \
    ${driver_args[@]+"${driver_args[@]}"}
driver_pid=$started_pid
tail -n +1 --pid="$driver_pid" -F "$DATA/logs/bench-driver.log" 2>/dev/null &
tail_pid=$!
driver_status=0
wait "$driver_pid" || driver_status=$?
wait "$tail_pid" 2>/dev/null || true
((driver_status == 0)) || fail "the load driver failed (exit $driver_status)"
if [[ " ${driver_args[*]-} " == *" --soak="* ]]; then
    log "done: $ROOT/RELIABILITY.md (load run section)"
else
    log "done: $OUTPUT"
fi
