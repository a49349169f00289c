#!/usr/bin/env bash
# Builds the Node-API binaries the npm package ships, with prebuildify: prebuilds/linux-x64/ with
# this machine's g++ and prebuilds/linux-arm64/ with Debian's g++-aarch64-linux-gnu, both stripped
# and tagged glibc (node-gyp-build then compiles from source on musl instead of loading them).
# NAPI_VERSION=8 (binding.gyp): one binary per arch serves every Node.js with Node-API 8 or newer.
# Each arch builds in its own copy of the sources under build-prebuild/, so build/ (the addon
# compiled here, which node-gyp-build prefers) is left alone. `npm pack` runs this (prepack).
set -euo pipefail
cd "$(dirname "$0")/.."

. scripts/node-headers.sh
if ! command -v aarch64-linux-gnu-g++ >/dev/null; then
  echo "prebuild: the arm64 prebuild needs Debian's cross compiler: apt-get install g++-aarch64-linux-gnu" >&2
  exit 1
fi

rm -rf prebuilds build-prebuild
for arch in x64 arm64; do
  stage=build-prebuild/$arch
  mkdir -p "$stage"
  cp -r binding.gyp native package.json "$stage/"
  if [ "$arch" = arm64 ]; then
    cross=(env CXX=aarch64-linux-gnu-g++)
    strip_bin=aarch64-linux-gnu-strip
  else
    cross=()
    strip_bin=strip
  fi
  # --target: the version whose headers npm_config_nodedir holds; Node-API makes the binary serve the others.
  "${cross[@]}" npx prebuildify --napi --strip --strip-bin "$strip_bin" --tag-libc --arch "$arch" \
    --target "$(node -p process.versions.node)" --cwd "$stage" --out "$PWD"
done
rm -rf build-prebuild
find prebuilds -name '*.node' -printf 'prebuild: %p, %s bytes\n'
