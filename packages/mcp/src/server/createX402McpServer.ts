import type { McpServer, RegisteredTool } from "@modelcontextprotocol/sdk/server/mcp.js";
import type {
  AnySchema,
  SchemaOutput,
  ShapeOutput,
  ZodRawShapeCompat,
} from "@modelcontextprotocol/sdk/server/zod-compat.js";
import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import type {
  CallToolResult,
  ServerNotification,
  ServerRequest,
  ToolAnnotations,
} from "@modelcontextprotocol/sdk/types.js";
import {
  canonicalJson,
  createPaymentEngine,
  type EnginePayment,
  type FacilitatorLike,
  type PaymentContext,
  type PaymentHooks,
  type PaymentLogger,
  type ResourceConfig,
  type SchemeServer,
  X402Error,
} from "@x402kit/core";
import { metaKeys } from "../shared/metaKeys.js";
import { readPaymentMeta } from "./readPaymentMeta.js";
import { toolErrorResult } from "./toolErrorResult.js";

export type CreateX402McpServerParameters = {
  /** The server sides of the schemes that tools may be paid with, e.g. `exactEvmServer()`. */
  schemes: readonly SchemeServer[];
  /** A facilitator, or several used in turn. */
  facilitator: FacilitatorLike | readonly FacilitatorLike[];
  /**
   * The engine's hooks, as on HTTP: before a paid call (grant, deny, or go on to payment), after verify, after
   * settle, on settlement failure. Their `context.tool` has the call's name and arguments.
   */
  hooks?: PaymentHooks | undefined;
  /** Where settlement outcomes and a failing facilitator are reported: `console`, a pino logger (`PaymentLogger`). */
  logger?: PaymentLogger | undefined;
};

/** The verified payment of a paid tool call, before settlement. */
export type ToolPayment = Omit<EnginePayment, "settle">;

/**
 * What a paid tool's handler gets beside the SDK's `extra`: the verified, not yet settled, payment; undefined when
 * a `beforeRequest` hook granted the call without payment.
 */
export type PaidToolExtra = RequestHandlerExtra<ServerRequest, ServerNotification> & {
  payment: ToolPayment | undefined;
};

export type PaidToolCallback<args extends undefined | ZodRawShapeCompat | AnySchema> =
  args extends ZodRawShapeCompat
    ? (args: ShapeOutput<args>, extra: PaidToolExtra) => CallToolResult | Promise<CallToolResult>
    : args extends AnySchema
      ? (args: SchemaOutput<args>, extra: PaidToolExtra) => CallToolResult | Promise<CallToolResult>
      : (extra: PaidToolExtra) => CallToolResult | Promise<CallToolResult>;

export type PaidToolConfig<
  inputArgs extends undefined | ZodRawShapeCompat | AnySchema,
  outputArgs extends ZodRawShapeCompat | AnySchema,
> = {
  title?: string;
  description?: string;
  inputSchema?: inputArgs;
  outputSchema?: outputArgs;
  annotations?: ToolAnnotations;
  _meta?: Record<string, unknown>;
  /**
   * The price: one or several ways to pay (as an HTTP route's `accepts`). For `upto`, the handler reports what the
   * call used with `extra.payment.setSettlementAmount(amount)`.
   */
  accepts: ResourceConfig["accepts"];
  /** The resource URL to advertise; default `mcp://tool/<name>`. */
  resource?: string | undefined;
  mimeType?: string | undefined;
  extensions?: ResourceConfig["extensions"];
};

export type X402McpServer = {
  /**
   * Registers a paid tool on `server` (as `server.registerTool`). A call without `_meta["x402/payment"]` gets the
   * PaymentRequired; a paid call runs the handler after verify, and settles only when the handler neither threw
   * nor returned `isError`.
   */
  paidTool<
    outputArgs extends ZodRawShapeCompat | AnySchema,
    inputArgs extends undefined | ZodRawShapeCompat | AnySchema = undefined,
  >(
    server: McpServer,
    name: string,
    config: PaidToolConfig<inputArgs, outputArgs>,
    handler: PaidToolCallback<inputArgs>,
  ): Promise<RegisteredTool>;
};

export type CreateX402McpServerErrorType = X402Error;

/**
 * The MCP transport of x402kit's payment engine (transports-v2/mcp.md): prices tools on an `McpServer`. Free tools
 * are registered as usual and stay free. The protocol (matching, one payment one delivery, verify, settle after a
 * successful run) is core's `createPaymentEngine`; this only reads `_meta` and writes tool results.
 */
