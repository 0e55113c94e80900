import type { RouterOutputs } from "@familyhub/api";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useEffectEvent, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { prepareChimeWhenIdle } from "../chime";
import { kioskClient } from "../client";
import { credentialStore } from "../credential-store";
import { useIdleTimeout } from "../hooks";
import { kioskOutbox } from "../outbox/kiosk-outbox";
import { sendOrKeep } from "../outbox/outbox";
import { deliveryOfError } from "../outbox/trpc-transport";
import { mark } from "../perf-marks";
import { problemText } from "../problem-text";
import { describeError, useTRPC } from "../trpc";
import type { Session } from "./kiosk-screen";
import type { Outcome } from "./outcome-screen";

/** A family screen left alone this long goes back to scanning, so the next family never sees it. */
const IDLE_MS = 60_000;

/** With no answer by then, the network is as good as down: keep the check-in for the family. */
const LOOKUP_PATIENCE_MS = 10_000;

type Member = { id: string; firstName: string; checkedIn: boolean; eligible: boolean };

type CardLookup = Promise<RouterOutputs["kiosk"]["lookup"]>;

/**
 * Whose family this is: a scanned card (with its lookup, already on its way), or one a member of
 * staff found (with their PIN).
 */
export type FamilyKey =
  | { kind: "card"; code: string; lookup: CardLookup | null }
  | { kind: "found"; familyId: string; pin: string };

/**
 * Asks the server for a card's family the moment the card is read, before the family screen is
 * even drawn; null offline, where the card goes straight to the outbox. Its failure is the
 * screen's to handle (it keeps the check-in), never an unhandled rejection.
 */
export function startCardLookup(sessionId: string, cardCode: string): CardLookup | null {
  if (!navigator.onLine) return null;
  const lookup = kioskClient.kiosk.lookup.query({ sessionId, cardCode });
  lookup.catch(() => {});
  return lookup;
}

type FamilyScreenProps = {
  family: FamilyKey;
  session: Session;
  onOutcome: (outcome: Outcome) => void;
  onCancel: () => void;
};

/**
 * Keeps a scanned card's check-in in the outbox and tells the family it is done: offline the
 * members cannot be shown, so the server checks in those the session suits, for staff to confirm.
 */
async function keepForFamily(code: string, session: Session, checkInId = newCheckInId()) {
  await kioskOutbox.add({
    checkInId,
    siteId: credentialStore.siteId() ?? "",
    sessionId: session.id,
    cardCode: code,
    scannedAt: Date.now(),
  });
  void kioskOutbox.flush();
}

export function FamilyScreen(props: FamilyScreenProps) {
  const { family } = props;
  // Offline, a scanned card goes straight to the outbox; a found family needs the server anyway.
  const [offline] = useState(() => family.kind === "card" && !navigator.onLine);
  if (family.kind === "card" && offline) return <KeepOffline code={family.code} {...props} />;
  return <FamilyLookup {...props} />;
}

function KeepOffline({ code, session, onOutcome }: FamilyScreenProps & { code: string }) {
  const { t } = useTranslation();
  const keep = useEffectEvent(() => {
    keepForFamily(code, session).then(
      () => onOutcome({ kind: "kept" }),
      () => onOutcome({ kind: "problem", text: t("errors.notKept") }),
    );
  });
  useEffect(() => keep(), []);
  return (
    <p className="stage-loading" role="status">
      {t("family.checkingIn")}
    </p>
  );
}

