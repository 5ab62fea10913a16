import { describeResponse } from "./describeResponse.js";

/**
 * `POST /verify` (spec v2 §7.1) with a prepared JSON body; resolves on a 200 with `isValid: true`, throws with the
 * status or the invalid reason otherwise.
 */
export async function postVerify(facilitatorUrl: string, body: string): Promise<void> {
  const response = await fetch(`${facilitatorUrl}/verify`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(describeResponse(response, text));
  const answer = JSON.parse(text) as { isValid?: boolean; invalidReason?: string };
  if (answer.isValid !== true) throw new Error(`isValid: false (${answer.invalidReason ?? "no reason"})`);
}
