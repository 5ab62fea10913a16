import { mockSmartWalletAbi, mockSmartWalletBytecode } from "@x402kit/contracts";
import { freshPayment, readVerifyResponse } from "../../context/facilitatorChecks.js";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "facilitator.verify.smart-wallet",
  spec: ["exact-evm §1 Phase 2 (1)"],
  rationale:
    "Phase 2 (1) asks for a signature valid for authorization.from; for a smart-contract wallet that validity is EIP-1271's isValidSignature, which USDC v2.2's bytes-signature transferWithAuthorization accepts.",
  level: "SHOULD",
  role: "facilitator",
  description: "A payment from an EIP-1271 smart wallet (signed by its owner) verifies, payer = the wallet.",
  run: async (context) => {
    const { chain } = context;
    const { buyer: owner, requirements } = await freshPayment(context);
    const smartWallet = await chain.deploy({
      abi: mockSmartWalletAbi,
      bytecode: mockSmartWalletBytecode,
      args: [owner.address],
    });
    await chain.mint(smartWallet, 1_000_000n);
    const payload = await context.signExactPayment({
      buyer: owner.account,
      requirements,
      overrides: { authorization: { from: smartWallet } },
    });
    const body = readVerifyResponse(
      context,
      await context.facilitator.verify(context.facilitator.body(payload, requirements)),
    );
    context.expect.that(
      body.isValid === true,
      `an EIP-1271 payment is rejected: ${body.invalidReason ?? "no reason"}`,
    );
    context.expect.equal(body.payer?.toLowerCase(), smartWallet.toLowerCase(), "payer");
  },
});