function FamilyLookup({ family, session, onOutcome, onCancel }: FamilyScreenProps) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  useIdleTimeout(IDLE_MS, onCancel);

  // gcTime 0: the family's names leave memory as soon as this screen does. A scanned card's
  // lookup was sent as it was read: the query waits for that answer rather than asking again.
  const [started] = useState(() => (family.kind === "card" ? family.lookup : null));
  const cardLookup = trpc.kiosk.lookup.queryOptions(
    { sessionId: session.id, cardCode: family.kind === "card" ? family.code : "" },
    {
      gcTime: 0,
      staleTime: Number.POSITIVE_INFINITY,
      retry: false,
      enabled: family.kind === "card",
    },
  );
  const byCard = useQuery(started ? { ...cardLookup, queryFn: () => started } : cardLookup);
  // A found family is looked up with the PIN, which must never sit in a query key.
  const found = useQuery({
    queryKey: [
      "kiosk",
      "assistedLookup",
      session.id,
      family.kind === "found" ? family.familyId : "",
    ],
    queryFn: async () => {
      if (family.kind !== "found") throw new Error("not a found family");
      return await kioskClient.kiosk.assistedLookup.mutate({
        sessionId: session.id,
        familyId: family.familyId,
        pin: family.pin,
      });
    },
    enabled: family.kind === "found",
    gcTime: 0,
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
  const lookup = family.kind === "card" ? byCard : found;
  const [keeping, setKeeping] = useState(false);

  const keepInstead = useEffectEvent(() => {
    if (family.kind !== "card" || keeping) return;
    setKeeping(true);
    keepForFamily(family.code, session).then(
      () => onOutcome({ kind: "kept" }),
      () => onOutcome({ kind: "problem", text: t("errors.notKept") }),
    );
  });

  // A lookup that hangs is a network that is down: the family is not kept waiting at the door.
  useEffect(() => {
    if (family.kind !== "card") return;
    const timer = setTimeout(() => keepInstead(), LOOKUP_PATIENCE_MS);
    return () => clearTimeout(timer);
  }, [family.kind]);

  const settle = useEffectEvent(() => {
    if (lookup.error) {
      const described = describeError(lookup.error);
      if (described.kind === "unpaired") return;
      if (
        family.kind === "card" &&
        (described.kind === "unreachable" || described.kind === "server")
      ) {
        keepInstead();
        return;
      }
      // Perhaps the session was moved or cancelled since the list was loaded.
      if (described.kind === "refused") {
        void queryClient.invalidateQueries({ queryKey: trpc.kiosk.today.queryKey() });
      }
      onOutcome({ kind: "problem", text: problemText(lookup.error) });
      return;
    }
    const members = lookup.data?.members;
    if (!members) return;
    if (members.length === 0) onOutcome({ kind: "problem", text: t("errors.noMembers") });
    else if (members.every((m) => m.checkedIn)) {
      onOutcome({ kind: "allAlreadyCheckedIn", sessionName: session.programmeName });
    }
  });
  useEffect(() => settle(), [lookup.error, lookup.data]);

  const members = lookup.data?.members ?? [];
  if (keeping || !members.some((m) => !m.checkedIn)) {
    return (
      <p className="stage-loading" role="status">
        {t("family.loading")}
      </p>
    );
  }
  return (
    <MemberPicker
      members={members}
      family={family}
      session={session}
      onOutcome={onOutcome}
      onCancel={onCancel}
    />
  );
}

function newCheckInId(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  // randomUUID exists only on https or localhost; a version 4 UUID by hand otherwise.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

type MemberPickerProps = FamilyScreenProps & { members: Member[] };

type CheckInInput = { checkInId: string; personIds: string[] };

function MemberPicker({ members, family, session, onOutcome, onCancel }: MemberPickerProps) {
  const { t } = useTranslation();
  const headingRef = useRef<HTMLHeadingElement>(null);
  // Those the session suits by age are ticked; the family unticks or ticks anyone else.
  const [ticked, setTicked] = useState(
    () => new Set(members.filter((m) => !m.checkedIn && m.eligible).map((m) => m.id)),
  );
  const attempt = useRef<{ checkInId: string; people: string } | null>(null);
  const checkIn = useMutation({
    mutationFn: ({ checkInId, personIds }: CheckInInput) =>
      sendOrKeep(
        kioskOutbox,
        {
          checkInId,
          siteId: credentialStore.siteId() ?? "",
          sessionId: session.id,
          cardCode: family.kind === "card" ? family.code : "",
          scannedAt: Date.now(),
        },
        () =>
          family.kind === "card"
            ? kioskClient.kiosk.checkIn.mutate({
                checkInId,
                sessionId: session.id,
                cardCode: family.code,
                personIds,
              })
            : kioskClient.kiosk.assistedCheckIn.mutate({
                checkInId,
                sessionId: session.id,
                familyId: family.familyId,
                pin: family.pin,
                personIds,
              }),
        // A found family has no card to keep: its check-in needs the server there and then.
        family.kind === "card" ? deliveryOfError : () => "refused",
      ),
  });

  useEffect(() => {
    mark("kiosk:members");
    headingRef.current?.focus();
    // While the family reads their names, not once they have pressed "Check in".
    prepareChimeWhenIdle();
  }, []);

  function toggle(id: string) {
    setTicked((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  }

  function submit() {
    mark("kiosk:check-in");
    const personIds = members.filter((m) => ticked.has(m.id)).map((m) => m.id);
    if (personIds.length === 0) return;
    const people = personIds.join(",");
    // Trying again after a lost answer reuses the id, so the server replays the first attempt.
    const previous = attempt.current;
    const checkInId = previous && previous.people === people ? previous.checkInId : newCheckInId();
    attempt.current = { checkInId, people };
    checkIn.mutate(
      { checkInId, personIds },
      {
        onSuccess: (attempted) => {
          if (attempted.kind === "kept") {
            void kioskOutbox.flush();
            onOutcome({ kind: "kept" });
            return;
          }
          const result = attempted.result;
          // Names in the order the family saw them on screen.
          const inOrder = (people: { id: string }[]) =>
            members.filter((m) => people.some((p) => p.id === m.id)).map((m) => m.firstName);
          onOutcome(
            result.checkedIn.length > 0
              ? {
                  kind: "checkedIn",
                  checkedIn: inOrder(result.checkedIn),
                  alreadyCheckedIn: inOrder(result.alreadyCheckedIn),
                }
              : { kind: "allAlreadyCheckedIn", sessionName: session.programmeName },
          );
        },
        onError: (error) => {
          if (describeError(error).kind === "refused") {
            onOutcome({ kind: "problem", text: problemText(error) });
          }
        },
      },
    );
  }

  const transientError =
    checkIn.error && describeError(checkIn.error).kind !== "refused" ? checkIn.error : null;

  return (
    <section className="family" aria-labelledby="family-title">
      <h1 className="family__title" id="family-title" ref={headingRef} tabIndex={-1}>
        {t("family.title")}
      </h1>
      <p className="lead">{t("family.intro", { session: session.programmeName })}</p>
      <div className="members">
        {members.map((member) => {
          const id = `member-${member.id}`;
          return (
            <label className={`member${member.checkedIn ? " member--in" : ""}`} key={member.id}>
              <input
                type="checkbox"
                className="member__input"
                checked={member.checkedIn || ticked.has(member.id)}
                disabled={member.checkedIn || checkIn.isPending}
                onChange={() => toggle(member.id)}
                aria-labelledby={`${id}-name`}
                aria-describedby={member.checkedIn ? `${id}-status` : undefined}
              />
              <span className="member__tile">
                <span className="member__box" aria-hidden="true">
                  <svg viewBox="0 0 24 24" focusable="false">
                    <path d="M5 12.5l4.5 4.5L19 7.5" />
                  </svg>
                </span>
                <span className="member__name" id={`${id}-name`}>
                  {member.firstName}
                </span>
                {member.checkedIn && (
                  <span className="member__status" id={`${id}-status`}>
                    {t("family.alreadyIn")}
                  </span>
                )}
              </span>
            </label>
          );
        })}
      </div>
      {transientError && (
        <p className="notice notice--warning" role="alert">
          {problemText(transientError)}
        </p>
      )}
      <div className="actions">
        <button
          type="button"
          className="button button--primary button--large"
          disabled={ticked.size === 0 || checkIn.isPending}
          onClick={submit}
        >
          {t("family.checkIn")}
        </button>
        <button type="button" className="button button--secondary" onClick={onCancel}>
          {t("family.cancel")}
        </button>
      </div>
      <p className="status-text" role="status">
        {checkIn.isPending
          ? t("family.checkingIn")
          : ticked.size === 0
            ? t("family.noneTicked")
            : ""}
      </p>
    </section>
  );
}
