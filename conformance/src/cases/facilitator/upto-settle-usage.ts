import { type Address, getAddress } from "viem";
import {
  expectSettleFailed,
  readSettleResponse,
  readVerifyResponse,
} from "../../context/facilitatorChecks.js";
import {
  newPermit2Buyer,
  permit2Requirements,
  preparePermit2,
  readSupported,
  signPermit2Payment,
} from "../../context/permit2Payments.js";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "facilitator.upto.settle-usage",
  spec: ["upto-evm §1 Phase 4", "upto §4", "upto-evm §3", "v2 §7.2"],
  level: "MUST",
  role: "facilitator",
  description:
    "An upto facilitator settles the amount used (at most the maximum), and refuses more than the maximum.",
  run: async (context) => {
    const supported = await readSupported(context);
    const kind = supported?.kinds.find(
      (k) => k.x402Version === 2 && k.scheme === "upto" && k.network === context.chain.network,
    );
    const announced = kind?.extra?.["facilitatorAddress"];
    if (typeof announced !== "string")
      context.skip("GET /supported lists no upto kind with a facilitatorAddress");
    const facilitator = getAddress(announced as string);
    const token = await preparePermit2(context);
    const buyer = await newPermit2Buyer(context, token, { approved: true });
    const maximum = permit2Requirements(context, token, { scheme: "upto", amount: "40000" });
    maximum.extra = { ...maximum.extra, facilitatorAddress: facilitator };
    const payload = await signPermit2Payment({
      chain: context.chain,
      buyer: buyer.account,
      requirements: maximum,
      scheme: "upto",
      facilitator,
    });
    const verified = readVerifyResponse(
      context,
      await context.facilitator.verify(context.facilitator.body(payload, maximum)),
    );
    context.expect.that(
      verified.isValid === true,
      `verify: isValid ${verified.isValid} (${verified.invalidReason})`,
    );

    const payTo = maximum.payTo as Address;
    const above = { ...maximum, amount: "40001" };
    await context.expect.balanceChanges(
      [{ address: payTo, delta: 0n, label: "payTo", token: token.address }],
      async () =>
        expectSettleFailed(
          context,
          await context.facilitator.settle(context.facilitator.body(payload, above)),
          ["invalid_upto_evm_payload_settlement_exceeds_amount"],
          "POST /settle (above the maximum)",
        ),
    );
    const used = { ...maximum, amount: "10000" };
    const settled = await context.expect.balanceChanges(
      [
        { address: buyer.address, delta: -10_000n, label: "buyer", token: token.address },
        { address: payTo, delta: 10_000n, label: "payTo", token: token.address },
      ],
      async () =>
        readSettleResponse(
          context,
          await context.facilitator.settle(context.facilitator.body(payload, used)),
        ),
    );
    context.expect.equal(settled.success, true, `success (${settled.errorReason ?? ""})`);
    if (settled.amount !== undefined) context.expect.equal(settled.amount, "10000", "SettleResponse amount");
  },
});
