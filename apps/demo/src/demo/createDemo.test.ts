import { describe, expect, it } from "vitest";
import { createDemo } from "./createDemo.js";

describe("createDemo", () => {
  it("hands a value to later sections, and names the section that needs one nobody provided", () => {
    const demo = createDemo({ keep: false, print: () => {} });
    demo.section = "agent";
    expect(() => demo.need("api")).toThrow('section agent needs "api", which no earlier section provided');
    demo.provide("api", { url: "http://127.0.0.1:1" });
    expect(demo.need("api")).toEqual({ url: "http://127.0.0.1:1" });
    expect(() => demo.provide("api", { url: "http://127.0.0.1:2" })).toThrow('"api" was already provided');
  });

  it("runs every stop, last registered first, even when one fails", async () => {
    const demo = createDemo({ keep: false, print: () => {} });
    const stopped: string[] = [];
    demo.onStop(() => stopped.push("chain"));
    demo.onStop(() => {
      throw new Error("already closed");
    });
    demo.onStop(async () => stopped.push("api"));
    await demo.stop();
    expect(stopped).toEqual(["api", "chain"]);
  });
});
