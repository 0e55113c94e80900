// Publishing the planned offer: Open Referral UK service records (HSDS 3.0, the UK profile)
// with RFC 5545 schedules for the Families' Information Service directory, and the sessions
// of a site for its iCalendar feed. Only what a public directory shows: no bookings, no names,
// no facilitators.
import { createHash } from "node:crypto";
import { and, asc, eq, gte, lt, or, sql } from "drizzle-orm";
import type { Database } from "../client";
import { AppError } from "../errors";
import { programmes, sessionSeries, sessions, sites } from "../schema";
import { addDays } from "../seed/dates";
import { londonDate, londonDayBounds } from "../time";
import { selectRows } from "./raw";

/** A UUID (version 5 layout) derived from names, so the same record keeps its id between exports. */
export function stableUuid(...parts: string[]): string {
  const hex = createHash("sha1")
    .update(`familyhub|${parts.join("|")}`)
    .digest("hex");
  const variant = ((Number.parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16);
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    `5${hex.slice(13, 16)}`,
    `${variant}${hex.slice(18, 20)}`,
    hex.slice(20, 32),
  ].join("-");
}

const RFC5545_DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"] as const;
const DAY_NAMES = [
  "Mondays",
  "Tuesdays",
  "Wednesdays",
  "Thursdays",
  "Fridays",
  "Saturdays",
  "Sundays",
];

export type OrukOptions = {
  /** First and last London dates of sessions to publish; today and 26 weeks on by default. */
  from?: string;
  to?: string;
  /** The authority, as the organisation that provides every service. */
  authorityName?: string;
  /** Where FamilyHub is served, for each site's calendar link. */
  publicUrl?: string;
};

type ScheduleRow = {
  programme_id: string;
  place_id: string;
  weekday: number;
  opens_at: string;
  closes_at: string;
  interval: number;
  first_date: string;
  last_date: string;
  sessions: number;
};

/**
 * One ORUK service per programme with sessions in the window: a service_at_location for each
 * place it runs (a centre or an outreach venue) and, there, one schedule per weekly or
 * fortnightly slot (same weekday and times). Times are Europe/London wall-clock times, as
 * families read them; the schedule's notes say so, since a fixed UTC offset would be wrong
 * for half the year.
 */
