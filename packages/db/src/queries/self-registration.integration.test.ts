import { PRIVACY_NOTICE_VERSION } from "@familyhub/validators";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../client";
import { makeLocality, makeSite, makeStaff } from "../factories";
import { families, sites } from "../schema";
import { createTestDatabase, testDatabaseKinds } from "../testing";
import type { Actor } from "./audit";
import type { Scope } from "./scope";
import {
  acceptPendingFamily,
  countPendingFamilies,
  createPendingFamily,
  findSiteByCode,
  listPendingFamilies,
  rejectPendingFamily,
  type SelfRegistration,
} from "./self-registration";

const registration = (lastName: string): SelfRegistration => ({
  postcode: "UB8 1UW",
  phone: null,
  email: null,
  members: [
    { firstName: "Amina", lastName, role: "adult", dateOfBirth: "1990-04-12" },
    { firstName: "Zara", lastName, role: "child", dateOfBirth: "2022-06-30" },
  ],
  consents: {
    privacyNotice: { version: PRIVACY_NOTICE_VERSION, accepted: true },
    dataSharing: false,
    photographs: false,
  },
});

describe.each(testDatabaseKinds())("self-registration queries on %s", (kind) => {
  let handle: DatabaseHandle;
  let siteId: string;
  let siteCode: string;
  let scope: Scope;
  let staff: Actor;
  const phone: Actor = { type: "system", id: null, ip: "203.0.113.9" };

  beforeAll(async () => {
    handle = await createTestDatabase(kind);
    const locality = await makeLocality(handle.db);
    const site = await makeSite(handle.db, { localityId: locality.id });
    siteId = site.id;
    const [row] = await handle.db
      .select({ code: sites.code })
      .from(sites)
      .where(eq(sites.id, siteId));
    siteCode = row?.code ?? "";
    scope = { all: false, localityId: locality.id };
    staff = { type: "staff", id: (await makeStaff(handle.db, { role: "centre_staff" })).id };
  });

  afterAll(async () => {
    await handle?.close();
  });

  it("finds a centre by its poster code in any case and spacing", async () => {
    expect((await findSiteByCode(handle.db, ` ${siteCode.toLowerCase()}`)).id).toBe(siteId);
    await expect(findSiteByCode(handle.db, "")).rejects.toThrow(/We don't know a centre/);
  });

  it("lists pending families oldest first with how they registered, and counts them", async () => {
    const first = await createPendingFamily(
      handle.db,
      { siteId, channel: "phone", registration: registration("First") },
      phone,
    );
    await createPendingFamily(
      handle.db,
      { siteId, channel: "kiosk", registration: registration("Second") },
      { type: "kiosk", id: "kiosk-1" },
    );
    const list = await listPendingFamilies(handle.db, scope, staff);
    expect(list.map((f) => [f.surname, f.via])).toEqual([
      ["First", "phone"],
      ["Second", "kiosk"],
    ]);
    expect(list[0]?.id).toBe(first.id);
    expect(list[0]?.members.map((m) => m.role)).toEqual(["adult", "child"]);
    expect(await countPendingFamilies(handle.db, scope)).toBe(2);
    expect(await countPendingFamilies(handle.db, { all: false, localityId: null })).toBe(0);
  });

  it("decides a pending family once: an accept and a reject at the same moment, one wins", async () => {
    const { id } = await createPendingFamily(
      handle.db,
      { siteId, channel: "phone", registration: registration("Race") },
      phone,
    );
    const members = await handle.db.query.people.findMany({
      where: (p, { eq: equals }) => equals(p.familyId, id),
    });
    const byName = (name: string) => members.find((m) => m.firstName === name)?.id ?? "";
    const outcomes = await Promise.allSettled([
      acceptPendingFamily(
        handle.db,
        { id, memberIds: [byName("Amina"), byName("Zara")], registration: registration("Race") },
        scope,
        staff,
      ),
      rejectPendingFamily(handle.db, { id, reason: "not_a_registration" }, scope, staff),
    ]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    const [row] = await handle.db
      .select({ status: families.status })
      .from(families)
      .where(eq(families.id, id));
    const accepted = outcomes[0]?.status === "fulfilled";
    expect(row?.status).toBe(accepted ? "active" : "merged");
  });
});
