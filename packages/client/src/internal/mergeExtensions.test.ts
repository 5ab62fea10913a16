import { describe, expect, it } from "vitest";
import { mergeExtensions } from "./mergeExtensions.js";

describe("mergeExtensions", () => {
  it("echoes the 402's extensions when the scheme adds none", () => {
    const received = { bazaar: { info: { a: 1 }, schema: {} } };
    expect(mergeExtensions(received, undefined)).toBe(received);
    expect(mergeExtensions(undefined, undefined)).toBeUndefined();
  });

  it("appends the scheme's info without overwriting or deleting the server's", () => {
    const received = { gas: { info: { version: "1", nested: { keep: true } }, schema: { type: "object" } } };
    const added = {
      gas: { info: { version: "2", signature: "0x01", nested: { extra: 1 } } },
      other: { info: { b: 2 } },
    };
    expect(mergeExtensions(received, added)).toEqual({
      gas: {
        info: { version: "1", signature: "0x01", nested: { keep: true, extra: 1 } },
        schema: { type: "object" },
      },
      other: { info: { b: 2 } },
    });
  });
});
