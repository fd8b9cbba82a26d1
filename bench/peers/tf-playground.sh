#!/usr/bin/env bash
# Builds TensorFlow Playground from its public source, pinned at the commit the issue measured
# (tensorflow/playground@02469bd), into target/peers/tf-playground/dist, for
# bench/peer-bench.mjs. Idempotent: an existing build of the same commit is kept.
#
#   bash bench/peers/tf-playground.sh            # source from github.com (git clone)
#   TFP_SRC=/path/to/playground.git bash bench/peers/tf-playground.sh
#                                                # a local clone or bare mirror, when GitHub
#                                                # is not reachable (this machine reaches npm only)
#
# Its build is `npm install && npm run build` (node 20 works). The page asks for Google Fonts
# and analytics; the benchmark blocks every request outside 127.0.0.1, as for our app.
set -euo pipefail
COMMIT=02469bd
HERE="$(cd "$(dirname "$0")/../.." && pwd)"
OUT="$HERE/target/peers/tf-playground"
if [[ -f "$OUT/dist/bundle.js" && "$(cat "$OUT/.commit" 2>/dev/null)" == "$COMMIT" ]]; then
  echo "TF Playground @$COMMIT already built in $OUT/dist"
  exit 0
fi
SRC="${TFP_SRC:-}"
if [[ -z "$SRC" ]]; then
  SRC="$(mktemp -d)/playground.git"
  git clone --bare --quiet https://github.com/tensorflow/playground "$SRC"
fi
rm -rf "$OUT"
mkdir -p "$OUT"
git --git-dir="$SRC" archive "$COMMIT" | tar -x -C "$OUT"
cd "$OUT"
npm install --no-audit --no-fund --loglevel=error
npm run build --silent
echo "$COMMIT" > .commit
echo "TF Playground @$COMMIT built in $OUT/dist"
