#!/usr/bin/env bash
# Builds, starts and stops llama.cpp's llama-server for Dime's real-backend integration tests.
#
#   llama-server.sh build
#   llama-server.sh start MODEL PORT [extra llama-server args...]   (PORT may be "auto")
#   llama-server.sh stop
#   llama-server.sh status
#
# The llama.cpp source comes from the npm package node-llama-cpp, which ships a git bundle of the
# exact llama.cpp release it binds (llama/gitRelease.bundle). Using the npm registry is how this
# machine and CI reach a pinned llama.cpp source without any other download.
#
# Environment:
#   DIME_CACHE            where built binaries are cached (default ~/.cache/dime); never the repo
#   DIME_LLAMA_RUN_DIR    pid file, log, port file and UNAVAILABLE marker (default <script dir>/target/llama-server)
#   DIME_LLAMA_SERVER_BIN use this llama-server binary instead of building one
#   DIME_LLAMA_PARALLEL   server slots (default 8)
#   DIME_LLAMA_CTX_PER_SLOT context tokens per slot (default 512)
#   DIME_LLAMA_THREADS    compute threads (default 1; see cmd_start for why)
#   DIME_LLAMA_THREADS_HTTP HTTP worker threads (default 16, at least the tests' client concurrency)
#   DIME_LLAMA_HEALTH_WAIT_S seconds to wait for /health (default 60)
#   DIME_LLAMA_STOP_WAIT_S  seconds 'stop' waits after SIGTERM before SIGKILL (default 10)
set -euo pipefail

NODE_LLAMA_CPP_VERSION="3.22.1"
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CACHE_ROOT="${DIME_CACHE:-$HOME/.cache/dime}"
BIN_DIR="$CACHE_ROOT/llama-server/$NODE_LLAMA_CPP_VERSION"
CACHED_BIN="$BIN_DIR/llama-server"
RUN_DIR="${DIME_LLAMA_RUN_DIR:-$SCRIPT_DIR/target/llama-server}"
PID_FILE="$RUN_DIR/llama-server.pid"
LOG_FILE="$RUN_DIR/llama-server.log"
PORT_FILE="$RUN_DIR/port"
URL_FILE="$RUN_DIR/url"
UNAVAILABLE_MARKER="$RUN_DIR/UNAVAILABLE"
BUILD_JOBS="${DIME_BUILD_JOBS:-2}"

say() { echo "[llama-server.sh] $*"; }
die() { echo "[llama-server.sh] ERROR: $*" >&2; exit 1; }

server_binary() {
  if [[ -n "${DIME_LLAMA_SERVER_BIN:-}" ]]; then echo "$DIME_LLAMA_SERVER_BIN"; else echo "$CACHED_BIN"; fi
}

mark_unavailable() {
  mkdir -p "$RUN_DIR"
  echo "$1" > "$UNAVAILABLE_MARKER"
  say "llama-server is unavailable: $1"
  say "wrote $UNAVAILABLE_MARKER; the integration tests will skip (or fail under CI=true) with this reason"
}

