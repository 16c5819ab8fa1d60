#!/usr/bin/env bash
# Runs the load-generator workloads against a freshly started Annals and writes a results file.
#
#   bench/run.sh                         # every workload
#   bench/run.sh restock read            # just these
#   bench/run.sh restock -- --clients 64 --duration 60s   # options after -- go to the load generator
#   bench/run.sh fanout                  # the event fan-out (named only: `all` leaves it out): starts a
#                                        # redis-server and an embedded Kafka, then the service twice on one data
#                                        # directory: fan-out off for `fanout-fill` (--replay-events product events
#                                        # straight into the store, default 1,000,000) and `fanout-off` (restock
#                                        # load, the baseline); then fan-out to Kafka alone for `fanout-backlog`
#                                        # (its processor starts at the tail: events/s until lag 0); then to both
#                                        # for `fanout-backlog` (Redis catching up alone) and `fanout` (the same
#                                        # restock load, compared with the baseline)
#
# Side by side with the vanilla Axon peer (issue 17), driven by wrk (C, bench/wrk/workloads.lua) so that the
# client's CPU is charged to nobody; CPU per operation is the service's and its PostgreSQL's:
#   bench/run.sh --vs-vanilla restock    # Annals, then ../shared/peers/vanilla-axon, the same wrk workload on both;
#                                        # prints the ratios and draws bench-results/<ts>-vs-vanilla.png
#   bench/run.sh --vs-vanilla restock create create-customers read conflict -- --duration 15s --warmup 5s
#   bench/run.sh --vs-vanilla            # all five (create-customers on Annals only: vanilla has no customers)
#   bench/run.sh --wrk restock read      # the wrk workloads against Annals alone (chart: <ts>-wrk.png)
# Options after -- go to io.annals.bench.wrk.WrkBench: --duration D (default 30s), --warmup D (20s), --threads N (2),
# --settle D (60s: before and after the measured run, wait up to D for the service and PostgreSQL to fall quiet,
# below --quiet-cpu 0.1 CPU seconds per second, so that left-over work is not charged to the run).
# The vanilla peer is copied to target/vanilla-axon and built there (offline first) when its jar is missing, and
# started with its own run.sh on a free port with a fresh embedded PostgreSQL (as user postgres when run as root).
#
# Environment:
#   BENCH_REBUILD=1      rebuild the service and bench jars even if they exist
#   BENCH_JFR=1          record a JFR profile of the service (bench-results/<ts>-service.jfr)
#   SERVICE_HEAP=1g      the service's -Xmx (the targets hold with 1g)
#   SERVICE_JVM_OPTS     further JVM options for the service
#   VANILLA_SRC          the vanilla peer's sources (default ../shared/peers/vanilla-axon beside the checkout)
#   VANILLA_JAVA_OPTS    its JVM options (default: its run.sh's, -Xms1g -Xmx1g -XX:+UseG1GC)
#   VANILLA_REBUILD=1    rebuild the vanilla peer's jar even if it exists
#
# The service runs on its embedded PostgreSQL in a new temporary data directory, on a free port; both are
# removed when the run ends, however it ends.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

MODE=java # java: the Java load generator; wrk: wrk against Annals; vs-vanilla: wrk against Annals, then vanilla
WORKLOADS=()
while [[ $# -gt 0 && "$1" != "--" ]]; do
    case "$1" in
        --vs-vanilla) MODE=vs-vanilla ;;
        --wrk) MODE=wrk ;;
        *) WORKLOADS+=("$1") ;;
    esac
    shift
