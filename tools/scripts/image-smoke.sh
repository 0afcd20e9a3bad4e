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

# Base images come from Docker Hub. Without registry access, build a stand-in base from Debian's mirror
# (tools/scripts/smoke-base-image.sh) when debootstrap is installed, so the Dockerfiles are still built and run for
# real; otherwise say so plainly (exit 2), or skip when SMOKE_SKIP_WHEN_OFFLINE=1.
base_of() { sed -n 's/^ARG BASE_IMAGE=//p; s/^FROM \([^$][^ ]*\).*/\1/p' "$1" | head -n 1; }
build_args=()
for dockerfile in apps/*/Dockerfile nginx/Dockerfile; do
  base="$(base_of "$dockerfile")"
  podman image exists "$base" && continue
  if ! podman pull -q "$base" >/dev/null 2>"$work/pull.log"; then
    echo "image-smoke: cannot pull base image ${base} for ${dockerfile}: $(tail -n 1 "$work/pull.log")" >&2
    if command -v debootstrap >/dev/null 2>&1 && [[ "${SMOKE_LOCAL_BASE:-1}" == 1 ]]; then
      smoke_base=localhost/forum-smoke-base:smoke
      podman image exists "$smoke_base" || bash tools/scripts/smoke-base-image.sh "$smoke_base"
      echo "image-smoke: building every image FROM ${smoke_base} (Debian + this host's node, Debian's nginx) instead"
      build_args=(--build-arg "BASE_IMAGE=${smoke_base}")
      break
    fi
    if [[ "${SMOKE_SKIP_WHEN_OFFLINE:-0}" == 1 ]]; then
      echo "image-smoke: SKIPPED - no registry access and no debootstrap for a stand-in base (SMOKE_SKIP_WHEN_OFFLINE=1)"
      exit 0
    fi
    echo "image-smoke: load it first (podman load -i <archive>), or apt-get install debootstrap, and run again" >&2
    exit 2
  fi
done

# Every service's own manifest, apps/<name>/service.json.
mapfile -t services < <(for m in apps/*/service.json; do node -p "const s = require('./$m'); s.name + ' ' + s.port"; done)
names=("$@")
started=()
cleanup() {
  for c in "${started[@]}"; do podman rm -f "$c" >/dev/null 2>&1 || true; done
  rm -rf "$work"
}
trap cleanup EXIT

wanted() { [[ ${#names[@]} -eq 0 ]] || [[ " ${names[*]} " == *" $1 "* ]]; }

# Runs one image on a distinct loopback address (host network), polls its health URL from the host, runs the image's
# own HEALTHCHECK once (podman's timer needs systemd, so it is run by hand), then stops it with SIGTERM and expects a
# clean exit: the drain ECS relies on. As on ECS (infra's task definitions): as the given non-root user, with a
# read-only root filesystem where only the image's VOLUMEs are writable (no tmpfs on /tmp, /run or /var/tmp).
smoke() {
  local name="$1" image="$2" url="$3" user="$4"
  shift 4
  local container="smoke-${name}-$$"
  echo "image-smoke: ${name}: starting ${image} as ${user}, root filesystem read-only"
  podman run -d --health-interval=disable --name "$container" --user "$user" --read-only --read-only-tmpfs=false \
    "$@" "$image" >/dev/null
  started+=("$container")
  for _ in $(seq 1 60); do
    if node -e "fetch(process.argv[1]).then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))" "$url"; then
      echo "image-smoke: ${name}: OK ${url}"
      if ! podman healthcheck run "$container" >/dev/null; then
        echo "image-smoke: ${name}: FAILED - the image's HEALTHCHECK reported unhealthy" >&2
        return 1
      fi
      echo "image-smoke: ${name}: HEALTHCHECK healthy"
      podman stop -t 10 "$container" >/dev/null
      local code
      code="$(podman inspect --format '{{.State.ExitCode}}' "$container")"
      if [[ "$code" != 0 ]]; then
        echo "image-smoke: ${name}: FAILED - exited ${code} after SIGTERM; container log:" >&2
        podman logs "$container" >&2 || true
        return 1
      fi
      echo "image-smoke: ${name}: stopped cleanly (exit 0)"
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
  podman build -q --format docker --network host "${build_args[@]}" -f "apps/${name}/Dockerfile" -t "$image" . >/dev/null
  # Own network namespace with the port published on a distinct loopback address: inside, the service binds
  # 0.0.0.0:<port> and the HEALTHCHECK reaches 127.0.0.1, exactly as in an awsvpc task.
  # No database here: STORAGE=memory, or a service refuses to start without its PG* settings.
  smoke "$name" "$image" "http://${ip}:${port}/health" node --network bridge -p "${ip}:${port}:${port}" \
    -e DISCOVERY_NAMESPACE=forum.local -e STORAGE=memory
  # The compile cache filled at build must be readable and accepted by the runtime user on a read-only filesystem,
  # for the bundle main.js runs (the launcher's code cache) and for the dependencies of the unbundled build (tracing
  # on, Node's), or every task start silently compiles them again. LOAD_ONLY loads the service without starting it.
  cache_log="$(podman run --rm --user node --read-only --read-only-tmpfs=false -e NODE_DEBUG=launcher \
    -e NODE_DEBUG_NATIVE=COMPILE_CACHE -e LOAD_ONLY=true "$image" sh -c "node main.js && node -e \"require('pino')\"" 2>&1)"
  if ! grep -q "code cache .*server\.bundle\..* accepted" <<<"$cache_log" || [[ "$cache_log" != *"pino.js was accepted"* ]]; then
    echo "image-smoke: ${name}: FAILED - the compile cache filled at build is not used at start" >&2
    exit 1
  fi
  echo "image-smoke: ${name}: compile cache filled at build is used"
done

if wanted gateway; then
  host=$((host + 1))
  ip="127.0.0.${host}"
  podman build -q --format docker --network host "${build_args[@]}" -f nginx/Dockerfile -t localhost/forum/gateway:smoke nginx >/dev/null
  # The gateway only needs to start and answer its own health URL; backends are not running here. NGINX_RESOLVER is
  # left unset so the resolver comes from the container's /etc/resolv.conf, as on ECS.
  smoke gateway localhost/forum/gateway:smoke "http://${ip}:8080/healthz" nginx \
    --network bridge -p "${ip}:8080:8080" -e DISCOVERY_NAMESPACE=forum.local \
    -e GATEWAY_SERVICES="$(for s in "${services[@]}"; do printf '%s:%s,' "${s% *}" "${s#* }"; done | sed 's/,$//')"
fi
echo "image-smoke: all images passed"
