#!/usr/bin/env bash
# Installs the external C2PA verifier used by the conformance tests: @contentauth/c2pa-node 0.8.0 (c2pa-rs 0.90.1),
# prebuilt native module from the npm tarball, no Rust build. Idempotent. Tests skip with a reason if node is absent.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Optional OS tools for integration tests (skipped with a reason when absent): Debian's chromium renders the HTML
# verification report headless. Installed only when running as root with apt available; never fatal.
if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "install-test-tools: installing Debian chromium (HTML report rendering test)" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null 2>&1 \
    || echo "install-test-tools: chromium not installed; the rendering test will be skipped" >&2
fi
dir="$root/.test-tools/c2pa-node"
if [ -f "$dir/node_modules/@contentauth/c2pa-node/package.json" ]; then exit 0; fi
if ! command -v npm >/dev/null 2>&1; then
  echo "install-test-tools: npm not found; c2pa-rs conformance tests will be skipped" >&2; exit 0
fi
mkdir -p "$dir"
cd "$dir"
[ -f package.json ] || echo '{"name":"hallmark-test-tools","private":true}' > package.json
echo "install-test-tools: installing @contentauth/c2pa-node@0.8.0 into $dir" >&2
SKIP_RUST_BUILD=1 npm install --no-audit --no-fund --silent @contentauth/c2pa-node@0.8.0 >&2
