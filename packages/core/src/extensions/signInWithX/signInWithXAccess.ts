import {
  addressKey,
  type Extensions,
  headerNames,
  type SignInChain,
  signInWithXMetaKey,
} from "@x402kit/types";
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
  /**
   * The server's public origin, e.g. `https://api.example.com`: challenges are issued for it and proofs must be for
   * it, whatever the request's Host says. Required for MCP tools (an `mcp://` URL has no origin to sign in to; use
   * the MCP endpoint's URL); over HTTP the default is the request URL's origin.
   */
  origin?: string | undefined;
  /**
   * The name an entitlement is kept under. Default: the request URL's path over HTTP (one payment, one path), the
   * tool's resource URL over MCP (`mcp://tool/<name>`).
   */
  resourceOf?: ((context: PaymentContext) => string) | undefined;
};

export type SignInWithXAccessReturnType = {
  /** The resource's `extensions`: a fresh challenge (its own nonce) in every 402. */
  extensions(context: PaymentContext): Extensions;
  /**
   * `beforeRequest` grants a request that carries a valid `SIGN-IN-WITH-X` proof of an address entitled to the
   * resource, refuses a bad proof (401, its reason code), and lets everything else go on to payment;
   * `afterSettle` entitles the payer of a confirmed settlement. Over MCP the proof is read from the call's
   * `_meta["x402/sign-in-with-x"]`, and a refusal is the tool's error result.
   */
  hooks: Required<Pick<PaymentHooks, "beforeRequest" | "afterSettle">>;
};

export type SignInWithXAccessErrorType = X402Error<"invalid_config">;

/**
 * Repeat access without a second payment (extensions/sign-in-with-x.md): the 402 offers a sign-in challenge; a
 * settled payment entitles its payer to the resource for `validitySeconds`; a request signed in as that payer is
 * granted without payment ("Check Payment History"). HTTP and MCP alike (MCP needs `origin`).
 */
export function signInWithXAccess(parameters: SignInWithXAccessParameters): SignInWithXAccessReturnType {
  const { chains, verifiers, store, statement } = parameters;
  if (chains.length === 0)
    throw new X402Error("invalid_config", "signInWithXAccess: give at least one chain.");
  const validity = (parameters.validitySeconds ?? 86_400) * 1000;
  let origin: URL | undefined;
  try {
    origin = parameters.origin === undefined ? undefined : new URL(parameters.origin);
  } catch {
    throw new X402Error("invalid_config", `signInWithXAccess: origin "${parameters.origin}" is not a URL.`);
  }
  if (origin && origin.protocol !== "https:" && origin.protocol !== "http:")
    throw new X402Error("invalid_config", "signInWithXAccess: origin must be an http(s) URL.");
  const resourceOf =
    parameters.resourceOf ??
    ((context: PaymentContext) =>
      context.transport === "http" ? new URL(context.url).pathname : context.url);
  /** The URL a challenge is for and a proof is checked against; undefined: none (MCP without an origin). */
  const signInUrl = (context: PaymentContext): string | undefined => {
    if (context.transport === "mcp") return origin?.href;
    if (!origin) return context.url;
    const requested = new URL(context.url, origin);
    return new URL(`${requested.pathname}${requested.search}`, origin).href;
  };
  return {
    extensions(context) {
      const url = signInUrl(context);
      if (!url) return {};
      return {
        ...createSignInChallenge({
          url,
          chains,
          statement,
          ...(context.transport === "mcp" ? { resources: [context.url] } : {}),
        }),
      };
    },
    hooks: {
      async beforeRequest({ context }) {
        const url = signInUrl(context);
        if (!url) return undefined;
        const presented =
          context.transport === "http"
            ? { header: context.request.header(headerNames.signInWithX) || undefined }
            : { proof: context.meta?.[signInWithXMetaKey] };
        if (presented.header === undefined && presented.proof === undefined) return undefined;
        const now = Date.now();
        const verified = await verifySignInWithX({
          ...presented,
          url,
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
