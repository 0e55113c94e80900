import { useEffect, useEffectEvent, useRef } from "react";
import { useTranslation } from "react-i18next";
import { formatNames } from "../format";
import { isTypedCharacter } from "../hooks";
import { mark } from "../perf-marks";

export type Outcome =
  | { kind: "checkedIn"; checkedIn: string[]; alreadyCheckedIn: string[] }
  /** Kept in the outbox: checked in as far as the family is concerned, sent when it can be. */
  | { kind: "kept" }
  | { kind: "allAlreadyCheckedIn"; sessionName: string }
  | { kind: "problem"; text: string };

const SHOWN_MS = { checkedIn: 5000, kept: 5000, allAlreadyCheckedIn: 5000, problem: 6000 } as const;

type OutcomeScreenProps = {
  outcome: Outcome;
  /** Back to scanning, with any character the next family's scanner has already typed. */
  onDone: (typed?: string) => void;
};

export function OutcomeScreen({ outcome, onDone }: OutcomeScreenProps) {
  const { t } = useTranslation();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const shownMs = SHOWN_MS[outcome.kind];
  const done = useEffectEvent(onDone);
  const success = outcome.kind === "checkedIn" || outcome.kind === "kept";

  useEffect(() => {
    if (success) mark("kiosk:success");
  }, [success]);

  useEffect(() => {
    headingRef.current?.focus();
    const timer = setTimeout(() => done(), shownMs);
    function onKeyDown(event: KeyboardEvent) {
      if (!isTypedCharacter(event)) return;
      event.preventDefault();
      done(event.key);
    }
    document.addEventListener("keydown", onKeyDown, true);
    return () => {
      clearTimeout(timer);
      document.removeEventListener("keydown", onKeyDown, true);
    };
  }, [shownMs]);

  return (
    <section
      className={`outcome outcome--${outcome.kind === "kept" ? "checkedIn" : outcome.kind}`}
      aria-labelledby="outcome-title"
    >
      <OutcomeIcon kind={outcome.kind} />
      {outcome.kind === "checkedIn" && (
        <>
          <h1 className="outcome__title" id="outcome-title" ref={headingRef} tabIndex={-1}>
            {t("result.checkedInTitle")}
          </h1>
          <p className="outcome__names">
            {t("result.checkedInNames", { names: formatNames(outcome.checkedIn) })}
          </p>
          {outcome.alreadyCheckedIn.length > 0 && (
            <p className="outcome__detail">
              {t("result.alreadyNames", {
                names: formatNames(outcome.alreadyCheckedIn),
                count: outcome.alreadyCheckedIn.length,
              })}
            </p>
          )}
        </>
      )}
      {outcome.kind === "kept" && (
        <>
          <h1 className="outcome__title" id="outcome-title" ref={headingRef} tabIndex={-1}>
            {t("result.checkedInTitle")}
          </h1>
          <p className="outcome__sync">
            <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
              <path d="M4 12a8 8 0 0 1 13.7-5.6M20 12a8 8 0 0 1-13.7 5.6M17.7 3v3.4h-3.4M6.3 21v-3.4h3.4" />
            </svg>
            {t("result.willSync")}
          </p>
        </>
      )}
      {outcome.kind === "allAlreadyCheckedIn" && (
        <h1 className="outcome__title" id="outcome-title" ref={headingRef} tabIndex={-1}>
          {t("result.allAlreadyTitle", { session: outcome.sessionName })}
        </h1>
      )}
      {outcome.kind === "problem" && (
        <div role="alert">
          <h1 className="outcome__title" id="outcome-title" ref={headingRef} tabIndex={-1}>
            {outcome.text}
          </h1>
        </div>
      )}
      <button type="button" className="button button--primary" onClick={() => onDone()}>
        {t("result.done")}
      </button>
      <div className="countdown" style={{ animationDuration: `${shownMs}ms` }} aria-hidden="true" />
    </section>
  );
}

function OutcomeIcon({ kind }: { kind: Outcome["kind"] }) {
  return (
    <span className="outcome__icon" aria-hidden="true">
      <svg viewBox="0 0 48 48" focusable="false">
        <circle cx="24" cy="24" r="22" />
        {kind === "problem" ? <path d="M24 13v14M24 33.5v1" /> : <path d="M14 24.5l7 7L34 17" />}
      </svg>
    </span>
  );
}
