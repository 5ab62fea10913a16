/** What the suite keeps of an HTTP exchange: status, headers, the raw text and the JSON body when it is JSON. */
export type HttpResult = {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body, or undefined when the body is not JSON. */
  json: unknown;
};

export type HttpRequestParameters = {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
};

/** One HTTP request with a timeout; never throws for an HTTP status, only for a network error. */
export async function httpRequest(url: string, parameters: HttpRequestParameters = {}): Promise<HttpResult> {
  const { method = "GET", headers, body, timeoutMs = 20_000 } = parameters;
  const response = await fetch(url, {
    method,
    ...(headers ? { headers } : {}),
    ...(body === undefined ? {} : { body }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text === "" ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}
