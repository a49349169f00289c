// Tests that need something this machine may lack. Every conditional test goes through requires():
// - outside CI, a missing dependency is a skip whose title says why (" (skipped: why)"), and
//   test/helpers/skip-summary.ts lists each skipped group with its reason at the end of npm test;
// - under CI (CI set, as CI services do), a missing dependency is a FAILURE naming it: a CI machine
//   that lacks one would otherwise pass while testing less;
// - a test that does not apply to this build or CPU (another addon build, another architecture) is
//   skipped in both, with its reason in the title too.
import { spawnSync } from 'node:child_process';
import { describe, it, type TestContext } from 'vitest';

import { allowedCpus } from '../../ts/measure/limits.js';
import { skippedTitle } from './skip-summary.js';

export interface Need {
  /** Why the test cannot run here; undefined when it can. */
  readonly missing: string | undefined;
  /** Something to install or provide (fails under CI), or a test for another build or CPU (skips everywhere). */
  readonly kind: 'dependency' | 'not applicable';
}

/** A dependency: `missing` says what is not here and how to get it, or is undefined when it is here. */
export const dependency = (missing: string | undefined): Need => ({ missing, kind: 'dependency' });
/** A test for another build or CPU: `reason` says which, or is undefined when it applies here. */
export const notApplicable = (reason: string | undefined): Need => ({ missing: reason, kind: 'not applicable' });

/** CI services set CI (GitHub, GitLab: "true"; others "1"). */
export function underCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const ci = env.CI?.trim().toLowerCase();
  return ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0';
}

function missingUnderCi(why: string): never {
  throw new Error(
    `CI is set and this test's dependency is missing: ${why}. Under CI a missing dependency fails; install it (see .ci/run).`,
  );
}

type Body = (context: TestContext) => unknown;

export interface Gated {
  describe(name: string, body: () => void): void;
  it(name: string, fn: Body, timeout?: number): void;
  /** it.for(cases)(name, fn): one test per case, `name` formatted with the case (%i, %s). */
  for<T>(cases: readonly T[], name: string, fn: (value: T, context: TestContext) => void | Promise<void>, timeout?: number): void;
}

/**
 * describe/it/for that run when every need is met. Otherwise: a test that does not apply is
 * skipped; a missing dependency is skipped, or under CI replaced by one failing test that names it.
 */
export function requires(...needs: readonly Need[]): Gated {
  const notHere = needs.find((need) => need.kind === 'not applicable' && need.missing !== undefined)?.missing;
  const missing = needs.find((need) => need.kind === 'dependency' && need.missing !== undefined)?.missing;
  if (notHere === undefined && missing === undefined) {
    return {
      describe(name, body) {
        describe(name, body);
      },
      it(name, fn, timeout) {
        it(name, fn, timeout);
      },
      for(cases, name, fn, timeout) {
        it.for(cases)(name, { timeout }, fn);
      },
    };
  }
  if (notHere === undefined && missing !== undefined && underCi()) {
    const failing = (name: string) => {
      it(`${name} (missing under CI: ${missing})`, () => missingUnderCi(missing));
    };
    return {
      describe(name) {
        describe(name, () => {
          failing('every test of this group');
        });
      },
      it: failing,
      for(_cases, name) {
        failing(name.replace(/%[sdifjo#$]/g, '…'));
      },
    };
  }
  const title = (name: string) => skippedTitle(name, (notHere ?? missing)!);
  return {
    describe(name, body) {
      describe.skip(title(name), body);
    },
    it(name, fn, timeout) {
      it.skip(title(name), fn, timeout);
    },
    for(cases, name, fn, timeout) {
      it.skip.for(cases)(title(name), { timeout }, fn);
    },
  };
}

/** Found on PATH, run with `versionArgs`, exiting 0. */
function runs(command: string, versionArgs: readonly string[]): boolean {
  return spawnSync(command, versionArgs, { stdio: 'ignore' }).status === 0;
}

export const needsTaskset = (): Need => dependency(runs('taskset', ['-V']) ? undefined : 'taskset is not installed (util-linux)');

export const needsTwoCpus = (): Need => {
  const cpus = allowedCpus()?.length ?? 0;
  return dependency(cpus >= 2 ? undefined : `needs two CPUs this process may use (it may use ${String(cpus)})`);
};

/** The user nobody (65534), reached from root with setpriv: a user who is refused what root may do. */
export const needsUnprivilegedUser = (): Need => {
  if (process.getuid?.() !== 0) return dependency('needs root, to drop to the unprivileged user nobody (uid 65534) with setpriv');
  return dependency(
    runs('setpriv', ['--version']) ? undefined : 'setpriv is not installed (util-linux), to run as the unprivileged user nobody',
  );
};

export const onlyOnX86 = (): Need => notApplicable(process.arch === 'x64' ? undefined : `x86-64 only, this is ${process.arch}`);
export const onlyOffX86 = (): Need => notApplicable(process.arch !== 'x64' ? undefined : 'off x86-64 only');

/** scripts/test-sanitize.sh (npm run test:sanitize) sets MINTBENCH_SANITIZE=1. */
export const sanitizing = process.env.MINTBENCH_SANITIZE === '1';
export const onlyWhenSanitizing = (): Need => notApplicable(sanitizing ? undefined : 'only in the sanitizer build (npm run test:sanitize)');
export const notWhenSanitizing = (why: string): Need => notApplicable(sanitizing ? `not in the sanitizer build: ${why}` : undefined);
