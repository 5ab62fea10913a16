import type { EvmClient } from "@x402kit/evm";
import type { Address, Hex } from "viem";
import { verifyHash } from "viem/actions";
import { zeroAddress } from "../constants.js";
import type { ChannelConfig } from "../schemas.js";
import { verifyEoaSignature } from "./verifyEoaSignature.js";
import { voucherDigest } from "./voucherDigest.js";

export type VerifyVoucherSignatureParameters = {
  config: ChannelConfig;
  channelId: Hex;
  maxClaimableAmount: bigint;
  signature: Hex;
  chainId: number;
  /** Needed only when `payerAuthorizer` is zero: the payer is then checked through EIP-1271 (a smart wallet). */
  client?: EvmClient | undefined;
};

/**
 * Verification rule 6 of scheme_batch_settlement_evm.md: a voucher committed to an EOA `payerAuthorizer` is checked
 * locally (ECDSA, no RPC); with a zero authorizer it is checked against the payer on-chain (EIP-1271, or ECDSA for
 * an EOA payer). False without a client in the second case.
 */
export async function verifyVoucherSignature(parameters: VerifyVoucherSignatureParameters): Promise<boolean> {
  const { config, channelId, maxClaimableAmount, signature, chainId, client } = parameters;
  const digest = voucherDigest({ channelId, maxClaimableAmount, chainId });
  if (config.payerAuthorizer.toLowerCase() !== zeroAddress)
    return verifyEoaSignature({ digest, signature, signer: config.payerAuthorizer as Address });
  if (!client) return false;
  return verifyHash(client, { address: config.payer as Address, hash: digest, signature }).catch(() => false);
}
