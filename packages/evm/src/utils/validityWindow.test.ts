import { describe, expect, it } from "vitest";
import { validityWindow } from "./validityWindow.js";

describe("validityWindow", () => {
  it("opens 600 s in the past and closes maxTimeoutSeconds ahead", () => {
    expect(validityWindow({ now: 1_740_000_000, maxTimeoutSeconds: 60 })).toEqual({
      validAfter: 1_739_999_400n,
      validBefore: 1_740_000_060n,
    });
  });

  it("never goes below zero and truncates fractional clocks", () => {
    expect(validityWindow({ now: 100.9, maxTimeoutSeconds: 5 })).toEqual({
      validAfter: 0n,
      validBefore: 105n,
    });
  });
});
