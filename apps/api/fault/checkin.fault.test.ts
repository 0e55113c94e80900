// Fault tests: FamilyHub's check-in path against a PostgreSQL server this test starts itself
// (initdb, pg_ctl in a temporary folder) so it may restart it, cut connections and kill the
// API. They never need DATABASE_URL and never touch another server.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import {
  createKiosk,
  type DatabaseHandle,
  issueCard,
  openDatabase,
  pairKiosk,
} from "@familyhub/db";
import { makeLocality, makeProgramme, makeSession, makeSite } from "@familyhub/db/factories";
import { attendances, families, people } from "@familyhub/db/schema";
import { count, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../e2e/server-process";
import { type PostgresServer, startPostgres } from "./postgres-server";

const apiDir = fileURLToPath(new URL("..", import.meta.url));
const system = { type: "system" as const, id: null };

type Api = { url: string; child: ChildProcess; output: () => string; stop: () => Promise<void> };

/** The API in a process of its own (fault-server.ts), so a test can kill it. */
async function startApi(databaseUrl: string, args: string[] = []): Promise<Api> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ["--import", "tsx", "fault/fault-server.ts", ...args], {
    cwd: apiDir,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      PUBLIC_URL: url,
      NODE_ENV: "test",
      LOG_LEVEL: "fatal",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const deadline = Date.now() + 60_000;
  while (!output.includes("fault server listening")) {
    if (child.exitCode !== null) throw new Error(`The API exited (${child.exitCode}):\n${output}`);
    if (Date.now() > deadline) throw new Error(`The API did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    child,
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      await once(child, "exit");
    },
  };
}

type CheckIn = { checkInId: string; sessionId: string; cardCode: string; personIds: string[] };

/** One delivery of a check-in, as the kiosk sends it: the answer's status, or "no answer". */
async function send(api: Api, credential: string, checkIn: CheckIn) {
  try {
    const response = await fetch(`${api.url}/trpc/kiosk.checkIn`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${credential}` },
      body: JSON.stringify({ json: checkIn }),
      signal: AbortSignal.timeout(15_000),
    });
    await response.text();
    return response.status;
  } catch {
    return "no answer" as const;
  }
}

