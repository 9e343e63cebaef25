#!/usr/bin/env bash
# Sets everything up on a fresh machine and runs the example Backstage app
# (frontend :3000, backend :7007) against the local telemetry stack.
# Ctrl-C stops the app and the stack.
set -euo pipefail
source "$(dirname "$0")/lib/setup.sh"

sightline_setup prometheus promtool prometheus-alertmanager victoria-metrics vmalert

step "Starting the local telemetry stack"
# With VictoriaMetrics: the example app's local-vm cluster reads it.
SIGHTLINE_STACK_ENGINES=victoriametrics yarn stack:start
trap 'step "Stopping the local telemetry stack"; yarn stack:stop' EXIT

step "Starting Backstage: open http://localhost:3000 and then Catalog → checkout → Observability"
yarn start
