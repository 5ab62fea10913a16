import { isAbsolute, resolve } from "node:path";
import { type FacilitatorApiKey, hashApiKey } from "@x402kit/facilitator";
import { z } from "zod";
import type { ConfigContext } from "./configContext.js";
import { secretSchema } from "./secretSchema.js";

const nameSchema = z.string().regex(/^[\w.@-]{1,100}$/, "must be 1 to 100 letters, digits or ._@-");
const sha256Schema = z
  .string()
  .regex(/^[0-9a-fA-F]{64}$/, "must be a SHA-256 in hex (x402kit-facilitator --new-api-key)");
const limitSchema = {
  perMinute: z.number("must be a number").positive("must be positive").max(6_000_000).optional(),
  burst: z.int("must be a whole number").min(1).max(1_000_000).optional(),
};
const entry = /^([\w.@-]{1,100})[\s:=]+([0-9a-fA-F]{64})$/;

/**
 * Named API keys as `name sha256` lines (a file) or `name:sha256` entries separated by commas (a variable); `#`
 * starts a comment line. Only hashes: the keys themselves are never stored.
 */
export function parseApiKeyList(text: string): { keys: FacilitatorApiKey[] } | { message: string } {
  const keys: FacilitatorApiKey[] = [];
  const lines = text.split(/[\n,]/).map((line) => line.trim());
  for (const [index, line] of lines.entries()) {
    if (line === "" || line.startsWith("#")) continue;
    const match = entry.exec(line);
    // Never quote the line: it may be a key pasted by mistake.
    if (!match) return { message: `entry ${index + 1} must be NAME SHA256 (64 hex digits)` };
    keys.push({ name: match[1]!, sha256: match[2]!.toLowerCase() });
  }
  return { keys };
}

/**
 * The `apiKeys` section: `keys` (each `{ name, sha256 }`, or `{ name, key: { env | file } }`, hashed as it is read),
 * `file` (a list of `name sha256` lines), `env` (a variable holding `name:sha256,…`) and `open` (the routes served
 * without a key). A key read is a secret: no output shows it.
 */
export function apiKeysSchema(context: ConfigContext) {
  const listFrom = (text: string, where: string, fail: (message: string) => void) => {
    const parsed = parseApiKeyList(text);
    if ("message" in parsed) {
      fail(`${where}: ${parsed.message}`);
      return [];
    }
    return parsed.keys;
  };
  return z
    .strictObject({
      keys: z
        .array(
          z.union([
            z.strictObject({ name: nameSchema, sha256: sha256Schema, ...limitSchema }),
            z.strictObject({
              name: nameSchema,
              key: secretSchema(context, { literal: false }),
              ...limitSchema,
            }),
          ]),
        )
        .default([]),
      file: z.string().min(1, "must be a path").optional(),
      env: z
        .string()
        .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be an environment variable's name")
        .optional(),
      open: z
        .array(
          z.enum(["supported", "discovery", "healthz", "metrics"], {
            error: "must be supported, discovery, healthz or metrics",
          }),
        )
        .default([]),
    })
    .transform((section, issue) => {
      let failed = false;
      const fail = (path: string, message: string) => {
        failed = true;
        issue.addIssue({ code: "custom", path: [path], message });
      };
      const keys: FacilitatorApiKey[] = section.keys.map(({ name, perMinute, burst, ...given }) => ({
        name,
        sha256: "sha256" in given ? given.sha256.toLowerCase() : hashApiKey(given.key),
        ...(perMinute === undefined ? {} : { perMinute }),
        ...(burst === undefined ? {} : { burst }),
      }));
      if (section.file !== undefined) {
        const path = isAbsolute(section.file) ? section.file : resolve(context.baseDir, section.file);
        try {
          keys.push(...listFrom(context.readFile(path), path, (message) => fail("file", message)));
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          fail("file", `cannot read ${path}${code ? ` (${code})` : ""}`);
        }
      }
      if (section.env !== undefined) {
        const value = context.env[section.env];
        if (value === undefined || value.trim() === "")
          fail("env", `the environment variable ${section.env} is not set`);
        else keys.push(...listFrom(value, section.env, (message) => fail("env", message)));
      }
      if (keys.length === 0 && !failed) fail("keys", "name at least one key");
      const names = keys.map((key) => key.name);
      const twice = names.find((name, index) => names.indexOf(name) !== index);
      if (twice)
        issue.addIssue({ code: "custom", path: ["keys"], message: `the key name ${twice} is given twice` });
      if (new Set(keys.map((key) => key.sha256)).size !== keys.length)
        issue.addIssue({ code: "custom", path: ["keys"], message: "two keys are the same" });
      return { keys, open: section.open };
    });
}
