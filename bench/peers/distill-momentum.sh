#!/usr/bin/env bash
# Builds Distill's "Why Momentum Really Works" from its public source, pinned at the commit
# the issue measured (distillpub/post--momentum@691048b), into
# target/peers/distill-momentum/public, for bench/peer-bench.mjs. Idempotent.
#
#   bash bench/peers/distill-momentum.sh
#   DISTILL_SRC=/path/to/post--momentum.git bash bench/peers/distill-momentum.sh
#
# Its build is `npm install && npm run build` (concatenates d3 and numeric into lib.js). The
# page asks distill.pub for template.v1.js: the benchmark serves the copy the repository keeps
# (public/assets/lib/template.v1.js) instead, and blocks everything else outside 127.0.0.1.
set -euo pipefail
COMMIT=691048b
HERE="$(cd "$(dirname "$0")/../.." && pwd)"
OUT="$HERE/target/peers/distill-momentum"
if [[ -f "$OUT/public/assets/lib/lib.js" && "$(cat "$OUT/.commit" 2>/dev/null)" == "$COMMIT" ]]; then
  echo "Distill momentum @$COMMIT already built in $OUT/public"
  exit 0
fi
SRC="${DISTILL_SRC:-}"
if [[ -z "$SRC" ]]; then
  SRC="$(mktemp -d)/post--momentum.git"
  git clone --bare --quiet https://github.com/distillpub/post--momentum "$SRC"
fi
rm -rf "$OUT"
mkdir -p "$OUT"
# A partial mirror may lack some large blobs (data files of the later figures): extract file
# by file and name what is missing; the hero figure the benchmark drags needs none of them.
git --git-dir="$SRC" ls-tree -r "$COMMIT" | while read -r _mode _type blob file; do
  mkdir -p "$OUT/$(dirname "$file")"
  git --git-dir="$SRC" cat-file blob "$blob" > "$OUT/$file" 2>/dev/null || { rm -f "$OUT/$file"; echo "missing in the source: $file"; }
done
cd "$OUT"
# npm would follow yarn.lock to distill-template 1.0.1, which npm no longer has; ^1.0.1 resolves to 1.1.0.
rm -f yarn.lock
npm install --no-audit --no-fund --loglevel=error
npm run build --silent
echo "$COMMIT" > .commit
echo "Distill momentum @$COMMIT built in $OUT/public"
