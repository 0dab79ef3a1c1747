// Seeded randomness for the demo generator: d3-random's LCG as the source, independent named
// streams derived from (seed, name) so one file's draws never depend on another file's.
import { randomLcg, randomNormal } from "d3-random";

export interface Rng {
  /** Uniform in [0, 1). */
  (): number;
  normal(mu?: number, sigma?: number): number;
  int(lo: number, hiInclusive: number): number;
  pick<T>(items: readonly T[]): T;
  /** Picks by weight (weights need not sum to 1). */
  weighted<T>(items: readonly T[], weights: readonly number[]): T;
  chance(p: number): boolean;
}

/** FNV-1a, 32 bit. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A stream named `name` under `seed`: same (seed, name) ⇒ same sequence. */
export function makeRng(seed: number, name = ""): Rng {
  const mixed = (hash32(`${seed}|${name}`) ^ Math.imul(seed | 0, 0x9e3779b1)) >>> 0;
  const source = randomLcg(mixed / 0x100000000);
  // Warm up: the first outputs of a fresh LCG are correlated with the seed.
  for (let i = 0; i < 4; i++) source();
  const std = randomNormal.source(source)(0, 1);
  const rng = (() => source()) as Rng;
  rng.normal = (mu = 0, sigma = 1) => mu + sigma * std();
  rng.int = (lo, hi) => lo + Math.floor(source() * (hi - lo + 1));
  rng.pick = (items) => items[Math.floor(source() * items.length)];
  rng.weighted = (items, weights) => {
    let total = 0;
    for (const w of weights) total += w;
    let u = source() * total;
    for (let i = 0; i < items.length; i++) {
      u -= weights[i];
      if (u < 0) return items[i];
    }
    return items[items.length - 1];
  };
  rng.chance = (p) => source() < p;
  return rng;
}
