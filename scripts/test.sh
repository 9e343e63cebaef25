#!/usr/bin/env bash
# Sets everything up on a fresh machine and runs every test: type check, lint,
# unit and integration tests (against the real Prometheus and Alertmanager of
# the local stack) and the Playwright end-to-end tests in Debian's Chromium.
set -uo pipefail
source "$(dirname "$0")/lib/setup.sh"
source "$(dirname "$0")/lib/postgres.sh"

sightline_setup prometheus promtool prometheus-alertmanager victoria-metrics vmalert chromium pg_ctlcluster nginx redis-server
cd "$SIGHTLINE_ROOT"

results="$SIGHTLINE_ROOT/e2e/test-results"
rm -rf "$results" && mkdir -p "$results"
status=0
check() {
  local name="$1"
  shift
  step "$name"
  if "$@"; then
    echo "$name: ok"
  else
    echo "$name: FAILED"
    status=1
  fi
}

check "type check (tsc)" yarn tsc
check "lint (backstage-cli repo lint)" yarn lint
check "format (prettier)" yarn prettier:check
check "API reports up to date (backstage-repo-tools)" yarn build:api-reports:only --ci
check "architecture (import cycles: dpdm; unused files, dependencies, exports: knip)" node scripts/check-architecture.mjs
check "packages publish (build, pack, npm publish --dry-run)" node scripts/check-publish.mjs
check "deploy files (Kubernetes schemas, RBAC, Helm values; scripts/check-deploy.mjs)" node --test scripts/check-deploy.test.mjs

step "Starting the local telemetry stack"
# Tests own the stack they run against: stop whatever an earlier run left.
yarn stack:stop >/dev/null 2>&1
# VictoriaMetrics and vmalert too: the engines suite compares them with Prometheus.
if ! SIGHTLINE_STACK_ENGINES=victoriametrics yarn stack:start; then
  echo "local telemetry stack: FAILED to start; see e2e/.stack/log/" >&2
  status=1
fi
trap 'yarn stack:stop >/dev/null 2>&1; stop_test_postgres' EXIT

step "Starting a throwaway PostgreSQL for the database tests"
if ! start_test_postgres; then
  echo "PostgreSQL: FAILED to start; the PostgreSQL database tests will not run" >&2
  status=1
fi

step "unit and integration tests (jest)"
CI=true yarn backstage-cli repo test --ci --json --outputFile="$results/jest.json" || status=1

step "end-to-end tests (playwright, chromium)"
CI=true yarn test:e2e || status=1

# The packages installed by the root README's steps into new create-app apps.
check "install test (e2e/install)" node e2e/install/run.mjs

step "Summary"
node scripts/lib/summarize.mjs "$results/jest.json" "$results/results.json" || status=1
exit $status
