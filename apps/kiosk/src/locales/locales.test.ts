// Every language says everything English says, with the same {{placeholders}}, in every plural
// form the language has; and every translation waits for a native speaker's review.
import { describe, expect, it } from "vitest";
import ar from "./ar.json";
import en from "./en.json";
import pl from "./pl.json";
import ro from "./ro.json";
import so from "./so.json";
import ur from "./ur.json";

const PLURAL = /_(zero|one|two|few|many|other)$/;

type Tree = { [key: string]: string | boolean | Tree };

function flatten(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (key === "_meta") continue;
    if (typeof value === "object") {
      for (const [k, v] of flatten(value, `${prefix}${key}.`)) out.set(k, v);
    } else out.set(`${prefix}${key}`, String(value));
  }
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/{{(\w+)}}/g)].map((m) => m[1]).sort();

const english = flatten(en);
const englishBases = new Set([...english.keys()].map((k) => k.replace(PLURAL, "")));

describe.each([
  ["pl", pl],
  ["ro", ro],
  ["so", so],
  ["ur", ur],
  ["ar", ar],
] as const)("the %s translation", (code, file) => {
  const strings = flatten(file);

  it("is marked as needing a native speaker's review", () => {
    expect(file._meta.reviewed).toBe(false);
  });

  it("has every English string and no other", () => {
    const bases = new Set([...strings.keys()].map((k) => k.replace(PLURAL, "")));
    expect([...bases].sort()).toEqual([...englishBases].sort());
    for (const value of strings.values()) expect(value.trim()).not.toBe("");
  });

  it("has each plural form the language uses", () => {
    const categories = new Intl.PluralRules(code).resolvedOptions().pluralCategories;
    const plurals = [...english.keys()].filter((k) => k.endsWith("_other"));
    for (const key of plurals) {
      const base = key.replace(PLURAL, "");
      for (const category of categories) expect(strings.has(`${base}_${category}`)).toBe(true);
    }
  });

  it("keeps English's placeholders", () => {
    for (const [key, value] of strings) {
      const source = english.get(key) ?? english.get(key.replace(PLURAL, "_other")) ?? "";
      // Arabic says "one" and "two" in words rather than with the number.
      const expected = placeholders(source).filter((p) => !(PLURAL.test(key) && p === "count"));
      for (const name of expected) expect(placeholders(value), `${code} ${key}`).toContain(name);
    }
  });
});
