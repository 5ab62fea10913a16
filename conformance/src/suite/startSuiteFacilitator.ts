import { facilitatorRequestSchema, type SettleResponse, type VerifyResponse } from "@x402kit/types";
import { listenHttp, readBody } from "../process/listenHttp.js";
import {
  type CreateSuiteJudgeParameters,
  createSuiteJudge,
  type SuiteSupported,
} from "./createSuiteJudge.js";
import { normalizePayment } from "./judgeExactPayment.js";

/** One request the suite's facilitator received. */
export type SuiteFacilitatorCall = {
  path: "/verify" | "/settle" | "/supported";
  body: unknown;
  answer: unknown;
};

/**
 * The facilitator the suite runs for a resource server under test (`FACILITATOR_URL`). It judges with the suite's
 * judge (exact on EVM; exact on Solana through `@x402kit/svm`), records every call, and can fail settlements on
 * purpose.
 */
export type SuiteFacilitator = {
  url: string;
  /** What it answers to `GET /supported`. */
  supported: SuiteSupported;
  /** Every call since the last `reset()`, in order. */
  calls: SuiteFacilitatorCall[];
  /** The next `count` settlements answer `success: false` without touching the chain. */
  failNextSettlements: (count: number) => void;
  reset: () => void;
  close: () => Promise<void>;
};

/** The chains it settles on: the EVM chain with the suite's key, the Solana chain, or both. */
export type StartSuiteFacilitatorParameters = CreateSuiteJudgeParameters;

export async function startSuiteFacilitator(
  parameters: StartSuiteFacilitatorParameters,
): Promise<SuiteFacilitator> {
  const judge = createSuiteJudge(parameters);
  const { supported } = judge;
  const calls: SuiteFacilitatorCall[] = [];
  let failures = 0;
  /** The network an unreadable request is answered on. */
  const defaultNetwork = parameters.evm?.chain.network ?? parameters.solana?.network ?? "";

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
          : { success: false, errorReason: "invalid_payload", transaction: "", network: defaultNetwork };
    } else {
      const payment = normalizePayment(parsed.data as never);
      if (path === "/verify") {
        answer = await judge.verify(payment);
      } else if (failures > 0) {
        failures -= 1;
        answer = {
          success: false,
          errorReason: "unexpected_settle_error",
          transaction: "",
          network: payment.network,
        };
      } else {
        answer = await judge.settle(payment);
      }
    }
    calls.push({ path, body: json, answer });
    return send(200, answer);
  });

  return {
    url: server.url,
    supported,
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
