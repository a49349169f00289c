#!/usr/bin/env bash
# Proves the native code builds for aarch64: compiles every native/*.cc with Debian's cross compiler,
# against node-addon-api's and Node's headers, with the project's warning flags as errors, and the
# bench's C reference (bench/reference.c) with its C compiler. Objects only (no link: the aarch64
# Node library is not installed), written to a temporary directory.
set -euo pipefail
cd "$(dirname "$0")/.."

CXX=aarch64-linux-gnu-g++
if ! command -v "$CXX" >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends g++-aarch64-linux-gnu
fi

NODE_INCLUDE=${NODE_INCLUDE:-/usr/include/node}
if [ ! -f "$NODE_INCLUDE/node_api.h" ]; then
  echo "check-aarch64: Node's headers are not in $NODE_INCLUDE (set NODE_INCLUDE)" >&2
  exit 1
fi
ADDON_API_INCLUDE=$(node -p "require('node-addon-api').include_dir")

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for source in native/*.cc; do
  "$CXX" -std=c++17 -Wall -Wextra -Wpedantic -Werror -O2 -fPIC -fexceptions \
    -DNAPI_VERSION=8 -DNAPI_CPP_EXCEPTIONS -DNODE_ADDON_API_DISABLE_DEPRECATED \
    -I"$NODE_INCLUDE" -I"$ADDON_API_INCLUDE" \
    -c "$source" -o "$out/$(basename "$source" .cc).o"
done
# gcc-aarch64-linux-gnu comes with g++-aarch64-linux-gnu.
aarch64-linux-gnu-gcc -std=c11 -Wall -Wextra -Wpedantic -Werror -O2 -c bench/reference.c -o "$out/reference.o"
for object in "$out"/*.o; do
  if ! aarch64-linux-gnu-readelf -h "$object" | grep -q 'Machine:.*AArch64'; then
    echo "check-aarch64: $(basename "$object") is not an aarch64 object" >&2
    exit 1
  fi
done
echo "check-aarch64: $(ls "$out"/*.o | wc -l) objects compiled for aarch64"
