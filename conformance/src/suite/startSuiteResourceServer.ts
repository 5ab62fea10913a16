import {
  caip2ToV1Network,
  decodePaymentSignatureHeader,
  decodeXPaymentHeader,
  encodePaymentRequiredHeader,
  encodePaymentResponseHeader,
  encodeXPaymentResponseHeader,
  headerNames,
  type PaymentRequirements,
  type SettleResponse,
} from "@x402kit/types";
import { contentMarker } from "../context/createServerApi.js";
import { listenHttp } from "../process/listenHttp.js";
import { type CreateSuiteJudgeParameters, createSuiteJudge, sameRequirement } from "./createSuiteJudge.js";
import type { NormalizedPayment } from "./judgeExactPayment.js";

/** How the suite's route answers a client under test. */
export type RouteBehaviour = {
  /** `pay`: a normal x402 route. `always-402`: refuses every payment. `free`: needs no payment. */
  mode: "pay" | "always-402" | "free";
  /** 2: `PAYMENT-REQUIRED` / `PAYMENT-SIGNATURE`. 1: v1 JSON body / `X-PAYMENT`. */
  version: 1 | 2;
  accepts: PaymentRequirements[];
};

/** A request the route received. */
export type RecordedRequest = {
  method: string;
  at: number;
  /** The payment header's name and raw value, when one was sent. */
  payment?: { header: string; value: string; decoded?: unknown; decodeError?: string };
};

export type SuiteResourceServer = {
  /** The one paid route: `<url>/resource`. */
  resourceUrl: string;
  /** Sets the behaviour and clears the records. */
  configure: (behaviour: RouteBehaviour) => void;
  requests: RecordedRequest[];
  settlements: SettleResponse[];
  close: () => Promise<void>;
};

/** The chains it settles on: the EVM chain with the suite's key, the Solana chain, or both. */
export type StartSuiteResourceServerParameters = CreateSuiteJudgeParameters;

/**
 * The resource server the suite runs for a client under test: one route whose behaviour each case sets. It settles
 * payments itself with the suite's judge and records everything the client sent.
 */
export async function startSuiteResourceServer(
  parameters: StartSuiteResourceServerParameters,
): Promise<SuiteResourceServer> {
  const judge = createSuiteJudge(parameters);
  const chainNetwork = parameters.evm?.chain.network;
  let behaviour: RouteBehaviour = { mode: "free", version: 2, accepts: [] };
  const requests: RecordedRequest[] = [];
  const settlements: SettleResponse[] = [];
  let resourceUrl = "";
  const v1Name = chainNetwork ? (caip2ToV1Network(chainNetwork) ?? chainNetwork) : undefined;

  const server = await listenHttp(async (request, response) => {
    const path = (request.url ?? "/").split("?")[0];
    if (path !== "/resource") {
      response.writeHead(404).end();
      return;
    }
    const recorded: RecordedRequest = { method: request.method ?? "GET", at: Date.now() };
    requests.push(recorded);
    const v2Header = request.headers[headerNames.paymentSignature.toLowerCase()];
    const v1Header = request.headers[headerNames.xPayment.toLowerCase()];
    const value =
      typeof v2Header === "string" ? v2Header : typeof v1Header === "string" ? v1Header : undefined;
    const header = typeof v2Header === "string" ? headerNames.paymentSignature : headerNames.xPayment;
    const content = () => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({ content: contentMarker }));
    };
    const paymentRequired = (error: string, settlement?: SettleResponse) => {
      const extraHeaders: Record<string, string> = {};
      if (settlement)
        extraHeaders[behaviour.version === 2 ? headerNames.paymentResponse : headerNames.xPaymentResponse] =
          behaviour.version === 2
            ? encodePaymentResponseHeader(settlement)
            : encodeXPaymentResponseHeader(settlement);
      if (behaviour.version === 2) {
        const body = {
          x402Version: 2 as const,
          error,
          resource: {
            url: resourceUrl,
            description: "x402-conformance resource",
            mimeType: "application/json",
          },
          accepts: behaviour.accepts,
        };
        response.writeHead(402, {
          "content-type": "application/json",
          [headerNames.paymentRequired]: encodePaymentRequiredHeader(body),
          ...extraHeaders,
        });
        response.end("{}");
        return;
      }
      const accepts = behaviour.accepts.map((r) => ({
        scheme: r.scheme,
        network: caip2ToV1Network(r.network) ?? r.network,
        maxAmountRequired: r.amount,
        resource: resourceUrl,
        description: "x402-conformance resource",
        mimeType: "application/json",
        payTo: r.payTo,
        maxTimeoutSeconds: r.maxTimeoutSeconds,
        asset: r.asset,
        extra: r.extra ?? {},
      }));
      response.writeHead(402, { "content-type": "application/json", ...extraHeaders });
      response.end(JSON.stringify({ x402Version: 1, error, accepts }));
    };

    if (behaviour.mode === "free") return content();
    if (value === undefined) return paymentRequired("payment required");
    recorded.payment = { header, value };
    let payment: NormalizedPayment;
    try {
      if (header === headerNames.paymentSignature) {
        const decoded = decodePaymentSignatureHeader(value);
        recorded.payment.decoded = decoded;
        const offered = behaviour.accepts.find((r) => sameRequirement(r, decoded.accepted));
        if (!offered || behaviour.mode === "always-402") return paymentRequired("payment rejected");
        payment = {
          x402Version: 2,
          scheme: decoded.accepted.scheme,
          network: decoded.accepted.network,
          payload: decoded.payload,
          requirements: offered,
          accepted: decoded.accepted,
        };
      } else {
        const decoded = decodeXPaymentHeader(value);
        recorded.payment.decoded = decoded;
        const network = decoded.network === v1Name && chainNetwork ? chainNetwork : decoded.network;
        const offered = behaviour.accepts.find((r) => r.scheme === decoded.scheme && r.network === network);
        if (!offered || behaviour.mode === "always-402") return paymentRequired("payment rejected");
        payment = {
          x402Version: 1,
          scheme: decoded.scheme,
          network,
          payload: decoded.payload,
          requirements: offered,
        };
      }
    } catch (error) {
      recorded.payment.decodeError = error instanceof Error ? error.message : String(error);
      response.writeHead(400, { "content-type": "application/json" });
      response.end(JSON.stringify({ error: recorded.payment.decodeError }));
      return;
    }
    const settlement = await judge.settle(payment);
    settlements.push(settlement);
    if (!settlement.success) return paymentRequired(settlement.errorReason ?? "payment failed", settlement);
    response.setHeader(
      behaviour.version === 2 ? headerNames.paymentResponse : headerNames.xPaymentResponse,
      behaviour.version === 2
        ? encodePaymentResponseHeader(settlement)
        : encodeXPaymentResponseHeader(settlement),
    );
    return content();
  });
  resourceUrl = `${server.url}/resource`;
  return {
    resourceUrl,
    configure: (next) => {
      behaviour = next;
      requests.length = 0;
      settlements.length = 0;
    },
    requests,
    settlements,
    close: server.close,
  };
}
