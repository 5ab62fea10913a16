import { describe, expect, it } from "vitest";
import {
  batchSettlementEvmReasonCodes,
  canonicalReasonCode,
  extraReasonCodes,
  reasonCodeAliases,
  specReasonCodes,
} from "./reasonCodes.js";

describe("reason codes", () => {
  it("lists the spec's section 9 codes once each, apart from x402kit's extra codes", () => {
    expect(specReasonCodes).toHaveLength(15);
    expect(new Set([...specReasonCodes, ...extraReasonCodes, ...batchSettlementEvmReasonCodes]).size).toBe(
      specReasonCodes.length + extraReasonCodes.length + batchSettlementEvmReasonCodes.length,
    );
  });

  it("maps every alias to a code that x402kit emits", () => {
    const emitted = new Set<string>([...specReasonCodes, ...extraReasonCodes]);
    for (const [alias, code] of Object.entries(reasonCodeAliases)) {
      expect(emitted.has(code), `${alias} -> ${code}`).toBe(true);
      expect(emitted.has(alias), `${alias} is itself emitted`).toBe(false);
    }
  });

  it("canonicalises aliases and leaves other codes alone", () => {
    expect(canonicalReasonCode("invalid_exact_evm_signature")).toBe("invalid_exact_evm_payload_signature");
    expect(canonicalReasonCode("insufficient_funds")).toBe("insufficient_funds");
    expect(canonicalReasonCode("__proto__")).toBe("__proto__");
  });
});
