// Check-in under load alone, on a small county, for working on the check-in path: the same
// server, client and direct-driver limit as `pnpm bench`, minutes instead of ten.
//
//   pnpm --filter @familyhub/bench checkin [--people 60000] [--seconds 5]
import { openDatabase } from "@familyhub/db";
import { seedCounty } from "@familyhub/db/seed";
import { createScratchDatabase } from "@familyhub/db/testing";
import { syncCatalogue } from "@familyhub/targeting";
import { sql } from "drizzle-orm";
import { measureCheckIns, prepareCheckIns, startServer } from "./checkin";
import { machine } from "./stats";

const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const log = (line: string) => process.stderr.write(`${line}\n`);

async function main() {
  log(`load average ${machine().loadAverage.join(" / ")}`);
  const scratch = await createScratchDatabase();
  const handle = openDatabase({ url: scratch.url, maxConnections: 4 });
  try {
    await handle.migrate();
    await syncCatalogue(handle.db);
    await seedCounty(handle.db, { people: arg("people", 60_000), years: 0.25, seed: 42 });
    await handle.db.execute(sql`vacuum analyze`);
    const setup = await prepareCheckIns(handle.db);
    const server = await startServer(scratch.url);
    try {
      const result = await measureCheckIns(server, scratch.url, setup, {
        levels: [10, 100],
        runs: 2,
        durationMs: arg("seconds", 5) * 1000,
        log,
      });
      log(JSON.stringify(result.memory));
    } finally {
      await server.stop();
    }
  } finally {
    await handle.close();
    await scratch.drop();
  }
  log(`load average ${machine().loadAverage.join(" / ")}`);
}

await main();