cmd_build() {
  mkdir -p "$RUN_DIR"
  rm -f "$UNAVAILABLE_MARKER"
  local bin; bin="$(server_binary)"
  if [[ -x "$bin" ]]; then
    say "using cached $bin"
    return 0
  fi
  local missing=()
  for tool in npm git cmake tar flock; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
  done
  if ! command -v c++ >/dev/null 2>&1 && ! command -v g++ >/dev/null 2>&1 && ! command -v clang++ >/dev/null 2>&1; then
    missing+=("a C++ compiler (c++, g++ or clang++)")
  fi
  if (( ${#missing[@]} > 0 )); then
    mark_unavailable "cannot build llama-server: missing ${missing[*]}"
    return 0
  fi

  mkdir -p "$BIN_DIR"
  # One build at a time per cache: a second caller waits, then finds the binary already there.
  exec 9>"$BIN_DIR/.build.lock"
  say "waiting for the build lock $BIN_DIR/.build.lock"
  flock 9
  if [[ -x "$CACHED_BIN" ]]; then
    say "another build finished meanwhile: using $CACHED_BIN"
    return 0
  fi

  local work; work="$(mktemp -d "${TMPDIR:-/tmp}/dime-llama-build.XXXXXX")"
  # shellcheck disable=SC2064
  trap "rm -rf '$work'" EXIT
  local started=$SECONDS
  say "fetching node-llama-cpp@$NODE_LLAMA_CPP_VERSION from the npm registry (for its bundled llama.cpp source)"
  if ! (cd "$work" && npm pack --silent "node-llama-cpp@$NODE_LLAMA_CPP_VERSION" >/dev/null); then
    mark_unavailable "npm pack node-llama-cpp@$NODE_LLAMA_CPP_VERSION failed (no registry access?)"
    return 0
  fi
  tar -xzf "$work/node-llama-cpp-$NODE_LLAMA_CPP_VERSION.tgz" -C "$work" package/llama/gitRelease.bundle package/llama/llama.cpp.info.json
  say "cloning the bundled llama.cpp source ($(tr -d '\n ' < "$work/package/llama/llama.cpp.info.json"))"
  git clone --quiet "$work/package/llama/gitRelease.bundle" "$work/llama.cpp" 2>/dev/null
  local commit; commit="$(git -C "$work/llama.cpp" rev-parse HEAD)"
  say "configuring llama.cpp at commit $commit (CPU only, static, no tests/examples/UI download)"
  # LLAMA_USE_PREBUILT_UI=OFF: otherwise the web-UI step tries to download prebuilt assets.
  cmake -S "$work/llama.cpp" -B "$work/build" \
    -DCMAKE_BUILD_TYPE=Release \
    -DBUILD_SHARED_LIBS=OFF \
    -DLLAMA_BUILD_TESTS=OFF \
    -DLLAMA_BUILD_EXAMPLES=OFF \
    -DLLAMA_BUILD_SERVER=ON \
    -DLLAMA_BUILD_UI=OFF \
    -DLLAMA_USE_PREBUILT_UI=OFF \
    -DLLAMA_OPENSSL=OFF \
    -DLLAMA_CURL=OFF \
    -DGGML_NATIVE=OFF \
    > "$work/cmake-configure.log" 2>&1 || { tail -n 30 "$work/cmake-configure.log" >&2; die "cmake configure failed"; }
  say "compiling target llama-server with -j$BUILD_JOBS (about 4 minutes on 2 cores)"
  cmake --build "$work/build" --target llama-server -j"$BUILD_JOBS" > "$work/cmake-build.log" 2>&1 \
    || { tail -n 40 "$work/cmake-build.log" >&2; die "cmake build failed"; }
  local built; built="$(find "$work/build" -type f -name llama-server -perm -u+x | head -n 1)"
  [[ -n "$built" ]] || die "the build finished but produced no llama-server binary"
  cp "$built" "$CACHED_BIN.tmp" && mv "$CACHED_BIN.tmp" "$CACHED_BIN"
  echo "node-llama-cpp $NODE_LLAMA_CPP_VERSION, llama.cpp commit $commit" > "$BIN_DIR/SOURCE"
  say "built $CACHED_BIN in $((SECONDS - started)) s"
}

# A port is taken when something accepts a TCP connection on it.
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

pick_free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$(( 20000 + RANDOM % 30000 ))
    if ! port_in_use "$port"; then echo "$port"; return 0; fi
  done
  die "found no free loopback port after 50 tries"
}

# The pid in the pid file, if that process is alive and still a llama-server (a stale pid file
# after a reboot may name an unrelated process, which must not be killed).
running_pid() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid; pid="$(cat "$PID_FILE")"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 1
  [[ "$(ps -p "$pid" -o comm= 2>/dev/null)" == llama-server* ]] || return 1
  echo "$pid"
}

cmd_start() {
  [[ $# -ge 2 ]] || die "usage: llama-server.sh start MODEL PORT [extra llama-server args]"
  local model="$1" port="$2"; shift 2
  mkdir -p "$RUN_DIR"
  if [[ -f "$UNAVAILABLE_MARKER" ]]; then
    say "not starting: $(cat "$UNAVAILABLE_MARKER")"
    return 0
  fi
  local bin; bin="$(server_binary)"
  [[ -x "$bin" ]] || die "no llama-server binary at $bin: run 'llama-server.sh build' first"
  [[ -f "$model" ]] || die "no model file at $model"
  if pid="$(running_pid)"; then
    say "a llama-server (pid $pid) from an earlier run still runs from $RUN_DIR: stopping it first"
    cmd_stop
  fi
  if [[ "$port" == "auto" ]]; then port="$(pick_free_port)"; fi
  port_in_use "$port" && die "port $port on 127.0.0.1 is already taken"

  local parallel="${DIME_LLAMA_PARALLEL:-8}"
  local ctx_per_slot="${DIME_LLAMA_CTX_PER_SLOT:-512}"
  local threads_http="${DIME_LLAMA_THREADS_HTTP:-16}"
  # One compute thread by default: on the project's 2-core machines two compute threads share
  # the cores with the HTTP threads and the test client, and then stall for hundreds of
  # milliseconds now and then (measured: 250 ms/token at batch 8 against 13 ms with one thread).
  local threads="${DIME_LLAMA_THREADS:-1}"
  local wait_s="${DIME_LLAMA_HEALTH_WAIT_S:-60}"
  say "starting $bin on 127.0.0.1:$port: $parallel slots of $ctx_per_slot context tokens, $threads compute thread(s), model $model"
  # --ctx-size is the total over all slots: llama-server splits it evenly between --parallel slots.
  nohup "$bin" --model "$model" --host 127.0.0.1 --port "$port" \
    --parallel "$parallel" --ctx-size $(( parallel * ctx_per_slot )) \
    --threads "$threads" --threads-batch "$threads" \
    --threads-http "$threads_http" --no-ui "$@" > "$LOG_FILE" 2>&1 < /dev/null &
  local pid=$!
  echo "$pid" > "$PID_FILE"
  echo "$port" > "$PORT_FILE"
  echo "http://127.0.0.1:$port" > "$URL_FILE"

  local deadline=$(( SECONDS + wait_s ))
  while (( SECONDS < deadline )); do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 40 "$LOG_FILE" >&2 || true
      rm -f "$PID_FILE"
      die "llama-server exited during startup (log above, full log in $LOG_FILE)"
    fi
    if curl --silent --fail --max-time 2 "http://127.0.0.1:$port/health" >/dev/null 2>&1; then
      say "llama-server (pid $pid) is healthy at http://127.0.0.1:$port"
      return 0
    fi
    sleep 0.25
  done
  tail -n 40 "$LOG_FILE" >&2 || true
  kill "$pid" 2>/dev/null || true
  rm -f "$PID_FILE"
  die "llama-server did not answer /health within ${wait_s}s (log above)"
}

cmd_stop() {
  local pid
  if ! pid="$(running_pid)"; then
    say "no llama-server running from $RUN_DIR"
    rm -f "$PID_FILE"
    return 0
  fi
  local wait_s="${DIME_LLAMA_STOP_WAIT_S:-10}"
  say "stopping llama-server (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  # llama-server lets streams in flight run on after SIGTERM, so a busy one needs SIGKILL.
  for _ in $(seq 1 $(( wait_s * 10 ))); do
    kill -0 "$pid" 2>/dev/null || { rm -f "$PID_FILE"; say "stopped"; return 0; }
    sleep 0.1
  done
  say "still running after ${wait_s} s: sending SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  rm -f "$PID_FILE"
  say "stopped"
}

cmd_status() {
  local pid
  if [[ -f "$UNAVAILABLE_MARKER" ]]; then say "unavailable: $(cat "$UNAVAILABLE_MARKER")"; fi
  local bin; bin="$(server_binary)"
  if [[ -x "$bin" ]]; then say "binary: $bin"; else say "binary: not built ($bin)"; fi
  if pid="$(running_pid)"; then
    say "running: pid $pid at $(cat "$URL_FILE" 2>/dev/null || echo '?')"
  else
    say "not running"
    return 3
  fi
}

case "${1:-}" in
  build)  shift; cmd_build "$@" ;;
  start)  shift; cmd_start "$@" ;;
  stop)   shift; cmd_stop "$@" ;;
  status) shift; cmd_status "$@" ;;
  *) echo "usage: $0 {build|start MODEL PORT [args...]|stop|status}" >&2; exit 2 ;;
esac
