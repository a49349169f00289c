#!/usr/bin/env bash
# Builds the addon with AddressSanitizer and UndefinedBehaviorSanitizer (cmake-js, into
# build-sanitize/, beside node-gyp's build/), warnings as errors, and runs the whole test suite
# against it. Any memory error or undefined behaviour aborts the test process, so the suite fails.
set -euo pipefail
cd "$(dirname "$0")/.."

# The flags live in CMakeLists.txt (MINTBENCH_SANITIZE): cmake-js overrides CMAKE_CXX_FLAGS.
npx cmake-js build --out build-sanitize --CDMINTBENCH_SANITIZE=ON

export MINTBENCH_ADDON="$PWD/build-sanitize/Release/mintbench.node"
# node is not built with ASan, so its runtime must be loaded first; V8 and Node keep memory until
# exit by design, so leak checking would only report them.
LD_PRELOAD="$(g++ -print-file-name=libasan.so)"
export LD_PRELOAD
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1
# Lets test/addon-sanitize.test.ts check that the sanitizers are really loaded.
export MINTBENCH_SANITIZE=1
echo "test-sanitize: testing the ASan+UBSan addon $MINTBENCH_ADDON"
npx vitest run
