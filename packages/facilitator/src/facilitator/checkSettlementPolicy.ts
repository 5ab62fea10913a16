import type { PaymentPayload, PaymentRequirements } from "@x402kit/types";
import { matchesNetworkPattern } from "@x402kit/types";
import { z } from "zod";

/** What a policy hook is asked about: a request, before the scheme looks at it (no RPC call has been made). */
export type SettlementPolicyRequest = {
  operation: "verify" | "settle";
  requirements: PaymentRequirements;
  payload: PaymentPayload;
};

/** A hook's refusal: a reason code (snake_case) and a message for the caller. */
export type SettlementPolicyRefusal = { reason: string; message: string };

/**
 * Which payments this facilitator will pay gas for, checked before any RPC call or transaction. Every list is
 * compared case-insensitively. A refusal answers verify `isValid: false` and settle `success: false` with a reason
 * (`policy_*`, or the spec's own code where one fits) and spends nothing.
 */
export type SettlementPolicy = {
  /** CAIP-2 ids or patterns (`eip155:*`) served; others get `invalid_network`. Default: every network served. */
  networks?: readonly string[] | undefined;
  /**
   * The assets settled, by network: `{ "eip155:8453": ["0x8335…"] }`; an asset not listed for its network gets
   * `policy_asset_not_allowed`. Default: the schemes' own lists (the CLI configures assets per network).
   */
  assets?: Readonly<Record<string, readonly string[]>> | undefined;
  /** Only these recipients (`payTo`); others get `policy_pay_to_not_allowed`. */
  payToAllow?: readonly string[] | undefined;
  /** Never these recipients; they get `policy_pay_to_not_allowed`. */
  payToDeny?: readonly string[] | undefined;
  /** The smallest amount (atomic units) worth a transaction; below it, `policy_amount_too_small`. */
  minAmount?: string | bigint | undefined;
  /** The largest amount (atomic units); above it, `policy_amount_too_large`. */
  maxAmount?: string | bigint | undefined;
  /**
   * The most this facilitator pays in fees, by network (CAIP-2 id or pattern; an exact id wins), in the network's
   * native atomic unit (wei, lamports): `perSettlement` (the scheme's estimate of a settlement's most possible fee;
   * above it, `policy_fee_too_high`) and `perHour` (what was paid in the last hour, rolling, plus what settlements in
   * flight may pay; over it, `policy_fee_budget_exceeded`). Checked at settle, before anything is sent.
   */
  maxFee?:
    | Readonly<
        Record<string, { perSettlement?: string | bigint | undefined; perHour?: string | bigint | undefined }>
      >
    | undefined;
  /** Custom rules: return a refusal to refuse, or nothing to go on. A hook that throws refuses (`policy_error`). */
  check?:
    | ((
        request: SettlementPolicyRequest,
      ) => SettlementPolicyRefusal | undefined | Promise<SettlementPolicyRefusal | undefined>)
    | undefined;
};

const atomic = z.union([
  z.bigint().min(0n),
  z
    .string()
    .regex(/^\d{1,78}$/, "must be atomic units, a decimal string")
    .transform((value) => BigInt(value)),
]);
const address = z.string().min(1).max(200);
export const settlementPolicySchema = z
  .strictObject({
    networks: z.array(z.string().min(3).max(64)).optional(),
    assets: z.record(z.string().min(3).max(64), z.array(address)).optional(),
    payToAllow: z.array(address).optional(),
    payToDeny: z.array(address).optional(),
    minAmount: atomic.optional(),
    maxAmount: atomic.optional(),
    maxFee: z
      .record(
        z.string().min(3).max(64),
        z.strictObject({ perSettlement: atomic.optional(), perHour: atomic.optional() }),
      )
      .optional(),
    check: z
      .custom<NonNullable<SettlementPolicy["check"]>>((value) => typeof value === "function")
      .optional(),
  })
  .refine(
    (policy) =>
      policy.minAmount === undefined ||
      policy.maxAmount === undefined ||
      policy.minAmount <= policy.maxAmount,
    { message: "minAmount must not exceed maxAmount", path: ["minAmount"] },
  );

export type CheckSettlementPolicyParameters = z.output<typeof settlementPolicySchema>;

export type CheckSettlementPolicyReturnType = (
  request: SettlementPolicyRequest,
) => Promise<SettlementPolicyRefusal | undefined>;

const lower = (values: readonly string[] | undefined) =>
  values && new Set(values.map((value) => value.toLowerCase()));

/**
 * The policy as one check, run by the facilitator after the request is parsed and matched to a scheme, and before
 * the scheme verifies it (no RPC call) or settles it (no transaction). At settle, the amount checked is the
 * requirements' `amount`: what the transaction moves (for `upto`, what is settled).
 */
export function checkSettlementPolicy(
  policy: CheckSettlementPolicyParameters,
): CheckSettlementPolicyReturnType {
  const allow = lower(policy.payToAllow);
  const deny = lower(policy.payToDeny);
  const assets =
    policy.assets && new Map(Object.entries(policy.assets).map(([network, list]) => [network, lower(list)!]));
  return async (request) => {
    const { network, asset, payTo, amount } = request.requirements;
    // spec v2 §7: `invalid_network` is the spec's code for a network the facilitator will not serve.
    if (policy.networks && !policy.networks.some((pattern) => matchesNetworkPattern(network, pattern)))
      return { reason: "invalid_network", message: `This facilitator does not settle on ${network}.` };
    if (assets && !assets.get(network)?.has(asset.toLowerCase()))
      return {
        reason: "policy_asset_not_allowed",
        message: `This facilitator does not settle ${asset} on ${network}.`,
      };
    const to = payTo.toLowerCase();
    if ((allow && !allow.has(to)) || deny?.has(to))
      return {
        reason: "policy_pay_to_not_allowed",
        message: `This facilitator does not settle payments to ${payTo}.`,
      };
    const value = /^\d{1,78}$/.test(amount) ? BigInt(amount) : undefined;
    if (value !== undefined && policy.minAmount !== undefined && value < policy.minAmount)
      return {
        reason: "policy_amount_too_small",
        message: `The amount ${amount} is below this facilitator's minimum of ${policy.minAmount}.`,
      };
    if (value !== undefined && policy.maxAmount !== undefined && value > policy.maxAmount)
      return {
        reason: "policy_amount_too_large",
        message: `The amount ${amount} is above this facilitator's maximum of ${policy.maxAmount}.`,
      };
    if (!policy.check) return undefined;
    try {
      const refusal = await policy.check(request);
      if (refusal === undefined) return undefined;
      return {
        reason: /^[a-z][a-z0-9_]{0,63}$/.test(refusal.reason) ? refusal.reason : "policy_refused",
        message: String(refusal.message).slice(0, 300),
      };
    } catch {
      return {
        reason: "policy_error",
        message: "The facilitator's policy could not decide; nothing was settled.",
      };
    }
  };
}
