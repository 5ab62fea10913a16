import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { paymentRequiredSchema, settleResponseSchema } from "@x402kit/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { absentEvmChain } from "../src/context/createBaseContext.js";
import { createExpect } from "../src/context/createExpect.js";
import {
  CaseFailure,
  ConformanceError,
  loadSpecSchema,
  parseCliArguments,
  runConformance,
  type SpecSchema,
} from "../src/index.js";

/**
 * A schema written for this test in the layout specs/schemas/README.md gives the spec's `x402-v2.schema.json`
 * (draft 2020-12, the three messages under `$defs`). The spec's own file is not in this repository (no fetched file
 * is committed): users pass it with `--spec-schema`. This one is stricter than x402kit on one point (a settlement
 * must name its payer) and laxer on another (requirements need no amount), so both kinds of disagreement show.
 */
const testSchema = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $defs: {
    Requirements: {
      type: "object",
      properties: { scheme: { type: "string" }, network: { type: "string" } },
      required: ["scheme", "network", "asset", "payTo"],
    },
    PaymentRequired: {
      type: "object",
      properties: {
        x402Version: { const: 2 },
        accepts: { type: "array", minItems: 1, items: { $ref: "#/$defs/Requirements" } },
      },
      required: ["x402Version", "accepts"],
    },
    PaymentPayload: {
      type: "object",
      properties: { x402Version: { const: 2 }, accepted: { $ref: "#/$defs/Requirements" } },
      required: ["x402Version", "accepted", "payload"],
    },
    SettlementResponse: {
      type: "object",
      properties: { success: { type: "boolean" }, payer: { type: "string" } },
      required: ["success", "transaction", "network", "payer"],
    },
  },
};

const requirements = {
  scheme: "exact",
  network: "eip155:31337",
  amount: "10000",
  asset: "0x036CbD53842c5426634e7929541eC2318f3dCF7e",
  payTo: "0x209693Bc6afc0C5328bA36FaF03C514EF312287C",
  maxTimeoutSeconds: 300,
  extra: {},
};

let directory: string;
let schemaPath: string;
let specSchema: SpecSchema;
beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), "x402-spec-schema-"));
  schemaPath = path.join(directory, "x402-v2.schema.json");
  await writeFile(schemaPath, JSON.stringify(testSchema));
  specSchema = await loadSpecSchema({ path: schemaPath });
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

function judges() {
  const warnings: string[] = [];
  const expectations = createExpect({
    chain: absentEvmChain,
    warn: (message) => warnings.push(message),
    specSchema,
  });
  return { warnings, expect: expectations };
}

describe("loadSpecSchema", () => {
  it("judges each message with its $defs entry", () => {
    expect(
      specSchema.reject("PaymentRequired", {
        x402Version: 2,
        resource: { url: "http://127.0.0.1/paid" },
        accepts: [requirements],
      }),
    ).toBeUndefined();
    expect(specSchema.reject("PaymentRequired", { x402Version: 1, accepts: [] })).toMatch(
      /x402Version|accepts/,
    );
    expect(specSchema.reject("PaymentPayload", { x402Version: 2, accepted: requirements })).toMatch(
      /payload/,
    );
  });

  it("refuses a file that is not JSON, or is not the spec's schema, as a usage error", async () => {
    const notJson = path.join(directory, "not.json");
    await writeFile(notJson, "{");
    await expect(loadSpecSchema({ path: notJson })).rejects.toMatchObject({ code: "usage" });
    const other = path.join(directory, "other.json");
    await writeFile(other, JSON.stringify({ $defs: { PaymentRequired: {} } }));
    await expect(loadSpecSchema({ path: other })).rejects.toThrow(
      /no \$defs for PaymentPayload, SettlementResponse/,
    );
    await expect(loadSpecSchema({ path: path.join(directory, "absent.json") })).rejects.toBeInstanceOf(
      ConformanceError,
    );
  });
});

describe("expect.schema with the spec's JSON Schema as a second judge", () => {
  it("stays silent when both judges accept", () => {
    const { warnings, expect: judge } = judges();
    judge.schema(
      paymentRequiredSchema,
      { x402Version: 2, resource: { url: "http://127.0.0.1/paid" }, accepts: [requirements] },
      "PaymentRequired",
    );
    expect(warnings).toEqual([]);
  });

  it("warns, naming both judges, when only the spec's schema refuses", () => {
    const { warnings, expect: judge } = judges();
    const settlement = { success: true, transaction: `0x${"ab".repeat(32)}`, network: "eip155:31337" };
    expect(judge.schema(settleResponseSchema, settlement, "POST /settle response")).toMatchObject({
      success: true,
    });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^POST \/settle response: the spec's JSON Schema \(#\/\$defs\/SettlementResponse\) refuses what x402kit's schema accepts: .*payer/,
    );
  });

  it("fails the case as before when x402kit's schema refuses, and says that the spec's schema accepts", () => {
    const { expect: judge } = judges();
    const { amount: _, ...withoutAmount } = requirements;
    const call = () =>
      judge.schema(
        paymentRequiredSchema,
        { x402Version: 2, resource: { url: "http://127.0.0.1/paid" }, accepts: [withoutAmount] },
        "PaymentRequired",
      );
    expect(call).toThrow(CaseFailure);
    expect(call).toThrow(
      /malformed at accepts\.0\.amount: .*the spec's JSON Schema \(#\/\$defs\/PaymentRequired\) accepts it/,
    );
  });

  it("does nothing more without a spec schema", () => {
    const warnings: string[] = [];
    const plain = createExpect({ chain: absentEvmChain, warn: (message) => warnings.push(message) });
    plain.spec("SettlementResponse", {}, "anything");
    expect(warnings).toEqual([]);
  });
});

describe("--spec-schema", () => {
  it("is parsed from the command line", () => {
    expect(
      parseCliArguments(["server", "--cmd", "node server.js", "--spec-schema", "x402-v2.schema.json"]),
    ).toMatchObject({ specSchema: "x402-v2.schema.json" });
  });

  it("is read before anything starts: a missing file is a usage error", async () => {
    await expect(
      runConformance({
        target: "server",
        command: "exit 1",
        specSchema: path.join(directory, "absent.json"),
      }),
    ).rejects.toMatchObject({ code: "usage" });
  });
});
