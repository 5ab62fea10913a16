import { z } from "zod";
import type { FacilitatorLike } from "../facilitator/types.js";
import type { SchemeServer } from "../schemes/types.js";
import type { PaymentLogger } from "./types.js";

const hasMethods =
  (methods: readonly string[]) =>
  (value: unknown): boolean =>
    typeof value === "object" &&
    value !== null &&
    methods.every((method) => typeof (value as Record<string, unknown>)[method] === "function");

const priceSchema = z.union(
  [
    z.string().min(1),
    z.number().finite().nonnegative(),
    z.looseObject({
      amount: z.string().regex(/^\d{1,78}$/, "must be atomic units as an integer string"),
      asset: z.string().min(1),
      extra: z.record(z.string(), z.unknown()).optional(),
    }),
  ],
  { error: 'must be "$0.01", 0.01 or { amount, asset } in atomic units' },
);

/** A function of the request (dynamic prices, issue 14); what it returns is checked when it runs. */
const functionSchema = z.custom<(...args: never[]) => unknown>((value) => typeof value === "function");

const paymentOptionSchema = z.looseObject({
  scheme: z.string().min(1),
  network: z.string().regex(/^[-a-z0-9]{3,8}:[-_a-zA-Z0-9]{1,32}$/, "must be a CAIP-2 id like eip155:8453"),
  price: z.union([functionSchema, priceSchema], {
    error: 'must be "$0.01", 0.01, { amount, asset } in atomic units, or a function of the request',
  }),
  payTo: z.union([functionSchema, z.string().min(1)], {
    error: "must be an address, or a function of the request",
  }),
  maxTimeoutSeconds: z.number().int().positive().optional(),
  extra: z.record(z.string(), z.unknown()).optional(),
});

/** A priced resource (an HTTP route, an MCP tool). */
export const resourceConfigSchema = z.looseObject({
  // One option or several: checked as a list, so that an error names the field of the option at fault.
  accepts: z.preprocess(
    (value) => (Array.isArray(value) ? value : [value]),
    z.array(paymentOptionSchema).min(1, "accepts no payment"),
  ),
  description: z.string().optional(),
  mimeType: z.string().optional(),
  resource: z.string().optional(),
  extensions: z.union([functionSchema, z.record(z.string(), z.unknown())]).optional(),
});

const hooksSchema = z
  .object({
    beforeRequest: functionSchema.optional(),
    afterVerify: functionSchema.optional(),
    afterSettle: functionSchema.optional(),
    onSettlementFailure: functionSchema.optional(),
    onFacilitatorFailure: functionSchema.optional(),
  })
  .strict();

const schemeSchema = z.custom<SchemeServer>(
  (value) =>
    hasMethods(["buildRequirements"])(value) &&
    typeof (value as SchemeServer).scheme === "string" &&
    Array.isArray((value as SchemeServer).networks),
  "expected the server side of a scheme ({ scheme, networks, buildRequirements })",
);

const facilitatorSchema = z.custom<FacilitatorLike>(
  hasMethods(["verify", "settle"]),
  "expected a facilitator ({ verify, settle }), e.g. createFacilitatorClient({ url })",
);

/** What every engine needs beside its resources: the schemes and the facilitators. */
export const engineDependenciesSchema = {
  schemes: z.array(schemeSchema).min(1, "give at least one scheme"),
  facilitator: z.preprocess(
    (value) => (Array.isArray(value) ? value : [value]),
    z.array(facilitatorSchema).min(1, "give at least one facilitator"),
  ),
  hooks: hooksSchema.optional(),
  logger: z
    .custom<PaymentLogger>(hasMethods(["info", "warn", "error"]), "expected a logger ({ info, warn, error })")
    .optional(),
};

/**
 * The engine's configuration, checked when it is created (a boundary: a typo in a resource fails at start-up
 * with a message that names it, not on the first paid request). Transports extend it with their own options.
 */
export const paymentEngineConfigSchema = z.object({
  resources: z.record(z.string().min(1), resourceConfigSchema),
  ...engineDependenciesSchema,
});
