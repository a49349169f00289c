// A reporter beside vitest's default one: at the end of the run, one line per skipped group (a
// skipped describe, or the tests of one describe skipped for one reason) with its reason, so that a
// skip is seen, not only counted. Reasons come from the titles test/helpers/requires.ts gives
// (" (skipped: why)") or from a test's own context.skip(note).
import type { Reporter, TestCase, TestModule, TestSuite } from 'vitest/node';

interface SkippedGroup {
  file: string;
  name: string;
  reason: string;
  tests: number;
}

/** The title of a test or group skipped for `why`, as test/helpers/requires.ts gives it. */
export const skippedTitle = (name: string, why: string): string => `${name} (skipped: ${why})`;
const SKIPPED_TITLE = /\s*\(skipped: (.*)\)$/;
const reasonOf = (name: string): string | undefined => SKIPPED_TITLE.exec(name)?.[1];
const withoutReason = (name: string): string => name.replace(SKIPPED_TITLE, '');

/** The outermost describe that was itself skipped, around `test`, if any. */
function skippedSuite(test: TestCase): TestSuite | undefined {
  let found: TestSuite | undefined;
  for (let parent = test.parent; parent.type === 'suite'; parent = parent.parent) {
    if (parent.options.mode === 'skip') found = parent;
  }
  return found;
}

/** Skipped groups in the order met, and how many skips gave no reason (test filters, .only, a bare .skip, .todo). */
export function skippedGroups(modules: readonly TestModule[]): { groups: SkippedGroup[]; unexplained: number } {
  const groups = new Map<string, SkippedGroup>();
  let unexplained = 0;
  for (const module of modules) {
    for (const test of module.children.allTests()) {
      const result = test.result();
      if (result.state !== 'skipped') continue;
      const suite = skippedSuite(test);
      const reason = (suite && reasonOf(suite.name)) ?? reasonOf(test.name) ?? result.note;
      if (reason === undefined) {
        unexplained += 1;
        continue;
      }
      const where = suite ?? test.parent;
      const name = suite !== undefined ? suite.fullName : where.type === 'suite' ? where.fullName : '(top level)';
      const key = `${module.moduleId}\0${name}\0${reason}`;
      const group = groups.get(key) ?? { file: module.relativeModuleId, name: withoutReason(name), reason, tests: 0 };
      group.tests += 1;
      groups.set(key, group);
    }
  }
  return { groups: [...groups.values()], unexplained };
}

export function summaryLines(modules: readonly TestModule[]): string[] {
  const { groups, unexplained } = skippedGroups(modules);
  const lines = groups.map(
    (group) => `skipped: ${group.file} > ${group.name} (${String(group.tests)} test${group.tests === 1 ? '' : 's'}): ${group.reason}`,
  );
  if (unexplained > 0) lines.push(`skipped: ${String(unexplained)} more without a reason (a test filter, .only, .skip or .todo)`);
  return lines;
}

export default class SkipSummaryReporter implements Reporter {
  onTestRunEnd(testModules: readonly TestModule[]): void {
    const lines = summaryLines(testModules);
    if (lines.length > 0) process.stdout.write(`\n${lines.join('\n')}\n`);
  }
}
