/** A test job that keeps its thread's CPU busy for `ms` milliseconds. */
export function run(input: { ms: number }) {
  const end = Date.now() + input.ms;
  let spins = 0;
  while (Date.now() < end) spins++;
  return { spins: spins > 0 };
}
