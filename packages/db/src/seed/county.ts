// A large county, made inside the database: 100 sites, families of plausible sizes and ages,
// priority flags, a weekly timetable and a year (or more) of attendances with the skew centres
// see, and a social care baseline whose children partly match the registered ones. Everything
// is generate_series and `insert … select`, so 300,000 people and 2,000,000 attendances take
// minutes, not hours; and every random choice is a hash of (seed, row, salt), so the same seed
// makes the same county on PostgreSQL and PGlite alike.
import { type SQL, sql } from "drizzle-orm";
import type { Database, Transaction } from "../client";
import { csvLine } from "../imports/csv-line";
import { selectRows } from "../queries/raw";
import { adultNames, childNames, surnames } from "./names";

export type CountyOptions = {
  people: number;
  /** Years of sessions and attendances, ending on `end`. */
  years: number;
  seed: number;
  /** The last day of the data (default 2026-06-30, the end of a reporting year). */
  end?: string;
  /** Attendances a year (default: 20 for every 3 people, Kent's 2,000,000 for 300,000). */
  attendancesPerYear?: number;
  sites?: number;
};

export type CountySummary = {
  sites: number;
  families: number;
  people: number;
  flags: number;
  sessions: number;
  attendances: number;
  from: string;
  to: string;
};

export const COUNTY_END = "2026-06-30";

const LOCALITIES = ["North", "South", "East", "West", "Central", "Coast", "Downs", "Valley"];
const DISTRICTS = 12;
// A site's weekly timetable: slot k runs on weekday k % 5 at the k / 5-th time of day.
const SLOTS = 12;
const SLOT_TIMES = ["09:30", "13:30", "16:00"];
// Early years programmes for centres and hubs, youth work for youth hubs (ages in months).
const PROGRAMMES: { name: string; area: string; min: number | null; max: number | null }[] = [
  { name: "County Stay and Play", area: "child and family development", min: 0, max: 59 },
  { name: "County Baby Massage", area: "child and family development", min: 0, max: 12 },
  { name: "County Rhyme Time", area: "child and family development", min: 0, max: 48 },
  { name: "County Messy Play", area: "child and family development", min: 12, max: 59 },
  { name: "County Bump and Beyond", area: "health", min: null, max: null },
  { name: "County Parenting Course", area: "parenting", min: null, max: null },
  { name: "County Youth Club", area: "youth work", min: 132, max: 228 },
  { name: "County Youth Mentoring", area: "youth work", min: 132, max: 228 },
];
const YOUTH_PROGRAMMES = 2;

const textArray = (list: readonly string[]) =>
  sql`${`{${list.map((v) => `"${v.replaceAll('"', '\\"')}"`).join(",")}}`}::text[]`;

/**
 * A uniform number in [0, 1) for row `row` and purpose `salt`: a hash of the seed, the row and
 * the salt. Not setseed/random(): those depend on the order rows are read in, which a parallel
 * plan or another engine may change.
 */
function uniform(seed: number, row: SQL, salt: number): SQL {
  return sql`((hashint8((${row})::bigint * 1000003 + ${seed * 7919 + salt * 104729}::bigint)::bigint & 2147483647)::float8 / 2147483648.0)`;
}

/** An integer in [0, n): `uniform` scaled. */
function pick(seed: number, row: SQL, salt: number, n: number | SQL): SQL {
  return sql`floor(${uniform(seed, row, salt)} * ${n})::int`;
}

