// A model-based test of the kiosk's outbox against the real server code on a real database: two
// kiosks at one site scan cards, go offline and online, reload, and meet server errors, replies
// lost after the commit and duplicate deliveries, in any order fast-check finds. The invariant:
// every check-in a family was told about exists exactly once, and no other does.
import "fake-indexeddb/auto";
import { randomUUID } from "node:crypto";
import { appRouter, createContextInner } from "@familyhub/api";
import { type DatabaseHandle, kioskForCredential } from "@familyhub/db";
import {
  makeLocality,
  makeProgramme,
  makeSession,
  makeSite,
  makeStaff,
} from "@familyhub/db/factories";
import { attendances, people } from "@familyhub/db/schema";
import { createTestDatabase, testDatabaseKinds } from "@familyhub/db/testing";
import { PRIVACY_NOTICE_VERSION } from "@familyhub/validators";
import { createTRPCClient, TRPCClientError, unstable_localLink } from "@trpc/client";
import { eq } from "drizzle-orm";
import fc from "fast-check";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { idbOutboxStorage } from "./idb-storage";
import { Outbox, sendOrKeep } from "./outbox";
import { deliveryOfError, type SendFamilyCheckIn, trpcOutboxTransport } from "./trpc-transport";

type Fault = "serverError" | "lostReply" | "duplicate";

/** One tablet: its network, the faults its next deliveries meet, and its outbox. */
type Tablet = {
  name: "A" | "B";
  online: boolean;
  faults: Fault[];
  storageName: string;
  outbox: Outbox;
};

type Real = {
  tablets: Record<"A" | "B", Tablet>;
  sessionId: string;
  clock: { now: number };
};

type Model = {
  /** Families told "You're checked in", by card. */
  told: Set<number>;
};

const FAMILIES = 3;

