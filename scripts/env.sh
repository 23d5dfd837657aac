# Sourced by the other scripts: paths and pinned versions. Not executable on its own.
# shellcheck shell=bash
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT
export PATH="$ROOT/.tools/binaryen/node_modules/.bin:$HOME/.cargo/bin:$PATH"
BINARYEN_VERSION=132.0.0
WASM_TOOLS_VERSION=1.263.0
# The wasm-bindgen CLI must match the library version in Cargo.lock exactly.
WASM_BINDGEN_VERSION="$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/"/, "", $3); print $3; exit}' "$ROOT/Cargo.lock")"
export BINARYEN_VERSION WASM_BINDGEN_VERSION WASM_TOOLS_VERSION
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
