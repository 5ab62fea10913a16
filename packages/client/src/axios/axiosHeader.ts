import { AxiosHeaders, type AxiosResponse } from "axios";

/** One header of an axios response, case-insensitively, as a string (undefined otherwise). */
export function axiosHeader(headers: AxiosResponse["headers"] | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const value = AxiosHeaders.from(headers as AxiosHeaders).get(name);
  return typeof value === "string" ? value : undefined;
}
