#!/usr/bin/env bash
# Rewrites infra/baseline/*.template.json from the current code; commit the result with the change it reviews.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/baseline-context.sh
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
bash scripts/synth.sh "$out" "${baseline_args[@]}"
rm -f baseline/*.template.json
cp "$out"/*.template.json baseline/
echo "baseline refreshed: $(ls baseline/*.template.json | xargs -n1 basename | tr '\n' ' ')"
