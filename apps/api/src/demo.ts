import { type Auth, createStaffUser } from "@familyhub/auth";
import type { Database } from "@familyhub/db";
import { user } from "@familyhub/db/schema";
import { isDatabaseEmpty, seedDemo } from "@familyhub/db/seed";
import { seedDemoBaseline } from "@familyhub/reach";
import type { StaffRole } from "@familyhub/api";
import { like } from "drizzle-orm";

export const DEMO_PASSWORD = "familyhub-demo";
const DEMO_DOMAIN = "demo.familyhub.test";

const demoStaff: { role: StaffRole; name: string; inLocality: boolean }[] = [
  { role: "administrator", name: "Ada Administrator", inLocality: false },
  { role: "manager", name: "Mo Manager", inLocality: false },
  { role: "data_officer", name: "Dee Data-Officer", inLocality: false },
  { role: "locality_lead", name: "Lee Locality-Lead", inLocality: true },
  { role: "centre_staff", name: "Cam Centre-Staff", inLocality: true },
  { role: "viewer", name: "Vi Viewer", inLocality: false },
];

export function demoEmail(role: StaffRole): string {
  return `${role.replace("_", "-")}@${DEMO_DOMAIN}`;
}

/**
 * Seeds the fictional authority into an empty database, with one staff login per role (the
 * front-line roles in the first locality). Does nothing to a database that has any site.
 */
export async function seedDemoIfEmpty(
  db: Database,
  auth: Auth,
  log: (line: string) => void,
): Promise<boolean> {
  if (!(await isDatabaseEmpty(db))) return false;
  const started = Date.now();
  const result = await seedDemo(db, { onProgress: (step) => log(`  demo data: ${step}`) });
  // Social care baselines matched against the demo's children, for the reach dashboard.
  await seedDemoBaseline(db, { onProgress: (step) => log(`  demo data: ${step}`) });
  const locality = result.localities[0];
  for (const staff of demoStaff) {
    await createStaffUser(auth, {
      email: demoEmail(staff.role),
      name: staff.name,
      password: DEMO_PASSWORD,
      role: staff.role,
      localityId: staff.inLocality ? (locality?.id ?? null) : null,
    });
  }
  log(
    `  demo data: ${result.sites} sites, ${result.families} families, ${result.people} people, ` +
      `${result.sessions} sessions, ${result.attendances} attendances in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return true;
}

/** The demo logins that exist in this database (none outside demo mode). */
export async function demoLogins(db: Database) {
  return db
    .select({ email: user.email, role: user.role })
    .from(user)
    .where(like(user.email, `%@${DEMO_DOMAIN}`))
    .orderBy(user.email);
}
