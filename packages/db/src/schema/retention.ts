import { sql } from "drizzle-orm";
import {
  boolean,
  index,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { user } from "./auth";
import { families } from "./families";

/**
 * A legal hold keeps a family out of every retention rule (and refuses its erasure) while, say,
 * a court case or a safeguarding review needs the record. Placed and lifted by an administrator
 * with a reason; a lifted hold stays as history. At most one open hold per family.
 */
export const legalHolds = pgTable(
  "legal_holds",
  {
    id: uuid().primaryKey().defaultRandom(),
    familyId: uuid()
      .notNull()
      .references(() => families.id),
    reason: text().notNull(),
    placedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    placedBy: text().references(() => user.id),
    liftedAt: timestamp({ withTimezone: true }),
    liftedBy: text().references(() => user.id),
    liftReason: text(),
  },
  (t) => [
    index().on(t.familyId),
    uniqueIndex("legal_holds_open_unique")
      .on(t.familyId)
      .where(sql`${t.liftedAt} is null`),
  ],
);

export type RetentionRunCounts = Record<string, number>;

/** One run of the retention rules (scheduled or from the CLI), and what each rule removed. */
export const retentionRuns = pgTable(
  "retention_runs",
  {
    id: uuid().primaryKey().defaultRandom(),
    startedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp({ withTimezone: true }),
    dryRun: boolean().notNull(),
    /** "schedule" (the server's interval) or "cli". */
    trigger: text().notNull(),
    removed: jsonb().$type<RetentionRunCounts>(),
    /** Records a rule would have removed but a legal hold kept. */
    held: jsonb().$type<RetentionRunCounts>(),
  },
  (t) => [index().on(t.startedAt)],
);
