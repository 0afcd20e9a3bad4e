#!/usr/bin/env bash
# Offline `cdk diff --template` of every stack against the committed baseline (infra/baseline), so a reviewer
# sees what a change does to the stacks without an AWS account. Extra args go to cdk diff (e.g. --fail).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/baseline-context.sh
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
bash scripts/synth.sh "$out" "${baseline_args[@]}" >/dev/null
export CDK_DISABLE_VERSION_CHECK=1 CDK_DISABLE_CLI_TELEMETRY=true
status=0
for template in "$out"/*.template.json; do
  stack="$(basename "$template" .template.json)"
  if [[ -f "baseline/$stack.template.json" ]]; then
    npx cdk diff --no-notices --exclusively --app "$out" --template "baseline/$stack.template.json" "$stack" "$@" || status=$?
  else
    echo "Stack $stack: new, not in the baseline"
  fi
done
for template in baseline/*.template.json; do
  stack="$(basename "$template" .template.json)"
  [[ -f "$out/$stack.template.json" ]] || echo "Stack $stack: removed (only in the baseline)"
done
exit "$status"