async function count(db: Database | Transaction, table: string): Promise<number> {
  const [row] = await selectRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from ${sql.identifier(table)}`,
  );
  return Number(row?.n ?? 0);
}

/**
 * Writes the county into an empty database (one transaction: all or nothing). Priority flags
 * are drawn from the target groups already in the catalogue (`syncCatalogue` puts them there);
 * with none, there are none.
 */
export async function seedCounty(
  db: Database,
  options: CountyOptions,
  log: (line: string) => void = () => {},
): Promise<CountySummary> {
  const { seed, years } = options;
  const siteCount = options.sites ?? 100;
  const end = options.end ?? COUNTY_END;
  const weeks = Math.max(1, Math.round(years * 52));
  const attendancesWanted = Math.round(
    (options.attendancesPerYear ?? Math.round((options.people * 20) / 3)) * years,
  );
  const u = (row: SQL, salt: number) => uniform(seed, row, salt);
  const p = (row: SQL, salt: number, n: number | SQL) => pick(seed, row, salt, n);
  const step = async (label: string, work: () => Promise<unknown>) => {
    const started = performance.now();
    await work();
    log(`  ${label}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  };

  return db.transaction(async (tx) => {
    await step("sites", async () => {
      await tx.execute(sql`
        insert into localities (name)
        select 'County ' || l from unnest(${textArray(LOCALITIES)}) l`);
      // 60% children's centres, 15% family hubs, 15% youth hubs, 10% outreach venues; the first
      // children's centre of each locality leads it.
      await tx.execute(sql`
        insert into sites (code, name, kind, operator, locality_id, district, postcode, is_lead)
        select 'C' || lpad(g::text, 3, '0'),
               'County ' || (case when g % 20 < 12 then 'Children''s Centre ' when g % 20 < 15
                 then 'Family Hub ' when g % 20 < 18 then 'Youth Hub ' else 'Outreach ' end) || g,
               (case when g % 20 < 12 then 'children_centre' when g % 20 < 15 then 'family_hub'
                     when g % 20 < 18 then 'youth_hub' else 'outreach_venue' end)::site_kind,
               (case when g % 7 = 0 then 'charity' when g % 11 = 0 then 'school' else 'local_authority' end)::site_operator,
               l.ids[1 + g % ${LOCALITIES.length}],
               'District ' || (1 + g % ${DISTRICTS}),
               'CY' || (1 + g % ${DISTRICTS}) || ' ' || (g % 10) || 'AB',
               g <= ${LOCALITIES.length}
          from generate_series(1, ${siteCount}) g,
               (select array_agg(id order by name) as ids from localities where name like 'County %') l`);
    });

    await step("families and people", async () => {
      // Family sizes: one adult (30%) or two; one to four children, mostly one or two. Ages:
      // children skew young (centres see under-fives most), adults 18 to 50.
      await tx.execute(sql`
        create temporary table county_families on commit drop as
        select g as n,
               1 + (${u(sql`g`, 1)} >= 0.3)::int as adults,
               case when ${u(sql`g`, 2)} < 0.45 then 1 when ${u(sql`g`, 2)} < 0.8 then 2
                    when ${u(sql`g`, 2)} < 0.94 then 3 else 4 end as children
          from generate_series(1, ${Math.ceil(options.people / 2)}) g`);
      await tx.execute(sql`
        create temporary table county_family_ranges on commit drop as
        select n, adults, children,
               sum(adults + children) over (order by n) - adults - children as first_person
          from county_families`);
      await tx.execute(
        sql`delete from county_family_ranges where first_person >= ${options.people}`,
      );
      await tx.execute(sql`
        insert into families (family_ref, surname, postcode, registered_site_id, registered_on, town)
        select 'CF' || f.n, (${textArray(surnames)})[1 + ${p(sql`f.n`, 3, surnames.length)}],
               'CY' || (1 + ${p(sql`f.n`, 4, DISTRICTS)}) || ' ' || ${p(sql`f.n`, 5, 10)}
                 || chr(65 + ${p(sql`f.n`, 6, 26)}) || chr(65 + ${p(sql`f.n`, 7, 26)}),
               s.ids[1 + ${p(sql`f.n`, 8, siteCount)}],
               ${end}::date - ${p(sql`f.n`, 9, 2555)},
               'County Town ' || (1 + f.n % 40)
          from county_family_ranges f,
               (select array_agg(id order by code) as ids from sites where code like 'C%') s`);
      await tx.execute(sql`
        insert into people (family_id, person_ref, first_name, last_name, date_of_birth, role, sex)
        select fam.id, 'CP' || (r.first_person + k),
               case when k <= r.adults
                 then (${textArray([...adultNames.female, ...adultNames.male])})[1 + ${p(sql`r.first_person + k`, 10, adultNames.female.length + adultNames.male.length)}]
                 else (${textArray([...childNames.female, ...childNames.male])})[1 + ${p(sql`r.first_person + k`, 10, childNames.female.length + childNames.male.length)}] end,
               fam.surname,
               case when k <= r.adults
                 then ${end}::date - (6570 + ${p(sql`r.first_person + k`, 11, 11680)})
                 -- Children: 70% under five, the rest up to eighteen.
                 else ${end}::date - (case when ${u(sql`r.first_person + k`, 12)} < 0.7
                   then ${p(sql`r.first_person + k`, 13, 1826)}
                   else 1826 + ${p(sql`r.first_person + k`, 13, 4744)} end) end,
               (case when k <= r.adults then 'adult' else 'child' end)::person_role,
               (case when ${u(sql`r.first_person + k`, 14)} < 0.5 then 'female' else 'male' end)::sex
          from county_family_ranges r
          join families fam on fam.family_ref = 'CF' || r.n
          cross join lateral generate_series(1, r.adults + r.children) k
         where r.first_person + k <= ${options.people}`);
    });

    await step("priority flags", async () => {
      // About one family in eight has a priority flag recorded by staff, and one child in
      // twenty a flag of their own: the rates of a typical county's targeted caseload.
      await tx.execute(sql`
        insert into target_flags (family_id, group_code, source, started_on)
        select f.id, g.codes[1 + ${p(sql`substr(f.family_ref, 3)::int`, 15, sql`cardinality(g.codes)`)}],
               'staff', f.registered_on
          from families f,
               (select array_agg(code order by code) as codes from target_groups) g
         where f.family_ref like 'CF%' and cardinality(g.codes) > 0
           and ${u(sql`substr(f.family_ref, 3)::int`, 16)} < 0.125`);
      await tx.execute(sql`
        insert into target_flags (family_id, person_id, group_code, source, started_on)
        select pe.family_id, pe.id,
               g.codes[1 + ${p(sql`substr(pe.person_ref, 3)::int`, 17, sql`cardinality(g.codes)`)}],
               'staff', ${end}::date - ${p(sql`substr(pe.person_ref, 3)::int`, 18, 365)}
          from people pe,
               (select array_agg(code order by code) as codes from target_groups) g
         where pe.person_ref like 'CP%' and pe.role = 'child' and cardinality(g.codes) > 0
           and ${u(sql`substr(pe.person_ref, 3)::int`, 19)} < 0.05
        on conflict do nothing`);
    });

    await step("programmes and sessions", async () => {
      for (const programme of PROGRAMMES) {
        await tx.execute(sql`
          insert into programmes (name, service_area, min_age_months, max_age_months)
          values (${programme.name}, ${programme.area}, ${programme.min}, ${programme.max})
          on conflict (name) do nothing`);
      }
      // Each site's weekly timetable, every week of the period: youth hubs run youth work after
      // school and in the evening, the rest early years programmes.
      await tx.execute(sql`
        create temporary table county_sessions on commit drop as
        select s.n as site_n, s.id as site_id, k as slot, w as week,
               pr.ids[case when s.kind = 'youth_hub' then ${PROGRAMMES.length - YOUTH_PROGRAMMES + 1} + k % ${YOUTH_PROGRAMMES}
                           else 1 + (k + s.n) % ${PROGRAMMES.length - YOUTH_PROGRAMMES} end] as programme_id,
               ((date_trunc('week', ${end}::date - ${weeks * 7 - 1}::int)::date + w * 7 + k % 5
                 + (case when s.kind = 'youth_hub' then time '16:00' + (k / 5) * interval '90 minutes'
                    else (${textArray(SLOT_TIMES)})[1 + (k / 5) % ${SLOT_TIMES.length}]::time end))
                 at time zone 'Europe/London') as starts_at
          from (select row_number() over (order by code) - 1 as n, id, kind from sites where code like 'C%') s,
               generate_series(0, ${SLOTS - 1}) k, generate_series(0, ${weeks - 1}) w,
               (select array_agg(id order by name) as ids from programmes where name like 'County %') pr`);
      await tx.execute(sql`
        insert into sessions (programme_id, site_id, starts_at, ends_at)
        select programme_id, site_id, starts_at, starts_at + interval '90 minutes' from county_sessions`);
      await tx.execute(sql`
        create temporary table county_session_ids on commit drop as
        select c.site_n, c.slot, c.week, s.id, s.starts_at
          from county_sessions c join sessions s on s.site_id = c.site_id and s.starts_at = c.starts_at
                                 and s.programme_id = c.programme_id`);
      await tx.execute(sql`create index on county_session_ids (site_n, slot, week)`);
      // Temporary tables are never analysed by autovacuum: without statistics the planner
      // guesses their size and may choose nested loops over millions of rows.
      await tx.execute(sql`analyze county_session_ids`);
    });

    await step("attendances", async () => {
      // Who comes: a core of regulars (8% of people) brings 55% of the visits, to the same few
      // slots at their own site most weeks; the rest are spread with a long tail, so many come
      // once or twice. People are ranked in a seeded order, not by age or family.
      await tx.execute(sql`
        create temporary table county_people on commit drop as
        select (row_number() over (order by ${u(sql`substr(pe.person_ref, 3)::int`, 20)}, pe.person_ref) - 1)::int as n,
               pe.id, s.n as site_n
          from people pe join families f on f.id = pe.family_id
          join (select row_number() over (order by code) - 1 as n, id from sites where code like 'C%') s
            on s.id = f.registered_site_id
         where pe.person_ref like 'CP%'`);
      await tx.execute(sql`create index on county_people (n)`);
      await tx.execute(sql`analyze county_people`);
      const people = sql`(select count(*) from county_people)`;
      // A quarter more draws than wanted: a person drawn twice for one session is one attendance.
      const draws = Math.ceil(attendancesWanted * 1.25);
      await tx.execute(sql`
        create temporary table county_draws on commit drop as
        select i,
               case when ${u(sql`i`, 21)} < 0.55
                 then floor(${u(sql`i`, 22)} * ${people} * 0.08)::int
                 else floor(power(${u(sql`i`, 22)}, 1.6) * ${people})::int end as person_n,
               ${u(sql`i`, 21)} < 0.55 as regular,
               ${p(sql`i`, 23, weeks)} as week,
               ${p(sql`i`, 24, 3)} as slot_offset,
               ${p(sql`i`, 25, SLOTS)} as any_slot,
               ${p(sql`i`, 26, 20)} as late_minutes
          from generate_series(0, ${draws - 1}) i`);
      await tx.execute(sql`analyze county_draws`);
      await tx.execute(sql`
        insert into attendances (session_id, person_id, method, checked_in_at)
        select session_id, person_id, 'import', checked_in_at
          from (select distinct on (cs.id, cp.id) i, cs.id as session_id, cp.id as person_id,
                       cs.starts_at + d.late_minutes * interval '1 minute' as checked_in_at
                  from county_draws d
                  join county_people cp on cp.n = d.person_n
                  join county_session_ids cs on cs.site_n = cp.site_n and cs.week = d.week
                   and cs.slot = case when d.regular then (cp.n + d.slot_offset) % ${SLOTS} else d.any_slot end
                 order by cs.id, cp.id, i) x
         order by i
         limit ${attendancesWanted}`);
    });
    await tx.execute(sql`analyze`);

    const [range] = await selectRows<{ from: string; to: string }>(
      tx,
      sql`select min(starts_at at time zone 'Europe/London')::date::text as "from",
                 max(starts_at at time zone 'Europe/London')::date::text as "to" from sessions`,
    );
    return {
      sites: await count(tx, "sites"),
      families: await count(tx, "families"),
      people: await count(tx, "people"),
      flags: await count(tx, "target_flags"),
      sessions: await count(tx, "sessions"),
      attendances: await count(tx, "attendances"),
      from: range?.from ?? end,
      to: range?.to ?? end,
    };
  });
}

