import { reasons, rejectedSettleCase } from "../../context/facilitatorChecks.js";

export default rejectedSettleCase({
  id: "facilitator.settle.cancelled-authorization",
  spec: ["v2 §10.1"],
  rationale:
    "EIP-3009's cancelAuthorization marks a nonce used without any transfer; an authorization with that nonce can never settle, so it is as invalid as a used one.",
  level: "SHOULD",
  description: "Settle of an authorization the payer cancelled on-chain fails and moves nothing.",
  reasons: reasons.nonceUsed,
  build: async ({ signExactPayment, chain }, { buyer, requirements }) => {
    const payload = await signExactPayment({ buyer: buyer.account, requirements });
    const nonce = (payload.payload as { authorization: { nonce: `0x${string}` } }).authorization.nonce;
    const cancel = await buyer.account.signTypedData({
      domain: {
        name: chain.usdc.name,
        version: chain.usdc.version,
        chainId: chain.chainId,
        verifyingContract: chain.usdc.address,
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
    await chain.sendFromOperator({
      address: chain.usdc.address,
      functionName: "cancelAuthorization",
      args: [buyer.address, nonce, cancel],
    });
    return { payload };
  },
});
