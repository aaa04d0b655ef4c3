#!/usr/bin/env bash
# npm run test:quick: the layer to run before npm test. The server's logic in process, over
# app.request() on real SQLite files: no browser, no PostgreSQL, no build, no server process.
# What it leaves to npm test: both engines, the production bundle (shutdown, faults, fsync order,
# the CLI), the fuzz, the widget and the browsers.
set -euo pipefail
cd "$(dirname "$0")/.."
unset PETITION_TEST_PG PETITION_REQUIRE_POSTGRES

node --import tsx --test --test-concurrency=2 \
  test/server/contract.test.ts \
  test/server/campaign.test.ts \
  test/server/signing.test.ts \
  test/server/languages.test.ts \
  test/server/settings.test.ts \
  test/server/layers.test.ts \
  test/server/browser-versions.test.ts \
  test/server/email-identity.test.ts \
  test/server/embed.test.ts \
  test/server/stats-tally.test.ts \
  test/server/seed.test.ts \
  test/server/timers.test.ts \
  test/server/assets.test.ts \
  test/server/console-route.test.ts \
  test/server/one-app.test.ts \
  test/server/public.test.ts \
  test/server/admin.test.ts \
  test/server/admin-signatures.test.ts \
  test/server/signatures.test.ts \
  test/server/export.test.ts \
  test/server/sqlite-storage.test.ts \
  test/server/security.test.ts \
  test/server/counter-fast-path.test.ts \
  test/server/openapi.test.ts
