#!/usr/bin/env bash
# Starts the whole platform on this machine with embedded defaults: no Docker, no installed database.
#   local-infra   in-JVM Kafka (KRaft) and MongoDB wire-protocol server, files under $NLRE_DATA_DIR
#   command-side  event store in an H2 file under $NLRE_DATA_DIR/events
#   query-side    read models in the embedded MongoDB
# Stays in the foreground; Ctrl-C or SIGTERM stops the services, then the infrastructure.
#
# Usage: ./run-local.sh [--no-build]
# Settings (environment): NLRE_DATA_DIR (./data), NLRE_KAFKA_PORT (9092), NLRE_KAFKA_CONTROLLER_PORT (9093),
#   NLRE_MONGO_PORT (27017), NLRE_COMMAND_PORT (8081), NLRE_QUERY_PORT (8082), NLRE_OPERATOR_USERNAME (operator),
#   NLRE_OPERATOR_PASSWORD (generated once, kept in $NLRE_DATA_DIR/operator-password), NLRE_JAVA_OPTS (extra JVM options).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"

usage() {
    sed -n '2,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

build=true
for arg in "$@"; do
    case "$arg" in
        --no-build) build=false ;;
        -h | --help) usage; exit 0 ;;
        *) echo "Unknown option: $arg" >&2; usage >&2; exit 2 ;;
    esac
done

KAFKA_PORT=${NLRE_KAFKA_PORT:-9092}
KAFKA_CONTROLLER_PORT=${NLRE_KAFKA_CONTROLLER_PORT:-9093}
MONGO_PORT=${NLRE_MONGO_PORT:-27017}
COMMAND_PORT=${NLRE_COMMAND_PORT:-8081}
QUERY_PORT=${NLRE_QUERY_PORT:-8082}
OPERATOR_USERNAME=${NLRE_OPERATOR_USERNAME:-operator}
READY_TIMEOUT_SECONDS=120
read -r -a JAVA_OPTS <<< "${NLRE_JAVA_OPTS:-}"

infra_pid=''
command_pid=''
query_pid=''

log() { printf '[run-local] %s\n' "$*"; }
fail() { printf '[run-local] ERROR: %s\n' "$*" >&2; exit 1; }

# Sends SIGTERM to the given processes, waits up to 30 s for each, then kills what is left.
stop_processes() {
    local pid deadline
    for pid in "$@"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    deadline=$((SECONDS + 30))
    for pid in "$@"; do
        while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do
            sleep 0.2
        done
        if kill -0 "$pid" 2>/dev/null; then
            log "process $pid did not stop within 30 s; killing it"
            kill -KILL "$pid" 2>/dev/null || true
        fi
        wait "$pid" 2>/dev/null || true
    done
}

