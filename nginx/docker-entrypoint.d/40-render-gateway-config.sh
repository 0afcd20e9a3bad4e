#!/bin/sh
# Renders the gateway's nginx config from environment variables into $GATEWAY_CONF_DIR.
# The image runs it from /docker-entrypoint.d/ at container start; the local stack runs this same file, so one
# template set serves both. Plain POSIX sh: it runs under busybox ash (image) and dash/bash (local), and dash has
# no pipefail, so the script avoids pipelines whose failure would matter.
set -eu

fail() {
  echo "render-gateway-config: $*" >&2
  exit 1
}

: "${GATEWAY_SERVICES:?comma-separated services from the catalog, e.g. users:3000,threads:3000,posts:3000}"
: "${DISCOVERY_NAMESPACE:?the Cloud Map namespace the services register in, e.g. forum.local}"

script_dir=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
export GATEWAY_TEMPLATE_DIR="${GATEWAY_TEMPLATE_DIR:-$script_dir/../templates}"
export GATEWAY_CONF_DIR="${GATEWAY_CONF_DIR:-/etc/nginx/gateway}"
export NGINX_RUNTIME_DIR="${NGINX_RUNTIME_DIR:-/tmp/nginx}"
export GATEWAY_LISTEN="${GATEWAY_LISTEN:-8080}"
export NGINX_RESOLVER_VALID="${NGINX_RESOLVER_VALID:-5}"
export GATEWAY_RATE_LIMIT="${GATEWAY_RATE_LIMIT:-50r/s}"
export GATEWAY_RATE_LIMIT_BURST="${GATEWAY_RATE_LIMIT_BURST:-100}"
export GATEWAY_CLIENT_MAX_BODY_SIZE="${GATEWAY_CLIENT_MAX_BODY_SIZE:-1m}"
export GATEWAY_UPSTREAM_MODE="${GATEWAY_UPSTREAM_MODE:-variable}"
export GATEWAY_REAL_IP_FROM="${GATEWAY_REAL_IP_FROM:-}"
export NGINX_WORKER_PROCESSES="${NGINX_WORKER_PROCESSES:-auto}"
export NGINX_ACCESS_LOG="${NGINX_ACCESS_LOG:-/dev/stdout}"
export NGINX_ERROR_LOG_LEVEL="${NGINX_ERROR_LOG_LEVEL:-warn}"
export DISCOVERY_NAMESPACE

# ECS (awsvpc) writes the VPC resolver into /etc/resolv.conf; use it unless told otherwise.
if [ -z "${NGINX_RESOLVER:-}" ]; then
  NGINX_RESOLVER=$(awk '$1 == "nameserver" { a = $2; if (a ~ /:/) a = "[" a "]"; print a; exit }' /etc/resolv.conf)
  [ -n "$NGINX_RESOLVER" ] || fail "NGINX_RESOLVER is unset and /etc/resolv.conf names no nameserver"
fi
export NGINX_RESOLVER

