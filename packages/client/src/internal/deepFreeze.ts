/** Freezes plain data all the way down: a checked message that must never change. */
export function deepFreeze<value>(value: value): value {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}
