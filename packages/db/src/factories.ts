// Small factories for tests: each makes one real row and returns what a test needs of it.
import { randomUUID } from "node:crypto";
import type { Database } from "./client";
import { localities, programmes, sessions, sites, user } from "./schema";
import type { siteKinds, staffRoles } from "./schema";
import { londonDate, londonTime } from "./time";

export async function makeLocality(db: Database, name = `Locality ${randomUUID().slice(0, 8)}`) {
  const [row] = await db
    .insert(localities)
    .values({ name })
    .returning({ id: localities.id, name: localities.name });
  if (!row) throw new Error("no locality");
  return row;
}

export async function makeSite(
  db: Database,
  input: { localityId: string; name?: string; kind?: (typeof siteKinds)[number] },
) {
  const code = `S${randomUUID().slice(0, 6).toUpperCase()}`;
  const [row] = await db
    .insert(sites)
    .values({
      code,
      name: input.name ?? `Centre ${code}`,
      kind: input.kind ?? "children_centre",
      operator: "local_authority",
      localityId: input.localityId,
      district: "Central",
      postcode: "AB1 2CD",
    })
    .returning({ id: sites.id, name: sites.name, localityId: sites.localityId });
  if (!row) throw new Error("no site");
  return row;
}

export async function makeProgramme(
  db: Database,
  name = `Stay and Play ${randomUUID().slice(0, 6)}`,
) {
  const [row] = await db
    .insert(programmes)
    .values({
      name,
      serviceArea: "child and family development",
      minAgeMonths: 0,
      maxAgeMonths: 60,
    })
    .returning({ id: programmes.id, name: programmes.name });
  if (!row) throw new Error("no programme");
  return row;
}

/** A session at a site on a London date (today by default), 10:00–11:30 local time. */
export async function makeSession(
  db: Database,
  input: { siteId: string; programmeId: string; date?: string; hour?: number },
) {
  const date = input.date ?? londonDate();
  const hour = input.hour ?? 10;
  const [row] = await db
    .insert(sessions)
    .values({
      siteId: input.siteId,
      programmeId: input.programmeId,
      startsAt: londonTime(date, hour, 0),
      endsAt: londonTime(date, hour + 1, 30),
    })
    .returning({ id: sessions.id, startsAt: sessions.startsAt });
  if (!row) throw new Error("no session");
  return row;
}

/** A staff account row (no password: tests call procedures directly, not through sign-in). */
export async function makeStaff(
  db: Database,
  input: { role: (typeof staffRoles)[number]; localityId?: string | null },
) {
  const id = randomUUID();
  const [row] = await db
    .insert(user)
    .values({
      id,
      name: `${input.role} ${id.slice(0, 4)}`,
      email: `${id}@staff.test`,
      role: input.role,
      localityId: input.localityId ?? null,
    })
    .returning({
      id: user.id,
      name: user.name,
      email: user.email,
      role: user.role,
      localityId: user.localityId,
    });
  if (!row) throw new Error("no staff");
  return row;
}
