// Preloaded into a mintbench CLI process by the bench (node --import): at exit, the process's peak
// resident set (getrusage's ru_maxrss, in KiB) goes to the file $MINTBENCH_BENCH_MAX_RSS. The product
// is not changed.
import { writeFileSync } from 'node:fs';
import process from 'node:process';

process.on('exit', () => {
  writeFileSync(process.env.MINTBENCH_BENCH_MAX_RSS, String(process.resourceUsage().maxRSS));
});
