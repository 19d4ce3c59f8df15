import seedrandom from "seedrandom";

/**
 * A seeded source of uniform and standard-normal numbers. Every random choice in this package
 * goes through one of these, so the same seed and the same data give the same output.
 * The generator is seedrandom's Alea (fast, 32-bit state, reproducible across platforms).
 */
export class Random {
  private readonly next: () => number;
  private spare: number | null = null;

  constructor(seed: number | string) {
    this.next = seedrandom.alea(String(seed));
  }

  /** Uniform in the open interval (0, 1). */
  uniform(): number {
    let u = this.next();
    while (u === 0) u = this.next();
    return u;
  }

  /** A standard normal draw (Box–Muller; the second value of each pair is kept for the next call). */
  normal(): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    const u = this.uniform();
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** Shuffles `items` in place (Fisher–Yates). */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const a = items[i] as T;
      items[i] = items[j] as T;
      items[j] = a;
    }
    return items;
  }
}
