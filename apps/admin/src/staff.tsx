import type { RouterOutputs } from "@familyhub/api";
import { createContext, use, type ReactNode } from "react";

export type Staff = NonNullable<RouterOutputs["auth"]["me"]>;
export type Permission = Staff["permissions"][number];

const StaffContext = createContext<Staff | null>(null);

export function StaffProvider({ staff, children }: { staff: Staff; children: ReactNode }) {
  return <StaffContext value={staff}>{children}</StaffContext>;
}

/** The signed-in member of staff; only pages inside the app shell, which checks sign-in, call it. */
export function useStaff(): Staff {
  const staff = use(StaffContext);
  if (!staff) throw new Error("useStaff outside the signed-in app shell");
  return staff;
}

export function useCan(permission: Permission): boolean {
  return useStaff().permissions.includes(permission);
}

export const roleNames: Record<Staff["role"], string> = {
  administrator: "Administrator",
  manager: "Manager",
  data_officer: "Data officer",
  locality_lead: "Locality lead",
  centre_staff: "Centre staff",
  viewer: "Viewer",
};