describe.each(testDatabaseKinds())("the kiosk outbox against the server on %s", (kind) => {
  let handle: DatabaseHandle;
  let siteId: string;
  let cards: { token: string; familyId: string; memberIds: string[] }[] = [];
  const credentials: Record<"A" | "B", string> = { A: "", B: "" };

  beforeAll(async () => {
    handle = await createTestDatabase(kind);
    const db = handle.db;
    const locality = await makeLocality(db);
    const site = await makeSite(db, { localityId: locality.id });
    siteId = site.id;
    const staff = await makeStaff(db, { role: "centre_staff", localityId: locality.id });
    const admin = await makeStaff(db, { role: "administrator" });
    const asStaff = appRouter.createCaller(createContextInner({ db, staff }));
    const asAdmin = appRouter.createCaller(createContextInner({ db, staff: admin }));
    const anyone = appRouter.createCaller(createContextInner({ db }));
    cards = [];
    for (let i = 0; i < FAMILIES; i++) {
      const surname = `Family${i}`;
      const { id } = await asStaff.families.create({
        siteId: site.id,
        postcode: "UB8 1UW",
        members: [
          { firstName: `Parent${i}`, lastName: surname, dateOfBirth: "1990-01-01", role: "adult" },
          { firstName: `Child${i}`, lastName: surname, dateOfBirth: "2024-03-01", role: "child" },
        ],
        consents: { privacyNotice: { version: PRIVACY_NOTICE_VERSION, accepted: true } },
        duplicatesReviewed: true,
      });
      const { token } = await asStaff.families.issueCard({ id });
      const members = await db
        .select({ id: people.id })
        .from(people)
        .where(eq(people.familyId, id));
      cards.push({ token, familyId: id, memberIds: members.map((m) => m.id) });
    }
    for (const name of ["A", "B"] as const) {
      const made = await asAdmin.kiosks.create({ siteId: site.id, name: `Door ${name}` });
      credentials[name] = (await anyone.kiosk.pair({ code: made.pairingCode })).credential;
    }
  });

  afterAll(async () => {
    await handle?.close();
  });

  /** A tRPC client as the tablet has, calling the real router in process. */
  function clientFor(name: "A" | "B") {
    return createTRPCClient<typeof appRouter>({
      links: [
        unstable_localLink({
          router: appRouter,
          transformer: superjson,
          createContext: async () =>
            createContextInner({
              db: handle.db,
              kiosk: await kioskForCredential(handle.db, credentials[name]),
            }),
        }),
      ],
    });
  }

  /** The network between a tablet and the server, with the faults the model asked for. */
  function network<I, O>(tablet: () => Tablet, call: (input: I) => Promise<O>) {
    return async (input: I): Promise<O> => {
      const t = tablet();
      if (!t.online) throw new TRPCClientError("Failed to fetch");
      const fault = t.faults.shift();
      if (fault === "serverError") throw new Error("502 Bad Gateway");
      if (fault === "duplicate") {
        const [first] = await Promise.all([call(input), call(input)]);
        return first;
      }
      const result = await call(input);
      if (fault === "lostReply") throw new TRPCClientError("The connection was reset");
      return result;
    };
  }

  function makeTablet(name: "A" | "B", storageName: string, real: () => Real): Tablet {
    const client = clientFor(name);
    const send: SendFamilyCheckIn = network(
      () => real().tablets[name],
      (input: Parameters<SendFamilyCheckIn>[0]) => client.kiosk.checkInFamily.mutate(input),
    );
    const outbox = new Outbox({
      storage: idbOutboxStorage(storageName),
      transport: trpcOutboxTransport(send),
      currentSite: () => siteId,
      now: () => real().clock.now,
      random: () => 0.5,
    });
    return { name, online: true, faults: [], storageName, outbox };
  }

  const tabletName = fc.constantFrom("A" as const, "B" as const);

  class Scan implements fc.AsyncCommand<Model, Real> {
    constructor(
      readonly tablet: "A" | "B",
      readonly card: number,
    ) {}
    check = () => true;
    async run(model: Model, real: Real) {
      const tablet = real.tablets[this.tablet];
      const card = cards[this.card];
      if (!card) throw new Error("no card");
      const client = clientFor(this.tablet);
      const item = {
        checkInId: randomUUID(),
        siteId,
        sessionId: real.sessionId,
        cardCode: card.token,
        scannedAt: real.clock.now,
      };
      // Online the family ticks everyone and checks in at once; any failure keeps it instead.
      const checkIn = network(
        () => tablet,
        (input: { personIds: string[] }) =>
          client.kiosk.checkIn.mutate({
            checkInId: item.checkInId,
            sessionId: item.sessionId,
            cardCode: item.cardCode,
            personIds: input.personIds,
          }),
      );
      await sendOrKeep(
        tablet.outbox,
        item,
        () => checkIn({ personIds: card.memberIds }),
        deliveryOfError,
      );
      model.told.add(this.card);
      await checkInvariant(model, real, false);
    }
    toString = () => `scan(${this.tablet}, card ${this.card})`;
  }

  class SetOnline implements fc.AsyncCommand<Model, Real> {
    constructor(
      readonly tablet: "A" | "B",
      readonly online: boolean,
    ) {}
    check = () => true;
    async run(model: Model, real: Real) {
      const tablet = real.tablets[this.tablet];
      tablet.online = this.online;
      if (this.online) await tablet.outbox.flush({ force: true });
      await checkInvariant(model, real, false);
    }
    toString = () => `${this.online ? "online" : "offline"}(${this.tablet})`;
  }

  class Fail implements fc.AsyncCommand<Model, Real> {
    constructor(
      readonly tablet: "A" | "B",
      readonly fault: Fault,
    ) {}
    check = () => true;
    async run(_model: Model, real: Real) {
      real.tablets[this.tablet].faults.push(this.fault);
    }
    toString = () => `${this.fault}(${this.tablet})`;
  }

  class Reload implements fc.AsyncCommand<Model, Real> {
    constructor(readonly tablet: "A" | "B") {}
    check = () => true;
    async run(model: Model, real: Real) {
      const old = real.tablets[this.tablet];
      // A new page over the same IndexedDB: whatever was only in memory is gone.
      const fresh = makeTablet(this.tablet, old.storageName, () => real);
      fresh.online = old.online;
      fresh.faults = old.faults;
      await fresh.outbox.refresh();
      real.tablets[this.tablet] = fresh;
      await checkInvariant(model, real, false);
    }
    toString = () => `reload(${this.tablet})`;
  }

  class Wait implements fc.AsyncCommand<Model, Real> {
    constructor(readonly tablet: "A" | "B") {}
    check = () => true;
    async run(model: Model, real: Real) {
      real.clock.now += 10 * 60_000;
      await real.tablets[this.tablet].outbox.flush();
      await checkInvariant(model, real, false);
    }
    toString = () => `wait10min+flush(${this.tablet})`;
  }

  const commands = [
    fc.tuple(tabletName, fc.nat(FAMILIES - 1)).map(([t, c]) => new Scan(t, c)),
    fc.tuple(tabletName, fc.boolean()).map(([t, on]) => new SetOnline(t, on)),
    fc
      .tuple(tabletName, fc.constantFrom<Fault>("serverError", "lostReply", "duplicate"))
      .map(([t, f]) => new Fail(t, f)),
    tabletName.map((t) => new Reload(t)),
    tabletName.map((t) => new Wait(t)),
  ];

  /**
   * Each family told is checked in once (both members, once each) or still waiting in an outbox;
   * a family never told has no attendance. `settled`: nothing may be waiting any more.
   */
  async function checkInvariant(model: Model, real: Real, settled: boolean) {
    const rows = await handle.db
      .select({ personId: attendances.personId })
      .from(attendances)
      .where(eq(attendances.sessionId, real.sessionId));
    const counts = new Map<string, number>();
    for (const row of rows) counts.set(row.personId, (counts.get(row.personId) ?? 0) + 1);
    const waiting = new Set<string>();
    for (const tablet of Object.values(real.tablets)) {
      for (const item of await idbOutboxStorage(tablet.storageName).all()) {
        waiting.add(item.cardCode);
      }
    }
    cards.forEach((card, i) => {
      const present = card.memberIds.map((id) => counts.get(id) ?? 0);
      expect(present.every((n) => n <= 1)).toBe(true);
      if (!model.told.has(i)) {
        expect(present).toEqual([0, 0]);
        return;
      }
      const recorded = present.every((n) => n === 1);
      if (settled || !waiting.has(card.token)) expect(recorded).toBe(true);
      else expect(present.every((n) => n === 0) || recorded).toBe(true);
    });
    if (settled) expect(waiting.size).toBe(0);
  }

  it(
    "every check-in a family was told about exists exactly once",
    { timeout: 240_000 },
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.commands(commands, { maxCommands: 25 }), async (cmds) => {
          // A session of its own for each run, so each starts with no attendance.
          const programme = await makeProgramme(handle.db);
          const session = await makeSession(handle.db, { siteId, programmeId: programme.id });
          const run = randomUUID();
          const holder: { current?: { model: Model; real: Real } } = {};
          const setup = () => {
            const real: Real = {
              sessionId: session.id,
              clock: { now: Date.now() },
              tablets: {
                A: makeTablet("A", `outbox-A-${run}`, () => real),
                B: makeTablet("B", `outbox-B-${run}`, () => real),
              },
            };
            holder.current = { model: { told: new Set<number>() }, real };
            return holder.current;
          };
          await fc.asyncModelRun(setup, cmds);
          // The network comes back for good: every outbox drains, and the invariant is strict.
          const ended = holder.current;
          if (!ended) throw new Error("the model run did not start");
          for (const tablet of Object.values(ended.real.tablets)) {
            tablet.online = true;
            tablet.faults = [];
            await tablet.outbox.flush({ force: true });
          }
          await checkInvariant(ended.model, ended.real, true);
          for (const tablet of Object.values(ended.real.tablets)) {
            expect(tablet.outbox.getState().queued).toBe(0);
          }
        }),
        { numRuns: 150 },
      );
    },
  );
});
