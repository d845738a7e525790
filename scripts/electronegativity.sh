#!/usr/bin/env bash
# Static analysis of the Electron app with Doyensec's electronegativity (run by CI).
#
# Two checks only ask for a review of a construct this app uses on purpose, and the review is done:
# - PROTOCOL_HANDLER_JS_CHECK: registering com.example.desktop: is how the redirect comes back
#   (RFC 8252 §7.1); every URL that arrives is parsed and matched to a pending state
#   (electron/main/redirect-intake.ts, electron/auth/redirect/match-callback.ts; fuzzed in
#   test/unit/auth/redirect/fuzz-callbacks.test.ts).
# - OPEN_EXTERNAL_JS_CHECK: the system browser is opened only for the provider's authorization
#   and end-session endpoints (electron/auth/policy/external-url-guard.ts,
#   test/unit/auth/policy/url-guards.test.ts).
# Any other finding fails the run, informational ones aside.
set -euo pipefail
cd "$(dirname "$0")/.."

# It scans the sources and the built app (out/, built here first).
npx electron-vite build --logLevel warn >/dev/null
report="$(mktemp -d)/electronegativity.csv"
npx --yes @doyensec/electronegativity@1.10.3 \
  --input . --electron-version 45.0.0 --relative --verbose false \
  --exclude-checks ProtocolHandlerJSCheck,OpenExternalJSCheck \
  --output "$report" 2>&1 | grep -v -e 'translations' -e "fetching Electron's releases" || true

node -e '
const rows = require("node:fs").readFileSync(process.argv[1], "utf8").trim().split("\n").slice(1).filter(Boolean);
const severe = rows.filter((row) => !/^[^,]+,"INFORMATIONAL"/.test(row));
for (const row of rows) console.log(row);
console.log(`electronegativity: ${rows.length} finding(s), ${severe.length} above informational`);
process.exit(severe.length === 0 ? 0 : 1);
' "$report"
