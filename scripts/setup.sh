#!/usr/bin/env bash
# Takes a Debian machine to a built sahelmap: packages, Natural Earth data, the preview page's
# script library, build. Idempotent: a second run installs nothing, downloads nothing and rebuilds
# only what changed.
#   scripts/setup.sh            what the program needs, and build/sahelmap alone
#   scripts/setup.sh --tests    and what the test suite needs too: GoogleTest and Google Benchmark,
#                               Chromium for the browser test, the tests and benchmarks in build/,
#                               the sanitizer build (build-asan/) and the fuzzers (build-fuzz/)
#   SAHELMAP_BUILD_TYPE=Debug scripts/setup.sh
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config git ca-certificates
  libgdal-dev gdal-bin libproj-dev proj-data proj-bin libgeos-dev
  libcairo2-dev libpango1.0-dev fonts-noto-core
  libspng-dev zlib1g-dev libdeflate-dev libsqlite3-dev sqlite3 libwebp-dev libgif-dev libprotozero-dev
  libfreetype-dev libfontconfig-dev
  libtomlplusplus-dev nlohmann-json3-dev libcli11-dev libboost-dev
  python3
)

# GoogleTest, Google Benchmark; PDF and SVG readers the tests compare outputs with; the browser
# test's Chromium; clang and its libFuzzer runtime for fuzz/; Slurm and munge for the one-node
# cluster of the Slurm test; PyYAML for the Kubernetes manifests' test; jsonschema for the info
# --json schema test; Inkscape, which the SVG test asks to list the layers; PIL, which reads the
# animations back.
TEST_PACKAGES=(libgtest-dev libgmock-dev libcpp-httplib-dev libbenchmark-dev poppler-utils librsvg2-bin
  chromium clang libclang-rt-14-dev slurm-wlm munge python3-yaml python3-jsonschema inkscape python3-pil)
WITH_TESTS=0
for arg in "$@"; do
  case "$arg" in
    --tests) WITH_TESTS=1 ;;
    *) echo "usage: scripts/setup.sh [--tests]" >&2; exit 2 ;;
  esac
done

log() { printf '[setup] %s\n' "$*" >&2; }

install_packages() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  command -v npm >/dev/null || missing+=(npm)
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing Debian packages: ${missing[*]}"
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Natural Earth countries as TopoJSON (world-atlas 2.0.2), pinned by the registry's sha512.
WORLD_ATLAS=world-atlas@2.0.2
WORLD_ATLAS_SHA512="sha512-IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/MXAYRHWJqgXOpM8IkcPBoXnyTU5lFHcYa5ChG0LQ=="
fetch_data() {
  local dest=.cache/world-atlas-2.0.2
  if [ -f "$dest/.verified" ] && [ "$(cat "$dest/.verified")" = "$WORLD_ATLAS_SHA512" ] &&
     [ -f "$dest/countries-50m.json" ]; then
    return 0
  fi
  log "fetching $WORLD_ATLAS from npm"
  local tmp
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' RETURN
  (cd "$tmp" && npm pack "$WORLD_ATLAS" --silent >/dev/null)
  local got
  got=$(node -e 'const c=require("crypto"),fs=require("fs");
    process.stdout.write("sha512-"+c.createHash("sha512").update(fs.readFileSync(process.argv[1])).digest("base64"))' \
    "$tmp/world-atlas-2.0.2.tgz")
  if [ "$got" != "$WORLD_ATLAS_SHA512" ]; then
    log "integrity check failed for $WORLD_ATLAS: got $got"
    exit 1
  fi
  mkdir -p "$tmp/x" && tar -xzf "$tmp/world-atlas-2.0.2.tgz" -C "$tmp/x"
  rm -rf "$dest" && mkdir -p .cache && mv "$tmp/x/package" "$dest"
  echo "$WORLD_ATLAS_SHA512" > "$dest/.verified"
}

# The preview page's Leaflet, and the browser test's playwright-core and pngjs, from npm at the
# versions (and integrity hashes) pinned in web/package-lock.json.
fetch_web() {
  local dest=.cache/web
  local want
  want=$(cat web/package.json web/package-lock.json | sha256sum | cut -d' ' -f1)
  if [ -f "$dest/.installed" ] && [ "$(cat "$dest/.installed")" = "$want" ] && [ -f "$dest/node_modules/leaflet/dist/leaflet.js" ]; then
    return 0
  fi
  log "installing the preview page's npm packages (web/package-lock.json)"
  mkdir -p "$dest"
  cp web/package.json web/package-lock.json "$dest/"
  (cd "$dest" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  echo "$want" > "$dest/.installed"
}

# A user who wants a map waits for the program only; the suite builds the tests and benchmarks too.
build() {
  local type=${SAHELMAP_BUILD_TYPE:-RelWithDebInfo} suite=OFF
  [ "$WITH_TESTS" = 1 ] && suite=ON
  if [ ! -f build/build.ninja ]; then
    log "configuring build/ ($type)"
    cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE="$type" -DSAHELMAP_TESTS=$suite -DSAHELMAP_BENCH=$suite >/dev/null
  elif [ "$suite" = ON ] && ! grep -q '^SAHELMAP_TESTS:BOOL=ON' build/CMakeCache.txt; then
    log "adding the tests and benchmarks to build/"
    cmake -S . -B build -DSAHELMAP_TESTS=ON -DSAHELMAP_BENCH=ON >/dev/null
  fi
  if [ "$suite" = ON ]; then
    log "building sahelmap, its tests and benchmarks"
    cmake --build build -j"$(nproc)"
  else
    log "building sahelmap"
    cmake --build build --target sahelmap -j"$(nproc)"
  fi
}

if [ "$WITH_TESTS" = 1 ]; then
  install_packages "${PACKAGES[@]}" "${TEST_PACKAGES[@]}"
else
  install_packages "${PACKAGES[@]}"
fi
fetch_data
fetch_web
build
if [ "$WITH_TESTS" = 1 ]; then
  log "building the sanitizer build (build-asan/) and the fuzzers (build-fuzz/)"
  scripts/test-sanitized.sh --build
  scripts/fuzz.sh --build
fi
mkdir -p output
log "ready: build/sahelmap"