done
if [[ "$MODE" != java ]]; then
    command -v wrk >/dev/null || { echo "--wrk and --vs-vanilla need wrk (apt-get install -y wrk)" >&2; exit 1; }
    [[ ${#WORKLOADS[@]} -eq 0 ]] && WORKLOADS=(restock create create-customers read conflict)
fi
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
    KAFKA_ARGS=(--annals.fanout.kafka.enabled=true --annals.fanout.kafka.bootstrap-servers="$(broker kafka.bootstrap-servers)"
        --annals.fanout.kafka.topic="$(broker topic)")
    SERVICE_ARGS+=(--annals.fanout.redis.enabled=true --annals.fanout.redis.url="$(broker redis.url)"
        --annals.fanout.redis.stream="$(broker stream)" --annals.fanout.redis.maxlen=5000000 "${KAFKA_ARGS[@]}")
    GENERATOR_PROPS+=(-Dannals.bench.fanout.brokers="$DATA_DIR/brokers.properties")
fi

SERVICE_PID=
# TERM to a process, then up to 60 s for it to end, then KILL (and KILL to a second pid, e.g. the JVM a wrapper started)
stop_process() {
    local name=$1 pid=$2 also=${3:-}
    [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
    echo "stopping $name (pid $pid) ..."
    kill -TERM "$pid" || true
    for _ in $(seq 1 120); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.5
    done
    echo "$name did not stop within 60 s; killing it" >&2
    [[ -n "$also" ]] && kill -KILL "$also" 2>/dev/null
    kill -KILL "$pid" 2>/dev/null || true
}
# a killed service leaves its PostgreSQL running: stop the postmaster of the given data directory, by its pid file
stop_postmaster() {
    local postmaster
    postmaster=$(head -1 "$1/postmaster.pid" 2>/dev/null || true)
    if [[ -n "$postmaster" ]] && kill -0 "$postmaster" 2>/dev/null; then
        kill -TERM "$postmaster" || true
        sleep 2
    fi
}
# stops the service and its PostgreSQL, keeping the data directory (the fan-out run starts the service again on it)
stop_annals() {
    stop_process "the service" "$SERVICE_PID"
    stop_postmaster "$DATA_DIR/postgres"
}
stop_service() {
    stop_annals
    if [[ -n "$BROKERS_PID" ]] && kill -0 "$BROKERS_PID" 2>/dev/null; then
        kill -TERM "$BROKERS_PID" || true
        wait "$BROKERS_PID" 2>/dev/null || true
    fi
    rm -rf "$DATA_DIR"
}

# the vanilla peer (--vs-vanilla): built in a copy of its sources, since they may be read-only
VANILLA_SRC=${VANILLA_SRC:-$ROOT/../shared/peers/vanilla-axon}
VANILLA_HOME=$ROOT/target/vanilla-axon
VANILLA_JAR=$VANILLA_HOME/target/vanilla-axon-0.1.0.jar
VANILLA_DIR=
VANILLA_PID=
stop_vanilla() {
    [[ -n "$VANILLA_DIR" ]] || return 0
    # as root its run.sh is runuser, which passes the TERM on to the JVM it started
    local jvm=
    [[ -n "$VANILLA_PID" ]] && jvm=$(ps -o pid= --ppid "$VANILLA_PID" | head -1 | xargs || true)
    stop_process "the vanilla peer" "$VANILLA_PID" "$jvm"
    stop_postmaster "$VANILLA_DIR/pg"
    rm -rf "$VANILLA_DIR"
    VANILLA_DIR=
}
trap 'stop_service; stop_vanilla' EXIT

{
    echo "# Annals benchmark $STAMP"
    echo "# commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (dirty)')"
    echo "# machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr)"
    echo "# java: $(java -version 2>&1 | head -1)"
    echo "# service: java ${JVM_OPTS[*]} -jar $SERVICE_JAR on port $PORT, embedded PostgreSQL in $DATA_DIR"
    echo "# load before start: $(cut -d' ' -f1-3 /proc/loadavg); other busy processes:"
    ps -eo pid,pcpu,etime,args --sort=-pcpu | awk 'NR>1 && $2 > 5 {print "#   " substr($0, 1, 160)}' | head -5
    if [[ "$MODE" == java ]]; then
        echo "# workloads: ${WORKLOADS[*]:-all}   generator options: ${GENERATOR_OPTS[*]:-(defaults)}"
    else
        echo "# client: $(wrk -v 2>&1 | head -1 | cut -c1-40), bench/wrk/workloads.lua; its CPU is not charged"
        echo "# wrk workloads ($MODE): ${WORKLOADS[*]}   options: ${GENERATOR_OPTS[*]:-(defaults)}"
    fi
} | tee "$RESULTS"

# starts the service with the given arguments (besides port and data directory), appending to the service log
start_service() {
    java "${JVM_OPTS[@]}" -jar "$SERVICE_JAR" \
        --server.port="$PORT" \
        --annals.embedded-postgres.data-dir="$DATA_DIR/postgres" \
        "$@" \
        >>"$SERVICE_LOG" 2>&1 &
    SERVICE_PID=$!
}

# runs the Java load generator's workloads against the service; sets STATUS to its exit code if that is not 0
run_generator() {
    local status
    set +e
    java -Xmx512m "${GENERATOR_PROPS[@]}" -cp "$GENERATOR_CP" io.annals.bench.load.LoadGenerator \
        --base-url "http://127.0.0.1:$PORT" \
        --service-pid "$SERVICE_PID" \
        --await-health 180s \
        --postgres-pid-file "$DATA_DIR/postgres/postmaster.pid" \
        "${GENERATOR_OPTS[@]}" "$@" 2>&1 | tee -a "$RESULTS"
    status=${PIPESTATUS[0]}
    set -e
    [[ "$status" == 0 ]] || STATUS=$status
}

STATUS=0
if [[ "$MODE" == java && -n "$BROKERS_PID" ]]; then
    # the fan-out: first without it, the baseline and the store it will catch up with; then with it, on the same data
    GENERATOR_PROPS+=(-Dannals.bench.fanout.compare="$DATA_DIR/fanout-off.properties"
        -Dannals.bench.fanout.filled="$DATA_DIR/fanout-filled.properties")
    OTHERS=()
    for workload in "${WORKLOADS[@]}"; do [[ "$workload" == fanout ]] || OTHERS+=("$workload"); done
    echo "# fan-out off: fanout-fill, fanout-off" | tee -a "$RESULTS"
    start_service
    run_generator fanout-fill fanout-off
    stop_annals
    # each target catches up alone: first Kafka, then Redis (Kafka is current by then)
    echo "# the service again, fan-out to Kafka only: fanout-backlog" | tee -a "$RESULTS"
    start_service "${KAFKA_ARGS[@]}"
    run_generator fanout-backlog
    stop_annals
    echo "# the service again, fan-out to Redis and Kafka: fanout-backlog, fanout ${OTHERS[*]:-}" | tee -a "$RESULTS"
    start_service "${SERVICE_ARGS[@]}"
    run_generator fanout-backlog fanout "${OTHERS[@]}"
elif [[ "$MODE" == java ]]; then
    start_service "${SERVICE_ARGS[@]}"
    run_generator "${WORKLOADS[@]}"
fi
if [[ "$MODE" == java ]]; then
    echo "# load at end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$RESULTS"
    echo "results: $RESULTS (service log: $SERVICE_LOG)"
    exit "$STATUS"
fi

start_service "${SERVICE_ARGS[@]}"
# wrk modes: every measured run appends a RESULT line to the summary, which VsVanilla turns into ratios and a chart
SUMMARY=$RESULTS_DIR/$STAMP-summary.txt
: >"$SUMMARY"
echo | tee -a "$RESULTS"
echo "=== Annals ===" | tee -a "$RESULTS"
set +e
java -Xmx256m -cp "$BENCH_JAR" io.annals.bench.wrk.WrkBench --target annals \
    --base-url "http://127.0.0.1:$PORT" --service-pid "$SERVICE_PID" \
    --postgres-pid-file "$DATA_DIR/postgres/postmaster.pid" --summary "$SUMMARY" \
    --script "$ROOT/bench/wrk/workloads.lua" "${GENERATOR_OPTS[@]}" "${WORKLOADS[@]}" 2>&1 | tee -a "$RESULTS"
STATUS=${PIPESTATUS[0]}
set -e
stop_service

if [[ "$MODE" == vs-vanilla ]]; then
    if [[ "${VANILLA_REBUILD:-0}" == 1 || ! -f $VANILLA_JAR ]]; then
        [[ -f "$VANILLA_SRC/pom.xml" ]] || { echo "no vanilla peer at $VANILLA_SRC (set VANILLA_SRC)" >&2; exit 1; }
        echo "building the vanilla peer from $VANILLA_SRC in $VANILLA_HOME ..."
        rm -rf "$VANILLA_HOME"
        mkdir -p "$(dirname "$VANILLA_HOME")"
        cp -r "$VANILLA_SRC" "$VANILLA_HOME"
        chmod -R u+w "$VANILLA_HOME"
        # offline from the local repository when it has everything; else fetch what is missing
        ./mvnw -B -q -o -f "$VANILLA_HOME/pom.xml" -DskipTests package >/dev/null 2>&1 \
            || ./mvnw -B -q -f "$VANILLA_HOME/pom.xml" -DskipTests package
    fi
    VANILLA_DIR=$(mktemp -d "${TMPDIR:-/tmp}/vanilla-bench.XXXXXX")
    mkdir -p "$VANILLA_DIR/tmp"
    # as root, its run.sh runs it as user postgres (PostgreSQL refuses root): that user owns the data directory
    [[ "$(id -u)" == 0 ]] && chown -R "${RUN_AS:-postgres}" "$VANILLA_DIR"
    VANILLA_PORT=$(java -cp "$BENCH_JAR" io.annals.bench.load.FreePort)
    VANILLA_PG_PORT=$(java -cp "$BENCH_JAR" io.annals.bench.load.FreePort)
    while [[ "$VANILLA_PG_PORT" == "$VANILLA_PORT" ]]; do
        VANILLA_PG_PORT=$(java -cp "$BENCH_JAR" io.annals.bench.load.FreePort)
    done
    VANILLA_LOG=$RESULTS_DIR/$STAMP-vanilla.log
    VANILLA_OPTS="${VANILLA_JAVA_OPTS:--Xms1g -Xmx1g -XX:+UseG1GC} -Djava.io.tmpdir=$VANILLA_DIR/tmp"
    {
        echo
        echo "=== vanilla Axon peer ==="
        echo "# service: $VANILLA_JAR ($VANILLA_OPTS) on port $VANILLA_PORT, embedded PostgreSQL on port" \
            "$VANILLA_PG_PORT in $VANILLA_DIR/pg"
        echo "# load before start: $(cut -d' ' -f1-3 /proc/loadavg)"
    } | tee -a "$RESULTS"
    PORT=$VANILLA_PORT VANILLA_PG_PORT=$VANILLA_PG_PORT VANILLA_PG_DIR=$VANILLA_DIR/pg JAVA_OPTS=$VANILLA_OPTS \
        "$VANILLA_HOME/run.sh" >"$VANILLA_LOG" 2>&1 &
    VANILLA_PID=$!
    set +e
    # no --service-pid: as root the started pid is runuser's; the JVM is found as the port's listener
    java -Xmx256m -cp "$BENCH_JAR" io.annals.bench.wrk.WrkBench --target vanilla \
        --base-url "http://127.0.0.1:$VANILLA_PORT" --postgres-pid-file "$VANILLA_DIR/pg/postmaster.pid" \
        --summary "$SUMMARY" --script "$ROOT/bench/wrk/workloads.lua" "${GENERATOR_OPTS[@]}" "${WORKLOADS[@]}" \
        2>&1 | tee -a "$RESULTS"
    VANILLA_STATUS=${PIPESTATUS[0]}
    set -e
    stop_vanilla
    [[ "$STATUS" == 0 ]] && STATUS=$VANILLA_STATUS
fi

CHART=$RESULTS_DIR/$STAMP-$([[ "$MODE" == vs-vanilla ]] && echo vs-vanilla || echo wrk).png
echo | tee -a "$RESULTS"
java -cp "$BENCH_JAR" io.annals.bench.wrk.VsVanilla "$SUMMARY" "$CHART" 2>&1 | tee -a "$RESULTS"
echo "# load at end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$RESULTS"
echo "results: $RESULTS (summary: $SUMMARY, chart: $CHART, service log: $SERVICE_LOG)"
exit "$STATUS"
