import { i18next } from "./i18n";
import { describeError } from "./trpc";

const NOT_RECOGNISED = "This card is not recognised — please ask a member of staff";

/** A sentence for the person at the door: the server's own words when it refused, else ours. */
export function problemText(error: unknown): string {
  const described = describeError(error);
  switch (described.kind) {
    case "refused":
      // The server's words are English; the one a family meets most is in every language here.
      return described.message === NOT_RECOGNISED
        ? i18next.t("errors.notRecognised")
        : described.message;
    case "unpaired":
      return i18next.t("setup.setUpAgain");
    case "unreachable":
      return i18next.t("errors.unreachable");
    case "server":
      return i18next.t("errors.server");
  }
}
