// The plans of slow statements, as the server ran them: PostgreSQL's auto_explain, loaded for
// one connection, reports every statement over a threshold with EXPLAIN ANALYZE, and with
// client_min_messages = log those reports come back to us as notices, so the code measured is
// the code explained (the same drizzle queries, not copies of their SQL).
import type { Database } from "@familyhub/db";
import * as schema from "@familyhub/db/schema";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";

export type ExplainedStatement = { ms: number; plan: string };

export async function explainSlow(
  databaseUrl: string,
  thresholdMs: number,
  work: (db: Database) => Promise<unknown>,
): Promise<ExplainedStatement[]> {
  const plans: ExplainedStatement[] = [];
  const client = postgres(databaseUrl, {
    max: 1,
    onnotice: (notice) => {
      const message = String(notice.message ?? "");
      const duration = /^duration: ([\d.]+) ms\s+plan:\n?/.exec(message);
      if (duration?.[1]) {
        plans.push({
          ms: Math.round(Number(duration[1])),
          plan: message.slice(duration[0].length),
        });
      }
    },
  });
  try {
    await client`load 'auto_explain'`;
    await client.unsafe(`set auto_explain.log_min_duration = ${Math.round(thresholdMs)}`);
    await client`set auto_explain.log_analyze = on`;
    await client`set auto_explain.log_buffers = on`;
    await client`set auto_explain.log_nested_statements = on`;
    await client`set client_min_messages = log`;
    const db: Database = drizzle({ client, schema, casing: "snake_case" });
    await work(db);
  } finally {
    await client.end({ timeout: 5 });
  }
  return plans;
}