export type CountyBaselineRow = {
  socialCareId: string;
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  postcode: string;
  cohort: string;
  district: string;
};

/**
 * A social care caseload for the county, as its case management system would export it: about
 * 73% of the children are registered with the centres, written with the differences real
 * exports have (two letters swapped, day and month swapped, a move, a double-barrelled
 * surname); the rest are children no centre knows. A child in two cohorts is two rows.
 */
export async function countyBaseline(
  db: Database,
  options: { children: number; seed: number; snapshotDate?: string },
): Promise<CountyBaselineRow[]> {
  const { seed } = options;
  const snapshot = options.snapshotDate ?? COUNTY_END;
  const known = Math.round(options.children * 0.733);
  const u = (row: SQL, salt: number) => uniform(seed, row, salt);
  const p = (row: SQL, salt: number, n: number) => pick(seed, row, salt, n);
  const cohorts = sql`(array['CIN', 'CP', 'LAC', 'EHN', 'CIN', 'EHN'])`;
  return selectRows<CountyBaselineRow>(
    db,
    sql`
    with known as (
      select row_number() over (order by ${u(sql`substr(pe.person_ref, 3)::int`, 30)}, pe.person_ref) as n,
             pe.first_name, pe.last_name, pe.date_of_birth, f.postcode, s.district
        from people pe join families f on f.id = pe.family_id join sites s on s.id = f.registered_site_id
       where pe.role = 'child' and pe.person_ref like 'CP%'
         and pe.date_of_birth > ${snapshot}::date - interval '18 years'
       order by 1 limit ${known}
    ), unknown as (
      select ${known} + g as n,
             (${textArray([...childNames.female, ...childNames.male])})[1 + ${p(sql`g`, 31, childNames.female.length + childNames.male.length)}] as first_name,
             (${textArray(surnames)})[1 + ${p(sql`g`, 32, surnames.length)}] as last_name,
             ${snapshot}::date - ${p(sql`g`, 33, 6500)} as date_of_birth,
             'ZZ' || (1 + ${p(sql`g`, 34, 9)}) || ' ' || ${p(sql`g`, 35, 10)} || 'ZZ' as postcode,
             'District ' || (1 + ${p(sql`g`, 36, DISTRICTS)}) as district
        from generate_series(1, ${options.children - known}) g
    ), messy as (
      select n, district,
             case when ${u(sql`n`, 37)} < 0.1 and length(first_name) >= 5
               then substr(first_name, 1, 2) || substr(first_name, 4, 1) || substr(first_name, 3, 1) || substr(first_name, 5)
               else first_name end as first_name,
             case when ${u(sql`n`, 38)} < 0.04 then last_name || '-' || (${textArray(surnames)})[1 + ${p(sql`n`, 39, surnames.length)}]
               else last_name end as last_name,
             case when ${u(sql`n`, 40)} < 0.1 and extract(day from date_of_birth) <= 12
                    and extract(day from date_of_birth) <> extract(month from date_of_birth)
                    and make_date(extract(year from date_of_birth)::int, extract(day from date_of_birth)::int,
                                  extract(month from date_of_birth)::int) <= ${snapshot}::date
               then make_date(extract(year from date_of_birth)::int, extract(day from date_of_birth)::int,
                              extract(month from date_of_birth)::int)
               else date_of_birth end as date_of_birth,
             case when ${u(sql`n`, 41)} < 0.05 then 'CY9 9ZZ' else postcode end as postcode
        from (select * from known union all select * from unknown) c
    )
    select 'SC' || lpad(m.n::text, 6, '0') as "socialCareId", m.first_name as "firstName",
           m.last_name as "lastName", m.date_of_birth::text as "dateOfBirth", m.postcode,
           c.cohort, m.district
      from messy m
      cross join lateral (
        select ${cohorts}[1 + ${p(sql`m.n`, 42, 6)}] as cohort
        union select ${cohorts}[1 + ${p(sql`m.n + 1000000`, 42, 6)}] where ${u(sql`m.n`, 43)} < 0.2
      ) c
     order by m.n, c.cohort`,
  );
}

/** The baseline as the caseload CSV file a data team would upload (the interchange format). */
export function countyBaselineCsv(rows: readonly CountyBaselineRow[]): string {
  return [
    csvLine([
      "social_care_id",
      "first_name",
      "last_name",
      "date_of_birth",
      "postcode",
      "cohort",
      "district",
    ]),
    ...rows.map((r) =>
      csvLine([
        r.socialCareId,
        r.firstName,
        r.lastName,
        r.dateOfBirth,
        r.postcode,
        r.cohort,
        r.district,
      ]),
    ),
  ].join("");
}
