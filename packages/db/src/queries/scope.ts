import { type SQL, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { sites } from "../schema";

/**
 * Which families and sessions a member of staff may see: everything, or one locality's.
 * It is applied inside each query's where clause, so a row outside it reads as not existing.
 */
export type Scope = { all: true } | { all: false; localityId: string | null };

/** A condition that the site in `siteId` is inside the scope. */
export function siteInScope(scope: Scope, siteId: AnyPgColumn): SQL {
  if (scope.all) return sql`true`;
  if (!scope.localityId) return sql`false`;
  return sql`${siteId} in (select ${sites.id} from ${sites} where ${sites.localityId} = ${scope.localityId})`;
}
