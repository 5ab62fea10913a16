import type { Extensions } from "@x402kit/types";

/** The extension's key in `extensions` (extensions/eip2612_gas_sponsoring.md). */
export const eip2612GasSponsoringKey = "eip2612GasSponsoring";

const address = { type: "string", pattern: "^0x[a-fA-F0-9]{40}$" } as const;
const uint = { type: "string", pattern: "^[0-9]+$" } as const;

/**
 * The `eip2612GasSponsoring` entry of a 402's `extensions` (extensions/eip2612_gas_sponsoring.md, "PaymentRequired"):
 * put it in a route's `extensions` to tell clients that the facilitator accepts an EIP-2612 permit for Permit2 in
 * place of an approval transaction. The client fills in the data; the `schema` describes it.
 */
export function eip2612GasSponsoringExtension(): Extensions {
  return {
    [eip2612GasSponsoringKey]: {
      info: {
        description: "The facilitator accepts EIP-2612 gasless Permit to `Permit2` canonical contract.",
        version: "1",
      },
      schema: {
        $schema: "https://json-schema.org/draft/2020-12/schema",
        type: "object",
        properties: {
          from: { ...address, description: "The address of the sender." },
          asset: { ...address, description: "The address of the ERC-20 token contract." },
          spender: { ...address, description: "The address of the spender (Canonical Permit2)." },
          amount: { ...uint, description: "The amount to approve (uint256)." },
          nonce: { ...uint, description: "The current nonce of the sender." },
          deadline: { ...uint, description: "The timestamp at which the signature expires." },
          signature: {
            type: "string",
            pattern: "^0x[a-fA-F0-9]+$",
            description: "The 65-byte concatenated signature (r, s, v) as a hex string.",
          },
          version: {
            type: "string",
            pattern: "^[0-9]+(\\.[0-9]+)*$",
            description: "Schema version identifier.",
          },
        },
        required: ["from", "asset", "spender", "amount", "nonce", "deadline", "signature", "version"],
      },
    },
  };
}
