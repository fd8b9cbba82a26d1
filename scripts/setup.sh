#!/usr/bin/env bash
# Idempotent, non-interactive installer of everything mlmath-viz needs.
#
#   bash scripts/setup.sh          # what serving/building needs
#   bash scripts/setup.sh --test   # ... plus what scripts/test.sh needs (Chromium + chromedriver)
#
# Every step checks first and prints one line:
#   "ok: ..."          already there, nothing done
#   "installing: ..."  about to install (its own output follows)
#
# Versions follow shared/TOOLCHAIN.md. Only crates.io, npm and Debian's packages are
# reachable here, so nothing is downloaded from GitHub: trunk must find wasm-bindgen and
# wasm-opt on PATH with exactly the versions pinned in Trunk.toml.
set -euo pipefail

TRUNK_VERSION="0.21.14"
WASM_OPT_VERSION="132"   # npm binaryen 132.0.0, pinned in package.json / Trunk.toml

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true

WITH_TEST=0
for arg in "$@"; do
  case "$arg" in
    --test) WITH_TEST=1 ;;
    -h|--help) sed -n '2,12p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "setup.sh: unknown argument: $arg" >&2; exit 2 ;;
  esac
done

die() { echo "setup.sh: ERROR: $*" >&2; exit 1; }
ok() { echo "ok: $*"; }
installing() { echo "installing: $*"; }

# Run a command as root: directly when root, else through non-interactive sudo.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo -n "$@"
  else
    die "need root (or sudo) to run: $*"
  fi
}

# apt-get install that refreshes the package lists only when needed: it tries the install
# first and runs `apt-get update` only if that failed (missing or stale lists), then retries.
apt_install() {
  local opts=(-y -q -o DPkg::Lock::Timeout=600)
  if ! as_root env DEBIAN_FRONTEND=noninteractive apt-get install "${opts[@]}" "$@"; then
    echo "installing: apt-get update (package lists missing or stale)"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q -o DPkg::Lock::Timeout=600
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install "${opts[@]}" "$@"
  fi
}

deb_installed() {
  [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]
}

# ---------------------------------------------------------------------------------------
# 1. Rust: wasm32 target, rustfmt, clippy
# ---------------------------------------------------------------------------------------
command -v cargo >/dev/null 2>&1 || die "cargo not found (expected a rustup toolchain in \$HOME/.cargo/bin)"

sysroot="$(rustc --print sysroot)"
if [ -d "$sysroot/lib/rustlib/wasm32-unknown-unknown/lib" ]; then
  ok "rust target wasm32-unknown-unknown already installed"
else
  command -v rustup >/dev/null 2>&1 || die "rust target wasm32-unknown-unknown missing and rustup not found"
  installing "rust target wasm32-unknown-unknown (rustup target add)"
  rustup target add wasm32-unknown-unknown
fi

for comp in rustfmt clippy; do
  if [ "$comp" = rustfmt ]; then probe=(cargo fmt --version); else probe=(cargo clippy --version); fi
  if "${probe[@]}" >/dev/null 2>&1; then
    ok "rust component $comp already installed"
  else
    command -v rustup >/dev/null 2>&1 || die "rust component $comp missing and rustup not found"
    installing "rust component $comp (rustup component add)"
    rustup component add "$comp"
  fi
done

# ---------------------------------------------------------------------------------------
# 2. trunk (exact version; 0.22 needs a newer rustc)
# ---------------------------------------------------------------------------------------
have_trunk="$(trunk --version 2>/dev/null | awk '{print $2}' || true)"
if [ "$have_trunk" = "$TRUNK_VERSION" ]; then
  ok "trunk $TRUNK_VERSION already installed"
else
  installing "trunk $TRUNK_VERSION via cargo install (found: ${have_trunk:-none}; takes ~10 min on 2 cores)"
  cargo install trunk --version "=$TRUNK_VERSION" --locked --force
  have_trunk="$(trunk --version 2>/dev/null | awk '{print $2}' || true)"
  [ "$have_trunk" = "$TRUNK_VERSION" ] || die "trunk on PATH reports '${have_trunk:-nothing}' after install, expected $TRUNK_VERSION ($(command -v trunk || true))"
fi

# ---------------------------------------------------------------------------------------
# 3. wasm-bindgen-cli: exactly the version of the wasm-bindgen crate in Cargo.lock
#    (fallback: the "=x.y.z" pin in Cargo.toml). Also provides wasm-bindgen-test-runner.
# ---------------------------------------------------------------------------------------
wbg_version=""
if [ -f Cargo.lock ]; then
  wbg_version="$(awk '
    /^\[\[package\]\]/ { in_wbg = 0 }
    /^name = "wasm-bindgen"$/ { in_wbg = 1; next }
    in_wbg && /^version = "/ { gsub(/^version = "|"$/, ""); print; exit }
  ' Cargo.lock)"
