import { describe, expect, it } from "vitest";
import { addressKey } from "./addressKey.js";

describe("addressKey", () => {
  it("lowercases hex addresses and leaves base58 alone", () => {
    expect(addressKey("0xAbCd")).toBe("0xabcd");
    expect(addressKey("4zMMC9srt5Ri5X14GAgXhaHii3GnPAEERYPJgZJDncDU")).toBe(
      "4zMMC9srt5Ri5X14GAgXhaHii3GnPAEERYPJgZJDncDU",
    );
    expect(addressKey("Abc")).not.toBe(addressKey("abc"));
  });
});
