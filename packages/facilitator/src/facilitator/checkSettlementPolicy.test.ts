import type { FacilitatorRequest } from "@x402kit/types";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { network, request, requirements, scriptedScheme } from "../../test/scriptedScheme.js";
import { createFacilitator } from "./createFacilitator.js";

// The scheme is scripted: these tests are about what reaches it. The chain test (no gas spent on a refusal) is the
// CLI's test/cliPublic.test.ts.
const silent = pino({ level: "silent" });
const withRequirements = (nonce: string, changes: Partial<typeof requirements>) => {
  const body = request(nonce) as Extract<FacilitatorRequest, { x402Version: 2 }>;
  const wanted = { ...body.paymentRequirements, ...changes };
  return {
    ...body,
    paymentRequirements: wanted,
    paymentPayload: { ...body.paymentPayload, accepted: wanted },
  };
};

describe("createFacilitator's policy", () => {
  it("refuses by network, asset, payTo and amount with a reason code, before the scheme is asked", async () => {
    const { scheme, calls } = scriptedScheme();
    const facilitator = createFacilitator({
      schemes: [scheme],
      logger: silent,
      policy: {
        networks: ["eip155:1"],
        assets: { [network]: [requirements.asset.toUpperCase().replace("0X", "0x")] },
        payToDeny: ["0x00000000000000000000000000000000000000D0"],
        minAmount: "10",
        maxAmount: 10_000n,
      },
    });
    const cases = [[{}, "invalid_network"]] as const;
    for (const [changes, reason] of cases) {
      const settled = await facilitator.settle(withRequirements("p1", changes));
      expect(settled).toMatchObject({ success: false, errorReason: reason, transaction: "" });
    }
    const served = createFacilitator({
      schemes: [scheme],
      logger: silent,
      policy: {
        networks: ["eip155:*"],
        assets: { [network]: [requirements.asset] },
        payToDeny: ["0x00000000000000000000000000000000000000D0"],
        minAmount: "10",
        maxAmount: 10_000n,
      },
    });
    for (const [changes, reason] of [
      [{ asset: "0x00000000000000000000000000000000000000a1" }, "policy_asset_not_allowed"],
      [{ payTo: "0x00000000000000000000000000000000000000d0" }, "policy_pay_to_not_allowed"],
      [{ amount: "9" }, "policy_amount_too_small"],
      [{ amount: "10001" }, "policy_amount_too_large"],
    ] as const) {
      expect(await served.verify(withRequirements("p2", changes))).toMatchObject({
        isValid: false,
        invalidReason: reason,
        invalidMessage: expect.any(String),
      });
      expect(await served.settle(withRequirements("p3", changes))).toMatchObject({
        success: false,
        errorReason: reason,
      });
    }
    expect(calls).toMatchObject({ verify: 0, settle: 0 });
    expect(await served.settle(withRequirements("p4", { amount: "10000" }))).toMatchObject({ success: true });
    expect(calls.settle).toBe(1);
  });

  it("runs the hook with the request, and refuses when it refuses or throws", async () => {
    const { scheme, calls } = scriptedScheme();
    const seen: string[] = [];
    const facilitator = createFacilitator({
      schemes: [scheme],
      logger: silent,
      policy: {
        payToAllow: [requirements.payTo],
        check: ({ operation, payload }) => {
          const nonce = (payload.payload.authorization as { nonce: string }).nonce;
          seen.push(`${operation}:${nonce}`);
          if (nonce === "boom") throw new Error("database down");
          return nonce === "vip" ? undefined : { reason: "customer_blocked", message: "Not a customer." };
        },
      },
    });
    expect(await facilitator.settle(request("nope"))).toMatchObject({ errorReason: "customer_blocked" });
    expect(await facilitator.verify(request("boom"))).toMatchObject({ invalidReason: "policy_error" });
    expect(await facilitator.settle(request("vip"))).toMatchObject({ success: true });
    expect(
      await facilitator.settle(
        withRequirements("vip", { payTo: "0x00000000000000000000000000000000000000e0" }),
      ),
    ).toMatchObject({ errorReason: "policy_pay_to_not_allowed" });
    expect(seen).toEqual(["settle:nope", "verify:boom", "settle:vip"]);
    expect(calls.settle).toBe(1);
  });

  it("refuses a bad policy", () => {
    const { scheme } = scriptedScheme();
    for (const policy of [{ minAmount: "10", maxAmount: "1" }, { minAmount: "-1" }, { extra: true }])
      expect(() => createFacilitator({ schemes: [scheme], logger: silent, policy: policy as never })).toThrow(
        /createFacilitator/,
      );
  });
});
