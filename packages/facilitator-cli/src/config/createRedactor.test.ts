import { describe, expect, it } from "vitest";
import { createRedactor } from "./createRedactor.js";

describe("createRedactor", () => {
  it("replaces every secret, in any case, and a hex key without its 0x too", () => {
    const key = `0x${"Ab".repeat(32)}`;
    const redact = createRedactor([
      key,
      "https://rpc.example/v2/apikey-0123456789",
      "apikey-0123456789",
      "short",
    ]);
    expect(
      redact(
        `key ${key.toLowerCase()} bare ${"ab".repeat(32)} url https://rpc.example/v2/apikey-0123456789 part APIKEY-0123456789 short`,
      ),
    ).toBe("key [redacted] bare [redacted] url [redacted] part [redacted] short");
    expect(createRedactor([])("nothing to hide")).toBe("nothing to hide");
  });
});
