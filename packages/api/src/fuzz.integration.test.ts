// Every procedure of the app router, sent thousands of malformed inputs in all (fast-check): the
// wrong types, huge and strange strings, deep nesting, prototype-pollution keys, and valid samples
// with one field broken or missing. Called as an administrator with a verified second factor and
// as a kiosk, nothing may answer with a 500, nothing may be written (the audit log aside: it
// records reads and refusals), and no prototype may be polluted.
import { type DatabaseHandle } from "@familyhub/db";
import { createTestDatabase, testDatabaseKinds } from "@familyhub/db/testing";
import { TRPCError } from "@trpc/server";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZodType } from "zod";
import {
  type AccessFixture,
  callPath,
  databaseDigest,
  sampleInputs,
  seedAccessFixture,
} from "./access-samples.test-utils";
import { accessMatrix } from "./access-matrix";
import { callerAs } from "./helpers.test-utils";
import { appRouter } from "./root";

/**
 * Runs per procedure and caller, about 4,500 in all: most where the caller gets past the tier to
 * the validator (the administrator passes every permission; a kiosk, the kiosk's procedures),
 * a few where the tier refuses first.
 */
function runsFor(path: string, as: "administrator" | "kiosk"): number {
  const needs = accessMatrix[path]?.needs;
  const kioskMay = needs === "kiosk" || needs === "public";
  if (as === "kiosk") return kioskMay ? 40 : 12;
  return needs === "kiosk" ? 8 : 30;
}

const procedures = appRouter._def.procedures as Record<string, unknown>;

/** The zod schemas a procedure parses its input with (none for a procedure without input). */
function inputSchemas(path: string): ZodType[] {
  const def = (procedures[path] as { _def?: { inputs?: unknown[] } } | undefined)?._def;
  return (def?.inputs ?? []).filter((p): p is ZodType => p instanceof ZodType);
}

/** Whether the procedure would accept `input`: such inputs are not malformed, and are left out. */
function accepted(schemas: ZodType[], input: unknown): boolean {
  if (schemas.length === 0) return false;
  try {
    return schemas.every((s) => s.safeParse(input).success);
  } catch {
    return false;
  }
}

const pollutionKeys: Record<string, unknown>[] = [
  JSON.parse('{"__proto__": {"polluted": "yes"}}') as Record<string, unknown>,
  JSON.parse('{"constructor": {"prototype": {"polluted": "yes"}}}') as Record<string, unknown>,
  JSON.parse('{"__proto__": {"toString": "x", "valueOf": 1}}') as Record<string, unknown>,
  { prototype: { polluted: "yes" } },
];

const deep = fc.integer({ min: 20, max: 1500 }).map((depth) => {
  let value: Record<string, unknown> = { id: "x" };
  for (let i = 0; i < depth; i++) value = { a: value, id: value };
  return value;
});

/** Values that should never pass a validator in the place they are put. */
const nasty: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({
    maxDepth: 3,
    withBigInt: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withNullPrototype: true,
    withObjectString: true,
    withTypedArray: true,
    withSparseArray: true,
    withBoxedValues: true,
    withUnicodeString: true,
  }),
  fc.string({ unit: "grapheme", maxLength: 300 }),
  fc.string({ unit: "binary", maxLength: 60 }),
  fc.integer({ min: 1_000, max: 100_000 }).map((n) => "ä".repeat(n)),
  fc.constantFrom<unknown>(
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    -0,
    -1,
    1e308,
    Number.MAX_SAFE_INTEGER + 2,
    "",
    " ",
    "\u0000",
    "\uD800",
    "00000000-0000-0000-0000-000000000000",
    "' or 1=1 --",
    "'); drop table families; --",
    "../../../etc/passwd",
    "<script>alert(1)</script>",
    "2026-02-30",
    "9999-99-99",
    "2026-13-01",
    `FH1-${"A".repeat(24)}`,
    new Date(Number.NaN),
    [],
    {},
    Symbol("x"),
    () => 1,
  ),
  fc.constantFrom(...pollutionKeys),
  deep,
);

