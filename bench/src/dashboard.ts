// The admin's heaviest screens at the county's size, through the same functions the API calls:
// a locality's planner for a term, the register of a session of 60 people, and the scorecard.
import {
  type Actor,
  type Database,
  getRegister,
  plannerGaps,
  plannerGrid,
  selectRows,
} from "@familyhub/db";
import { scorecard } from "@familyhub/reach";
import { sql } from "drizzle-orm";
import { spread, timed } from "./stats";

export const TERM = { from: "2026-01-05", to: "2026-03-27" };
export const SCORECARD_MONTH = "2026-06";
const actor: Actor = { type: "system", id: null };
const everyone = { all: true } as const;

/** The busiest county session, filled to 60 with people of its site who were not there. */
export async function registerOf60(db: Database): Promise<string> {
  const [session] = await selectRows<{ id: string; site_id: string; n: number }>(
    db,
    sql`select s.id, s.site_id, count(*)::int as n from sessions s join attendances a on a.session_id = s.id
         where s.starts_at < now() group by s.id order by n desc, s.id limit 1`,
  );
  if (!session) throw new Error("the county has no attendances");
  await db.execute(sql`
    insert into attendances (session_id, person_id, method, checked_in_at)
    select ${session.id}, p.id, 'staff', s.starts_at
      from sessions s, people p join families f on f.id = p.family_id
     where s.id = ${session.id} and f.registered_site_id = ${session.site_id}
       and not exists (select 1 from attendances a where a.session_id = s.id and a.person_id = p.id)
     order by p.person_ref limit ${Math.max(0, 60 - session.n)}`);
  return session.id;
}

export async function localityOf(db: Database): Promise<string> {
  const [row] = await selectRows<{ id: string }>(
    db,
    sql`select l.id from localities l join sites s on s.locality_id = l.id
         group by l.id order by count(*) desc, l.id limit 1`,
  );
  if (!row) throw new Error("no locality");
  return row.id;
}

export function dashboardQueries(
  localityId: string,
  registerId: string,
): Record<string, (db: Database) => Promise<unknown>> {
  return {
    plannerTerm: (db: Database) => plannerGrid(db, { localityId, ...TERM }, everyone),
    plannerGaps: (db: Database) => plannerGaps(db, { localityId, ...TERM }, everyone),
    register60: (db: Database) =>
      getRegister(db, registerId, everyone, actor, { withPriority: true }),
    scorecard: (db: Database) => scorecard(db, { month: SCORECARD_MONTH }),
  };
}

export async function measureDashboard(
  db: Database,
  queries: Record<string, (db: Database) => Promise<unknown>>,
  runs: number,
) {
  const results: Record<string, ReturnType<typeof spread> & { rows: number }> = {};
  for (const [name, query] of Object.entries(queries)) {
    const times: number[] = [];
    let size = 0;
    for (let run = 0; run < runs; run += 1) {
      const { value, ms } = await timed<unknown>(() => query(db));
      times.push(ms);
      size = measureSize(value);
    }
    results[name] = { ...spread(times, 1), rows: size };
  }
  return results;
}

/** How much came back: the rows of a list, or the rows of the largest list in an object. */
function measureSize(value: unknown): number {
  if (Array.isArray(value)) return value.length;
  if (value && typeof value === "object") {
    return Math.max(0, ...Object.values(value).map((v) => (Array.isArray(v) ? v.length : 0)));
  }
  return 0;
}
