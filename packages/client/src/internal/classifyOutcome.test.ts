import { describe, expect, it } from "vitest";
import { classifyOutcome } from "./classifyOutcome.js";

const network = "eip155:31337";

describe("classifyOutcome", () => {
  it("is settled on a successful receipt, whatever the status", () => {
    expect(classifyOutcome({ status: 200, receipt: { success: true, transaction: "0x1", network } })).toBe(
      "settled",
    );
  });

  it("is not settled on a failed receipt with no transaction, or an error without a receipt", () => {
    expect(classifyOutcome({ status: 402, receipt: { success: false, transaction: "", network } })).toBe(
      "not_settled",
    );
    expect(classifyOutcome({ status: 402, receipt: undefined })).toBe("not_settled");
    expect(classifyOutcome({ status: 400, receipt: undefined })).toBe("not_settled");
    expect(classifyOutcome({ status: 500, receipt: undefined })).toBe("not_settled");
  });

  it("is unknown when the money may have moved", () => {
    expect(classifyOutcome(undefined)).toBe("unknown");
    expect(classifyOutcome({ status: 504, receipt: undefined })).toBe("unknown");
    expect(classifyOutcome({ status: 502, receipt: undefined })).toBe("unknown");
    expect(classifyOutcome({ status: 200, receipt: undefined })).toBe("unknown");
    expect(classifyOutcome({ status: 402, receipt: { success: false, transaction: "0xab", network } })).toBe(
      "unknown",
    );
  });
});
