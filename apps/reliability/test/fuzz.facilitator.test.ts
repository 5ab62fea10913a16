import { watchBalances } from "@x402kit/testchain";
import type { PaymentRequirements, ResourceInfo } from "@x402kit/types";
import { facilitatorRequestSchema } from "@x402kit/types";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countAuthorizationUses } from "../src/countAuthorizationUses.js";
import { createServedLog } from "../src/createServedLog.js";
import {
  adversarialFacilitatorBody,
  type FacilitatorFuzzInput,
  facilitatorBodyClasses,
} from "../src/fuzz/adversarialFacilitatorBody.js";
import { checkProperty } from "../src/fuzz/checkProperty.js";
import { createSeedMessages, type SeedMessages } from "../src/fuzz/createSeedMessages.js";
import { fuzzRuns } from "../src/fuzz/fuzzRuns.js";
import { requestPaymentRequired } from "../src/requestPaymentRequired.js";
import { type SignPaymentReturnType, signPayment } from "../src/signPayment.js";
import { startPaidApp } from "../src/startPaidApp.js";
import { type ReliabilityStack, startReliabilityStack } from "../src/startReliabilityStack.js";

// Adversarial inputs (issue 6) against x402kit's facilitator service (`createFacilitatorServer`) over real HTTP:
// 1 000 generated bodies for `POST /verify` and 1 000 for `POST /settle` (`X402KIT_FUZZ_RUNS` for a deep run), 25 at
// a time, every class of input drawn on each route.
//
// The contract checked (docs/reliability.md): a body that is not a facilitator request (not JSON, not the schema,
// over the limit, not a JSON content type) gets a 4xx (400, 413, 415) whose body is still a VerifyResponse or a
// SettleResponse with `invalid_payload` or `invalid_x402_version`; a well-formed request, or one in an x402Version
// the facilitator does not speak, gets 200 and the body decides (a refusal with a spec reason, or, for the seed's own
// payment, a valid verification or a settlement). Never a 5xx, never an exception's `unexpected_*_error`. Each
// route's seed payment is signed by a funded buyer (its own authorization per route), so the inputs that keep it
// valid reach verification and settlement for real: /settle must settle it exactly once, in one transaction, moving
// exactly the price, however many copies and variants of it arrive (25 at a time); nothing else costs gas.

const batch = 25;
const runsPerRoute = Math.ceil(fuzzRuns(1_000) / batch);
const bodyLimitBytes = 64 * 1024;

let stack: ReliabilityStack;
let requirements: PaymentRequirements;
let resource: ResourceInfo;
const signed = new Map<"verify" | "settle", SignPaymentReturnType>();
const outcomes = new Map<string, number>();
let schemaValid = 0;

beforeAll(async () => {
  stack = await startReliabilityStack({ facilitator: { bodyLimitBytes } });
  const app = stack.defer(
    await startPaidApp({
      adapter: "hono",
      chain: stack.chain,
      facilitator: stack.facilitator,
      servedLog: createServedLog(),
    }),
  );
  const paymentRequired = await requestPaymentRequired(`${app.url}/cheap`);
  requirements = paymentRequired.accepts[0]!;
  resource = paymentRequired.resource;
  // Valid for 10 minutes, so that the seed stays valid for the whole run (the facilitator allows maxTimeout + 600 s).
  const validBefore = BigInt(Math.floor(Date.now() / 1000) + 600);
  const [forVerify, forSettle] = stack.chain.accounts.buyers;
  signed.set(
    "verify",
    await signPayment({ account: forVerify!.account, requirements, authorization: { validBefore } }),
  );
  signed.set(
    "settle",
    await signPayment({ account: forSettle!.account, requirements, authorization: { validBefore } }),
  );
});

afterAll(async () => {
  console.log(
    `facilitator fuzz: ${schemaValid} well-formed requests; RPC calls ${stack?.rpcProxy.stats.forwardedRpcMethods.length}; outcomes ${JSON.stringify(Object.fromEntries([...outcomes].sort(([, a], [, b]) => b - a)))}`,
  );
  await stack?.stop();
});

/** What the service must answer, from its documented contract (see the header of this file). */
function expectedStatus(input: FacilitatorFuzzInput): number {
  if (!input.jsonContentType) return 415;
  if (input.body.length > bodyLimitBytes) return 413;
  const text = input.body.toString("utf8");
  if (text.trim() === "") return 400;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return 400;
  }
  // A request in a version the facilitator does not speak (an integer other than 1 and 2) is refused in the body.
  const version = (parsed as { x402Version?: unknown } | null)?.x402Version;
  if (typeof parsed === "object" && Number.isSafeInteger(version) && version !== 1 && version !== 2)
    return 200;
  return facilitatorRequestSchema.safeParse(parsed).success ? 200 : 400;
}

