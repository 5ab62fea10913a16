import { mockSmartWalletAbi, mockSmartWalletBytecode } from "@x402kit/contracts";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBaseContext } from "../src/context/createBaseContext.js";
import { normalizePayment, settleExactPayment, verifyExactPayment } from "../src/suite/judgeExactPayment.js";
import { type StartSuiteChainReturnType, startSuiteChain } from "../src/suite/startSuiteChain.js";

// The suite's own judge (used by the facilitator and the route it runs for servers and clients under test).
describe("the suite's exact EVM judge", () => {
  let chain: StartSuiteChainReturnType;
  beforeAll(async () => {
    chain = await startSuiteChain();
  });
  afterAll(async () => {
    await chain?.stop();
  });
  const context = () =>
    createBaseContext(chain, {
      warn: () => {},
      inform: () => {},
      skip: (reason) => {
        throw new Error(reason);
      },
    });
  const normalize = (payload: unknown, requirements: unknown) =>
    normalizePayment({
      x402Version: 2,
      paymentPayload: payload as never,
      paymentRequirements: requirements as never,
    });

  it("settles an EIP-1271 smart-wallet payment (so the smart-wallet case is satisfiable)", async () => {
    const ctx = context();
    const owner = await ctx.newBuyer({ usdc: 0n });
    const wallet = await chain.deploy({
      abi: mockSmartWalletAbi,
      bytecode: mockSmartWalletBytecode,
      args: [owner.address],
    });
    await chain.mint(wallet, 1_000_000n);
    const requirements = ctx.requirements();
    const payload = await ctx.signExactPayment({
      buyer: owner.account,
      requirements,
      overrides: { authorization: { from: wallet } },
    });
    const settled = await settleExactPayment(
      chain,
      privateKeyToAccount(chain.suiteFacilitatorKey),
      normalize(payload, requirements),
    );
    expect(settled.success).toBe(true);
    expect(await chain.balanceOf(requirements.payTo as `0x${string}`)).toBe(10_000n);
  });

  it("refuses a wrong amount and a used nonce with the spec's codes", async () => {
    const ctx = context();
    const buyer = await ctx.newBuyer();
    const requirements = ctx.requirements();
    const wrong = await ctx.signExactPayment({
      buyer: buyer.account,
      requirements,
      overrides: { authorization: { value: 1n } },
    });
    expect((await verifyExactPayment(chain, normalize(wrong, requirements))).invalidReason).toBe(
      "invalid_exact_evm_payload_authorization_value_mismatch",
    );
    const good = await ctx.signExactPayment({ buyer: buyer.account, requirements });
    const account = privateKeyToAccount(chain.suiteFacilitatorKey);
    expect((await settleExactPayment(chain, account, normalize(good, requirements))).success).toBe(true);
    const again = await settleExactPayment(chain, account, normalize(good, requirements));
    expect(again).toMatchObject({
      success: false,
      transaction: "",
      errorReason: "invalid_exact_evm_payload_authorization_nonce_used",
    });
  });
});
