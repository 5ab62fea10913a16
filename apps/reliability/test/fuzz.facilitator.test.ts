import { facilitatorRequestSchema } from "@x402kit/types";
import fc from "fast-check";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServedLog } from "../src/createServedLog.js";
import {
  adversarialFacilitatorBody,
  type FacilitatorFuzzInput,
} from "../src/fuzz/adversarialFacilitatorBody.js";
import { checkProperty } from "../src/fuzz/checkProperty.js";
import { createSeedMessages, type SeedMessages } from "../src/fuzz/createSeedMessages.js";
import { requestPaymentRequired } from "../src/requestPaymentRequired.js";
import { signPayment } from "../src/signPayment.js";
import { startPaidApp } from "../src/startPaidApp.js";
import { type ReliabilityStack, startReliabilityStack } from "../src/startReliabilityStack.js";

// Adversarial inputs (issue 6) against x402kit's facilitator service (`createFacilitatorServer`) over real HTTP:
// 10 000 generated bodies for `POST /verify` and 10 000 for `POST /settle`, 25 at a time.
//
// The contract checked (docs/reliability.md): a body that is not a facilitator request (not JSON, not the schema,
// over the limit, not a JSON content type) gets a 4xx (400, 413, 415) whose body is still a VerifyResponse or a
// SettleResponse with `invalid_payload` or `invalid_x402_version`; a well-formed request, or one in an x402Version
// the facilitator does not speak, gets 200 and the body decides (isValid:false / success:false with a spec reason). Never a 5xx, never an exception's
// `unexpected_*_error`, never a transaction. The seed payment is signed by an account without funds.

const batch = 25;
const runsPerRoute = 10_000 / batch;
const bodyLimitBytes = 64 * 1024;

let stack: ReliabilityStack;
let seeds: SeedMessages;
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
  const requirements = paymentRequired.accepts[0]!;
  // Valid for 10 minutes, so that the seed stays valid for the whole run (the facilitator allows maxTimeout + 600 s).
  const signed = await signPayment({
    account: privateKeyToAccount(generatePrivateKey()),
    requirements,
    authorization: { validBefore: BigInt(Math.floor(Date.now() / 1000) + 600) },
  });
  seeds = createSeedMessages({ requirements, resource: paymentRequired.resource, signed });
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

describe("fuzz: the facilitator's /verify and /settle over HTTP (10 000 bodies each)", () => {
  it.each(["verify", "settle"] as const)(
    "/%s: 4xx for a malformed request, 200 and a refusal for a well-formed one",
    async (route) => {
      const { chain } = stack;
      const sentBefore = await chain.publicClient.getTransactionCount({
        address: chain.accounts.facilitator.address,
      });
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
            const expected = expectedStatus(input);
            if (expected === 200) schemaValid++;
            const what = `${input.contentType} ${input.body.length} bytes ${JSON.stringify(input.body.toString("utf8").slice(0, 400))} -> ${text.slice(0, 300)}`;
            expect(status, what).toBe(expected);
            const body = JSON.parse(text) as Record<string, unknown>;
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
        { numRuns: runsPerRoute },
      );
      expect(
        await chain.publicClient.getTransactionCount({ address: chain.accounts.facilitator.address }),
      ).toBe(sentBefore);
    },
  );
});
