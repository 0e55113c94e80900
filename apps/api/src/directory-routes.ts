// The published offer, for anyone: the Families' Information Service directory reads
// `/api/oruk/services` (Open Referral UK service records), and families subscribe to a site's
// `/api/sites/<code>/calendar.ics`. Both show only what a public timetable shows (programmes,
// places, times), never a booking or a name, so they need no sign-in.
import { AppError, type Database, orukServices, siteCalendar } from "@familyhub/db";
import type { FastifyInstance } from "fastify";
import ical, { ICalEventStatus } from "ical-generator";

export type DirectoryRoutesOptions = { db: Database; publicUrl: string; authorityName?: string };

export async function directoryRoutes(app: FastifyInstance, options: DirectoryRoutesOptions) {
  const { db, publicUrl } = options;

  app.get("/api/oruk/services", async (_req, reply) => {
    const services = await orukServices(db, { publicUrl, authorityName: options.authorityName });
    return reply.header("cache-control", "public, max-age=300").send(services);
  });

  app.get<{ Params: { code: string } }>("/api/sites/:code/calendar.ics", async (req, reply) => {
    let calendar;
    try {
      calendar = await siteCalendar(db, { code: req.params.code });
    } catch (error) {
      if (error instanceof AppError && error.code === "NOT_FOUND") {
        return reply.code(404).type("text/plain").send(error.message);
      }
      throw error;
    }
    const { site, sessions } = calendar;
    const feed = ical({
      name: `${site.name} sessions`,
      prodId: { company: "FamilyHub", product: "sessions", language: "EN" },
      ttl: 60 * 60,
    });
    for (const s of sessions) {
      feed.createEvent({
        id: `${s.id}@familyhub`,
        start: s.startsAt,
        end: s.endsAt,
        summary: s.cancelled ? `Cancelled: ${s.programmeName}` : s.programmeName,
        description: s.description ?? undefined,
        location: s.venue ?? `${site.name}, ${site.postcode}`,
        status: s.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      });
    }
    return reply
      .header("cache-control", "public, max-age=300")
      .type("text/calendar; charset=utf-8")
      .send(feed.toString());
  });
}