fi
if [ -z "$wbg_version" ] && [ -f Cargo.toml ]; then
  wbg_version="$(sed -nE 's/^[[:space:]]*wasm-bindgen[[:space:]]*=[[:space:]]*(\{[^}]*version[[:space:]]*=[[:space:]]*)?"=([0-9]+\.[0-9]+\.[0-9]+)".*/\2/p' Cargo.toml | head -n1)"
fi
[ -n "$wbg_version" ] || die "cannot determine the wasm-bindgen version: no 'wasm-bindgen' package in Cargo.lock and no '=x.y.z' pin in Cargo.toml"

# trunk reads [tools] wasm_bindgen from Trunk.toml before Cargo.lock; a mismatch makes it
# try a GitHub download, which fails here. Catch that now with a clear message.
if [ -f Trunk.toml ]; then
  trunk_wbg="$(sed -nE 's/^[[:space:]]*wasm_bindgen[[:space:]]*=[[:space:]]*"([^"]+)".*/\1/p' Trunk.toml | head -n1)"
  if [ -n "$trunk_wbg" ] && [ "$trunk_wbg" != "$wbg_version" ]; then
    die "Trunk.toml [tools] wasm_bindgen = \"$trunk_wbg\" but Cargo.lock has wasm-bindgen $wbg_version: make them equal"
  fi
fi

have_wbg="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)"
have_runner="$(wasm-bindgen-test-runner --version 2>/dev/null | awk '{print $2}' || true)"
if [ "$have_wbg" = "$wbg_version" ] && [ "$have_runner" = "$wbg_version" ]; then
  ok "wasm-bindgen-cli $wbg_version already installed (wasm-bindgen, wasm-bindgen-test-runner)"
else
  installing "wasm-bindgen-cli $wbg_version via cargo install (found: wasm-bindgen ${have_wbg:-none}, test-runner ${have_runner:-none}; ~2 min)"
  # No --locked: its lockfile wants a crate version this registry lacks (shared/TOOLCHAIN.md).
  cargo install wasm-bindgen-cli --version "=$wbg_version" --force
  have_wbg="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)"
  [ "$have_wbg" = "$wbg_version" ] || die "wasm-bindgen on PATH reports '${have_wbg:-nothing}' after install, expected $wbg_version ($(command -v wasm-bindgen || true))"
fi

# ---------------------------------------------------------------------------------------
# 4. npm packages (binaryen's wasm-opt, playwright-core), reinstalled when the lock changes
# ---------------------------------------------------------------------------------------
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  installing "Debian nodejs + npm (node/npm not on PATH)"
  apt_install nodejs npm
else
  ok "node $(node --version) already installed"
fi

STAMP="node_modules/.mlmath-viz-setup.stamp"
if [ -d node_modules ] && [ -f "$STAMP" ] \
   && ! [ package-lock.json -nt "$STAMP" ] && ! [ package.json -nt "$STAMP" ]; then
  ok "npm packages already installed (node_modules up to date with package-lock.json)"
else
  installing "npm packages (npm ci)"
  npm ci --no-audit --no-fund
  touch "$STAMP"
fi

have_wasm_opt="$(wasm-opt --version 2>/dev/null | awk '{print $3}' || true)"
[ "$have_wasm_opt" = "$WASM_OPT_VERSION" ] \
  || die "wasm-opt on PATH ($(command -v wasm-opt || echo none)) reports version '${have_wasm_opt:-nothing}', expected $WASM_OPT_VERSION from node_modules/.bin (npm binaryen)"

# ---------------------------------------------------------------------------------------
# 5. (--test) Debian's Chromium and chromedriver
# ---------------------------------------------------------------------------------------
if [ "$WITH_TEST" -eq 1 ]; then
  missing=()
  for pkg in chromium chromium-driver; do
    if deb_installed "$pkg"; then
      ok "$pkg already installed ($(dpkg-query -W -f='${Version}' "$pkg"))"
    else
      missing+=("$pkg")
    fi
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    installing "${missing[*]} (apt-get)"
    apt_install "${missing[@]}"
  fi
  [ -x /usr/bin/chromium ] || die "/usr/bin/chromium missing after install"
  command -v chromedriver >/dev/null 2>&1 || die "chromedriver not on PATH after install"
fi

echo "setup done."
