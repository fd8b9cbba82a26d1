#!/usr/bin/env bash
# Serve mlmath-viz locally with live reload:
#
#   bash scripts/serve.sh              # release build (optimized, wasm-opt), port 8080
#   PORT=9000 bash scripts/serve.sh    # another port
#   bash scripts/serve.sh --dev        # debug build: quicker to compile, slower to run
#
# Extra arguments are passed to `trunk serve`.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true

bash scripts/setup.sh

PORT="${PORT:-8080}"
# A release build by default: it is what users get (the heatmaps are computed per frame, and
# an unoptimised build is several times slower). `--dev` serves a faster-to-build debug build.
PROFILE_ARGS=(--release)
MODE="release build (optimized; pass --dev for a quicker unoptimized build)"
ARGS=()
for arg in "$@"; do
  if [ "$arg" = "--dev" ]; then
    PROFILE_ARGS=()
    MODE="dev build (unoptimized)"
  elif [ "$arg" != "--release" ]; then
    ARGS+=("$arg")
  fi
done

URL="http://127.0.0.1:${PORT}/"
echo
echo "================================================================"
echo " mlmath-viz: $MODE"
echo " The first build takes a while; then open:"
echo
echo "     $URL"
echo
echo " Trunk rebuilds and reloads the page on changes. Ctrl-C stops."
echo "================================================================"
echo

exec trunk serve --address 127.0.0.1 --port "$PORT" "${PROFILE_ARGS[@]}" ${ARGS[@]+"${ARGS[@]}"}
