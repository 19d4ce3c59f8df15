import { existsSync, writeFileSync } from "node:fs";

/** A test job that fails its first attempt (it leaves a marker file) and succeeds on the next. */
export function run(input: { marker: string }) {
  if (!existsSync(input.marker)) {
    writeFileSync(input.marker, "attempted");
    throw new Error("the first attempt fails");
  }
  return "second attempt";
}
