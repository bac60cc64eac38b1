#!/usr/bin/env bash
# The consumers job (CI group "consumers"): npm-packs every @berth/* package and runs a mock-driver unit test and
# the conformance kit in fresh projects outside the repo — CommonJS ts-jest (node16 and classic "commonjs"), ESM jest,
# vitest, node:test, plain require() and import — plus `npx berth --help` from the packed hub.
# Details: scripts/consumers/run.mjs.
# Usage: bash scripts/consumers.sh [project ...] [--keep]
set -euo pipefail
cd "$(dirname "$0")/.."
exec node scripts/consumers/run.mjs "$@"
