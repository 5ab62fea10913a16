import type { SchemeFacilitator } from "@x402kit/core";
import type { Telemetry } from "./createTelemetry.js";

/**
 * The scheme, with a child span around each call that reaches the chain: `x402.scheme.verify`,
 * `x402.scheme.settle` (with a `broadcast` event carrying the transaction hash), `x402.scheme.resolve_broadcast`
 * and `x402.scheme.health`. The same object when tracing is off. (Spans for each RPC request inside a scheme would
 * need the scheme to take a tracer.)
 */
export function traceScheme(scheme: SchemeFacilitator, telemetry: Telemetry): SchemeFacilitator {
  if (!telemetry.tracing) return scheme;
  const base = { "x402.scheme": scheme.scheme };
  const traced: Partial<SchemeFacilitator> = {
    verify: (payment) =>
      telemetry.span(
        "x402.scheme.verify",
        { ...base, "x402.network": payment.requirements.network },
        async (span) => {
          const response = await scheme.verify(payment);
          span?.setAttributes({
            "x402.valid": response.isValid,
            ...(response.invalidReason ? { "x402.reason": response.invalidReason } : {}),
          });
          return response;
        },
      ),
    settle: (payment, settleContext) =>
      telemetry.span(
        "x402.scheme.settle",
        { ...base, "x402.network": payment.requirements.network },
        async (span) => {
          const response = await scheme.settle(payment, {
            ...settleContext,
            onBroadcast: async (transaction) => {
              span?.addEvent("broadcast", { "x402.transaction": transaction });
              await settleContext.onBroadcast(transaction);
            },
          });
          span?.setAttributes({
            "x402.success": response.success,
            ...(response.transaction ? { "x402.transaction": response.transaction } : {}),
            ...(response.errorReason ? { "x402.reason": response.errorReason } : {}),
          });
          return response;
        },
      ),
  };
  if (scheme.resolveBroadcast) {
    const resolveBroadcast = scheme.resolveBroadcast.bind(scheme);
    traced.resolveBroadcast = (parameters) =>
      telemetry.span(
        "x402.scheme.resolve_broadcast",
        { ...base, "x402.network": parameters.network, "x402.transaction": parameters.transaction },
        async (span) => {
          const response = await resolveBroadcast(parameters);
          span?.setAttribute("x402.resolved", response !== undefined);
          return response;
        },
      );
  }
  if (scheme.health) {
    const health = scheme.health.bind(scheme);
    traced.health = () => telemetry.span("x402.scheme.health", base, () => health());
  }
  return new Proxy(scheme, {
    get(target, property, receiver) {
      if (typeof property === "string" && property in traced)
        return traced[property as keyof SchemeFacilitator];
      return Reflect.get(target, property, receiver);
    },
  });
}
