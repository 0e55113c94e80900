// A family with its members, for the programme, planner and report tests.
import type { Database } from "../client";
import { families, people } from "../schema";

/** A family registered at a site; `person(name)` gives a member's id. */
export async function makeFamilyOf(
  db: Database,
  siteId: string,
  members: { name: string; dob: string; role?: "adult" | "child"; disability?: boolean }[],
) {
  const [family] = await db
    .insert(families)
    .values({
      surname: "Fixture",
      postcode: "FL1 1AA",
      registeredSiteId: siteId,
      registeredOn: "2026-01-05",
    })
    .returning({ id: families.id });
  if (!family) throw new Error("no family");
  const rows = await db
    .insert(people)
    .values(
      members.map((m) => ({
        familyId: family.id,
        firstName: m.name,
        lastName: "Fixture",
        dateOfBirth: m.dob,
        role: m.role ?? "child",
        disability: m.disability ?? false,
      })),
    )
    .returning({ id: people.id, name: people.firstName });
  const person = (name: string) => {
    const found = rows.find((r) => r.name === name);
    if (!found) throw new Error(name);
    return found.id;
  };
  return { id: family.id, person };
}
