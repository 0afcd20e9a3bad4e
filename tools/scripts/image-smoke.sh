#!/usr/bin/env bash
# Builds every image (catalog services + gateway) with podman, runs each, waits for its health endpoint and stops it.
# Skips (exit 0, with a message) when podman is not installed: no Docker engine exists on CI machines, and this
# check must never be required by the normal test run. Usage: tools/scripts/image-smoke.sh [name ...]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

if ! command -v podman >/dev/null 2>&1; then
  echo "image-smoke: SKIPPED - podman is not installed (apt-get install -y podman runc uidmap to run it)"
  exit 0
fi

# Rootful podman inside a container: runc instead of crun, cgroupfs (no systemd), and ulimits low enough for a
# sandbox that cannot raise them. Written to a temp dir so the host's podman configuration is never touched.
work="$(mktemp -d)"
export CONTAINERS_CONF="$work/containers.conf"
cat > "$CONTAINERS_CONF" <<'CONF'
[containers]
default_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]
netns = "host"
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
CONF

# Base images come from Docker Hub. Without registry access the images cannot be built at all: say so plainly
# (exit 2), or skip when SMOKE_SKIP_WHEN_OFFLINE=1 (for CI machines that only reach npm and Debian mirrors).
base_of() { sed -n 's/^ARG BASE_IMAGE=//p; s/^FROM \([^$][^ ]*\).*/\1/p' "$1" | head -n 1; }
for dockerfile in apps/*/Dockerfile nginx/Dockerfile; do
  base="$(base_of "$dockerfile")"
  podman image exists "$base" && continue
  if ! podman pull -q "$base" >/dev/null 2>"$work/pull.log"; then
    echo "image-smoke: cannot pull base image ${base} for ${dockerfile}: $(tail -n 1 "$work/pull.log")" >&2
    if [[ "${SMOKE_SKIP_WHEN_OFFLINE:-0}" == 1 ]]; then
      echo "image-smoke: SKIPPED - no registry access (SMOKE_SKIP_WHEN_OFFLINE=1)"
      exit 0
    fi
    echo "image-smoke: load it first (podman load -i <archive>) and run again" >&2
    exit 2
  fi
done

mapfile -t services < <(node -e "for (const s of require('./libs/service-catalog/src/services.json').services) console.log(s.name + ' ' + s.port)")
names=("$@")
started=()
cleanup() {
  for c in "${started[@]}"; do podman rm -f "$c" >/dev/null 2>&1 || true; done
  rm -rf "$work"
}
trap cleanup EXIT

wanted() { [[ ${#names[@]} -eq 0 ]] || [[ " ${names[*]} " == *" $1 "* ]]; }

# Runs one image on a distinct loopback address (host network) and polls its health URL from the host.
smoke() {
  local name="$1" image="$2" url="$3"
  shift 3
  local container="smoke-${name}-$$"
  echo "image-smoke: ${name}: starting ${image}"
  podman run -d --name "$container" "$@" "$image" >/dev/null
  started+=("$container")
  for _ in $(seq 1 60); do
    if node -e "fetch(process.argv[1]).then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))" "$url"; then
      echo "image-smoke: ${name}: OK ${url}"
      podman stop -t 10 "$container" >/dev/null
      return 0
    fi
    sleep 1
  done
  echo "image-smoke: ${name}: FAILED - ${url} never answered 2xx; container log:" >&2
  podman logs "$container" >&2 || true
  return 1
}

host=10
for entry in "${services[@]}"; do
  read -r name port <<<"$entry"
  wanted "$name" || continue
  host=$((host + 1))
  ip="127.0.0.${host}"
  echo "image-smoke: ${name}: nx build"
  NX_DAEMON=false NX_PREFER_TS_NODE=true npx nx build "$name" --skip-nx-cache >/dev/null
  image="localhost/forum/${name}:smoke"
  podman build -q -f "apps/${name}/Dockerfile" -t "$image" . >/dev/null
  smoke "$name" "$image" "http://${ip}:${port}/health" -e HOST="$ip" -e PORT="$port" -e DISCOVERY_NAMESPACE=forum.local
done

if wanted gateway; then
  host=$((host + 1))
  ip="127.0.0.${host}"
  podman build -q -f nginx/Dockerfile -t localhost/forum/gateway:smoke nginx >/dev/null
  # The gateway only needs to start and answer its own health URL; backends are not running here.
  smoke gateway localhost/forum/gateway:smoke "http://${ip}:8080/healthz" \
    -e GATEWAY_LISTEN="${ip}:8080" -e NGINX_RESOLVER=127.0.0.1 -e DISCOVERY_NAMESPACE=forum.local \
    -e GATEWAY_SERVICES="$(node -e "console.log(require('./libs/service-catalog/src/services.json').services.map(s => s.name + ':' + s.port).join())")"
fi
echo "image-smoke: all images passed"
