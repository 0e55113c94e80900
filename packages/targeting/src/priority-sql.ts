import { targetFlags, targetGroups } from "@familyhub/db/schema";
import { type SQL, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";

/**
 * A flag counts for a day when it started on or before it and had not ended by then: a flag
 * ended during a day no longer counts for that day. `endedAt` is an instant, so it is read as
 * a Europe/London calendar day. `day` is a SQL date expression.
 */
export function flagOpenOn(day: SQL | SQL.Aliased | AnyPgColumn): SQL {
  return sql`(${targetFlags.startedOn} <= ${day} and (${targetFlags.endedAt} is null or (${targetFlags.endedAt} at time zone 'Europe/London')::date > ${day}))`;
}

/**
 * Whether the family in `familyId` was in any group the authority counts as priority on `day`.
 * A flag on one member makes the family a priority family: it is families the service reaches.
 */
export function familyPriorityOn(
  familyId: SQL | AnyPgColumn,
  day: SQL | AnyPgColumn,
): SQL<boolean> {
  return sql<boolean>`exists (select 1 from ${targetFlags} inner join ${targetGroups} on ${targetGroups.code} = ${targetFlags.groupCode} where ${targetFlags.familyId} = ${familyId} and ${targetGroups.isPriority} and ${flagOpenOn(day)})`;
}
