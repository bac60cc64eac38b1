#!/usr/bin/env bash
# Compiles examples/*.ts against the built packages and runs each one; any non-zero exit fails the run.
# Needs `npm run build` first. Usage: bash scripts/run-examples.sh [name ...]
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf examples/dist
npx tsc -p examples/tsconfig.json
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  for f in examples/*.ts; do
    case "$f" in *.spec.ts) continue ;; esac
    names+=("$(basename "$f" .ts)")
  done
fi
for name in "${names[@]}"; do
  echo "=== example: $name"
  timeout 300 node "examples/dist/$name.js"
  echo "=== example $name: ok"
done
