#!/usr/bin/env bash
# CI for the editor integrations, called by .ci/run after the Rust tests with
# the release server built. Installs what it needs on a bare Debian 12 machine
# (as root), then builds, lints, tests and packages the VS Code extension and
# runs the end-to-end tests in code-server + Chromium, Neovim and the Helix
# configuration checks. Exits non-zero on any failure.
#
#   JIANGGAO_BIN  the server to test (default: $REPO/target/release/jianggao)
set -euo pipefail

editors="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$editors")"
export JIANGGAO_BIN="${JIANGGAO_BIN:-$repo/target/release/jianggao}"
JIANGGAO_BIN="$(realpath "$JIANGGAO_BIN")"
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false

started=$SECONDS
step() { printf '\n== editors/ci.sh [%ds] %s\n' "$((SECONDS - started))" "$*"; }

if [ ! -x "$JIANGGAO_BIN" ]; then
  echo "editors/ci.sh: no server at $JIANGGAO_BIN (run \`cargo build --release\` first or set JIANGGAO_BIN)" >&2
  exit 1
fi

step "system packages"
packages=(neovim tmux chromium fonts-noto-cjk ripgrep
  libkrb5-dev libsecret-1-dev libx11-dev libxkbfile-dev build-essential python3 pkg-config)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
nvim --version | head -1
chromium --version 2>/dev/null || true

# The two npm installs are mostly waiting on the registry: run them together.
step "npm ci (extension) and code-server + playwright-core (tests), in parallel"
test_log="$(mktemp)"
tap="$(mktemp)"
trap 'rm -f "$test_log" "$tap"' EXIT
( "$editors/test/install.sh" >"$test_log" 2>&1 ) &
test_install=$!
(cd "$editors/vscode" && npm ci --no-audit --no-fund)
if ! wait "$test_install"; then
  cat "$test_log"
  echo "editors/ci.sh: installing the test dependencies failed" >&2
  exit 1
fi
tail -n 3 "$test_log"

step "extension: lint, compile, unit tests"
cd "$editors/vscode"
npm run lint
npm run compile
npm test

step "extension: package the .vsix with the server bundled"
rm -f ./*.vsix
mkdir -p server
cp "$JIANGGAO_BIN" server/jianggao
npx vsce package --target linux-x64
vsix="$(ls "$editors"/vscode/*.vsix)"
export JIANGGAO_VSIX="$vsix"
ls -l "$vsix"

step "editor tests: settings, Helix, Neovim, VS Code"
cd "$editors/test"
status=0
node --test --test-concurrency=1 \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$tap" \
  settings.test.mjs helix.test.mjs nvim.test.mjs vscode.test.mjs || status=$?
count() { sed -n "s/^# $1 //p" "$tap" | tail -n 1; }
step "done in $((SECONDS - started))s"
echo "editors: $(count pass) passed, $(count fail) failed, $(count skipped) skipped"
exit "$status"
