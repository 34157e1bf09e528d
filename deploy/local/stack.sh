#!/usr/bin/env bash
# The real local stack: a single-node Kafka broker (KRaft, jars from Maven Central)
# and Redis (Debian's redis-server). Idempotent start, readiness wait, stop by pid.
# State, data and logs live in .floorwatch/ (git-ignored).
#
#   deploy/local/stack.sh start|stop|status [kafka|redis]
#   deploy/local/stack.sh topics            create missing topics
#
# Environment: FLOORWATCH_KAFKA_PORT (9092), FLOORWATCH_KAFKA_CONTROLLER_PORT (9093),
#              FLOORWATCH_REDIS_PORT (6379).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
STATE="$ROOT/.floorwatch"
RUN="$STATE/run"
LOGS="$STATE/logs"
KAFKA_HOME="$STATE/kafka"
KAFKA_VERSION=4.1.2
KAFKA_PORT=${FLOORWATCH_KAFKA_PORT:-9092}
KAFKA_CONTROLLER_PORT=${FLOORWATCH_KAFKA_CONTROLLER_PORT:-9093}
REDIS_PORT=${FLOORWATCH_REDIS_PORT:-6379}
# name:partitions. Partitions bound how many consumer replicas can share a topic.
# The floorwatch-test.* set keeps test traffic away from a running local stack.
TOPICS=(
  floorwatch.events:12 floorwatch.snapshots:6 floorwatch.alerts:6 floorwatch.notifications.dlq:3
  floorwatch-test.events:6 floorwatch-test.snapshots:3 floorwatch-test.alerts:3 floorwatch-test.notifications.dlq:1
)

mkdir -p "$RUN" "$LOGS"

