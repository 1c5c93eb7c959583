# Shared helpers for ./promo and the infra scripts. Sourced, never run.
# Everything the platform starts keeps its pid, data and log under $PROMO_STATE (default .promo/).

PROMO_ROOT=${PROMO_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
PROMO_STATE=${PROMO_STATE:-$PROMO_ROOT/.promo}
PROMO_RUN=$PROMO_STATE/run
PROMO_LOGS=$PROMO_STATE/logs
PROMO_DATA=$PROMO_STATE/data
mkdir -p "$PROMO_RUN" "$PROMO_LOGS" "$PROMO_DATA"

# Ports of the local infrastructure (see README "Ports").
PROMO_MARIADB_PORT=${PROMO_MARIADB_PORT:-3307}
PROMO_REDIS_PORTS=(7000 7001 7002 7003 7004 7005)
PROMO_KAFKA_PORT=${PROMO_KAFKA_PORT:-9092}
PROMO_KAFKA_CONTROLLER_PORT=${PROMO_KAFKA_CONTROLLER_PORT:-9093}

log() { printf '\033[1;34m[promo]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[promo]\033[0m %s\n' "$*" >&2; exit 1; }

# True when something accepts TCP connections on 127.0.0.1:$1.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# wait_for SECONDS DESCRIPTION COMMAND...: polls COMMAND every 0.25 s.
wait_for() {
  local seconds=$1 what=$2; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -ge $deadline ] && return 1
    sleep 0.25
  done
  log "$what ready"
}

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# without_inherited_fds COMMAND...: runs COMMAND with only stdin, stdout and stderr open. A server
# started from `flock LOCK ./promo up` would otherwise hold LOCK for as long as it runs.
without_inherited_fds() {
  local fd
  for fd in /proc/$BASHPID/fd/*; do
    fd=${fd##*/}
    [ "$fd" -gt 2 ] && eval "exec $fd>&-"
  done
  exec "$@"
}

# stop_pidfile FILE NAME: TERM, then KILL after 20 s; removes the file.
stop_pidfile() {
  local file=$1 name=$2 pid
  [ -f "$file" ] || return 0
  pid=$(cat "$file")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null
    for _ in $(seq 1 80); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null
    log "stopped $name (pid $pid)"
  fi
  rm -f "$file"
}

# Debian packages, installed only when missing (a new machine may lack them).
APT_UPDATED=
ensure_package() { # ensure_package COMMAND PACKAGE...
  command -v "$1" >/dev/null 2>&1 && return 0
  shift
  [ "$(id -u)" = 0 ] || die "missing $*; install it (apt-get install $*) and try again"
  log "installing $* from the OS packages"
  if [ -z "$APT_UPDATED" ]; then apt-get update -qq >/dev/null || true; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null || die "apt-get install $* failed"
}

use_jdk() {
  JAVA_HOME=$("$PROMO_ROOT/infra/find-jdk") || die "no JDK 21+ found; install one and set JAVA_HOME"
  export JAVA_HOME
  export PATH="$JAVA_HOME/bin:$PATH"
}

docker_engine() { [ "${PROMO_INFRA:-auto}" != local ] && command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; }
