/** A test job that fails on its input, as @mesh/core's InputError does (by its code). */
export function run(input: { name: string }) {
  throw Object.assign(new Error(`no thing named ${input.name}`), { code: "BAD_USER_INPUT" });
}
