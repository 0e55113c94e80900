import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../client";
import { selectRows } from "../queries/raw";
import { createTestDatabase, testDatabaseKinds } from "../testing";
import { type CountySummary, countyBaseline, seedCounty } from "./county";

const tiny = { people: 600, years: 0.25, seed: 42, sites: 10 };

/** The county by its natural keys (ids are random), so two runs can be compared. */
async function checksum(handle: DatabaseHandle): Promise<string> {
  const [row] = await selectRows<{ sum: string }>(
    handle.db,
    sql`
      select md5(
        (select string_agg(p.person_ref || p.first_name || p.last_name || p.date_of_birth || p.role
                           || f.family_ref || s.code, ',' order by p.person_ref)
           from people p join families f on f.id = p.family_id join sites s on s.id = f.registered_site_id)
        || (select string_agg(p.person_ref || s.starts_at::text || si.code, ',' order by p.person_ref, s.starts_at)
              from attendances a join people p on p.id = a.person_id
              join sessions s on s.id = a.session_id join sites si on si.id = s.site_id)
      ) as sum`,
  );
  return row?.sum ?? "";
}

describe.each(testDatabaseKinds())("seedCounty on %s", (kind) => {
  const handles: DatabaseHandle[] = [];
  const summaries: CountySummary[] = [];
  const sums: string[] = [];

  beforeAll(async () => {
    for (const seed of [42, 42, 7]) {
      const handle = await createTestDatabase(kind);
      handles.push(handle);
      summaries.push(await seedCounty(handle.db, { ...tiny, seed }));
      sums.push(await checksum(handle));
    }
  });
  afterAll(async () => {
    for (const handle of handles) await handle.close();
  });

  it("makes the people, sites and a weekly timetable asked for", () => {
    const [first] = summaries;
    expect(first).toMatchObject({ sites: 10, people: 600, sessions: 10 * 12 * 13 });
    // 20 attendances for every 3 people a year, for a quarter of a year.
    expect(first?.attendances).toBe(1000);
    expect(first?.families).toBeGreaterThan(150);
    expect(first?.families).toBeLessThan(220);
  });

  it("makes the same county from the same seed, and another from another", () => {
    expect(sums[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(sums[1]).toBe(sums[0]);
    expect(summaries[1]).toEqual(summaries[0]);
    expect(sums[2]).not.toBe(sums[0]);
  });

  it("skews attendance: a core of regulars and many who came once", async () => {
    const handle = handles[0];
    if (!handle) throw new Error("no database");
    const [row] = await selectRows<{ once: number; regulars: number; top_share: number }>(
      handle.db,
      sql`
        with n as (select person_id, count(*) as n from attendances group by person_id)
        select (count(*) filter (where n = 1))::int as once,
               (count(*) filter (where n >= 8))::int as regulars,
               (select sum(n) from (select n from n order by n desc limit 60) t)::float8 / sum(n) as top_share
          from n`,
    );
    expect(row?.once).toBeGreaterThan(20);
    expect(row?.regulars).toBeGreaterThan(10);
    // The top tenth of people bring at least a third of the visits.
    expect(row?.top_share).toBeGreaterThan(0.33);
  });

  it("writes a baseline partly of registered children, some with messy differences", async () => {
    const handle = handles[0];
    if (!handle) throw new Error("no database");
    const baseline = await countyBaseline(handle.db, { children: 60, seed: 42 });
    const again = await countyBaseline(handle.db, { children: 60, seed: 42 });
    expect(again).toEqual(baseline);
    const children = new Set(baseline.map((r) => r.socialCareId));
    expect(children.size).toBe(60);
    const registered = (
      await selectRows<{ key: string }>(
        handle.db,
        sql`select first_name || '|' || last_name || '|' || date_of_birth::text as key from people where role = 'child'`,
      )
    ).map((r) => r.key);
    const exact = new Set(
      baseline
        .filter((r) => registered.includes(`${r.firstName}|${r.lastName}|${r.dateOfBirth}`))
        .map((r) => r.socialCareId),
    );
    expect(exact.size).toBeGreaterThan(25);
    expect(exact.size).toBeLessThan(44);
  });
});
