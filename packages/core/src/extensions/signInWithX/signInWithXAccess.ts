import { addressKey, type Extensions, headerNames, type SignInChain } from "@x402kit/types";
import type { PaymentContext, PaymentHooks } from "../../engine/types.js";
import { X402Error } from "../../errors/X402Error.js";
import type { EntitlementStore } from "../../facilitator/store.js";
import { createSignInChallenge } from "./createSignInChallenge.js";
import type { SignInVerifier } from "./types.js";
import { verifySignInWithX } from "./verifySignInWithX.js";

export type SignInWithXAccessParameters = {
  /** The chains a proof may be signed on (`supportedChains`), e.g. `[{ chainId: "eip155:8453", type: "eip191" }]`. */
  chains: readonly SignInChain[];
  /** The verifiers of those chains, e.g. `evmSignInVerifier()` from `@x402kit/evm`. */
  verifiers: readonly SignInVerifier[];
  /** Where entitlements and used sign-in nonces are kept: any x402kit store (memory, SQLite, PostgreSQL). */
  store: EntitlementStore;
  /** How long a settled payment entitles its payer to come back, in seconds. Default 86 400 (a day). */
  validitySeconds?: number | undefined;
  /** Shown by the wallet when it signs. */
  statement?: string | undefined;
  /** The name an entitlement is kept under. Default: the request URL's path (one payment, one path). */
  resourceOf?: ((context: PaymentContext) => string) | undefined;
};

export type SignInWithXAccessReturnType = {
  /** The route's `extensions`: a fresh challenge (its own nonce) in every 402. */
  extensions(context: PaymentContext): Extensions;
  /**
   * `beforeRequest` grants a request that carries a valid `SIGN-IN-WITH-X` proof of an address entitled to the
   * resource, refuses a bad proof (401, its reason code), and lets everything else go on to payment;
   * `afterSettle` entitles the payer of a confirmed settlement.
   */
  hooks: Required<Pick<PaymentHooks, "beforeRequest" | "afterSettle">>;
};

export type SignInWithXAccessErrorType = X402Error<"invalid_config">;

/**
 * Repeat access without a second payment (extensions/sign-in-with-x.md): the 402 offers a sign-in challenge; a
 * settled payment entitles its payer to the resource for `validitySeconds`; a request signed in as that payer is
 * granted without payment ("Check Payment History"). HTTP only: over MCP the hooks let every call go on to payment.
 */
export function signInWithXAccess(parameters: SignInWithXAccessParameters): SignInWithXAccessReturnType {
  const { chains, verifiers, store, statement } = parameters;
  if (chains.length === 0)
    throw new X402Error("invalid_config", "signInWithXAccess: give at least one chain.");
  const validity = (parameters.validitySeconds ?? 86_400) * 1000;
  const resourceOf = parameters.resourceOf ?? ((context: PaymentContext) => new URL(context.url).pathname);
  return {
    extensions: (context) => ({ ...createSignInChallenge({ url: context.url, chains, statement }) }),
    hooks: {
      async beforeRequest({ context }) {
        if (context.transport !== "http") return undefined;
        const header = context.request.header(headerNames.signInWithX);
        if (!header) return undefined;
        const now = Date.now();
        const verified = await verifySignInWithX({
          header,
          url: context.url,
          chains,
          verifiers,
          now,
          useNonce: (nonce, expiresAt) => store.useSignInNonce({ nonce, expiresAt, now }),
        });
        // A bad proof is refused outright: it is neither a payment nor a sign-in (no content, a reason code).
        if (!verified.ok)
          return { type: "deny", status: 401, reason: verified.reason, message: verified.message };
        const entitled = await store.findEntitlement({
          resource: resourceOf(context),
          address: verified.address,
          now,
        });
        // Signed in but not entitled (never paid, or expired): go on to payment.
        return entitled ? { type: "grant" } : undefined;
      },
      async afterSettle({ context, payment, settlement }) {
        const payer = settlement.payer ?? payment.payer;
        if (!payer || !settlement.success) return;
        const now = Date.now();
        await store.grantEntitlement({
          resource: resourceOf(context),
          address: addressKey(payer),
          grantedAt: now,
          expiresAt: now + validity,
          network: settlement.network,
          transaction: settlement.transaction,
        });
      },
    },
  };
}