log() { printf '%s\n' "$*" >&2; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

stop_pid() { # pidfile name
  local pidfile=$1 name=$2 pid
  if ! pid_alive "$pidfile"; then rm -f "$pidfile"; return 0; fi
  pid=$(cat "$pidfile")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then log "$name did not stop in 30 s, killing"; kill -9 "$pid" 2>/dev/null || true; fi
  rm -f "$pidfile"
  log "$name stopped"
}

# ---------------------------------------------------------------- Kafka
kafka_install() {
  [ -f "$KAFKA_HOME/libs/kafka_2.13-$KAFKA_VERSION.jar" ] && return 0
  log "fetching Kafka $KAFKA_VERSION broker jars from Maven Central"
  "$ROOT/mvnw" -B -ntp -f "$ROOT/deploy/local/kafka/pom.xml" package >"$LOGS/kafka-install.log" 2>&1 \
    || { tail -n 30 "$LOGS/kafka-install.log" >&2; return 1; }
}

kafka_ready() { port_open "$KAFKA_PORT"; }

kafka_start() {
  if pid_alive "$RUN/kafka.pid" && kafka_ready; then log "kafka already running on 127.0.0.1:$KAFKA_PORT"; return 0; fi
  if ! pid_alive "$RUN/kafka.pid" && kafka_ready; then
    log "kafka: something already listens on 127.0.0.1:$KAFKA_PORT, reusing it"; kafka_topics; return 0
  fi
  kafka_install
  local data="$KAFKA_HOME/data" props="$KAFKA_HOME/server.properties"
  mkdir -p "$data"
  sed -e "s#@@PORT@@#$KAFKA_PORT#g" -e "s#@@CONTROLLER_PORT@@#$KAFKA_CONTROLLER_PORT#g" -e "s#@@DATA_DIR@@#$data#g" \
    "$ROOT/deploy/local/kafka/server.properties.template" >"$props"
  if [ ! -f "$data/meta.properties" ]; then
    local uuid
    uuid=$(java -cp "$KAFKA_HOME/libs/*" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)
    java -cp "$KAFKA_HOME/libs/*" kafka.tools.StorageTool format -t "$uuid" -c "$props" >>"$LOGS/kafka.log" 2>&1
  fi
  log "starting kafka on 127.0.0.1:$KAFKA_PORT"
  nohup java -Xms256m -Xmx512m -XX:+UseSerialGC \
    -Dlog4j2.configurationFile="$ROOT/deploy/local/kafka/log4j2.yaml" \
    -cp "$KAFKA_HOME/libs/*" kafka.Kafka "$props" >>"$LOGS/kafka.log" 2>&1 &
  echo $! >"$RUN/kafka.pid"
  for _ in $(seq 1 600); do
    kafka_ready && break
    pid_alive "$RUN/kafka.pid" || { tail -n 30 "$LOGS/kafka.log" >&2; log "kafka exited"; return 1; }
    sleep 0.1
  done
  kafka_ready || { log "kafka not ready after 60 s (see $LOGS/kafka.log)"; return 1; }
  kafka_topics
  log "kafka ready"
}

kafka_topics() {
  kafka_install
  java -cp "$KAFKA_HOME/libs/*" "$ROOT/deploy/local/kafka/CreateTopics.java" "127.0.0.1:$KAFKA_PORT" "${TOPICS[@]}" >&2
}

kafka_stop() { stop_pid "$RUN/kafka.pid" kafka; }

# ---------------------------------------------------------------- Redis
redis_install() {
  command -v redis-server >/dev/null && command -v redis-cli >/dev/null && return 0
  log "installing redis-server from Debian packages"
  local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update >"$LOGS/redis-install.log" 2>&1 || true
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends redis-server >>"$LOGS/redis-install.log" 2>&1 \
    || { tail -n 20 "$LOGS/redis-install.log" >&2; return 1; }
}

redis_ready() { command -v redis-cli >/dev/null && [ "$(redis-cli -p "$REDIS_PORT" ping 2>/dev/null)" = "PONG" ]; }

redis_start() {
  redis_install
  if redis_ready; then
    pid_alive "$RUN/redis.pid" && log "redis already running on 127.0.0.1:$REDIS_PORT" \
      || log "redis: one already answers on 127.0.0.1:$REDIS_PORT, reusing it"
    return 0
  fi
  mkdir -p "$STATE/redis"
  log "starting redis on 127.0.0.1:$REDIS_PORT"
  # A floor's indexes (sorted sets, one member per open conversation) stay in the compact listpack
  # encoding up to 512 members instead of 128: about 17 B a member instead of 95. Counts then
  # scan the list, a few µs at 512 (docs/deploy.md).
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --daemonize yes \
    --pidfile "$RUN/redis.pid" --logfile "$LOGS/redis.log" --dir "$STATE/redis" \
    --save '' --appendonly yes --appendfsync everysec \
    --zset-max-listpack-entries 512
  for _ in $(seq 1 100); do redis_ready && break; sleep 0.1; done
  redis_ready || { log "redis not ready after 10 s (see $LOGS/redis.log)"; return 1; }
  log "redis ready"
}

redis_stop() {
  pid_alive "$RUN/redis.pid" || { rm -f "$RUN/redis.pid"; return 0; }
  redis-cli -p "$REDIS_PORT" shutdown >/dev/null 2>&1 || true
  stop_pid "$RUN/redis.pid" redis
}

status() {
  local k r
  kafka_ready && k="ready" || k="down"
  redis_ready && r="ready" || r="down"
  printf '%-16s %-6s %s\n' kafka "$k" "127.0.0.1:$KAFKA_PORT"
  printf '%-16s %-6s %s\n' redis "$r" "redis://127.0.0.1:$REDIS_PORT"
}

main() {
  local cmd=${1:-status} what=${2:-all}
  case "$cmd" in
    start)
      case "$what" in kafka) kafka_start ;; redis) redis_start ;; all) redis_start; kafka_start ;; esac ;;
    stop)
      case "$what" in kafka) kafka_stop ;; redis) redis_stop ;; all) kafka_stop; redis_stop ;; esac ;;
    status) status ;;
    topics) kafka_topics ;;
    *) log "usage: $0 start|stop|status [kafka|redis] | topics"; return 2 ;;
  esac
}

main "$@"
