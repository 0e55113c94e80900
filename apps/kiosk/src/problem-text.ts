import { i18next } from "./i18n";
import { describeError } from "./trpc";

/** A sentence for the person at the door: the server's own words when it refused, else ours. */
export function problemText(error: unknown): string {
  const described = describeError(error);
  switch (described.kind) {
    case "refused":
      return described.message;
    case "unpaired":
      return i18next.t("setup.setUpAgain");
    case "unreachable":
      return i18next.t("errors.unreachable");
    case "server":
      return i18next.t("errors.server");
  }
}
