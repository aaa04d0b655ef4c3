#!/usr/bin/env bash
# npm test: every layer, in order; the first failure fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."

# Chromium, Firefox and WebKit (with Xvfb): installed with apt-get when missing and we are root.
node --import tsx test/engines.ts --ensure
CHROME_PATH="$(node --import tsx test/chromium.ts --ensure | tail -n 1)"
export CHROME_PATH
echo "Chromium: $CHROME_PATH"
# The fsync-before-acknowledge server test runs the server under strace.
echo "strace: $(node --import tsx test/strace.ts --ensure | tail -n 1)"
# The load-balancer test runs the documented HAProxy config (server/README.md).
echo "haproxy: $(node --import tsx test/haproxy.ts --ensure | tail -n 1)"

# PostgreSQL for the run: a throwaway cluster, stopped on any exit (test/postgres.ts). Without it
# the server tests run on SQLite only; PETITION_REQUIRE_POSTGRES=1 (CI) makes that fatal.
pg_status=0
pg_lines="$(node --import tsx test/postgres.ts start)" || pg_status=$?
if [ "$pg_status" -eq 0 ]; then
  while IFS= read -r line; do export "${line?}"; done <<<"$pg_lines"
  trap 'node --import tsx test/postgres.ts stop "$PETITION_TEST_PG_DIR"' EXIT
  echo "PostgreSQL: $PETITION_TEST_PG"
elif [ "$pg_status" -ne 3 ]; then
  exit "$pg_status"
fi

echo "== type-check ($SECONDS s)"
npx tsc -p .

echo "== format and lint (Biome, .biome.json: 100 columns, single quotes; recommended rules, a warning fails) ($SECONDS s)"
npx biome ci --error-on-warnings .

echo "== OpenAPI lint (Redocly, recommended rules) ($SECONDS s)"
node --import tsx test/openapi-lint.ts

echo "== build ($SECONDS s)"
npm run --silent build

echo "== server tests (with Node's own line coverage, summarised by test/coverage.ts) ($SECONDS s)"
# Two files at a time: most of a server test waits on a server process, PostgreSQL or a socket,
# and node --test runs one file at a time on two cores. Passed at load 20-27 with both at once.
node --import tsx --test --test-concurrency=2 --experimental-test-coverage test/server/*.test.ts | node --import tsx test/coverage.ts

echo "== crash test (short; the long one is npm run test:crash) ($SECONDS s)"
node --import tsx --test test/crash/*.test.ts

echo "== widget tests (Chromium) ($SECONDS s)"
NODE_OPTIONS="--import tsx" npx web-test-runner --config test/web-test-runner.config.js

echo "== end-to-end tests (Chromium; the partner page also in Firefox and WebKit) ($SECONDS s)"
node --import tsx --test --test-concurrency=1 test/e2e/*.test.ts
echo "== every layer passed ($SECONDS s)"
