import { twoFactorClient } from "better-auth/client/plugins";
import { createAuthClient } from "better-auth/react";

export const authClient = createAuthClient({
  baseURL: window.location.origin,
  basePath: "/api/auth",
  // The sign-in page handles the TOTP step itself (a twoFactorRedirect answer), so no redirect.
  plugins: [twoFactorClient()],
});
