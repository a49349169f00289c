#!/usr/bin/env bash
# Builds the addon with cmake-js from CMakeLists.txt (into build-cmake/, beside node-gyp's build/)
# and runs the whole test suite against that build.
set -euo pipefail
cd "$(dirname "$0")/.."
npx cmake-js build --out build-cmake
export MINTBENCH_ADDON="$PWD/build-cmake/Release/mintbench.node"
echo "test-cmake: testing the cmake-js addon $MINTBENCH_ADDON"
npx vitest run
