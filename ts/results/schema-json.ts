// The result file's format as a JSON Schema (draft 2020-12), published in results/schema/ for other
// tools to validate result files with.
import * as z from 'zod';

import { RESULT_SCHEMA_VERSION, resultRecordSchema } from './schema.js';

/** Where the JSON Schema of `version` is kept, relative to the package root. */
export function resultSchemaFile(version = RESULT_SCHEMA_VERSION): string {
  return `results/schema/mintbench-result-v${version}.schema.json`;
}

export function resultSchemaJson(): object {
  return {
    ...z.toJSONSchema(resultRecordSchema, { target: 'draft-2020-12' }),
    title: `mintbench result file, schema version ${RESULT_SCHEMA_VERSION}`,
  };
}
