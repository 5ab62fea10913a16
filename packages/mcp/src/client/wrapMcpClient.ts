import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { RequestOptions } from "@modelcontextprotocol/sdk/shared/protocol.js";
import type { CallToolRequest, CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { PaymentEvent, X402Client } from "@x402kit/client";
import type { PaymentRequired, SettleResponse } from "@x402kit/types";
import { McpPaymentError } from "../errors/McpPaymentError.js";
import { metaKeys } from "../shared/metaKeys.js";
import { findPaymentRequired } from "./findPaymentRequired.js";
import { readPaymentResponse } from "./readPaymentResponse.js";

/** What `onPaymentRequested` is asked: a tool wants payment before it runs. */
export type PaymentRequest = {
  /** The tool's name and arguments. */
  name: string;
  arguments: Record<string, unknown> | undefined;
  /** The tool's PaymentRequired (transports-v2/mcp.md). */
  paymentRequired: PaymentRequired;
};

export type WrapMcpClientParameters = {
  /**
   * Asked before each payment; answer false to refuse (the call throws `McpPaymentError("payment_declined")`).
   * Spending limits are enforced besides, by the x402 client's guard.
   */
  onPaymentRequested?: ((request: PaymentRequest) => boolean | Promise<boolean>) | undefined;
  /**
   * Sign in before paying (sign-in-with-x), with the x402 client's `signIn` signers: a tool whose PaymentRequired
   * offers a sign-in is called once more with the signed proof in `_meta["x402/sign-in-with-x"]`, and paid only if
   * that is refused (never paid for it, or the proof refused). `origin` is the site the server's challenges must be
   * for: the MCP server's URL over Streamable HTTP, the origin it was configured with otherwise; a challenge for any
   * other site is not signed. Without this option, tools are paid.
   */
  signIn?: { origin: string } | undefined;
};

/** The answer to a tool call and, when it was paid, what the payment became. */
export type PaidToolCall = {
  result: CallToolResult;
  /** Set when the call was granted to a sign-in (sign-in-with-x) instead of a payment. */
  signedIn?: { address: string } | undefined;
  /** Undefined when the tool was free, signed in (or the call carried its own payment). */
  payment:
    | {
        /** The requirements paid and the most they could cost, in atomic units of `requirements.asset`. */
        requirements: PaymentEvent["payment"]["requirements"];
        authorized: bigint;
        /** What the call cost: the settled amount (upto may settle less), 0n when nothing was settled. */
        cost: bigint;
        outcome: PaymentEvent["outcome"];
        settlement: SettleResponse | undefined;
      }
    | undefined;
};

export type McpPaymentClient = {
  readonly client: Client;
  /**
   * `client.callTool`, paying when the tool asks for payment: one payment, one retry with `_meta["x402/payment"]`,
   * never a second payment for the same call (a second PaymentRequired is returned as it is).
   */
  callTool(params: CallToolRequest["params"], options?: RequestOptions): Promise<PaidToolCall>;
};

export type WrapMcpClientErrorType = McpPaymentError;

/**
 * An MCP client that pays for tools (transports-v2/mcp.md), with `@x402kit/client`'s schemes, selection policy and
 * spending guard. A tool that asks for payment is paid once, after `onPaymentRequested` approves, and called again;
 * the guard's reservation is given back when the server definitively did not settle (refused, tool failed).
 */
export function wrapMcpClient(
  client: Client,
  x402: X402Client,
  parameters: WrapMcpClientParameters = {},
): McpPaymentClient {
  async function callTool(
    params: CallToolRequest["params"],
    options?: RequestOptions,
  ): Promise<PaidToolCall> {
    const first = (await client.callTool(params, undefined, options)) as CallToolResult;
    // A call that carries its own payment is never paid again.
    if (params._meta?.[metaKeys.payment] !== undefined) return { result: first, payment: undefined };
    const found = findPaymentRequired(first);
    if (!found) return { result: first, payment: undefined };
    if (found.type === "other-version")
      throw new McpPaymentError(
        "unsupported_x402_version",
        `Tool "${params.name}" asks for an x402 version ${String(found.paymentRequired.x402Version)} payment; the MCP transport is version 2.`,
        { result: first },
      );
    let { paymentRequired } = found;

    // Sign in first, when the tool offers it and this client opted in (extensions/sign-in-with-x.md).
    if (parameters.signIn && params._meta?.[metaKeys.signInWithX] === undefined) {
      const signed = await x402.signIn(paymentRequired, parameters.signIn.origin);
      if (signed?.ok) {
        const answer = (await client.callTool(
          { ...params, _meta: { ...params._meta, [metaKeys.signInWithX]: signed.proof } },
          undefined,
          options,
        )) as CallToolResult;
        const again = findPaymentRequired(answer);
        if (!again) return { result: answer, payment: undefined, signedIn: { address: signed.address } };
        // Not entitled, or the proof refused: pay, from the freshest PaymentRequired.
        if (again.type === "v2") paymentRequired = again.paymentRequired;
      }
    }

    const approved = parameters.onPaymentRequested
      ? await parameters.onPaymentRequested({
          name: params.name,
          arguments: params.arguments,
          paymentRequired,
        })
      : true;
    if (!approved)
      throw new McpPaymentError("payment_declined", `The payment for tool "${params.name}" was declined.`, {
        result: first,
        paymentRequired,
      });

    const payment = await x402.createPayment(paymentRequired);
    let result: CallToolResult;
    try {
      result = (await client.callTool(
        { ...params, _meta: { ...params._meta, [metaKeys.payment]: payment.paymentPayload } },
        undefined,
        options,
      )) as CallToolResult;
    } catch (error) {
      // No answer: the payment may have reached the server, so it stays spent.
      x402.completePayment(payment, undefined);
      throw error;
    }
    const settlement = readPaymentResponse(result);
    // The status that an HTTP answer would have had: the `x402/error` code, 500 for a failed tool, else 200.
    const status = result.isError ? (findPaymentRequired(result)?.code ?? (settlement ? 402 : 500)) : 200;
    const event = x402.completePayment(payment, { status, receipt: settlement });
    const cost =
      event.outcome === "settled"
        ? settlement?.amount && /^\d{1,78}$/.test(settlement.amount)
          ? BigInt(settlement.amount)
          : payment.amount
        : 0n;
    return {
      result,
      payment: {
        requirements: payment.requirements,
        authorized: payment.amount,
        cost,
        outcome: event.outcome,
        settlement,
      },
    };
  }

  return { client, callTool };
}
