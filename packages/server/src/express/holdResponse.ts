import type { OutgoingHttpHeader, OutgoingHttpHeaders, ServerResponse } from "node:http";

export type HeldResponse = {
  /** Everything the handler wrote, in order. */
  readonly body: Buffer;
  /**
   * Puts the real methods back and sends `body` (default: the held body). Status and headers are whatever is set on
   * the response at that moment, so the caller adjusts them first.
   */
  flush(body?: string | Buffer): void;
};

type Chunk = string | Uint8Array;

const toBuffer = (chunk: Chunk, encoding?: BufferEncoding): Buffer =>
  typeof chunk === "string"
    ? Buffer.from(chunk, encoding ?? "utf8")
    : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);

/**
 * Holds a Node response: `writeHead`, `write`, `end` and `flushHeaders` only record (status and headers stay on the
 * response through `statusCode`/`setHeader`, the body is buffered, streams included), nothing reaches the socket.
 * When the handler calls `end`, `onEnd` decides what to send and calls `flush`.
 */
export function holdResponse(response: ServerResponse, onEnd: (held: HeldResponse) => void): void {
  const original = {
    writeHead: response.writeHead,
    write: response.write,
    end: response.end,
    flushHeaders: response.flushHeaders,
  };
  const chunks: Buffer[] = [];
  const callbacks: (() => void)[] = [];
  let ended = false;

  const setHeaders = (headers: OutgoingHttpHeaders | OutgoingHttpHeader[] | undefined) => {
    if (Array.isArray(headers)) {
      // Either [[name, value], ...] or the flat [name, value, name, value, ...].
      if (headers.every(Array.isArray))
        for (const [name, value] of headers as string[][]) response.setHeader(name!, value!);
      else
        for (let i = 0; i + 1 < headers.length; i += 2)
          response.setHeader(String(headers[i]), headers[i + 1]!);
    } else if (headers) {
      for (const [name, value] of Object.entries(headers))
        if (value !== undefined) response.setHeader(name, value);
    }
  };

  response.writeHead = ((status: number, ...rest: unknown[]) => {
    response.statusCode = status;
    let headers = rest[0];
    if (typeof headers === "string") {
      response.statusMessage = headers;
      headers = rest[1];
    }
    setHeaders(headers as OutgoingHttpHeaders | OutgoingHttpHeader[] | undefined);
    return response;
  }) as ServerResponse["writeHead"];

  response.write = ((chunk: Chunk, encoding?: unknown, callback?: unknown) => {
    if (typeof encoding === "function") [callback, encoding] = [encoding, undefined];
    if (!ended && chunk != null) chunks.push(toBuffer(chunk, encoding as BufferEncoding | undefined));
    if (typeof callback === "function") process.nextTick(callback as () => void);
    return true;
  }) as ServerResponse["write"];

  response.end = ((chunk?: unknown, encoding?: unknown, callback?: unknown) => {
    if (typeof chunk === "function") [callback, chunk] = [chunk, undefined];
    else if (typeof encoding === "function") [callback, encoding] = [encoding, undefined];
    if (typeof callback === "function") callbacks.push(callback as () => void);
    if (ended) return response;
    ended = true;
    if (chunk != null) chunks.push(toBuffer(chunk as Chunk, encoding as BufferEncoding | undefined));
    onEnd(held);
    return response;
  }) as ServerResponse["end"];

  response.flushHeaders = () => {};

  const held: HeldResponse = {
    get body() {
      return Buffer.concat(chunks);
    },
    flush(body) {
      Object.assign(response, original);
      response.end(body ?? Buffer.concat(chunks), () => {
        for (const callback of callbacks) callback();
      });
    },
  };
}
