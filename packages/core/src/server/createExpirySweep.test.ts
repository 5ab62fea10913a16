import { describe, expect, it } from "vitest";
import { createExpirySweep } from "./createExpirySweep.js";

describe("createExpirySweep", () => {
  it("sweeps expired entries once the map is large, at most once per interval", () => {
    const sweep = createExpirySweep({ threshold: 3, everyMs: 1_000 });
    const map = new Map<string, number>([
      ["a", 10],
      ["b", 20],
    ]);
    sweep(map, (expires) => expires, 100);
    expect(map.size).toBe(2); // below the threshold: kept
    map.set("c", 500);
    sweep(map, (expires) => expires, 100);
    expect([...map.keys()]).toEqual(["c"]);
    map.set("d", 50);
    map.set("e", 60);
    sweep(map, (expires) => expires, 900);
    expect(map.size).toBe(3); // swept 800 ms ago: not yet
    sweep(map, (expires) => expires, 1_100);
    expect([...map.keys()]).toEqual([]);
  });
});
