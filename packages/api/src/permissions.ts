import type { staffRoles } from "@familyhub/db/schema";

export type StaffRole = (typeof staffRoles)[number];

/** What a member of staff may do. Each procedure names the one permission it needs. */
export const permissions = [
  "site:read",
  "session:read",
  "register:read",
  "family:read",
  "family:write",
  "card:write",
  "family:merge",
  "flag:read",
  "flag:write",
  "report:read",
  "import:run",
  "targeting:configure",
  "kiosk:manage",
  // Programmes, sessions, bookings and registers (issue 5).
  "programme:write",
  "booking:write",
  "register:write",
  // Reach against the social care caseload (issue 4).
  "baseline:import",
  "match:review",
  /** Named children on the social care caseload: the review queue and unreached lists. */
  "socialcare:read",
  /** Exports of reports with small numbers shown; everyone else gets suppression forced on. */
  "report:unsuppressed",
  // Trust (issue 7).
  "audit:read",
  "staff:manage",
  "subject_access:export",
  "family:erase",
] as const;
export type Permission = (typeof permissions)[number];

const frontLine: readonly Permission[] = [
  "site:read",
  "session:read",
  "register:read",
  "family:read",
  "family:write",
  "card:write",
  "flag:read",
  "flag:write",
  "report:read",
  "programme:write",
  "booking:write",
  "register:write",
];

/**
 * Roles as data. Managers, data officers and viewers see sites, session counts and aggregate
 * reports but no family's personal data; the front line works with the families of its own
 * locality, including their priority target groups; locality leads also merge duplicates.
 */
export const rolePermissions: Record<StaffRole, readonly Permission[]> = {
  administrator: permissions,
  manager: ["site:read", "session:read", "report:read"],
  data_officer: [
    "site:read",
    "session:read",
    "report:read",
    "import:run",
    "baseline:import",
    "match:review",
    "socialcare:read",
    "report:unsuppressed",
    "subject_access:export",
  ],
  locality_lead: [...frontLine, "family:merge"],
  centre_staff: frontLine,
  viewer: ["site:read", "session:read"],
};

/** Roles that see every locality; the others see only the locality they belong to. */
export const authorityWideRoles: readonly StaffRole[] = [
  "administrator",
  "manager",
  "data_officer",
];

export function can(role: StaffRole, permission: Permission): boolean {
  return rolePermissions[role].includes(permission);
}