/** The kiosk's way: the same check-in id again until the server acknowledges it (or time's up). */
/** Every answer the kiosks got, to show the restart really hit requests in flight. */
const answers: (number | string)[] = [];
async function deliver(api: Api, credential: string, checkIn: CheckIn, deadline: number) {
  for (;;) {
    const status = await send(api, credential, checkIn);
    answers.push(status);
    if (status === 200) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

describe("check-ins when things break (PostgreSQL started by the test)", () => {
  let pg: PostgresServer;
  let handle: DatabaseHandle;
  let api: Api | undefined;
  let sessionId = "";
  const kioskCredentials: string[] = [];
  const cards: { token: string; personId: string }[] = [];

  const attendancesOf = async (checkInIds: string[]) => {
    const [row] = await handle.db
      .select({ n: count() })
      .from(attendances)
      .where(inArray(attendances.checkInId, checkInIds));
    return row?.n ?? 0;
  };

  beforeAll(async () => {
    pg = await startPostgres();
    handle = openDatabase({ url: pg.url, maxConnections: 4 });
    await handle.migrate();
    const db = handle.db;
    const locality = await makeLocality(db);
    const site = await makeSite(db, { localityId: locality.id });
    const programme = await makeProgramme(db);
    sessionId = (await makeSession(db, { siteId: site.id, programmeId: programme.id })).id;
    // Four doors: the burst stays within each kiosk's rate limit, as at a real centre.
    for (let k = 0; k < 4; k++) {
      const kiosk = await createKiosk(db, { siteId: site.id, name: `Door ${k}` }, system);
      kioskCredentials.push((await pairKiosk(db, kiosk.pairingCode, null)).credential);
    }
    for (let i = 0; i < 42; i++) {
      const [family] = await db
        .insert(families)
        .values({
          surname: `Family${i}`,
          postcode: "UB8 1UW",
          registeredSiteId: site.id,
          registeredOn: "2026-01-05",
        })
        .returning({ id: families.id });
      if (!family) throw new Error("no family");
      const [person] = await db
        .insert(people)
        .values({
          familyId: family.id,
          firstName: `Child${i}`,
          lastName: `Family${i}`,
          dateOfBirth: "2023-02-01",
          role: "child",
        })
        .returning({ id: people.id });
      if (!person) throw new Error("no person");
      const card = await issueCard(db, family.id, { all: true }, system);
      cards.push({ token: card.token, personId: person.id });
    }
  });

  afterAll(async () => {
    await api?.stop();
    await handle?.close();
    await pg?.remove();
  });

  it("leaves nothing behind when the connection is dropped in the middle of a check-in", async () => {
    const running = api ?? (await startApi(pg.url));
    api = running;
    const card = cards[40];
    if (!card) throw new Error("no card");
    const checkIn = {
      checkInId: randomUUID(),
      sessionId,
      cardCode: card.token,
      personIds: [card.personId],
    };
    // The check-in's transaction writes the attendance, then waits on the audit log, which this
    // connection holds locked: the moment to cut the API's connection, mid-transaction. The
    // waiting backend is found by its lock (pg_locks), not its query text: with prepared
    // statements it may wait while the INSERT is parsed, showing the previous statement.
    const holder = openDatabase({ url: pg.url, maxConnections: 1 });
    try {
      let terminated = 0;
      const early: (number | string)[] = [];
      const status = await holder.db.transaction(async (tx) => {
        await tx.execute(sql`lock table audit_events in exclusive mode`);
        const deliver = () => {
          const sent = send(running, kioskCredentials[0] ?? "", checkIn);
          void sent.then((status) => {
            answered = true;
            early.push(status);
          });
          return sent;
        };
        let answered = false;
        let pending = deliver();
        for (let i = 0; i < 100 && terminated === 0; i++) {
          await new Promise((r) => setTimeout(r, 100));
          // Answered before it reached the lock (a connection the pool had not yet seen was
          // dead): nothing can have been written, since writing waits on the lock. Again.
          if (answered) {
            answered = false;
            pending = deliver();
            continue;
          }
          const killed = await tx.execute<{ pid: number }>(sql`
            select pg_terminate_backend(pid) as done, pid from pg_locks
            where relation = 'audit_events'::regclass and not granted`);
          terminated = Array.isArray(killed) ? killed.length : 0;
        }
        return pending;
      });
      expect(terminated, `answers before the lock: ${JSON.stringify(early)}`).toBe(1);
      // The kiosk is told it did not work, so it will send the check-in again…
      expect(status).toBe(500);
      // …and nothing of the half-done transaction is there.
      expect(await attendancesOf([checkIn.checkInId])).toBe(0);
      const [person] = await handle.db
        .select({ n: count() })
        .from(attendances)
        .where(eq(attendances.personId, card.personId));
      expect(person?.n).toBe(0);
      // The kiosk's retry succeeds, once.
      expect(await deliver(running, kioskCredentials[0] ?? "", checkIn, Date.now() + 30_000)).toBe(
        true,
      );
      expect(await attendancesOf([checkIn.checkInId])).toBe(1);
    } finally {
      await holder.close();
    }
  }, 120_000);

  it("keeps every acknowledged check-in when the database restarts during a burst, and the API survives", async () => {
    api = await startApi(pg.url);
    const running = api;
    const burst = cards.slice(0, 40).map((card, i) => ({
      checkInId: randomUUID(),
      sessionId,
      cardCode: card.token,
      personIds: [card.personId],
      credential: kioskCredentials[i % kioskCredentials.length] ?? "",
    }));
    const deadline = Date.now() + 60_000;
    const deliverAll = (wave: typeof burst) =>
      Promise.all(
        wave.map(({ credential, ...checkIn }) => deliver(running, credential, checkIn, deadline)),
      );
    // A first wave goes through on a healthy server.
    const firstWave = await deliverAll(burst.slice(0, 10));
    // The second wave is held inside the database (its transactions wait on the audit log,
    // which this connection locks) so the restart lands while all of it is in flight.
    const holder = openDatabase({ url: pg.url, maxConnections: 1 });
    let release = () => {};
    const held = holder.db
      .transaction(async (tx) => {
        await tx.execute(sql`lock table audit_events in exclusive mode`);
        await new Promise<void>((resolve) => (release = resolve));
      })
      .catch(() => "cut by the restart");
    await new Promise((r) => setTimeout(r, 200));
    const secondWave = deliverAll(burst.slice(10));
    const waiting = async () => {
      const rows = await handle.db.execute<{ pid: number }>(sql`
        select pid from pg_locks where relation = 'audit_events'::regclass and not granted`);
      return Array.isArray(rows) ? rows.length : 0;
    };
    for (let i = 0; i < 100 && (await waiting()) < 5; i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await waiting()).toBeGreaterThanOrEqual(5);
    await pg.restart();
    release();
    await held;
    await holder.close().catch(() => {});
    const acknowledged = [...firstWave, ...(await secondWave)];
    // The restart hit the burst: some deliveries failed and were sent again.
    expect(answers.some((a) => a !== 200)).toBe(true);

    expect(
      acknowledged.filter((a) => !a).length,
      `last answers ${JSON.stringify(answers.slice(-12))}; API said:\n${running.output().slice(-3000)}`,
    ).toBe(0);
    expect(running.child.exitCode).toBeNull();
    // Every acknowledged check-in is there, exactly once.
    const rows = await handle.db
      .select({ checkInId: attendances.checkInId, personId: attendances.personId })
      .from(attendances)
      .where(
        inArray(
          attendances.checkInId,
          burst.map((b) => b.checkInId),
        ),
      );
    expect(new Set(rows.map((r) => r.checkInId)).size).toBe(40);
    expect(rows).toHaveLength(40);
    const health = await fetch(`${running.url}/healthz`);
    expect(health.status).toBe(200);
  }, 120_000);

  it("deduplicates the kiosk's replay when the API died after the commit, before the reply", async () => {
    await api?.stop();
    const card = cards[41];
    if (!card) throw new Error("no card");
    const checkIn = {
      checkInId: randomUUID(),
      sessionId,
      cardCode: card.token,
      personIds: [card.personId],
    };
    const dying = await startApi(pg.url, ["--kill-after-commit=kiosk.checkIn"]);
    api = dying;
    const first = await send(dying, kioskCredentials[1] ?? "", checkIn);
    await once(dying.child, "exit").catch(() => {});
    expect(first).toBe("no answer");
    expect(dying.child.signalCode).toBe("SIGKILL");
    // It was committed: the kiosk never heard so.
    expect(await attendancesOf([checkIn.checkInId])).toBe(1);

    api = await startApi(pg.url);
    const replay = await fetch(`${api.url}/trpc/kiosk.checkIn`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${kioskCredentials[1] ?? ""}`,
      },
      body: JSON.stringify({ json: checkIn }),
    });
    expect(replay.status).toBe(200);
    const body = (await replay.json()) as {
      result: { data: { json: { checkedIn: { firstName: string }[] } } };
    };
    expect(body.result.data.json.checkedIn.map((p) => p.firstName)).toEqual(["Child41"]);
    expect(await attendancesOf([checkIn.checkInId])).toBe(1);
    const [person] = await handle.db
      .select({ n: count() })
      .from(attendances)
      .where(eq(attendances.personId, card.personId));
    expect(person?.n).toBe(1);
  }, 120_000);
});
