// Module hooks for register.js: every import of dist/env/index.js gets a stand-in that re-exports
// it, except that captureMachine() is wrapped to note when each call starts and ends. At exit the
// spans (epoch milliseconds) go as JSON to the file $MINTBENCH_BENCH_CAPTURES.
const SHIM = 'mintbench-bench-probe:env';

const shimSource = (real) => `
import { writeFileSync } from 'node:fs';
import { captureMachine as capture } from ${JSON.stringify(real)};
export * from ${JSON.stringify(real)};
const spans = [];
process.on('exit', () => writeFileSync(process.env.MINTBENCH_BENCH_CAPTURES, JSON.stringify(spans)));
export async function captureMachine(options) {
  const start = Date.now();
  try {
    return await capture(options);
  } finally {
    spans.push({ start, end: Date.now() });
  }
}`;

export async function resolve(specifier, context, nextResolve) {
  if (specifier.startsWith(SHIM)) return { url: specifier, shortCircuit: true };
  const resolved = await nextResolve(specifier, context);
  // The stand-in's own import of the real module is not redirected.
  if (resolved.url.endsWith('/dist/env/index.js') && !context.parentURL?.startsWith(SHIM)) {
    return { url: `${SHIM}?${encodeURIComponent(resolved.url)}`, shortCircuit: true };
  }
  return resolved;
}

export async function load(url, context, nextLoad) {
  if (url.startsWith(SHIM)) {
    return { format: 'module', source: shimSource(decodeURIComponent(url.slice(SHIM.length + 1))), shortCircuit: true };
  }
  return nextLoad(url, context);
}