export function createX402McpServer(parameters: CreateX402McpServerParameters): X402McpServer {
  const engine = createPaymentEngine({
    resources: {},
    schemes: parameters.schemes,
    facilitator: parameters.facilitator,
    hooks: parameters.hooks,
    logger: parameters.logger,
  });

  // A tool's price by name: the same tool may be registered on one McpServer per session, priced once.
  const priced = new Map<string, string>();
  const functionIds = new WeakMap<object, number>();
  let functionCount = 0;

  async function paidTool(
    server: McpServer,
    name: string,
    config: PaidToolConfig<undefined | ZodRawShapeCompat | AnySchema, ZodRawShapeCompat | AnySchema>,
    handler: (...args: unknown[]) => CallToolResult | Promise<CallToolResult>,
  ): Promise<RegisteredTool> {
    const { accepts, resource, mimeType, extensions, ...toolConfig } = config;
    const url = resource ?? `mcp://tool/${name}`;
    const resourceConfig: ResourceConfig = {
      accepts,
      resource: url,
      ...(config.description !== undefined ? { description: config.description } : {}),
      ...(mimeType !== undefined ? { mimeType } : {}),
      ...(extensions !== undefined ? { extensions } : {}),
    };
    // Functions of the call (dynamic prices) compare by identity: their JSON is nothing.
    const functions = [
      extensions,
      ...(Array.isArray(accepts) ? accepts : [accepts]).flatMap((o) => [o.price, o.payTo]),
    ]
      .filter((value) => typeof value === "function")
      .map((fn) => {
        const known = functionIds.get(fn as object);
        if (known !== undefined) return known;
        functionIds.set(fn as object, ++functionCount);
        return functionCount;
      });
    const key = canonicalJson([resourceConfig, functions]);
    if (!priced.has(name)) {
      priced.set(name, key);
      await engine.register(name, resourceConfig).catch((error: unknown) => {
        priced.delete(name);
        throw error;
      });
    } else if (priced.get(name) !== key)
      throw new X402Error("invalid_config", `Tool "${name}" is already priced differently.`);
    const hasInput = config.inputSchema !== undefined;

    const callback = async (...callArgs: unknown[]): Promise<CallToolResult> => {
      const args = (hasInput ? callArgs[0] : undefined) as Record<string, unknown> | undefined;
      const extra = (hasInput ? callArgs[1] : callArgs[0]) as RequestHandlerExtra<
        ServerRequest,
        ServerNotification
      >;
      const context: PaymentContext = {
        transport: "mcp",
        resource: name,
        url,
        tool: { name, arguments: args },
        meta: extra._meta,
      };

      const read = readPaymentMeta(extra._meta?.[metaKeys.payment], url);
      if (read.type === "invalid") {
        const outcome = await engine.paymentRequired(context, read.reason, { message: read.message });
        return toolErrorResult({
          paymentRequired: outcome.paymentRequired,
          code: 402,
          message: read.message,
        });
      }
      const outcome = await engine.process(context, read.payment);
      if (outcome.type === "payment-required")
        return toolErrorResult({
          paymentRequired: outcome.paymentRequired,
          code: 402,
          message: outcome.message ?? (read.payment ? outcome.reason : "Payment required"),
        });
      // A hook granted the call without payment: the tool runs, and nothing is settled.
      if (outcome.type === "granted")
        return hasInput
          ? handler(args, { ...extra, payment: undefined })
          : handler({ ...extra, payment: undefined });
      if (outcome.type === "refused") {
        const required = await engine.paymentRequired(context, outcome.reason);
        return toolErrorResult({
          paymentRequired: required.paymentRequired,
          code: outcome.status,
          message: outcome.message,
        });
      }

      if (outcome.type === "settled") {
        // A payment operation without the tool (a batch-settlement cooperative refund): its settlement is the answer.
        const { settlement } = outcome;
        if (settlement.type === "refused") {
          const required =
            settlement.paymentRequired ??
            (await engine.paymentRequired(context, settlement.reason)).paymentRequired;
          return toolErrorResult({
            paymentRequired: required,
            code: settlement.settlement ? 402 : settlement.status,
            message: settlement.message ?? `Payment settlement failed: ${settlement.reason}`,
            settlement: settlement.settlement,
          });
        }
        return {
          content: [{ type: "text", text: JSON.stringify(settlement.settlement) }],
          _meta: { [metaKeys.paymentResponse]: settlement.settlement },
        };
      }
      const { settle, ...payment } = outcome.payment;
      let result: CallToolResult;
      try {
        result = await handler(...(hasInput ? [args, { ...extra, payment }] : [{ ...extra, payment }]));
      } catch (error) {
        // spec v2 §6: no settlement for a failed run; the payment is released, usable again.
        await settle({ failed: true });
        return {
          isError: true,
          content: [
            {
              type: "text",
              text: `The tool failed, and the payment was not settled: ${error instanceof Error ? error.message : String(error)}`,
            },
          ],
        };
      }
      const settled = await settle({ failed: result.isError === true });
      if (settled.type === "refused") {
        const required =
          settled.paymentRequired ?? (await engine.paymentRequired(context, settled.reason)).paymentRequired;
        return toolErrorResult({
          paymentRequired: required,
          code: settled.settlement ? 402 : settled.status,
          message: settled.message ?? `Payment settlement failed: ${settled.reason}`,
          settlement: settled.settlement,
        });
      }
      if (!settled.settlement) return result;
      return { ...result, _meta: { ...result._meta, [metaKeys.paymentResponse]: settled.settlement } };
    };

    return server.registerTool(name, toolConfig, callback as never);
  }

  return { paidTool: paidTool as X402McpServer["paidTool"] };
}
