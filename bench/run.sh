#!/usr/bin/env bash
# Runs the load-generator workloads against a freshly started Annals and writes a results file.
#
#   bench/run.sh                         # every workload
#   bench/run.sh restock read            # just these
#   bench/run.sh restock -- --clients 64 --duration 60s   # options after -- go to the load generator
#   bench/run.sh fanout                  # restock load with the event fan-out on: starts a redis-server and an
#                                        # embedded Kafka first, and the service publishing to both (named only:
#                                        # `all` leaves it out)
#
# Environment:
#   BENCH_REBUILD=1      rebuild the service and bench jars even if they exist
#   BENCH_JFR=1          record a JFR profile of the service (bench-results/<ts>-service.jfr)
#   SERVICE_HEAP=1g      the service's -Xmx (the targets hold with 1g)
#   SERVICE_JVM_OPTS     further JVM options for the service
#
# The service runs on its embedded PostgreSQL in a new temporary data directory, on a free port; both are
# removed when the run ends, however it ends.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

WORKLOADS=()
while [[ $# -gt 0 && "$1" != "--" ]]; do WORKLOADS+=("$1"); shift; done
[[ "${1:-}" == "--" ]] && shift
GENERATOR_OPTS=("$@")

SERVICE_JAR=app/target/annals.jar
BENCH_JAR=bench/target/bench.jar
if [[ "${BENCH_REBUILD:-0}" == 1 || ! -f $SERVICE_JAR || ! -f $BENCH_JAR ]]; then
    echo "building the service and the bench jars ..."
    ./mvnw -B -q -DskipTests package -pl app,bench -am
fi

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RESULTS_DIR=$ROOT/bench-results
mkdir -p "$RESULTS_DIR"
RESULTS=$RESULTS_DIR/$STAMP.txt
SERVICE_LOG=$RESULTS_DIR/$STAMP-service.log

DATA_DIR=$(mktemp -d "${TMPDIR:-/tmp}/annals-bench.XXXXXX")
PORT=$(java -cp "$BENCH_JAR" io.annals.bench.load.FreePort)

JVM_OPTS=(-Xmx"${SERVICE_HEAP:-1g}" -Daxoniq.update-checker.disabled=true)
if [[ "${BENCH_JFR:-0}" == 1 ]]; then
    JVM_OPTS+=("-XX:StartFlightRecording=filename=$RESULTS_DIR/$STAMP-service.jfr,settings=profile,dumponexit=true")
fi
# shellcheck disable=SC2206
JVM_OPTS+=(${SERVICE_JVM_OPTS:-})

# the fanout workload: its brokers (FanoutBrokers, on the bench module's whole class path) before the service
SERVICE_ARGS=()
GENERATOR_CP=$BENCH_JAR
GENERATOR_PROPS=()
BROKERS_PID=
if [[ " ${WORKLOADS[*]:-} " == *" fanout "* ]]; then
    if ! command -v redis-server >/dev/null; then
        echo "the fanout workload needs redis-server (apt-get install -y redis-server)" >&2
        exit 1
    fi
    # the modules it needs beyond bench.jar are the bench module's provided dependencies
    ./mvnw -B -q -o -pl bench -am dependency:build-classpath -Dmdep.includeScope=provided \
        -Dmdep.outputFile="$DATA_DIR/bench.classpath" >/dev/null
    GENERATOR_CP="$BENCH_JAR:$(cat "$DATA_DIR/bench.classpath")"
    java -Xmx512m -cp "$GENERATOR_CP" io.annals.bench.workload.fanout.FanoutBrokers "$DATA_DIR/brokers.properties" \
        >"$RESULTS_DIR/$STAMP-brokers.log" 2>&1 &
    BROKERS_PID=$!
    trap 'kill -TERM "$BROKERS_PID" 2>/dev/null || true; rm -rf "$DATA_DIR"' EXIT
    for _ in $(seq 1 120); do [[ -f "$DATA_DIR/brokers.properties" ]] && break; sleep 0.5; done
    if [[ ! -f "$DATA_DIR/brokers.properties" ]]; then
        echo "the fan-out brokers did not start; see $RESULTS_DIR/$STAMP-brokers.log" >&2
        exit 1
    fi
    broker() { grep "^$1=" "$DATA_DIR/brokers.properties" | cut -d= -f2-; }
    SERVICE_ARGS+=(--annals.fanout.redis.enabled=true --annals.fanout.redis.url="$(broker redis.url)"
        --annals.fanout.redis.stream="$(broker stream)"
        --annals.fanout.kafka.enabled=true --annals.fanout.kafka.bootstrap-servers="$(broker kafka.bootstrap-servers)"
        --annals.fanout.kafka.topic="$(broker topic)")
    GENERATOR_PROPS+=(-Dannals.bench.fanout.brokers="$DATA_DIR/brokers.properties")
fi

SERVICE_PID=
stop_service() {
    if [[ -n "$SERVICE_PID" ]] && kill -0 "$SERVICE_PID" 2>/dev/null; then
        echo "stopping the service (pid $SERVICE_PID) ..."
        kill -TERM "$SERVICE_PID"
        for _ in $(seq 1 120); do
            kill -0 "$SERVICE_PID" 2>/dev/null || break
            sleep 0.5
        done
        if kill -0 "$SERVICE_PID" 2>/dev/null; then
            echo "the service did not stop within 60 s; killing it" >&2
            kill -KILL "$SERVICE_PID" || true
        fi
    fi
    # a killed service leaves its PostgreSQL running: stop the postmaster this run started, by its pid file
    local postmaster
    postmaster=$(head -1 "$DATA_DIR/postgres/postmaster.pid" 2>/dev/null || true)
    if [[ -n "$postmaster" ]] && kill -0 "$postmaster" 2>/dev/null; then
        kill -TERM "$postmaster" || true
        sleep 2
    fi
    if [[ -n "$BROKERS_PID" ]] && kill -0 "$BROKERS_PID" 2>/dev/null; then
        kill -TERM "$BROKERS_PID" || true
        wait "$BROKERS_PID" 2>/dev/null || true
    fi
    rm -rf "$DATA_DIR"
}
trap stop_service EXIT

{
    echo "# Annals benchmark $STAMP"
    echo "# commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (dirty)')"
    echo "# machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr)"
    echo "# java: $(java -version 2>&1 | head -1)"
    echo "# service: java ${JVM_OPTS[*]} -jar $SERVICE_JAR on port $PORT, embedded PostgreSQL in $DATA_DIR"
    echo "# load before start: $(cut -d' ' -f1-3 /proc/loadavg); other busy processes:"
    ps -eo pid,pcpu,etime,args --sort=-pcpu | awk 'NR>1 && $2 > 5 {print "#   " substr($0, 1, 160)}' | head -5
    echo "# workloads: ${WORKLOADS[*]:-all}   generator options: ${GENERATOR_OPTS[*]:-(defaults)}"
} | tee "$RESULTS"

java "${JVM_OPTS[@]}" -jar "$SERVICE_JAR" \
    --server.port="$PORT" \
    --annals.embedded-postgres.data-dir="$DATA_DIR/postgres" \
    "${SERVICE_ARGS[@]}" \
    >"$SERVICE_LOG" 2>&1 &
SERVICE_PID=$!

set +e
java -Xmx512m "${GENERATOR_PROPS[@]}" -cp "$GENERATOR_CP" io.annals.bench.load.LoadGenerator \
    --base-url "http://127.0.0.1:$PORT" \
    --service-pid "$SERVICE_PID" \
    --await-health 180s \
    --postgres-pid-file "$DATA_DIR/postgres/postmaster.pid" \
    "${GENERATOR_OPTS[@]}" "${WORKLOADS[@]}" 2>&1 | tee -a "$RESULTS"
STATUS=${PIPESTATUS[0]}
set -e

echo "# load at end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$RESULTS"
echo "results: $RESULTS (service log: $SERVICE_LOG)"
exit "$STATUS"
