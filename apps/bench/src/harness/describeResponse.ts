const oneLine = (text: string) => text.replace(/\s+/g, " ").trim().slice(0, 200);

/**
 * A short description of an unexpected HTTP answer, for the failure tally: the status and, when present, the
 * reason from `PAYMENT-RESPONSE` (spec v2 transport: base64 JSON), else the start of the body.
 */
export function describeResponse(response: Response, body: string): string {
  const header = response.headers.get("payment-response");
  if (header) {
    try {
      const settle = JSON.parse(Buffer.from(header, "base64").toString("utf8")) as {
        errorReason?: string;
        errorMessage?: string;
      };
      if (settle.errorReason)
        return oneLine(
          `HTTP ${response.status} ${settle.errorReason}${settle.errorMessage ? `: ${settle.errorMessage}` : ""}`,
        );
    } catch {
      // Not base64 JSON: fall back to the body.
    }
  }
  return oneLine(`HTTP ${response.status} ${body}`);
}
