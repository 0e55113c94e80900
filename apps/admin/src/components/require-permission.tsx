import { Alert } from "@mantine/core";
import type { ReactNode } from "react";
import { type Permission, useCan } from "../staff";

/** Hides a page from roles that cannot use it, with a reason instead of a failing request. */
export function RequirePermission({
  permission,
  children,
}: {
  permission: Permission;
  children: ReactNode;
}) {
  if (!useCan(permission)) {
    return (
      <Alert color="yellow" title="Not available for your role" role="alert">
        Your role cannot open this page (it needs {permission}). Ask an administrator if you should.
      </Alert>
    );
  }
  return children;
}
