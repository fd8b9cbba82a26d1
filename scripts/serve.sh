#!/usr/bin/env bash
# Serve mlmath-viz locally with live reload:
#
#   bash scripts/serve.sh              # dev build (fast to compile, unoptimized), port 8080
#   PORT=9000 bash scripts/serve.sh    # another port
#   bash scripts/serve.sh --release    # optimized build (cargo release profile + wasm-opt)
#
# Extra arguments are passed to `trunk serve`.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true

bash scripts/setup.sh

PORT="${PORT:-8080}"
MODE="dev build (unoptimized; pass --release for an optimized build)"
for arg in "$@"; do
  if [ "$arg" = "--release" ]; then MODE="release build (optimized)"; fi
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

exec trunk serve --address 127.0.0.1 --port "$PORT" "$@"
