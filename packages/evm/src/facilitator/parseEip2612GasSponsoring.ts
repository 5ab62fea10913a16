import { evmAddressSchema, hexSchema, type PaymentPayload, uintStringSchema } from "@x402kit/types";
import { type Address, getAddress, type Hex, isAddressEqual } from "viem";
import { permit2Address } from "../constants.js";
import { eip2612GasSponsoringKey } from "../extensions/eip2612GasSponsoringExtension.js";
import { type SplitSignatureReturnType, splitSignature } from "../utils/splitSignature.js";

/** The payer's EIP-2612 permit for Permit2, as `settleWithPermit` takes it. */
export type Eip2612Permit = { value: bigint; deadline: bigint } & SplitSignatureReturnType;

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
  | { ok: true; permit2612: Eip2612Permit | undefined }
  | { ok: false; message: string };

const fields = {
  from: evmAddressSchema,
  asset: evmAddressSchema,
  spender: evmAddressSchema,
  amount: uintStringSchema,
  nonce: uintStringSchema,
  deadline: uintStringSchema,
  signature: hexSchema,
} as const;

/**
 * Reads the payer's EIP-2612 permit for Permit2 from the payload's `eip2612GasSponsoring` extension and checks it
 * against the payment (extensions/eip2612_gas_sponsoring.md, "Verification Logic"): from = payer, asset = token,
 * spender = Permit2, an amount that covers the payment, a live deadline, a 65-byte signature. The token itself
 * checks the signature, in the simulation of `settleWithPermit`. `permit2612` is undefined when the payload carries
 * no such extension.
 */
export function parseEip2612GasSponsoring(
  parameters: ParseEip2612GasSponsoringParameters,
): ParseEip2612GasSponsoringReturnType {
  const { payload, payer, token, permitted, notBefore } = parameters;
  const extension = payload.extensions?.[eip2612GasSponsoringKey] as { info?: unknown } | undefined;
  if (extension === undefined) return { ok: true, permit2612: undefined };
  const info = (typeof extension === "object" && extension !== null ? extension.info : undefined) as
    | Record<string, unknown>
    | undefined;
  const malformed = Object.entries(fields).find(([name, schema]) => !schema.safeParse(info?.[name]).success);
  if (!info || malformed || typeof info.version !== "string")
    return { ok: false, message: `eip2612GasSponsoring.info is malformed (${malformed?.[0] ?? "version"}).` };
  if (!isAddressEqual(getAddress(info.from as string), payer))
    return { ok: false, message: "The EIP-2612 permit is not the payer's." };
  if (!isAddressEqual(getAddress(info.asset as string), token))
    return { ok: false, message: "The EIP-2612 permit is for another token." };
  if (!isAddressEqual(getAddress(info.spender as string), permit2Address))
    return { ok: false, message: "The EIP-2612 permit's spender is not Permit2." };
  const value = BigInt(info.amount as string);
  const deadline = BigInt(info.deadline as string);
  if (value < permitted)
    return { ok: false, message: "The EIP-2612 permit approves less than the Permit2 amount." };
  if (deadline <= notBefore) return { ok: false, message: "The EIP-2612 permit has expired." };
  const split = splitSignature(info.signature as Hex);
  if (!split) return { ok: false, message: "The EIP-2612 permit's signature is not 65 bytes." };
  return { ok: true, permit2612: { value, deadline, ...split } };
}