const code = /^[a-z0-9_]+$/;

describe(`fuzz: the facilitator's /verify and /settle over HTTP (${runsPerRoute * batch} bodies each)`, () => {
  it.each(["verify", "settle"] as const)(
    "/%s: 4xx for a malformed request, 200 and a refusal for a well-formed one; the seed's payment settled once",
    async (route) => {
      const { chain } = stack;
      const payment = signed.get(route)!;
      const seeds: SeedMessages = createSeedMessages({ requirements, resource, signed: payment });
      const payer = payment.authorization.from;
      const fromBlock = await chain.publicClient.getBlockNumber();
      const balances = await watchBalances(chain, { payer, seller: requirements.payTo as `0x${string}` });
      const sentBefore = await chain.publicClient.getTransactionCount({
        address: chain.accounts.facilitator.address,
      });
      const seen = new Set<string>();
      /** Answers that accepted the seed's payment: `isValid: true` (verify) or `success: true` (settle). */
      const accepted: string[] = [];
      const bodies = adversarialFacilitatorBody({
        seeds: [
          seeds.facilitatorRequest,
          seeds.facilitatorRequestV1,
          { ...seeds.facilitatorRequest, paymentPayload: seeds.paymentPayload },
        ],
        bodyLimitBytes,
      });
      await checkProperty(
        fc.asyncProperty(fc.array(bodies, { minLength: batch, maxLength: batch }), async (inputs) => {
          const answers = await Promise.all(
            inputs.map(async (input) => {
              const response = await fetch(`${stack.facilitatorService.url}/${route}`, {
                method: "POST",
                headers: input.contentType ? { "content-type": input.contentType } : {},
                body: new Uint8Array(input.body),
              });
              return { input, status: response.status, text: await response.text() };
            }),
          );
          for (const { input, status, text } of answers) {
            for (const kind of input.classes) seen.add(kind);
            const expected = expectedStatus(input);
            if (expected === 200) schemaValid++;
            const what = `${input.contentType} ${input.body.length} bytes ${JSON.stringify(input.body.toString("utf8").slice(0, 400))} -> ${text.slice(0, 300)}`;
            expect(status, what).toBe(expected);
            const body = JSON.parse(text) as Record<string, unknown>;
            const ok = route === "verify" ? body.isValid === true : body.success === true;
            if (ok) {
              // Only a well-formed request carrying the funded seed's own payment can be accepted.
              expect(status, what).toBe(200);
              expect(body.payer, what).toBe(payer);
              if (route === "settle") expect(body.transaction, what).toMatch(/^0x[0-9a-f]{64}$/);
              accepted.push(route === "settle" ? String(body.transaction) : "valid");
              outcomes.set(
                `${status} ${route === "verify" ? "valid" : "settled"}`,
                (outcomes.get(`${status} ${route === "verify" ? "valid" : "settled"}`) ?? 0) + 1,
              );
              continue;
            }
            const reason = route === "verify" ? body.invalidReason : body.errorReason;
            if (route === "verify") expect(body.isValid).toBe(false);
            else expect([body.success, body.transaction]).toEqual([false, ""]);
            expect(reason, what).toMatch(code);
            expect(reason, what).not.toMatch(/^unexpected_/);
            if (status !== 200) expect(["invalid_payload", "invalid_x402_version"]).toContain(reason);
            const key = `${status} ${reason}`;
            outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
          }
        }),
        { numRuns: runsPerRoute, shrink: false },
      );
      // Every class of input was tried: each framing, each mutation, the junk, each kind of content type.
      expect(facilitatorBodyClasses.filter((kind) => !seen.has(kind))).toEqual([]);
      const price = BigInt(requirements.amount);
      const transactions =
        (await chain.publicClient.getTransactionCount({ address: chain.accounts.facilitator.address })) -
        sentBefore;
      const transfers = await countAuthorizationUses({
        chain,
        authorizer: payer,
        nonce: payment.authorization.nonce,
        fromBlock,
      });
      if (route === "verify") {
        // The seed's payment reached verification for real (and passed), and verify never sends anything.
        expect(accepted.length).toBeGreaterThan(0);
        expect([transactions, transfers]).toEqual([0, 0]);
        expect(await balances.deltas()).toEqual({ payer: 0n, seller: 0n });
      } else {
        // It reached settlement: settled once, in one transaction, whatever else arrived; no gas on any refusal.
        expect(accepted).toHaveLength(1);
        expect([transactions, transfers]).toEqual([1, 1]);
        expect(await balances.deltas()).toEqual({ payer: -price, seller: price });
      }
    },
    // Not a speed limit: room for a loaded machine (the run takes a few seconds on a quiet one).
    240_000,
  );
});