export async function orukServices(db: Database, options: OrukOptions = {}) {
  const from = options.from ?? londonDate();
  const to = options.to ?? addDays(from, 26 * 7);
  if (to < from) throw new AppError("BAD_INPUT", "The period ends before it starts.");
  const start = londonDayBounds(from).start.toISOString();
  const end = londonDayBounds(to).end.toISOString();
  const authority = options.authorityName ?? "FamilyHub";
  const slots = await selectRows<ScheduleRow>(
    db,
    sql`
    select s.programme_id, coalesce(s.venue_site_id, s.site_id) as place_id,
      extract(isodow from s.starts_at at time zone 'Europe/London')::int as weekday,
      to_char(s.starts_at at time zone 'Europe/London', 'HH24:MI') as opens_at,
      to_char(s.ends_at at time zone 'Europe/London', 'HH24:MI') as closes_at,
      case when ss.frequency = 'fortnightly' then 2 else 1 end as interval,
      to_char(min(s.starts_at at time zone 'Europe/London'), 'YYYY-MM-DD') as first_date,
      to_char(max(s.starts_at at time zone 'Europe/London'), 'YYYY-MM-DD') as last_date,
      count(*)::int as sessions
    from ${sessions} s left join ${sessionSeries} ss on ss.id = s.series_id
    where s.cancelled_at is null
      and s.starts_at >= ${start}::timestamptz and s.starts_at < ${end}::timestamptz
    group by 1, 2, 3, 4, 5, 6
    order by 1, 2, 3, 4`,
  );
  if (slots.length === 0) return [];
  const programmeRows = await db
    .select({
      id: programmes.id,
      name: programmes.name,
      serviceArea: programmes.serviceArea,
      description: programmes.description,
      minAgeMonths: programmes.minAgeMonths,
      maxAgeMonths: programmes.maxAgeMonths,
      maxAgeMonthsDisability: programmes.maxAgeMonthsDisability,
      partnerOrganisation: programmes.partnerOrganisation,
    })
    .from(programmes);
  const placeRows = await db
    .select({
      id: sites.id,
      code: sites.code,
      name: sites.name,
      kind: sites.kind,
      district: sites.district,
      postcode: sites.postcode,
    })
    .from(sites);
  const organization = {
    id: stableUuid("organization", authority),
    name: authority,
    description: `Children's centres, family hubs and youth hubs of ${authority}.`,
  };

  const byProgramme = new Map<string, ScheduleRow[]>();
  for (const slot of slots) {
    byProgramme.set(slot.programme_id, [...(byProgramme.get(slot.programme_id) ?? []), slot]);
  }
  const services = [...byProgramme.entries()].flatMap(([programmeId, rows]) => {
    const programme = programmeRows.find((p) => p.id === programmeId);
    if (!programme) return [];
    const placeIds = [...new Set(rows.map((r) => r.place_id))];
    const years = (months: number | null) =>
      months === null ? undefined : Math.round((months / 12) * 10) / 10;
    const upper =
      programme.maxAgeMonthsDisability !== null
        ? Math.max(programme.maxAgeMonthsDisability, programme.maxAgeMonths ?? 0)
        : programme.maxAgeMonths;
    const service = {
      id: programme.id,
      organization_id: organization.id,
      name: programme.name,
      description:
        programme.description ??
        `${programme.name}: ${programme.serviceArea.toLowerCase()} at ${authority}'s centres.`,
      status: "active" as const,
      ...(years(programme.minAgeMonths) !== undefined
        ? { minimum_age: years(programme.minAgeMonths) }
        : {}),
      ...(years(upper) !== undefined ? { maximum_age: years(upper) } : {}),
      organization,
      service_at_locations: placeIds.flatMap((placeId) => {
        const place = placeRows.find((p) => p.id === placeId);
        if (!place) return [];
        const salId = stableUuid("service_at_location", programmeId, placeId);
        return [
          {
            id: salId,
            service_id: programme.id,
            location_id: place.id,
            location: {
              id: place.id,
              location_type: "physical",
              name: place.name,
              addresses: [
                {
                  id: stableUuid("address", place.id),
                  location_id: place.id,
                  address_1: place.name,
                  city: place.district,
                  state_province: authority,
                  postal_code: place.postcode,
                  country: "GB",
                  address_type: "physical",
                },
              ],
            },
          },
        ];
      }),
      schedules: rows.flatMap((r) => {
        const place = placeRows.find((p) => p.id === r.place_id);
        if (!place) return [];
        const day = RFC5545_DAYS[r.weekday - 1] ?? "MO";
        const once = r.sessions === 1;
        const every = r.interval === 2 ? "every other week" : "every week";
        return [
          {
            id: stableUuid(
              "schedule",
              programmeId,
              r.place_id,
              String(r.weekday),
              r.opens_at,
              String(r.interval),
            ),
            service_id: programme.id,
            service_at_location_id: stableUuid("service_at_location", programmeId, r.place_id),
            dtstart: r.first_date,
            valid_from: r.first_date,
            valid_to: r.last_date,
            ...(once ? {} : { freq: "WEEKLY" as const, interval: r.interval, byday: day }),
            opens_at: r.opens_at,
            closes_at: r.closes_at,
            description: once
              ? `${r.first_date}, ${r.opens_at}–${r.closes_at} at ${place.name}`
              : `${DAY_NAMES[r.weekday - 1]}, ${r.opens_at}–${r.closes_at} at ${place.name}, ${every} from ${r.first_date} to ${r.last_date}, except closure days`,
            notes: "Times are UK local time (Europe/London).",
            ...(options.publicUrl
              ? {
                  schedule_link: `${options.publicUrl.replace(/\/$/, "")}/api/sites/${encodeURIComponent(place.code)}/calendar.ics`,
                }
              : {}),
          },
        ];
      }),
    };
    return [service];
  });
  // By name, so the same plan gives the same file.
  return services.sort((a, b) => a.name.localeCompare(b.name, "en-GB"));
}

export type OrukService = Awaited<ReturnType<typeof orukServices>>[number];

/** A site's published sessions (held there or run from there at a venue) for its calendar feed. */
export async function siteCalendar(
  db: Database,
  input: { code: string; from?: string; to?: string },
) {
  const [site] = await db
    .select({ id: sites.id, code: sites.code, name: sites.name, postcode: sites.postcode })
    .from(sites)
    .where(eq(sites.code, input.code.toUpperCase()));
  if (!site) throw new AppError("NOT_FOUND", `There is no site with the code ${input.code}.`);
  const from = input.from ?? addDays(londonDate(), -28);
  const to = input.to ?? addDays(londonDate(), 26 * 7);
  const rows = await db
    .select({
      id: sessions.id,
      programmeName: programmes.name,
      description: programmes.description,
      startsAt: sessions.startsAt,
      endsAt: sessions.endsAt,
      cancelled: sql<boolean>`${sessions.cancelledAt} is not null`,
      venue: sql<
        string | null
      >`(select v.name || ', ' || v.postcode from ${sites} v where v.id = ${sessions.venueSiteId})`,
    })
    .from(sessions)
    .innerJoin(programmes, eq(programmes.id, sessions.programmeId))
    .where(
      and(
        or(eq(sessions.siteId, site.id), eq(sessions.venueSiteId, site.id)),
        gte(sessions.startsAt, londonDayBounds(from).start),
        lt(sessions.startsAt, londonDayBounds(to).end),
      ),
    )
    .orderBy(asc(sessions.startsAt));
  return { site, sessions: rows };
}
