import { connect } from "node:net";

export type RawHttpRequestParameters = {
  /** `http://127.0.0.1:PORT/path?query` */
  url: string;
  method?: string | undefined;
  /**
   * Header lines written byte for byte (latin1), unvalidated: values may hold bytes that `fetch` refuses to send
   * (controls, bytes over 0x7f). CR and LF are the caller's business.
   */
  headers?: readonly (readonly [string, string])[] | undefined;
  body?: string | Buffer | undefined;
  /** Default 10 000 ms. */
  timeoutMs?: number | undefined;
};

export type RawHttpResponse = {
  status: number;
  /** Lower-case names; repeated headers are joined with ", ". */
  headers: Record<string, string>;
  body: string;
};

/**
 * One HTTP/1.1 request on its own connection (`connection: close`), written as raw bytes so that nothing between the
 * test and the server cleans up a malformed header. Resolves with the parsed answer; rejects when the connection
 * closes without one or the time runs out.
 */
export function rawHttpRequest(parameters: RawHttpRequestParameters): Promise<RawHttpResponse> {
  const url = new URL(parameters.url);
  const body =
    parameters.body === undefined
      ? Buffer.alloc(0)
      : Buffer.isBuffer(parameters.body)
        ? parameters.body
        : Buffer.from(parameters.body, "utf8");
  const lines = [
    `${parameters.method ?? "GET"} ${url.pathname}${url.search} HTTP/1.1`,
    `host: ${url.host}`,
    "connection: close",
    ...(body.length > 0 || parameters.method === "POST" ? [`content-length: ${body.length}`] : []),
    ...(parameters.headers ?? []).map(([name, value]) => `${name}: ${value}`),
  ];
  const head = Buffer.from(`${lines.join("\r\n")}\r\n\r\n`, "latin1");

  return new Promise((resolve, reject) => {
    const socket = connect({ host: url.hostname, port: Number(url.port) });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${parameters.timeoutMs ?? 10_000} ms`));
    }, parameters.timeoutMs ?? 10_000);
    socket.on("connect", () => {
      socket.write(Buffer.concat([head, body]));
    });
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    // The server may answer (and close) before it has read everything that was sent: keep what it said.
    socket.on("error", () => undefined);
    socket.on("close", () => {
      clearTimeout(timer);
      const parsed = parseResponse(Buffer.concat(chunks));
      if (parsed) resolve(parsed);
      else reject(new Error("the connection closed without an HTTP answer"));
    });
  });
}

function parseResponse(raw: Buffer): RawHttpResponse | undefined {
  const end = raw.indexOf("\r\n\r\n");
  if (end === -1) return undefined;
  const [statusLine = "", ...headerLines] = raw.subarray(0, end).toString("latin1").split("\r\n");
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1]);
  if (!Number.isInteger(status)) return undefined;
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(":");
    if (colon === -1) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  let rest = raw.subarray(end + 4);
  if (headers["transfer-encoding"]?.toLowerCase().includes("chunked")) rest = dechunk(rest);
  return { status, headers, body: rest.toString("utf8") };
}

/** Decodes a chunked body (RFC 9112 §7.1), as far as it goes. */
function dechunk(raw: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = raw.indexOf("\r\n", at);
    if (lineEnd === -1) break;
    const size = Number.parseInt(raw.subarray(at, lineEnd).toString("latin1"), 16);
    if (!Number.isFinite(size) || size === 0) break;
    parts.push(raw.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}