cleanup() {
    trap - EXIT INT TERM
    local services=()
    [[ -n "$command_pid" ]] && services+=("$command_pid")
    [[ -n "$query_pid" ]] && services+=("$query_pid")
    if ((${#services[@]} > 0)); then
        log "stopping command-side and query-side"
        stop_processes "${services[@]}"
    fi
    if [[ -n "$infra_pid" ]]; then
        log "stopping local-infra (Kafka, MongoDB)"
        stop_processes "$infra_pid"
    fi
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

# The newest <module>/target/<module>-*-exec.jar.
exec_jar() {
    local module=$1 jar
    jar=$(ls -t "$module"/target/"$module"-*-exec.jar 2>/dev/null | head -n 1 || true)
    [[ -n "$jar" ]] || fail "$module/target/$module-*-exec.jar not found; run without --no-build"
    printf '%s\n' "$jar"
}

show_log_tail() {
    printf '\n----- last 40 lines of %s -----\n' "$1" >&2
    tail -n 40 "$1" >&2 || true
    printf -- '-----\n\n' >&2
}

# Starts a java process in the background, logging to $DATA/logs/<name>.log; extra arguments are NAME=VALUE
# environment entries. The pid is left in $started_pid.
start_java() {
    local name=$1 jar=$2
    shift 2
    local logfile="$DATA/logs/$name.log"
    [[ -f "$logfile" ]] && mv -f "$logfile" "$logfile.1"
    env "$@" java -Daxoniq.update-checker.disabled=true ${JAVA_OPTS[@]+"${JAVA_OPTS[@]}"} -jar "$jar" \
        >"$logfile" 2>&1 </dev/null &
    started_pid=$!
}

await_ready_file() {
    local deadline=$((SECONDS + 90))
    until [[ -f "$DATA/local-infra.ready" ]]; do
        if ! kill -0 "$infra_pid" 2>/dev/null; then
            show_log_tail "$DATA/logs/local-infra.log"
            fail "local-infra exited before it was ready"
        fi
        if ((SECONDS >= deadline)); then
            show_log_tail "$DATA/logs/local-infra.log"
            fail "local-infra was not ready within 90 s"
        fi
        sleep 0.2
    done
}

http_status() {
    curl -s -o /dev/null -m 5 -w '%{http_code}' "$1" 2>/dev/null || true
}

await_readiness() {
    local deadline=$((SECONDS + READY_TIMEOUT_SECONDS)) command_ready=false query_ready=false
    while true; do
        [[ "$command_ready" == true ]] ||
            { [[ "$(http_status "http://127.0.0.1:$COMMAND_PORT/actuator/health/readiness")" == 200 ]] && command_ready=true; } || true
        [[ "$query_ready" == true ]] ||
            { [[ "$(http_status "http://127.0.0.1:$QUERY_PORT/actuator/health/readiness")" == 200 ]] && query_ready=true; } || true
        if [[ "$command_ready" == true && "$query_ready" == true ]]; then
            return 0
        fi
        local name pid
        for name in command-side query-side; do
            pid=$command_pid
            [[ "$name" == query-side ]] && pid=$query_pid
            if ! kill -0 "$pid" 2>/dev/null; then
                show_log_tail "$DATA/logs/$name.log"
                fail "$name exited during startup"
            fi
        done
        if ((SECONDS >= deadline)); then
            [[ "$command_ready" == true ]] || show_log_tail "$DATA/logs/command-side.log"
            [[ "$query_ready" == true ]] || show_log_tail "$DATA/logs/query-side.log"
            fail "services not ready within $READY_TIMEOUT_SECONDS s (readiness: command-side=$command_ready, query-side=$query_ready)"
        fi
        sleep 1
    done
}

operator_password() {
    if [[ -n "${NLRE_OPERATOR_PASSWORD:-}" ]]; then
        printf '%s\n' "$NLRE_OPERATOR_PASSWORD"
        return
    fi
    local file="$DATA/operator-password"
    if [[ ! -s "$file" ]]; then
        (
            umask 077
            head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | cut -c 1-24 >"$file"
        )
    fi
    chmod 600 "$file"
    head -n 1 "$file"
}

require java "Java 17 or newer"
require curl "used to wait for the services' readiness"
java_version=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p')
((${java_version:-0} >= 17)) || fail "Java 17 or newer is required, found '$(java -version 2>&1 | head -n 1)'"

for port in "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT" "$MONGO_PORT" "$COMMAND_PORT" "$QUERY_PORT"; do
    if port_in_use "$port"; then
        fail "port $port on 127.0.0.1 is already in use (another run, or a local Kafka/MongoDB?); stop it or set the NLRE_*_PORT variables"
    fi
done

if [[ "$build" == true ]]; then
    log "building (./mvnw -q -B -DskipTests package); --no-build skips this"
    if [[ -x ./mvnw ]]; then
        ./mvnw -q -B -DskipTests package
    else
        require mvn "Maven, since ./mvnw is missing"
        mvn -q -B -DskipTests package
    fi
fi

infra_jar=$(exec_jar local-infra)
command_jar=$(exec_jar command-side)
query_jar=$(exec_jar query-side)

mkdir -p "${NLRE_DATA_DIR:-./data}"
DATA=$(cd "${NLRE_DATA_DIR:-./data}" && pwd -P)
mkdir -p "$DATA/logs" "$DATA/events"
OPERATOR_PASSWORD=$(operator_password)
[[ -n "$OPERATOR_PASSWORD" ]] || fail "could not generate an operator password in $DATA/operator-password"

log "starting local-infra (Kafka 127.0.0.1:$KAFKA_PORT, MongoDB 127.0.0.1:$MONGO_PORT, data $DATA)"
rm -f "$DATA/local-infra.ready"
start_java local-infra "$infra_jar" \
    NLRE_DATA_DIR="$DATA" \
    NLRE_KAFKA_PORT="$KAFKA_PORT" \
    NLRE_KAFKA_CONTROLLER_PORT="$KAFKA_CONTROLLER_PORT" \
    NLRE_MONGO_PORT="$MONGO_PORT"
infra_pid=$started_pid
await_ready_file
log "local-infra ready"

KAFKA_BOOTSTRAP="127.0.0.1:$KAFKA_PORT"

log "starting command-side (port $COMMAND_PORT) and query-side (port $QUERY_PORT)"
start_java command-side "$command_jar" \
    SERVER_PORT="$COMMAND_PORT" \
    SPRING_DATASOURCE_URL="jdbc:h2:file:$DATA/events/events;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0" \
    SPRING_KAFKA_BOOTSTRAP_SERVERS="$KAFKA_BOOTSTRAP" \
    NLRE_OPERATOR_USERNAME="$OPERATOR_USERNAME" \
    NLRE_OPERATOR_PASSWORD="$OPERATOR_PASSWORD" \
    NLRE_JWT_GENERATEDKEYFILE="$DATA/keys/jwt-signing.pem" \
    NLRE_CREDENTIALS_KEYFILE="$DATA/keys/credentials.key" \
    AXONIQ_UPDATE_CHECKER_DISABLED=true
command_pid=$started_pid
start_java query-side "$query_jar" \
    SERVER_PORT="$QUERY_PORT" \
    SPRING_DATA_MONGODB_URI="mongodb://127.0.0.1:$MONGO_PORT/nlre" \
    NLRE_JWT_JWK_SET_URI="http://127.0.0.1:$COMMAND_PORT/.well-known/jwks.json" \
    NLRE_COMMAND_SIDE_URL="http://127.0.0.1:$COMMAND_PORT" \
    SPRING_KAFKA_BOOTSTRAP_SERVERS="$KAFKA_BOOTSTRAP" \
    NLRE_OPERATOR_USERNAME="$OPERATOR_USERNAME" \
    NLRE_OPERATOR_PASSWORD="$OPERATOR_PASSWORD" \
    AXONIQ_UPDATE_CHECKER_DISABLED=true
query_pid=$started_pid

log "waiting for readiness (up to $READY_TIMEOUT_SECONDS s)"
await_readiness

credentials=$(printf '%q' "$OPERATOR_USERNAME:$OPERATOR_PASSWORD")
command_url="http://127.0.0.1:$COMMAND_PORT"
query_url="http://127.0.0.1:$QUERY_PORT"
cat <<EOF

NLRE Tenancy is running on embedded infrastructure.

  Command side   $command_url      Swagger UI $command_url/swagger-ui.html
  Query side     $query_url      Swagger UI $query_url/swagger-ui.html
  Operator       $OPERATOR_USERNAME / $OPERATOR_PASSWORD
  Data and logs  $DATA (logs in $DATA/logs; delete the directory to start from scratch)

Create a tenant (the response carries the tenantId and an X-Consistency-Token header):

  curl -i -u $credentials -H 'Content-Type: application/json' \\
    -d '{"businessName":"Acme Real Estate Wholesalers","businessType":"wholesale","owner":{"name":"John Doe","email":"john@acmere.com","phone":"+15551234567"},"plan":"professional"}' \\
    $command_url/api/v1/tenants

Read it back from the query side, waiting until it has caught up with that token:

  curl -u $credentials -H 'X-Consistency-Token: <token>' $query_url/api/v1/tenants/<tenantId>

Press Ctrl-C to stop.
EOF

# Stay in the foreground until a signal arrives or a process dies.
while true; do
    for name in local-infra command-side query-side; do
        case "$name" in
            local-infra) pid=$infra_pid ;;
            command-side) pid=$command_pid ;;
            query-side) pid=$query_pid ;;
        esac
        if ! kill -0 "$pid" 2>/dev/null; then
            show_log_tail "$DATA/logs/$name.log"
            fail "$name exited unexpectedly; stopping the rest"
        fi
    done
    wait -n 2>/dev/null || true
done
