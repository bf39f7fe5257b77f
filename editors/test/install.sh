#!/usr/bin/env bash
# Installs code-server and playwright-core for the end-to-end test, exactly as
# package-lock.json records them, on a machine whose only network is the
# package registries.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"

# @vscode/ripgrep (a dependency of code-server's bundled VS Code) downloads a
# ripgrep release in its postinstall unless its cache already holds the archive:
# build that archive from Debian's ripgrep.
rg_bin="$(command -v rg)" || { echo "ripgrep (rg) is needed: apt-get install ripgrep" >&2; exit 1; }
export TMPDIR="${TMPDIR:-/tmp}"
# code-server 4.100.3 pins @vscode/ripgrep 1.15.11 (lib/vscode/npm-shrinkwrap.json),
# which wants ripgrep v13.0.0-10; Debian 12's ripgrep is 13.0.0.
rg_pkg_version=1.15.11
rg_cache="$TMPDIR/vscode-ripgrep-cache-${rg_pkg_version}"
rg_asset="$rg_cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
if [ ! -s "$rg_asset" ]; then
  mkdir -p "$rg_cache"
  stage="$(mktemp -d)"
  cp "$rg_bin" "$stage/rg"
  tar -C "$stage" -czf "$rg_asset" rg
  rm -rf "$stage"
fi

# code-server's postinstall runs `npm install` in lib/vscode and refuses to run
# as root without unsafe-perm.
export npm_config_unsafe_perm=true
export npm_config_yes=true
npm ci --no-audit --no-fund
# argon2 is built only when install scripts ran; make sure it is there.
(cd node_modules/code-server && npm rebuild argon2 >/dev/null)
installed_rg="$(node -p 'require("./node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/package.json").version')"
if [ "$installed_rg" != "$rg_pkg_version" ]; then
  echo "code-server now pins @vscode/ripgrep $installed_rg: update rg_pkg_version in $0" >&2
  exit 1
fi
echo "code-server $(node node_modules/code-server/out/node/entry.js --version | head -1)"
