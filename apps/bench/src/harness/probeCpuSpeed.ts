import { keccak256 } from "viem";

export type ProbeCpuSpeedReturnType = number;

const input = new Uint8Array(160).fill(7);
const rounds = 3;
const hashesPerRound = 4_000;

/**
 * How fast this machine runs one thread of JavaScript right now: the median over three rounds of µs per viem
 * `keccak256` (noble, pure JavaScript) of 160 bytes, about 0.3 s in all. Lower is faster. On the 2-core bench
 * machines a quiet host gives about 20 to 26; a busy one more. The figures that are limited by CPU move with it, so
 * it is taken before each scenario and reported beside them.
 */
export function probeCpuSpeed(): ProbeCpuSpeedReturnType {
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const started = performance.now();
    for (let i = 0; i < hashesPerRound; i++) keccak256(input, "bytes");
    times.push(((performance.now() - started) * 1000) / hashesPerRound);
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(rounds / 2)]! * 100) / 100;
}
