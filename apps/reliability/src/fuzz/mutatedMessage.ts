import fc from "fast-check";
import { type AdversarialValue, adversarialValue, adversarialValueClasses } from "./adversarialValue.js";

type Path = readonly string[];

/** Every path into a JSON value (objects and arrays), the root first. */
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (typeof value !== "object" || value === null) return [prefix];
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  return [prefix, ...entries.flatMap(([key, child]) => pathsOf(child, [...prefix, key]))];
}

const remove = Symbol("remove");

/** A copy of `value` with `change` applied at `path` (keys are set as own properties, `__proto__` included). */
function update(value: unknown, path: Path, change: (current: unknown) => unknown): unknown {
  if (path.length === 0) return change(value);
  if (typeof value !== "object" || value === null) return value;
  const [head, ...rest] = path as [string, ...string[]];
  const copy: Record<string, unknown> | unknown[] = Array.isArray(value) ? [...value] : { ...value };
  const next = update((copy as Record<string, unknown>)[head], rest, change);
  if (next === remove) {
    if (Array.isArray(copy)) copy.splice(Number(head), 1);
    else delete copy[head];
  } else {
    Object.defineProperty(copy, head, { value: next, enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

type Mutation =
  | { kind: "replace"; path: Path; value: AdversarialValue }
  | { kind: "delete"; path: Path }
  | { kind: "add"; path: Path; key: string; value: AdversarialValue };

/** A message as the fuzzer sends it, and the classes of change made to it (`seed` when left as it is). */
export type MutatedMessage = { message: unknown; classes: string[] };

/**
 * Every class of change `mutatedMessage` makes: the seed as it is, a field deleted, and a field replaced or added with
 * each class of adversarial value. A fuzz run checks that it saw each of them, so that fewer runs lose no class.
 */
export const mutationClasses: readonly string[] = [
  "seed",
  "delete",
  ...adversarialValueClasses.flatMap((kind) => [`replace:${kind}`, `add:${kind}`]),
];

const classOf = (m: Mutation) => (m.kind === "delete" ? "delete" : `${m.kind}:${m.value.class}`);

const extraKeys = [
  "__proto__",
  "constructor",
  "prototype",
  "x402Version",
  "amount",
  "extra",
  "",
  "a".repeat(300),
];

/**
 * A valid x402 message changed in one to three places: a field replaced by an adversarial value (wrong type, odd
 * amount, deep nesting, prototype keys), a field left out, or a field added (`__proto__` and `constructor`
 * included). Sometimes the message is left as it is, so that valid inputs are tried too. With the classes of change.
 */
export function mutatedMessage(seed: unknown, maxDepth: number): fc.Arbitrary<MutatedMessage> {
  const paths = pathsOf(seed);
  const objectPaths = paths.filter((path) => {
    let value: unknown = seed;
    for (const key of path) value = (value as Record<string, unknown>)[key];
    return typeof value === "object" && value !== null && !Array.isArray(value);
  });
  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    {
      weight: 5,
      arbitrary: fc.record({
        kind: fc.constant("replace" as const),
        path: fc.constantFrom(...paths),
        value: adversarialValue(maxDepth),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant("delete" as const),
        path: fc.constantFrom(...paths.filter((p) => p.length > 0)),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant("add" as const),
        path: fc.constantFrom(...objectPaths),
        key: fc.oneof(fc.constantFrom(...extraKeys), fc.string({ maxLength: 12 })),
        value: adversarialValue(maxDepth),
      }),
    },
  );
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant<MutatedMessage>({ message: seed, classes: ["seed"] }) },
    {
      weight: 12,
      arbitrary: fc.array(mutation, { minLength: 1, maxLength: 3 }).map((mutations) => ({
        classes: mutations.map(classOf),
        message: mutations.reduce<unknown>((message, m) => {
          if (m.kind === "replace") return update(message, m.path, () => m.value.value);
          if (m.kind === "delete") return update(message, m.path, () => remove);
          return update(message, m.path, (current) => {
            if (typeof current !== "object" || current === null) return current;
            const copy = Array.isArray(current) ? [...current] : { ...current };
            Object.defineProperty(copy, m.key, {
              value: m.value.value,
              enumerable: true,
              writable: true,
              configurable: true,
            });
            return copy;
          });
        }, seed),
      })),
    },
  );
}
