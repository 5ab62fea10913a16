import { request as httpRequest } from "node:http";
import { headerNames } from "@x402kit/types";
import { type ListenReturnType, listen } from "./listen.js";

export type StartV1OnlyProxyParameters = {
  /** The server to forward to, `http://127.0.0.1:<port>`. */
  target: string;
};

/**
 * A loopback proxy that makes an x402kit server look like an x402 v1 server: it forwards every request unchanged
 * and drops the v2 `PAYMENT-REQUIRED` header from the answers. x402kit's engine puts the v1 message in the 402's
 * body (transports-v1/http.md), so a client that sees no v2 header pays with `X-PAYMENT`, and the server then runs
 * its real v1 path: the v1 decode, a v1 verify and settle at the facilitator, `X-PAYMENT-RESPONSE`.
 */
export function startV1OnlyProxy(parameters: StartV1OnlyProxyParameters): Promise<ListenReturnType> {
  const target = new URL(parameters.target);
  return listen((incoming, outgoing) => {
    const forward = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: incoming.method,
        path: incoming.url,
        headers: incoming.headers,
      },
      (answer) => {
        const headers = { ...answer.headers };
        delete headers[headerNames.paymentRequired.toLowerCase()];
        outgoing.writeHead(answer.statusCode ?? 502, headers);
        answer.pipe(outgoing);
      },
    );
    forward.on("error", () => {
      if (!outgoing.headersSent) outgoing.writeHead(502);
      outgoing.end();
    });
    incoming.pipe(forward);
  });
}
