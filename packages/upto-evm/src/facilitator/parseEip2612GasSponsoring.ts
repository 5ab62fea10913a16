import { type SplitSignatureReturnType, splitSignature } from "@x402kit/evm";
import { evmAddressSchema, hexSchema, type PaymentPayload, uintStringSchema } from "@x402kit/types";
import { type Address, type Hex, isAddressEqual } from "viem";
import { z } from "zod";
import { permit2Address } from "../constants.js";

/** `extensions.eip2612GasSponsoring.info` of a PaymentPayload (extensions/eip2612_gas_sponsoring.md). */
const eip2612GasSponsoringInfoSchema = z.object({
  from: evmAddressSchema,
  asset: evmAddressSchema,
  spender: evmAddressSchema,
  amount: uintStringSchema,
  nonce: uintStringSchema,
  deadline: uintStringSchema,
  signature: hexSchema,
  version: z.string(),
});

export type ParseEip2612GasSponsoringParameters = {
  payload: PaymentPayload;
  payer: Address;
  token: Address;
  /** The Permit2 amount that the permit must cover. */
  permitted: bigint;
  /** Unix seconds, margin included: the permit's deadline must lie beyond it. */
  notBefore: bigint;
};

export type ParseEip2612GasSponsoringReturnType =
  | { ok: true; permit2612: ({ value: bigint; deadline: bigint } & SplitSignatureReturnType) | undefined }
  | { ok: false; message: string };

/**
 * Reads the payer's EIP-2612 permit for Permit2 from the payload's `eip2612GasSponsoring` extension and checks it
 * against the payment (from = payer, asset = token, spender = Permit2, amount and deadline enough, a 65-byte
 * signature). Its signature is checked by the token itself, in the simulation of `settleWithPermit`.
 * `permit2612` is undefined when the payload carries no such extension.
 */
export function parseEip2612GasSponsoring(
  parameters: ParseEip2612GasSponsoringParameters,
): ParseEip2612GasSponsoringReturnType {
  const { payload, payer, token, permitted, notBefore } = parameters;
  const extension = payload.extensions?.eip2612GasSponsoring as { info?: unknown } | undefined;
  if (extension === undefined) return { ok: true, permit2612: undefined };
  const parsed = eip2612GasSponsoringInfoSchema.safeParse(extension?.info);
  if (!parsed.success) return { ok: false, message: "eip2612GasSponsoring.info is malformed." };
  const info = parsed.data;
  if (!isAddressEqual(info.from as Address, payer))
    return { ok: false, message: "The EIP-2612 permit is not the payer's." };
  if (!isAddressEqual(info.asset as Address, token))
    return { ok: false, message: "The EIP-2612 permit is for another token." };
  if (!isAddressEqual(info.spender as Address, permit2Address))
    return { ok: false, message: "The EIP-2612 permit's spender is not Permit2." };
  if (BigInt(info.amount) < permitted)
    return { ok: false, message: "The EIP-2612 permit approves less than the Permit2 amount." };
  if (BigInt(info.deadline) <= notBefore) return { ok: false, message: "The EIP-2612 permit has expired." };
  const split = splitSignature(info.signature as Hex);
  if (!split) return { ok: false, message: "The EIP-2612 permit's signature is not 65 bytes." };
  return { ok: true, permit2612: { value: BigInt(info.amount), deadline: BigInt(info.deadline), ...split } };
}
