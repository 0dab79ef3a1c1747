// Seeded randomness for the analytics core (METHODS §5 "with a fixed seed", §7 "run many seeds"):
// d3-random's LCG as the uniform source and its normal generator on top of it. Integer seeds are
// mixed first so that seeds 1, 2, 3… give unrelated streams (a raw LCG started from neighbouring
// states produces visibly related sequences).
import { randomLcg, randomNormal } from "d3-random";

export interface Rng {
  /** Uniform in [0, 1). */
  uniform(): number;
  /** Normal(mu, sigma). */
  normal(mu?: number, sigma?: number): number;
}

/** murmur3's 32-bit finaliser over (seed, stream): a well-spread 32-bit state. */
export function mixSeed(seed: number, stream = 0): number {
  let h = (Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul((seed / 0x100000000) | 0, 0x85ebca6b) ^ Math.imul(stream | 0, 0xc2b2ae35)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function makeRng(seed: number, stream = 0): Rng {
  const source = randomLcg(mixSeed(seed, stream) / 0x100000000);
  for (let i = 0; i < 4; i++) source();
  const std = randomNormal.source(source)(0, 1);
  return {
    uniform: () => source(),
    normal: (mu = 0, sigma = 1) => mu + sigma * std(),
  };
}