case "$NGINX_RESOLVER_VALID" in '' | *[!0-9]*) fail "NGINX_RESOLVER_VALID must be whole seconds, got '$NGINX_RESOLVER_VALID'" ;; esac
case "$GATEWAY_RATE_LIMIT" in
  off) ;;
  *[!0-9]*r/s | *[!0-9]*r/m | r/*) fail "GATEWAY_RATE_LIMIT must look like 50r/s, 600r/m or off, got '$GATEWAY_RATE_LIMIT'" ;;
  *r/s | *r/m) ;;
  *) fail "GATEWAY_RATE_LIMIT must look like 50r/s, 600r/m or off, got '$GATEWAY_RATE_LIMIT'" ;;
esac
case "$GATEWAY_RATE_LIMIT_BURST" in '' | *[!0-9]*) fail "GATEWAY_RATE_LIMIT_BURST must be a whole number, got '$GATEWAY_RATE_LIMIT_BURST'" ;; esac
case "$GATEWAY_UPSTREAM_MODE" in variable | resolve) ;; *) fail "GATEWAY_UPSTREAM_MODE must be variable or resolve, got '$GATEWAY_UPSTREAM_MODE'" ;; esac
case "$DISCOVERY_NAMESPACE" in '' | *[!a-z0-9.-]*) fail "DISCOVERY_NAMESPACE must be a DNS name, got '$DISCOVERY_NAMESPACE'" ;; esac

# Only these variables are substituted: nginx's own $variables pass through untouched.
server_vars='${NGINX_WORKER_PROCESSES} ${NGINX_RUNTIME_DIR} ${NGINX_ERROR_LOG_LEVEL} ${NGINX_RESOLVER} ${NGINX_RESOLVER_VALID} ${NGINX_ACCESS_LOG} ${GATEWAY_CLIENT_MAX_BODY_SIZE} ${GATEWAY_CONF_DIR} ${GATEWAY_RATE_LIMIT} ${GATEWAY_RATE_LIMIT_BURST}'
service_vars='${SERVICE_NAME} ${SERVICE_VAR} ${SERVICE_PORT} ${SERVICE_ROUTE_PREFIX} ${SERVICE_PROXY_TARGET} ${DISCOVERY_NAMESPACE} ${GATEWAY_CONF_DIR}'

render() {
  envsubst "$1" <"$GATEWAY_TEMPLATE_DIR/$2" >"$3"
}

mkdir -p "$GATEWAY_CONF_DIR/conf.d" "$GATEWAY_CONF_DIR/upstreams.d" "$NGINX_RUNTIME_DIR"
rm -f "$GATEWAY_CONF_DIR"/conf.d/*.conf "$GATEWAY_CONF_DIR"/upstreams.d/*.conf

render "$server_vars" nginx.conf.template "$GATEWAY_CONF_DIR/nginx.conf"
render "$server_vars" errors.conf.template "$GATEWAY_CONF_DIR/errors.conf"

: >"$GATEWAY_CONF_DIR/listen.conf"
for address in $(echo "$GATEWAY_LISTEN" | tr ',' ' '); do
  echo "listen $address;" >>"$GATEWAY_CONF_DIR/listen.conf"
done

if [ "$GATEWAY_RATE_LIMIT" = off ]; then
  echo '# GATEWAY_RATE_LIMIT=off: no rate limit zone.' >"$GATEWAY_CONF_DIR/rate-limit-zone.conf"
  echo '# GATEWAY_RATE_LIMIT=off: requests are not rate limited.' >"$GATEWAY_CONF_DIR/rate-limit.conf"
else
  render "$server_vars" rate-limit-zone.conf.template "$GATEWAY_CONF_DIR/rate-limit-zone.conf"
  render "$server_vars" rate-limit.conf.template "$GATEWAY_CONF_DIR/rate-limit.conf"
fi

# Behind the ALB every client has the ALB's address; trust X-Forwarded-For from these networks (the VPC CIDR).
: >"$GATEWAY_CONF_DIR/real-ip.conf"
if [ -n "$GATEWAY_REAL_IP_FROM" ]; then
  for cidr in $(echo "$GATEWAY_REAL_IP_FROM" | tr ',' ' '); do
    echo "set_real_ip_from $cidr;" >>"$GATEWAY_CONF_DIR/real-ip.conf"
  done
  printf 'real_ip_header X-Forwarded-For;\nreal_ip_recursive on;\n' >>"$GATEWAY_CONF_DIR/real-ip.conf"
fi

# GATEWAY_SERVICES entries are name[:port[:routePrefix]]; port defaults to 3000 and the prefix to /api/<name>.
count=0
for entry in $(echo "$GATEWAY_SERVICES" | tr ',' ' '); do
  name=${entry%%:*}
  rest=${entry#"$name"}
  rest=${rest#:}
  port=${rest%%:*}
  prefix=${rest#"$port"}
  prefix=${prefix#:}
  port=${port:-3000}
  prefix=${prefix:-/api/$name}
  case "$name" in '' | [!a-z]* | *[!a-z0-9-]*) fail "service name '$name' in GATEWAY_SERVICES must be lower-case letters, digits and dashes" ;; esac
  case "$port" in *[!0-9]*) fail "port '$port' of service '$name' must be a number" ;; esac
  case "$prefix" in /api/*[!a-z0-9/-]* | /api/) fail "route prefix '$prefix' of service '$name' is not a plain path" ;; /api/*) ;; *) fail "route prefix '$prefix' of service '$name' must start with /api/" ;; esac

  export SERVICE_NAME="$name" SERVICE_PORT="$port" SERVICE_ROUTE_PREFIX="$prefix"
  SERVICE_VAR=$(echo "$name" | tr '-' '_')
  export SERVICE_VAR
  if [ "$GATEWAY_UPSTREAM_MODE" = resolve ]; then
    export SERVICE_PROXY_TARGET="http://${SERVICE_VAR}_backend"
    render "$service_vars" upstream-resolve.conf.template "$GATEWAY_CONF_DIR/upstreams.d/$name.conf"
  else
    export SERVICE_PROXY_TARGET="http://\$${SERVICE_VAR}_upstream:$port"
  fi
  render "$service_vars" service.conf.template "$GATEWAY_CONF_DIR/conf.d/$name.conf"
  count=$((count + 1))
done
[ "$count" -gt 0 ] || fail "GATEWAY_SERVICES names no service"

echo "render-gateway-config: $count services ($GATEWAY_SERVICES), resolver $NGINX_RESOLVER valid=${NGINX_RESOLVER_VALID}s, rate limit $GATEWAY_RATE_LIMIT, mode $GATEWAY_UPSTREAM_MODE -> $GATEWAY_CONF_DIR/nginx.conf"
