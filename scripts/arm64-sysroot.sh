#!/usr/bin/env bash
# Unpacks Debian's arm64 Node.js (Node 18, Node-API 9) and the libraries it loads into a sysroot, so
# that qemu-aarch64-static can run arm64 Node and the arm64 prebuild on this x86-64 machine (see
# scripts/check-prebuild-arm64.sh). Packages are only downloaded and unpacked, never installed.
# Usage: arm64-sysroot.sh [DIR] (default build-arm64/sysroot); prints the sysroot's path.
set -euo pipefail
cd "$(dirname "$0")/.."
sysroot=$(realpath -m "${1:-build-arm64/sysroot}")

if [ ! -x "$sysroot/usr/bin/node" ]; then
  if ! dpkg --print-foreign-architectures | grep -qx arm64; then
    dpkg --add-architecture arm64
    apt-get update >&2
  fi
  # nodejs and libnode108's Depends (libgcc-s1 for libstdc++6 and the addon), and the JavaScript
  # libraries Debian's Node loads at start-up from /usr/share/nodejs.
  packages=(nodejs libnode108 libc6 libstdc++6 libgcc-s1 libuv1 libssl3 libicu72 libc-ares2 libnghttp2-14 libbrotli1 zlib1g)
  debs=$(mktemp -d)
  chmod 755 "$debs" # apt-get download runs as _apt where it can
  trap 'rm -rf "$debs"' EXIT
  (cd "$debs" && apt-get download "${packages[@]/%/:arm64}" node-acorn node-cjs-module-lexer node-undici >&2)
  mkdir -p "$sysroot"
  for deb in "$debs"/*.deb; do dpkg -x "$deb" "$sysroot"; done
fi
echo "$sysroot"
