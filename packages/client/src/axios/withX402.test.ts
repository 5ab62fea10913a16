import {
  encodePaymentResponseHeader,
  headerNames,
  type PaymentPayload,
  type PaymentPayloadV1,
} from "@x402kit/types";
import axios, { AxiosError } from "axios";
import { describe, expect, it } from "vitest";
import {
  network,
  priceMovesOnce,
  requirements,
  standInScheme,
  successReceipt,
  useScriptedServer,
} from "../../test/scriptedServer.js";
import { createX402Client } from "../createX402Client.js";
import { PaymentError } from "../errors/PaymentError.js";
import { getAxiosPaymentReceipt } from "./getAxiosPaymentReceipt.js";
import { withX402 } from "./withX402.js";

const start = useScriptedServer();

describe("withX402 (axios)", () => {
  it("pays a v2 402 once and resolves with the paid response and its receipt", async () => {
    const { url, requests } = await start();
    const api = withX402(axios.create({ baseURL: url }), createX402Client({ schemes: [standInScheme()] }));

    const response = await api.get("/weather");

    expect(response.status).toBe(200);
    expect(response.data).toEqual({ paid: true });
    expect(requests).toHaveLength(2);
    expect((requests[1]!.payment as PaymentPayload).accepted).toEqual(requirements());
    expect(getAxiosPaymentReceipt(response)).toEqual(successReceipt());
  });

  it("pays a v1 402 with X-PAYMENT", async () => {
    const { url, requests } = await start({ version: 1 });
    const api = withX402(axios.create(), createX402Client({ schemes: [standInScheme()] }));

    const response = await api.get(`${url}/v1`);

    expect(response.status).toBe(200);
    expect((requests[1]!.payment as PaymentPayloadV1).network).toBe("hardhat");
    expect(getAxiosPaymentReceipt(response)).toEqual(successReceipt({ network }));
  });

  it("re-sends the same method, headers and body", async () => {
    const { url, requests } = await start();
    const api = withX402(axios.create({ baseURL: url }), createX402Client({ schemes: [standInScheme()] }));

    await api.post("/summarize", { text: "summarise me" }, { headers: { "x-agent": "test" } });
    const form = new FormData();
    form.append("text", "hello");
    await api.put("/upload", form);
    await api.patch("/raw", Buffer.from([0, 1, 2, 255]), {
      headers: { "content-type": "application/octet-stream" },
    });

    expect(requests.map((r) => r.method)).toEqual(["POST", "POST", "PUT", "PUT", "PATCH", "PATCH"]);
    // axios draws a new multipart boundary for every send: compare the parts under the boundary each one names.
    const unbounded = (r: (typeof requests)[number]) => {
      const boundary = /boundary=(.+)$/.exec(r.headers["content-type"] ?? "")?.[1];
      return boundary
        ? r.body.toString("latin1").replaceAll(boundary, "BOUNDARY")
        : r.body.toString("latin1");
    };
    for (let i = 0; i < 6; i += 2) {
      const [first, retry] = [requests[i]!, requests[i + 1]!];
      expect(retry.payment).toBeDefined();
      expect(retry.body.length).toBeGreaterThan(0);
      expect(unbounded(retry)).toBe(unbounded(first));
      expect(retry.headers["content-type"]?.split(";")[0]).toBe(first.headers["content-type"]?.split(";")[0]);
    }
    expect(requests[5]!.body.toString("hex")).toBe("000102ff");
    expect(unbounded(requests[3]!)).toContain('name="text"\r\n\r\nhello');
    expect(requests[1]!.headers["x-agent"]).toBe("test");
    expect(JSON.parse(requests[1]!.body.toString())).toEqual({ text: "summarise me" });
  });

  it("retries once only, with or without validateStatus accepting 402", async () => {
    const { url, requests } = await start({ alwaysRequire: true });
    const scheme = standInScheme();
    const client = createX402Client({ schemes: [scheme], spending: { budget: 10_000n } });
    const api = withX402(axios.create({ baseURL: url }), client);

    const error = await api.get("/stubborn").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AxiosError);
    expect((error as AxiosError).response?.status).toBe(402);
    expect(requests).toHaveLength(2);

    const lenient = withX402(axios.create({ baseURL: url, validateStatus: () => true }), client);
    const response = await lenient.get("/stubborn");
    expect(response.status).toBe(402);
    expect(requests).toHaveLength(4);
    expect(scheme.calls).toHaveLength(2);
    expect(client.spending?.spent).toBe(0n);
  });

  it("rejects with a PaymentError carrying the 402 when it cannot pay", async () => {
    const { url, requests } = await start({ accepts: [requirements("1000", { scheme: "upto" })] });
    const api = withX402(axios.create({ baseURL: url }), createX402Client({ schemes: [standInScheme()] }));

    const error = (await api.get("/nope").catch((e: unknown) => e)) as PaymentError;

    expect(error).toBeInstanceOf(PaymentError);
    expect(error.code).toBe("no_acceptable_requirements");
    expect((error.response as { status: number }).status).toBe(402);
    expect(requests).toHaveLength(1);
  });

  it("never overspends the budget under concurrency and releases on a definitive failure", async () => {
    const first = await start();
    const { url, paid } = first;
    const client = createX402Client({ schemes: [standInScheme()], spending: { budget: 3_000n } });
    const api = withX402(axios.create({ baseURL: url }), client);

    const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => api.get(`/c${i}`)));

    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(3);
    expect(
      results.filter(
        (r) => r.status === "rejected" && (r.reason as PaymentError).code === "spending_limit_exceeded",
      ),
    ).toHaveLength(7);
    expect(paid()).toHaveLength(3);
    expect(client.spending?.remaining).toBe(0n);
    await first.close();

    const failing = await start({
      onPaid: () => ({
        status: 402,
        headers: {
          [headerNames.paymentResponse]: encodePaymentResponseHeader({
            success: false,
            transaction: "",
            network,
          }),
        },
      }),
    });
    const fresh = createX402Client({ schemes: [standInScheme()], spending: { budget: 3_000n } });
    const error = (await withX402(axios.create({ baseURL: failing.url }), fresh)
      .get("/f")
      .catch((e: unknown) => e)) as AxiosError;
    expect(error.response?.status).toBe(402);
    expect(getAxiosPaymentReceipt(error.response!)).toMatchObject({ success: false, transaction: "" });
    expect(fresh.spending?.spent).toBe(0n);
  });

  it("reads no receipt from a response without one", () => {
    expect(getAxiosPaymentReceipt({ headers: {} })).toBeUndefined();
    expect(getAxiosPaymentReceipt({ headers: { "payment-response": "!!" } })).toBeUndefined();
  });

  it("pays a route up front once a reusing scheme paid it (wrapFetch's memory), and falls back to its 402 when refused", async () => {
    const price = priceMovesOnce();
    const { url, requests } = await start({ onPaid: price.onPaid });
    const answered: (number | undefined)[] = [];
    const scheme = {
      ...standInScheme(),
      reusesRequirements: true,
      onPaymentAnswer: async ({ answer }: { answer: { status: number } | undefined }) =>
        void answered.push(answer?.status),
    };
    const api = withX402(axios.create({ baseURL: url }), createX402Client({ schemes: [scheme] }));
    const sent = () =>
      requests.map((request) =>
        request.payment ? (request.payment as PaymentPayload).accepted.amount : "-",
      );

    expect((await api.get("/weather")).status).toBe(200);
    expect(sent()).toEqual(["-", "1000"]);
    // Known requirements: one request, paid at once.
    expect((await api.get("/weather")).status).toBe(200);
    expect(sent()).toEqual(["-", "1000", "1000"]);
    // Another route still asks first.
    expect((await api.get("/other")).status).toBe(200);
    expect(sent()).toEqual(["-", "1000", "1000", "-", "1000"]);
    // Refused (the price moved): the scheme hears the 402, its requirements are paid once, nothing is remembered.
    price.refuse();
    expect((await api.get("/weather")).status).toBe(200);
    expect(sent().slice(5)).toEqual(["1000", "2000"]);
    expect(answered).toEqual([200, 200, 200, 402, 200]);
    expect((await api.get("/weather")).status).toBe(200);
    expect(sent().slice(7)).toEqual(["-", "1000"]);
  });
});
