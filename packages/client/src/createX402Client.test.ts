import { requirementsToV1, type SchemeClient, X402Error } from "@x402kit/core";
import {
  decodePaymentSignatureHeader,
  decodeXPaymentHeader,
  headerNames,
  type PaymentRequired,
  type PaymentRequiredV1,
} from "@x402kit/types";
import { describe, expect, it } from "vitest";
import { network, requirements, standInScheme, successReceipt } from "../test/scriptedServer.js";
import { createSpendingGuard } from "./createSpendingGuard.js";
import { createX402Client, type PaymentEvent } from "./createX402Client.js";
import { PaymentError } from "./errors/PaymentError.js";
import { deepFreeze } from "./internal/deepFreeze.js";

const resource = { url: "http://127.0.0.1:1/thing", description: "thing" };
const v2 = (accepts = [requirements()], extensions?: PaymentRequired["extensions"]): PaymentRequired => ({
  x402Version: 2,
  resource,
  accepts,
  ...(extensions ? { extensions } : {}),
});

describe("createX402Client", () => {
  it("checks a frozen 402 once (wrapFetch's remembered ones), any other on every payment", async () => {
    const scheme: SchemeClient = {
      scheme: "exact",
      networks: [network],
      createPaymentPayload: async () => ({ payload: { signature: "0x01" } }),
    };
    const client = createX402Client({ schemes: [scheme] });
    const frozen = deepFreeze(v2());
    for (let i = 0; i < 2; i++)
      expect((await client.createPayment(frozen)).requirements).toEqual(requirements());
    const invalid = "invalid_payment_requirements";
    await expect(
      client.createPayment(deepFreeze(v2([{ ...requirements(), amount: "x" }]))),
    ).rejects.toMatchObject({ code: invalid });
    // frozen on top only: its requirements may still change
    const open = Object.freeze(v2());
    await client.createPayment(open);
    open.accepts[0]!.amount = "x";
    await expect(client.createPayment(open)).rejects.toMatchObject({ code: invalid });
  });

  it("builds a v2 PAYMENT-SIGNATURE with the offered requirement, the resource and the merged extensions", async () => {
    const scheme: SchemeClient = {
      scheme: "exact",
      networks: [network],
      createPaymentPayload: async () => ({
        payload: { signature: "0x01" },
        extensions: { gas: { info: { signed: "0x02", version: "ignored" } } },
      }),
    };
    const offered = { ...requirements(), futureField: "kept" } as ReturnType<typeof requirements>;
    const client = createX402Client({ schemes: [scheme] });

    const payment = await client.createPayment(
      v2([offered], { gas: { info: { version: "1" }, schema: {} }, bazaar: { info: {}, schema: {} } }),
    );

    expect(payment).toMatchObject({
      x402Version: 2,
      headerName: headerNames.paymentSignature,
      amount: 1000n,
    });
    expect(payment.requirements).toEqual(requirements());
    const decoded = decodePaymentSignatureHeader(payment.headerValue);
    expect(decoded).toEqual({
      x402Version: 2,
      resource,
      accepted: requirements(),
      payload: { signature: "0x01" },
      extensions: {
        gas: { info: { version: "1", signed: "0x02" }, schema: {} },
        bazaar: { info: {}, schema: {} },
      },
    });
    // The header carries `accepted` as given, unknown fields included.
    expect(JSON.parse(atob(payment.headerValue)).accepted.futureField).toBe("kept");
  });

  it("builds a v1 X-PAYMENT from normalised requirements and names the network as offered", async () => {
    const scheme = standInScheme();
    const offered: PaymentRequiredV1 = {
      x402Version: 1,
      accepts: [requirementsToV1(requirements("42"), resource)!],
    };
    const payment = await createX402Client({ schemes: [scheme] }).createPayment(offered);

    expect(scheme.calls).toEqual([requirements("42")]);
    expect(payment).toMatchObject({ x402Version: 1, headerName: headerNames.xPayment, amount: 42n });
    expect(decodeXPaymentHeader(payment.headerValue)).toEqual({
      x402Version: 1,
      scheme: "exact",
      network: "hardhat",
      payload: { signature: "0xstandin", to: requirements().payTo, value: "42" },
    });
  });

  it("follows the policy and explains each rejection", async () => {
    const offered = [
      requirements("10", { network: "eip155:8453" }),
      requirements("20"),
      requirements("30", { scheme: "upto" }),
    ];
    const client = createX402Client({
      schemes: [standInScheme()],
      policy: { networks: [network], filter: (r) => r.amount !== "20" },
    });
    const payment = await client.createPayment(v2(offered));
    expect(payment.requirements).toEqual(offered[0]);

    const strict = createX402Client({ schemes: [standInScheme()], policy: { maxAmount: 5n } });
    const error = (await strict.createPayment(v2(offered)).catch((e: unknown) => e)) as PaymentError;
    expect(error).toBeInstanceOf(PaymentError);
    expect(error).toBeInstanceOf(X402Error);
    expect(error.code).toBe("no_acceptable_requirements");
    expect(error.rejected.map((r) => r.reason)).toEqual(["policy", "policy", "unsupported"]);
    expect(error.message).toContain("2 policy, 1 unsupported");

    const none = (await strict.createPayment(v2([])).catch((e: unknown) => e)) as PaymentError;
    expect(none.code).toBe("no_acceptable_requirements");
  });

  it("rejects a malformed 402 and a bad configuration", async () => {
    const client = createX402Client({ schemes: [standInScheme()] });
    await expect(
      client.createPayment({
        x402Version: 2,
        resource,
        accepts: [{ scheme: "exact" }],
      } as unknown as PaymentRequired),
    ).rejects.toMatchObject({ code: "invalid_payment_requirements" });
    await expect(client.createPayment({ x402Version: 1 } as PaymentRequiredV1)).rejects.toMatchObject({
      code: "invalid_payment_requirements",
    });
    expect(() => createX402Client({ schemes: [] })).toThrow(/at least one scheme/);
    expect(() => createX402Client({ schemes: [{ scheme: "exact" } as SchemeClient] })).toThrow(
      /SchemeClient/,
    );
    expect(() => createX402Client({ schemes: [standInScheme()], spending: { budget: -1n } })).toThrow(
      X402Error,
    );
  });

  it("releases the reservation when the scheme cannot sign", async () => {
    const client = createX402Client({
      schemes: [standInScheme({ fail: true })],
      spending: { budget: 5_000n },
    });
    const error = (await client.createPayment(v2()).catch((e: unknown) => e)) as PaymentError;
    expect(error.code).toBe("payment_creation_failed");
    expect((error.cause as Error).message).toBe("the wallet refused to sign");
    expect(client.spending?.spent).toBe(0n);
  });

  it("refuses a payload the scheme made wrong, releasing the reservation", async () => {
    const made = [{ payload: "0xnot-an-object" }, { payload: { n: 1n } }];
    for (const output of made) {
      const scheme: SchemeClient = {
        scheme: "exact",
        networks: ["eip155:*"],
        createPaymentPayload: async () => output as never,
      };
      const client = createX402Client({ schemes: [scheme], spending: { budget: 5_000n } });
      const error = (await client.createPayment(v2()).catch((e: unknown) => e)) as PaymentError;
      expect(error).toBeInstanceOf(PaymentError);
      expect(error.code).toBe("payment_creation_failed");
      expect(error.message).toMatch(/returned an invalid payload/);
      expect(client.spending?.spent).toBe(0n);
    }
  });

  it("completes a payment once, releasing what a variable-amount settlement did not use", async () => {
    const events: PaymentEvent[] = [];
    const guard = createSpendingGuard({ budget: 5_000n });
    const client = createX402Client({
      schemes: [standInScheme()],
      spending: guard,
      onPayment: (event) => {
        events.push(event);
        throw new Error("a broken hook changes nothing");
      },
    });
    expect(client.spending).toBe(guard);
    const payment = await client.createPayment(v2([requirements("1000")]));
    expect(guard.spent).toBe(1000n);

    const event = client.completePayment(payment, {
      status: 200,
      receipt: successReceipt({ amount: "400" }),
    });
    expect(event).toMatchObject({ outcome: "settled", released: 600n, status: 200 });
    expect(client.completePayment(payment, { status: 402, receipt: undefined })).toBe(event);
    expect(guard.spent).toBe(400n);
    expect(events).toHaveLength(1);
  });
});
