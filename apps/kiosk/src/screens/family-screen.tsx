import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useEffectEvent, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useIdleTimeout } from "../hooks";
import { problemText } from "../problem-text";
import { describeError, useTRPC } from "../trpc";
import type { Session } from "./kiosk-screen";
import type { Outcome } from "./outcome-screen";

/** A family screen left alone this long goes back to scanning, so the next family never sees it. */
const IDLE_MS = 60_000;

type Member = { id: string; firstName: string; checkedIn: boolean };

type FamilyScreenProps = {
  code: string;
  session: Session;
  onOutcome: (outcome: Outcome) => void;
  onCancel: () => void;
};

export function FamilyScreen({ code, session, onOutcome, onCancel }: FamilyScreenProps) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  useIdleTimeout(IDLE_MS, onCancel);

  // gcTime 0: the family's names leave memory as soon as this screen does.
  const lookup = useQuery(
    trpc.kiosk.lookup.queryOptions(
      { sessionId: session.id, cardCode: code },
      { gcTime: 0, staleTime: Number.POSITIVE_INFINITY },
    ),
  );

  const settle = useEffectEvent(() => {
    if (lookup.error) {
      const described = describeError(lookup.error);
      if (described.kind === "unpaired") return;
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
  if (!members.some((m) => !m.checkedIn)) {
    return (
      <p className="stage-loading" role="status">
        {t("family.loading")}
      </p>
    );
  }
  return (
    <MemberPicker
      members={members}
      code={code}
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

function MemberPicker({ members, code, session, onOutcome, onCancel }: MemberPickerProps) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [ticked, setTicked] = useState(
    () => new Set(members.filter((m) => !m.checkedIn).map((m) => m.id)),
  );
  const attempt = useRef<{ checkInId: string; people: string } | null>(null);
  const checkIn = useMutation(trpc.kiosk.checkIn.mutationOptions());

  useEffect(() => headingRef.current?.focus(), []);

  function toggle(id: string) {
    setTicked((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  }

  function submit() {
    const personIds = members.filter((m) => ticked.has(m.id)).map((m) => m.id);
    if (personIds.length === 0) return;
    const people = personIds.join(",");
    // Trying again after a lost answer reuses the id, so the server replays the first attempt.
    const previous = attempt.current;
    const checkInId = previous && previous.people === people ? previous.checkInId : newCheckInId();
    attempt.current = { checkInId, people };
    checkIn.mutate(
      { checkInId, sessionId: session.id, cardCode: code, personIds },
      {
        onSuccess: (result) => {
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
