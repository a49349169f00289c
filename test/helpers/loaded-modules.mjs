// Preloaded into a CLI process by tests (node --import): appends the URL of every module the
// process loads through import, one a line, to the file $MINTBENCH_TEST_LOADED.
import { register } from 'node:module';

const hooks = `
import { appendFileSync } from 'node:fs';
export async function load(url, context, nextLoad) {
  appendFileSync(process.env.MINTBENCH_TEST_LOADED, url + '\\n');
  return nextLoad(url, context);
}`;

register(`data:text/javascript,${encodeURIComponent(hooks)}`);
