import type { SettleResponse } from "@x402kit/types";
import { describe, expect, it } from "vitest";
import { isMarkedReplay, judgeRepeatedSettles } from "../src/context/facilitatorChecks.js";
import { CaseFailure, createExpect, type FacilitatorContext } from "../src/index.js";

// How the replay and concurrent-duplicate cases judge repeated settles of one payment (README: "Replays").
const transaction = `0x${"ab".repeat(32)}`;
const success: SettleResponse = { success: true, transaction, network: "eip155:31337" };
const marked: SettleResponse = { ...success, extensions: { x402kit: { replayed: true } } };
const failure: SettleResponse = {
  success: false,
  transaction: "",
  network: "eip155:31337",
  errorReason: "invalid_exact_evm_payload_authorization_nonce_used",
};

function judge(answers: SettleResponse[], fresh: 0 | 1, first?: string) {
  const warnings: string[] = [];
  const warn = (message: string) => {
    warnings.push(message);
  };
  const context = {
    expect: createExpect({ chain: undefined as never, warn }),
    warn,
  } as unknown as FacilitatorContext;
  judgeRepeatedSettles(context, { answers, fresh, transaction: first, what: "repeat" });
  return warnings;
}

describe("judgeRepeatedSettles", () => {
  it("passes a replay that fails with an empty transaction", () => {
    expect(judge([failure], 0, transaction)).toEqual([]);
  });

  it("warns on a success marked as a replay that names the first transaction", () => {
    expect(isMarkedReplay(marked)).toBe(true);
    expect(judge([marked], 0, transaction)).toEqual([expect.stringContaining("extensions.x402kit.replayed")]);
  });

  it("fails an unmarked success: it reads as a new settlement", () => {
    expect(isMarkedReplay(success)).toBe(false);
    expect(() => judge([success], 0, transaction)).toThrow(CaseFailure);
    expect(() => judge([success], 0, transaction)).toThrow("unmarked");
  });

  it("fails a success that names another transaction, marked or not", () => {
    expect(() => judge([marked], 0, `0x${"cd".repeat(32)}`)).toThrow("2 transactions");
  });

  it("allows one plain success among concurrent duplicates, and no second one", () => {
    expect(judge([success, failure, failure], 1)).toEqual([]);
    expect(judge([marked, success, marked], 1)).toHaveLength(1);
    expect(() => judge([success, success, failure], 1)).toThrow("1 repeat(s) answer success:true unmarked");
  });

  it("fails a failed repeat that names a transaction", () => {
    expect(() => judge([{ ...failure, transaction }], 0, transaction)).toThrow(
      "transaction of a failed settle",
    );
  });
});
