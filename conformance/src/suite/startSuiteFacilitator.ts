import {
  caip2ToV1Network,
  facilitatorRequestSchema,
  type SettleResponse,
  type VerifyResponse,
} from "@x402kit/types";
import type { Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { listenHttp, readBody } from "../process/listenHttp.js";
import { normalizePayment, settleExactPayment, verifyExactPayment } from "./judgeExactPayment.js";
import type { SuiteChain } from "./suiteChain.js";

/** One request the suite's facilitator received. */
export type SuiteFacilitatorCall = {
  path: "/verify" | "/settle" | "/supported";
  body: unknown;
  answer: unknown;
};

/**
 * The facilitator the suite runs for a resource server under test (`FACILITATOR_URL`). It is the suite's own
 * small exact-EVM judge, records every call, and can fail settlements on purpose.
 */
export type SuiteFacilitator = {
  url: string;
  /** Every call since the last `reset()`, in order. */
  calls: SuiteFacilitatorCall[];
  /** The next `count` settlements answer `success: false` without touching the chain. */
  failNextSettlements: (count: number) => void;
  reset: () => void;
  close: () => Promise<void>;
};

export type StartSuiteFacilitatorParameters = { chain: SuiteChain; privateKey: Hex };

export async function startSuiteFacilitator({
  chain,
  privateKey,
}: StartSuiteFacilitatorParameters): Promise<SuiteFacilitator> {
  const account = privateKeyToAccount(privateKey);
  const calls: SuiteFacilitatorCall[] = [];
  let failures = 0;
  // One settlement at a time: the account's nonces never collide, and a duplicate sees the nonce already used.
  let queue: Promise<unknown> = Promise.resolve();
  const v1Name = caip2ToV1Network(chain.network);
  const supported = {
    kinds: [
      { x402Version: 2, scheme: "exact", network: chain.network },
      ...(v1Name ? [{ x402Version: 1, scheme: "exact", network: v1Name }] : []),
    ],
    extensions: [],
    signers: { "eip155:*": [account.address] },
  };

  const server = await listenHttp(async (request, response) => {
    const path = (request.url ?? "/").split("?")[0];
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(body));
    };
    if (request.method === "GET" && path === "/supported") {
      calls.push({ path: "/supported", body: undefined, answer: supported });
      return send(200, supported);
    }
    if (request.method !== "POST" || (path !== "/verify" && path !== "/settle"))
      return send(404, { error: "not found" });
    const text = await readBody(request);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return send(400, { error: "body is not JSON" });
    }
    // The suite's facilitator judges the payment, not the request's envelope: a body without the top-level
    // x402Version (v2 §7.1's example has one) takes the payload's. `server.pay.facilitator-request` judges the body
    // as it was sent (recorded below).
    const parsed = facilitatorRequestSchema.safeParse(withEnvelopeVersion(json));
    let answer: VerifyResponse | SettleResponse;
    if (!parsed.success) {
      answer =
        path === "/verify"
          ? { isValid: false, invalidReason: "invalid_payload" }
          : { success: false, errorReason: "invalid_payload", transaction: "", network: chain.network };
    } else {
      const payment = normalizePayment(parsed.data as never);
      if (path === "/verify") {
        answer = await verifyExactPayment(chain, payment);
      } else if (failures > 0) {
        failures -= 1;
        answer = {
          success: false,
          errorReason: "unexpected_settle_error",
          transaction: "",
          network: payment.network,
        };
      } else {
        const run = queue.then(() => settleExactPayment(chain, account, payment));
        queue = run.catch(() => {});
        answer = await run;
      }
    }
    calls.push({ path, body: json, answer });
    return send(200, answer);
  });

  return {
    url: server.url,
    calls,
    failNextSettlements: (count) => {
      failures = count;
    },
    reset: () => {
      calls.length = 0;
      failures = 0;
    },
    close: server.close,
  };
}

/** `json` with `x402Version` taken from `paymentPayload.x402Version` when the request has none. */
function withEnvelopeVersion(json: unknown): unknown {
  if (typeof json !== "object" || json === null || "x402Version" in json) return json;
  const payload = (json as { paymentPayload?: unknown }).paymentPayload;
  const version =
    typeof payload === "object" && payload !== null
      ? (payload as { x402Version?: unknown }).x402Version
      : undefined;
  return version === undefined ? json : { ...json, x402Version: version };
}
