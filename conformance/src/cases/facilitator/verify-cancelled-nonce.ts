import type { Hex } from "viem";
import { expectRejected, freshPayment, reasons } from "../../context/facilitatorChecks.js";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "facilitator.verify.cancelled-nonce",
  spec: ["v2 §10.1"],
  rationale:
    "EIP-3009's cancelAuthorization marks a nonce used without any transfer; an authorization with that nonce can never settle, so it is as invalid as a used one.",
  level: "SHOULD",
  role: "facilitator",
  description: "An authorization the payer cancelled on-chain (cancelAuthorization) is invalid.",
  run: async (context) => {
    const { buyer, requirements } = await freshPayment(context);
    const payload = await context.signExactPayment({ buyer: buyer.account, requirements });
    const nonce = (payload.payload as { authorization: { nonce: Hex } }).authorization.nonce;
    const cancel = await buyer.account.signTypedData({
      domain: {
        name: context.chain.usdc.name,
        version: context.chain.usdc.version,
        chainId: context.chain.chainId,
        verifyingContract: context.chain.usdc.address,
      },
      types: {
        CancelAuthorization: [
          { name: "authorizer", type: "address" },
          { name: "nonce", type: "bytes32" },
        ],
      },
      primaryType: "CancelAuthorization",
      message: { authorizer: buyer.address, nonce },
    });
    await context.chain.sendFromOperator({
      address: context.chain.usdc.address,
      functionName: "cancelAuthorization",
      args: [buyer.address, nonce, cancel],
    });
    expectRejected(
      context,
      await context.facilitator.verify(context.facilitator.body(payload, requirements)),
      reasons.nonceUsed,
    );
  },
});
