import type { IncomingMessage } from "node:http";

export type ReadJsonBodyReturnType =
  | { ok: true; body: unknown }
  | { ok: false; status: 400 | 413 | 415; message: string };

const jsonType = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/**
 * Reads a request body as JSON, at most `limitBytes` of it: 413 beyond it (checked against `content-length` first,
 * without reading), 415 for a declared non-JSON content type, 400 for an empty body or malformed JSON. Never
 * throws.
 */
export async function readJsonBody(
  request: IncomingMessage,
  limitBytes: number,
): Promise<ReadJsonBodyReturnType> {
  const type = request.headers["content-type"];
  if (type !== undefined && !jsonType.test(type)) {
    request.resume();
    return { ok: false, status: 415, message: "The body must be JSON (content-type: application/json)." };
  }
  const tooLarge = { ok: false, status: 413, message: `The body exceeds ${limitBytes} bytes.` } as const;
  const declared = Number(request.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limitBytes) {
    request.resume();
    return tooLarge;
  }

  const read = await new Promise<Buffer | "too_large" | "failed">((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limitBytes) return void chunks.push(chunk);
      // Stop collecting but keep draining (not destroying), so the client can read the 413.
      request.off("data", onData);
      request.resume();
      resolve("too_large");
    };
    request.on("data", onData);
    request.once("end", () => resolve(Buffer.concat(chunks, Math.min(size, limitBytes))));
    request.once("error", () => resolve("failed"));
    request.once("close", () => resolve("failed"));
  });
  if (read === "too_large") return tooLarge;
  if (read === "failed") return { ok: false, status: 400, message: "The body could not be read." };
  const text = read.toString("utf8");
  if (text.trim() === "")
    return { ok: false, status: 400, message: "The body is empty; send a JSON object." };
  try {
    return { ok: true, body: JSON.parse(text) };
  } catch {
    return { ok: false, status: 400, message: "The body is not valid JSON." };
  }
}
