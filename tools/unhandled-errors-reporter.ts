import type { Reporter } from "vitest/reporters";

/**
 * Repeats each unhandled error in one line after the summary. The default reporter prints them
 * in full above it, where a CI log cut to its last lines loses them; these lines stay in view.
 */
export default class UnhandledErrorsReporter implements Reporter {
  onTestRunEnd: NonNullable<Reporter["onTestRunEnd"]> = (_modules, errors) => {
    for (const error of errors) {
      const where = (error as { VITEST_TEST_PATH?: string }).VITEST_TEST_PATH ?? "no test file";
      const test = (error as { VITEST_TEST_NAME?: string }).VITEST_TEST_NAME;
      const first = (error.stacks ?? [])[0];
      const at = first ? ` at ${first.file}:${first.line}` : "";
      process.stdout.write(
        `unhandled error: ${error.name ?? "Error"}: ${error.message}${at} (in ${where}${test ? `, test "${test}"` : ""})\n`,
      );
    }
  };
}
