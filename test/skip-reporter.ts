/**
 * Sums up the skipped tests at the end of a run, one line per reason (test/requirements.ts names the reason in the
 * skipped test's name), and under PROVENA_TEST_REQUIRE_ALL=1 (CI) fails the run on any skipped test at all — an
 * ad-hoc `it.skip` or `skipIf` included — so that coverage cannot shrink unnoticed.
 */
import type { Reporter, TestModule } from 'vitest/node';

export default class SkipReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    // reason → the files whose tests it skipped
    const byReason = new Map<string, Set<string>>();
    let count = 0;
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        if (test.result().state !== 'skipped') continue;
        count++;
        const reason = /: (needs .*)$/.exec(test.name)?.[1] ?? `skipped by the test itself: ${test.fullName}`;
        byReason.set(reason, (byReason.get(reason) ?? new Set()).add(module.relativeModuleId));
      }
    }
    if (count === 0) return;
    const requireAll = process.env.PROVENA_TEST_REQUIRE_ALL === '1';
    const lines = [
      '',
      `${count} test(s) skipped${requireAll ? ' — not allowed under PROVENA_TEST_REQUIRE_ALL=1' : ''}:`,
      ...[...byReason].map(([reason, files]) => `  - ${reason}  (${[...files].join(', ')})`),
      '',
    ];
    console.warn(lines.join('\n'));
    if (requireAll) process.exitCode = 1;
  }
}
