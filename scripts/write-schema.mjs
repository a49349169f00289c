// Writes the JSON Schema of the current result file version to results/schema/, from the
// declarations in ts/results/schema.ts (compiled to dist/). test/results-schema.test.ts checks that
// the committed file matches them: a change of the format needs a new version and a new file.
import { writeFileSync } from 'node:fs';
import process from 'node:process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { resultSchemaJson, resultSchemaFile } from '../dist/results/schema-json.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const file = path.join(root, resultSchemaFile());
writeFileSync(file, `${JSON.stringify(resultSchemaJson(), null, 2)}\n`);
process.stdout.write(`${file}\n`);
