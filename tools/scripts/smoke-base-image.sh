#!/usr/bin/env bash
# Builds localhost/forum-smoke-base: a stand-in for the official node and nginx base images, for machines that reach
# Debian's mirror and the npm registry but no container registry. It is Debian minbase (debootstrap) plus this host's
# own node and npm, Debian's nginx and envsubst, busybox wget for the HEALTHCHECKs, the `node` and `nginx` users the
# Dockerfiles switch to, and an entrypoint that runs /docker-entrypoint.d/*.sh the way the official nginx image does.
# Only the image smoke test uses it; nothing is ever pushed or deployed from it.
# Usage: tools/scripts/smoke-base-image.sh [image name]   (needs root, debootstrap and podman)
set -euo pipefail

image="${1:-localhost/forum-smoke-base:smoke}"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
suite="${DEBIAN_SUITE:-bookworm}"

for tool in debootstrap podman node npm; do
  command -v "$tool" >/dev/null 2>&1 || { echo "smoke-base-image: needs ${tool}" >&2; exit 2; }
done

rootfs="$(mktemp -d)"
trap 'rm -rf "$rootfs"' EXIT

echo "smoke-base-image: debootstrap ${suite} (minbase + nginx-light, gettext-base, busybox)"
debootstrap --variant=minbase --include=busybox,nginx-light,gettext-base "$suite" "$rootfs" "$mirror" >"$rootfs.log" 2>&1 \
  || { tail -n 20 "$rootfs.log" >&2; rm -f "$rootfs.log"; exit 1; }
rm -f "$rootfs.log"

node_bin="$(readlink -f "$(command -v node)")"
npm_dir="$(dirname "$(readlink -f "$(command -v npm)")")/.."
install -m 0755 "$node_bin" "$rootfs/usr/bin/node"
mkdir -p "$rootfs/usr/lib/node_modules"
cp -a "$(cd "$npm_dir" && pwd)" "$rootfs/usr/lib/node_modules/npm"
ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/bin/npm"
ln -sf /bin/busybox "$rootfs/usr/bin/wget"

# The host's trust store, so npm inside a build trusts whatever this host's registry connection is signed with.
install -D -m 0644 /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/ca-certificates.crt"

chroot "$rootfs" /usr/sbin/useradd --uid 1000 --create-home --shell /bin/sh node
chroot "$rootfs" /usr/sbin/useradd --system --no-create-home --shell /usr/sbin/nologin nginx
rm -f "$rootfs/etc/nginx/sites-enabled/default"

cat >"$rootfs/docker-entrypoint.sh" <<'SH'
#!/bin/sh
# Same contract as the official nginx image: run /docker-entrypoint.d/*.sh before nginx, then exec the command.
set -e
if [ "$1" = nginx ] && [ -d /docker-entrypoint.d ]; then
  for script in /docker-entrypoint.d/*.sh; do
    [ -x "$script" ] && "$script"
  done
fi
exec "$@"
SH
chmod 0755 "$rootfs/docker-entrypoint.sh"

echo "smoke-base-image: importing ${image}"
tar -C "$rootfs" -c . | podman import -q \
  --change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV NPM_CONFIG_UPDATE_NOTIFIER=false' \
  --change 'ENTRYPOINT ["/docker-entrypoint.sh"]' \
  - "$image" >/dev/null
echo "smoke-base-image: ${image} ready (node $(node --version), Debian ${suite} nginx)"
