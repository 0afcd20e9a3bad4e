# Puts the Node version named in .nvmrc first on PATH for the current shell.
# A machine whose node is older gets the official binary from the npm registry (the node-linux-<arch> package holds
# it), cached per version, so nothing beyond npm is needed. Source it, do not run it:
#   source tools/scripts/use-node.sh
# .ci/run does the same. nvm, fnm and volta read .nvmrc too; this is for machines that have none of them.

_forum_use_node() {
  local root wanted wanted_major have_major arch dir bin
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  wanted="$(tr -d '[:space:]' <"$root/.nvmrc")"
  wanted_major="${wanted%%.*}"
  have_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
  if [ "$have_major" -ge "$wanted_major" ]; then
    echo "use-node: node $(node --version) already satisfies .nvmrc ($wanted)"
    return 0
  fi
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) arch=linux-x64 ;;
    Linux-aarch64 | Linux-arm64) arch=linux-arm64 ;;
    *)
      echo "use-node: no npm package carries Node for $(uname -s)-$(uname -m); install Node $wanted with nvm, fnm or volta" >&2
      return 1
      ;;
  esac
  dir="${FORUM_NODE_CACHE:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/forum-node}/$wanted-$arch"
  bin="$dir/node_modules/node-$arch/bin"
  if [ ! -x "$bin/node" ]; then
    echo "use-node: fetching node-$arch@$wanted from the npm registry into $dir"
    npm install --prefix "$dir" --no-save --no-audit --no-fund --loglevel=error "node-$arch@$wanted" >/dev/null || {
      echo "use-node: could not install node-$arch@$wanted" >&2
      return 1
    }
  fi
  export PATH="$bin:$PATH"
  hash -r
  echo "use-node: using node $(node --version) from $bin"
}

_forum_use_node
