import { isAbsolute, resolve } from "node:path";
import { z } from "zod";
import type { ConfigContext } from "./configContext.js";

/** Where a secret comes from: `{ "env": NAME }`, `{ "file": PATH }` (trailing whitespace dropped), or a literal. */
export const secretSourceSchema = z.union([
  z.string().min(1, "must not be empty"),
  z.strictObject({
    env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be an environment variable's name"),
  }),
  z.strictObject({ file: z.string().min(1, "must be a path") }),
]);

export type SecretSource = z.input<typeof secretSourceSchema>;

export type SecretSchemaParameters = {
  /** Whether the secret may be written in the configuration itself. Private keys may not. */
  literal: boolean;
};

/**
 * A secret in the configuration: read from the environment or a file, or (when `literal`) given as it is. The value
 * is remembered in `context.secrets`, so that no output shows it, and never appears in an error message.
 */
export function secretSchema(context: ConfigContext, parameters: SecretSchemaParameters) {
  return readSecretSchema(context, parameters).transform((value) => {
    context.secrets.add(value);
    return value;
  });
}

/** A secret source, read; not remembered (the caller decides what in it is secret). */
function readSecretSchema(context: ConfigContext, parameters: SecretSchemaParameters) {
  return secretSourceSchema.transform((source, issue): string => {
    const fail = (message: string) => {
      issue.addIssue({ code: "custom", message });
      return z.NEVER;
    };
    if (typeof source === "string") {
      if (!parameters.literal)
        return fail('give { "file": PATH } or { "env": NAME }, never the secret itself');
      return source;
    }
    if ("env" in source) {
      const read = context.env[source.env];
      if (read === undefined || read.trim() === "")
        return fail(`the environment variable ${source.env} is not set`);
      return read.trim();
    }
    const path = isAbsolute(source.file) ? source.file : resolve(context.baseDir, source.file);
    let value: string;
    try {
      value = context.readFile(path).trimEnd();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return fail(`cannot read ${path}${code ? ` (${code})` : ""}`);
    }
    return value === "" ? fail(`${path} is empty`) : value;
  });
}

/**
 * An http(s) URL that may hold credentials (a user and password, an API key in its path or query, as RPC providers
 * put them): a literal or a secret source. Its credentials are remembered as secrets; describe it with
 * `describeUrl`, never as it is.
 */
export function secretUrlSchema(context: ConfigContext, protocols: readonly string[] = ["http:", "https:"]) {
  return readSecretSchema(context, { literal: true }).transform((value, issue): string => {
    const url = URL.canParse(value) ? new URL(value) : undefined;
    if (!url || !protocols.includes(url.protocol) || url.hostname === "") {
      issue.addIssue({
        code: "custom",
        message: `must be ${protocols.map((protocol) => `a ${protocol}//`).join(" or ")} URL`,
      });
      return z.NEVER;
    }
    const inAddress = [
      ...url.pathname.split("/").filter((part) => part.length >= 12),
      // A long query value, or any value of a parameter named like a credential (`?apikey=…`, `?token=…`).
      ...[...url.searchParams].flatMap(([name, part]) =>
        part.length >= 12 || /key|token|secret|auth|pass|sig/i.test(name) ? [part] : [],
      ),
    ].filter((part) => part !== "");
    const secrets = [url.password, ...inAddress].filter((part) => part !== "");
    // A URL with credentials is a secret as a whole, and so is each credential (as it appears, and decoded).
    if (secrets.length > 0) context.secrets.add(value);
    // Clients print the URL without its user and password (viem's errors: `URL: http://host/?apikey=…`): that form
    // too, so that a credential too short to redact alone is still hidden in it.
    if (inAddress.length > 0) {
      const bare = new URL(value);
      bare.username = "";
      bare.password = "";
      context.secrets.add(bare.href);
    }
    for (const part of secrets) {
      context.secrets.add(part);
      context.secrets.add(decodeURIComponent(part));
    }
    return value;
  });
}

/** A URL for logs and error messages: its scheme, host and port only (no credentials, path or query). */
export function describeUrl(value: string): string {
  if (!URL.canParse(value)) return "(invalid URL)";
  const url = new URL(value);
  return `${url.protocol}//${url.host}`;
}
