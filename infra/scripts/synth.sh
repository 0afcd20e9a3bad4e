#!/usr/bin/env bash
# Synthesises every stack offline: no AWS account, credentials or Docker needed (images are referenced by tag,
# never built). cdk-nag runs during synthesis, so an unacknowledged finding fails this script.
# Usage: scripts/synth.sh <output dir> [extra cdk args, e.g. -c imageTag=abc123]
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:?output directory, e.g. ../dist/infra/cdk.out}"
shift
# Nothing may reach the internet: no version check, no telemetry, no notices.
export CDK_DISABLE_VERSION_CHECK=1 CDK_DISABLE_CLI_TELEMETRY=true
npx cdk synth --no-notices --quiet --output "$out" "$@"
echo "synthesised $(find "$out" -maxdepth 1 -name '*.template.json' | wc -l) stacks into $out"
