export type CreateBufferedResponseParameters = {
  status: number;
  statusText: string;
  /** Node's `rawHeaders`: name, value, name, value, … */
  rawHeaders: readonly string[];
  /** The whole body, already read; `null` for a response that has none (HEAD, 204, 205, 304). */
  body: Buffer<ArrayBuffer> | null;
  url: string;
};

export type CreateBufferedResponseReturnType = Response;

/**
 * A `Response` over a body that is already read in full, for `getNodeHttpFetch`. Undici's `Response` builds a web
 * stream and its state for every answer, about 17 µs of CPU more than this one, and a resource server reads two per
 * paid request (issue 16). This one answers `status`, `headers`, `text()`, `json()`, `arrayBuffer()` and `bytes()` from the
 * buffer, builds `headers` when first read, and makes an undici `Response` only when something needs one (`body`,
 * `blob()`, `formData()`). It behaves as `fetch`'s answer does (a body reads once, then rejects with a TypeError),
 * but it is not an `instanceof Response`.
 */
export function createBufferedResponse(
  parameters: CreateBufferedResponseParameters,
): CreateBufferedResponseReturnType {
  if (parameters.status < 200 || parameters.status > 599)
    throw new RangeError(`A response's status must be 200 to 599, not ${parameters.status}.`);
  return new BufferedResponse(parameters) as unknown as Response;
}

const decoder = new TextDecoder();

class BufferedResponse {
  readonly status: number;
  readonly statusText: string;
  readonly ok: boolean;
  readonly url: string;
  readonly redirected = false;
  readonly type: ResponseType = "basic";
  readonly #parameters: CreateBufferedResponseParameters;
  #headers: Headers | undefined;
  /** Made once `body`, `blob()` or `formData()` is asked for; from then on it holds the body. */
  #response: Response | undefined;
  #used = false;

  constructor(parameters: CreateBufferedResponseParameters) {
    this.#parameters = parameters;
    this.status = parameters.status;
    this.statusText = parameters.statusText;
    this.ok = parameters.status >= 200 && parameters.status < 300;
    this.url = parameters.url;
  }

  get headers(): Headers {
    if (this.#headers) return this.#headers;
    const headers = new Headers();
    const raw = this.#parameters.rawHeaders;
    for (let index = 0; index + 1 < raw.length; index += 2) headers.append(raw[index]!, raw[index + 1]!);
    this.#headers = headers;
    return headers;
  }

  get body(): ReadableStream<Uint8Array> | null {
    return this.#asResponse().body;
  }

  get bodyUsed(): boolean {
    return this.#response ? this.#response.bodyUsed : this.#used;
  }

  text(): Promise<string> {
    if (this.#response) return this.#response.text();
    return this.#take((bytes) => decoder.decode(bytes));
  }

  json(): Promise<unknown> {
    if (this.#response) return this.#response.json();
    return this.#take((bytes) => JSON.parse(decoder.decode(bytes)) as unknown);
  }

  arrayBuffer(): Promise<ArrayBuffer> {
    if (this.#response) return this.#response.arrayBuffer();
    return this.#take((bytes) => new Uint8Array(bytes).buffer);
  }

  bytes(): Promise<Uint8Array> {
    if (this.#response) return this.#response.bytes();
    return this.#take((bytes) => new Uint8Array(bytes));
  }

  blob(): Promise<Blob> {
    return this.#asResponse().blob();
  }

  formData(): Promise<FormData> {
    return this.#asResponse().formData();
  }

  clone(): Response {
    if (this.#response) return this.#response.clone();
    if (this.#used) throw new TypeError("Response.clone: Body has already been consumed.");
    return new BufferedResponse(this.#parameters) as unknown as Response;
  }

  #take<T>(read: (bytes: Uint8Array) => T): Promise<T> {
    if (this.#used) return Promise.reject(new TypeError("Body is unusable: Body has already been read"));
    this.#used = true;
    try {
      return Promise.resolve(read(this.#parameters.body ?? new Uint8Array(0)));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  #asResponse(): Response {
    if (this.#response) return this.#response;
    const { body, status, statusText } = this.#parameters;
    const response = new Response(body, { status, statusText, headers: this.headers });
    // A body read here already leaves the made one read as well.
    if (this.#used && response.body) void response.body.cancel();
    this.#response = response;
    return response;
  }
}
