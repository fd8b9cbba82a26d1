#!/usr/bin/env bash
# Run every check of mlmath-viz, in order, stopping at the first failure.
#
#   bash scripts/test.sh           # everything (this is what CI runs via .ci/run)
#   bash scripts/test.sh --quick   # skip fmt, clippy and the in-browser wasm tests
#
# Stages:
#   a. cargo fmt --check
#   b. cargo clippy (native, all targets; and the lib for wasm32), warnings are errors
#   c. cargo test (native: unit, integration and doc tests)
#   d. cargo test --target wasm32-unknown-unknown (wasm-bindgen-test in headless Chromium)
#   e. trunk build --release (into dist/, and with --public-url into target/dist-subpath/),
#      then the demo bundles into both (node scripts/bundles.mjs)
#   f. node --test tests/e2e/ (end-to-end tests against dist/)
#
# The whole output is also written to test-artifacts/test-log.txt.
set -eEuo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
if [ -z "${CHROMEDRIVER:-}" ] && [ -x /usr/bin/chromedriver ]; then
  export CHROMEDRIVER=/usr/bin/chromedriver
fi
# wasm-bindgen-test-runner's default per-test-binary timeout (20 s) is tight on 2 cores.
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-120}"
# Keep colours when a person watches; output is piped through tee below.
if [ -t 1 ]; then export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-always}"; fi

QUICK=0
for arg in "$@"; do
  case "$arg" in
    --quick) QUICK=1 ;;
    -h|--help) sed -n '2,16p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "test.sh: unknown argument: $arg" >&2; exit 2 ;;
  esac
done

# The public URL used to check that the app also works when served from a sub-path.
SUBPATH_URL="/mlmath-viz/sub/path/"
SUBPATH_DIST="target/dist-subpath"

mkdir -p test-artifacts
LOG="test-artifacts/test-log.txt"
: > "$LOG"

T0=$SECONDS
STAGE="setup"
STAGE_T0=$SECONDS

on_error() {
  local code=$?
  echo
  echo "################################################################"
  echo "FAILED: stage '$STAGE' (exit code $code) after $((SECONDS - STAGE_T0)) s; total $((SECONDS - T0)) s."
  if [ "$code" -eq 124 ] || [ "$code" -eq 137 ]; then
    echo "(a command ran longer than ${CMD_TIMEOUT} s and was stopped: a hanging test? set MLVIZ_CMD_TIMEOUT to change the limit)"
  fi
  echo "Fix the problem above and re-run: bash scripts/test.sh"
  echo "################################################################"
  exit "$code"
}
trap on_error ERR

begin() {
  STAGE="$1"
  STAGE_T0=$SECONDS
  echo
  echo "================================================================"
  echo "== $STAGE"
  echo "================================================================"
}
end() {
  echo "-- $STAGE: ok ($((SECONDS - STAGE_T0)) s)"
}
skip() {
  echo
  echo "== $1: SKIPPED ($2)"
}
# Run a command, showing its output and appending it to the log. Each command is bounded
# (MLVIZ_CMD_TIMEOUT seconds, default 1500) so a hanging test fails clearly instead of
# eating CI's 90 minutes; setup gets longer since a cold machine compiles trunk (~10 min).
CMD_TIMEOUT="${MLVIZ_CMD_TIMEOUT:-1500}"
run() {
  echo "\$ $*"
  timeout -k 30 "$CMD_TIMEOUT" "$@" 2>&1 | tee -a "$LOG"
}

begin "setup (scripts/setup.sh --test)"
CMD_TIMEOUT=3600 run bash scripts/setup.sh --test
end

if [ "$QUICK" -eq 0 ]; then
  begin "a. format (cargo fmt --check)"
  run cargo fmt --check
  end

  begin "b. lint (cargo clippy, warnings are errors)"
  run cargo clippy --all-targets -- -D warnings
  run cargo clippy --lib --target wasm32-unknown-unknown -- -D warnings
  # A bundle module (src/demos/bundles.rs) builds the crate without its `app` feature.
  run cargo clippy -p mlviz-bundle --features nn-playground --target wasm32-unknown-unknown -- -D warnings
  end
else
  skip "a. format" "--quick"
  skip "b. lint" "--quick"
fi

begin "c. native tests (cargo test)"
run cargo test
end

if [ "$QUICK" -eq 0 ]; then
  # Only test files under tests/ marked `#![cfg(target_arch = "wasm32")]` run in the browser.
  wasm_tests=()
  if [ -f tests/web.rs ]; then
    wasm_tests=(web)
  else
    for f in tests/*.rs; do
      [ -e "$f" ] || continue
      if grep -qE '^[[:space:]]*#!\[cfg\(target_arch[[:space:]]*=[[:space:]]*"wasm32"\)\]' "$f"; then
        wasm_tests+=("$(basename "$f" .rs)")
      fi
    done
  fi
  if [ "${#wasm_tests[@]}" -eq 0 ]; then
    skip "d. wasm tests in headless Chromium" "no tests/*.rs with #![cfg(target_arch = \"wasm32\")] yet"
  else
    begin "d. wasm tests in headless Chromium (cargo test --target wasm32-unknown-unknown)"
    test_args=()
    for t in "${wasm_tests[@]}"; do test_args+=(--test "$t"); done
    run cargo test --target wasm32-unknown-unknown "${test_args[@]}"
    end
  fi
else
  skip "d. wasm tests in headless Chromium" "--quick"
fi

begin "e. release build (trunk build --release)"
run trunk build --release
echo "(again with --public-url $SUBPATH_URL into $SUBPATH_DIST/, to check sub-path hosting)"
run trunk build --release --public-url "$SUBPATH_URL" --dist "$SUBPATH_DIST"
echo "(the demo bundles, one small module per group of demos, into both: src/demos/bundles.rs)"
run node scripts/bundles.mjs dist "$SUBPATH_DIST"
end

begin "f. end-to-end tests (node --test tests/e2e/)"
export MLVIZ_DIST="dist" MLVIZ_SUBPATH_DIST="$SUBPATH_DIST" MLVIZ_SUBPATH_URL="$SUBPATH_URL"
# Two files at a time (node's default is one fewer than the cores: one on a 2-core CI
# machine): much of an e2e file is waiting for frames and throttled URL writes, which the
# other file's Chromium fills. MLVIZ_E2E_CONCURRENCY changes it (1: one file at a time).
run node --test --test-concurrency="${MLVIZ_E2E_CONCURRENCY:-2}" tests/e2e/
end

# One closing line over all runners: cargo's "test result:" lines and node's summary.
summary="$(awk '
  /test result: / {
    for (i = 1; i <= NF; i++) {
      if ($(i+1) ~ /^passed;?$/) p += $i
      if ($(i+1) ~ /^failed;?$/) f += $i
      if ($(i+1) ~ /^ignored;?$/) s += $i
    }
  }
  /^(# |ℹ )pass [0-9]+$/    { p += $NF }
  /^(# |ℹ )fail [0-9]+$/    { f += $NF }
  /^(# |ℹ )skipped [0-9]+$/ { s += $NF }
  /^(# |ℹ )todo [0-9]+$/    { s += $NF }
  END { printf "%d passed, %d failed, %d skipped\n", p, f, s }
' "$LOG")"
echo
echo "================================================================"
note=""
if [ "$QUICK" -eq 1 ]; then note=" (--quick: fmt, clippy and wasm tests skipped)"; fi
echo "All stages passed in $((SECONDS - T0)) s${note}."
echo "total: $summary"