type Path = (string | number)[];

/** Paths to every value in a sample, to be broken one at a time (objects and arrays included). */
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (Array.isArray(value)) {
    return value.flatMap((v, i) => [[...prefix, i], ...pathsOf(v, [...prefix, i])]);
  }
  if (value && typeof value === "object" && !(value instanceof Date)) {
    return Object.entries(value).flatMap(([k, v]) => [
      [...prefix, k],
      ...pathsOf(v, [...prefix, k]),
    ]);
  }
  return [];
}

function withAt(
  sample: unknown,
  path: Path,
  replace: (parent: Record<string | number, unknown>, key: string | number) => void,
) {
  const copy: unknown = structuredClone(sample);
  let parent = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (last !== undefined) replace(parent, last);
  return copy;
}

/** Malformed inputs for a procedure whose valid input looks like `sample`. */
function malformed(sample: unknown): fc.Arbitrary<unknown> {
  const paths = pathsOf(sample);
  if (paths.length === 0) return nasty;
  const path = fc.constantFrom(...paths);
  const broken = fc.tuple(path, nasty).map(([p, v]) =>
    withAt(sample, p, (parent, key) => {
      parent[key] = v;
    }),
  );
  const missing = path.map((p) =>
    withAt(sample, p, (parent, key) => {
      if (Array.isArray(parent) && typeof key === "number") parent.splice(key, 1);
      else delete parent[key];
    }),
  );
  const polluted = fc
    .constantFrom(...pollutionKeys)
    .map((extra) => ({ ...(structuredClone(sample) as object), ...extra }));
  return fc.oneof(
    { arbitrary: nasty, weight: 2 },
    { arbitrary: broken, weight: 4 },
    { arbitrary: missing, weight: 1 },
    { arbitrary: polluted, weight: 1 },
  );
}

describe.each(testDatabaseKinds())("malformed input to every procedure on %s", (kind) => {
  let handle: DatabaseHandle;
  let fx: AccessFixture;
  let samples: Record<string, unknown>;

  beforeAll(async () => {
    handle = await createTestDatabase(kind);
    fx = await seedAccessFixture(handle.db);
    samples = sampleInputs(fx);
  });

  afterAll(async () => {
    await handle?.close();
  });

  it.each(Object.keys(procedures))("%s answers no 500 and writes nothing", async (path) => {
    const schemas = inputSchemas(path);
    const inputs = malformed(samples[path]).filter((input) => !accepted(schemas, input));
    for (const as of ["administrator", "kiosk"] as const) {
      const caller = callerAs(
        handle.db,
        as === "kiosk" ? { kiosk: fx.kiosk } : { staff: fx.staff.administrator },
      );
      const before = await databaseDigest(handle.db);
      await fc.assert(
        fc.asyncProperty(inputs, async (input) => {
          try {
            await callPath(caller, path, input);
          } catch (error) {
            // Anything but a TRPCError is a crash; a TRPCError must not be a 500.
            expect(error).toBeInstanceOf(TRPCError);
            expect((error as TRPCError).code).not.toBe("INTERNAL_SERVER_ERROR");
          }
        }),
        { numRuns: runsFor(path, as) },
      );
      expect(await databaseDigest(handle.db)).toEqual(before);
      expect(Object.prototype).not.toHaveProperty("polluted");
      expect(({} as Record<string, unknown>).toString).toBe(Object.prototype.toString);
    }
  });

  it("would notice a write: the digest changes when a row does", async () => {
    const before = await databaseDigest(handle.db);
    await callerAs(handle.db, { staff: fx.staff.administrator }).kiosks.create({
      siteId: fx.siteA.id,
      name: "Fuzz check",
    });
    expect(await databaseDigest(handle.db)).not.toEqual(before);
  });
});
