#!/usr/bin/env bash
# Copies the built packages (packages/*/dist + package.json) to a private root whose node_modules links every
# dependency of the repository's but resolves @berth/* to the copies, so a curve keeps measuring one build while
# others rebuild dist/ in the shared tree. Usage: bash bench/scale/snapshot.sh [/tmp/berth-scale-root]
# then: BERTH_SCALE_ROOT=/tmp/berth-scale-root/ npm run bench:scale -- <curve>
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
dest="${1:-/tmp/berth-scale-root}"
rm -rf "$dest"
mkdir -p "$dest/packages" "$dest/node_modules/@berth"
for p in "$repo"/packages/*/; do
  name="$(basename "$p")"
  [ -f "$p/dist/esm/index.js" ] || { echo "packages/$name is not built (npm run build)" >&2; exit 1; }
  mkdir -p "$dest/packages/$name"
  cp -r "$p/dist" "$p/package.json" "$dest/packages/$name/"
  [ -d "$p/node_modules" ] && ln -s "$p/node_modules" "$dest/packages/$name/node_modules"
  pkg="$(node -p "require('$p/package.json').name")"
  ln -s "$dest/packages/$name" "$dest/node_modules/$pkg"
done
for m in "$repo"/node_modules/* "$repo"/node_modules/.bin; do
  [ "$(basename "$m")" = "@berth" ] && continue
  ln -s "$m" "$dest/node_modules/$(basename "$m")"
done
echo "$dest/ ($(git -C "$repo" rev-parse --short HEAD), $(git -C "$repo" status --porcelain -- packages | wc -l) uncommitted paths under packages/)"
