import { type FormEvent, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { formatTime } from "../format";
import { isTypedCharacter } from "../hooks";
import { LanguageChoice } from "../language-choice";
import { CameraPanel } from "../scanner/camera";
import type { CodeSource, Session } from "./kiosk-screen";

type ScanScreenProps = {
  today: "pending" | "error" | "success";
  sessions: Session[];
  session: Session | undefined;
  now: Date;
  onChoose: (sessionId: string) => void;
  stream: MediaStream | null;
  onCameraUnavailable: () => void;
  onCode: (code: string, source: CodeSource) => void;
  /** What was typed on the previous screen: a USB scan that started before this one showed. */
  typed: string;
  /** "I'm new here": a family without a card starts registering. */
  onNewFamily: () => void;
  /** "I've forgotten my card": a member of staff's PIN opens a search. */
  onForgotten: () => void;
  /** Staff pinned the session for the morning: families cannot choose another. */
  pinned: boolean;
};

export function ScanScreen(props: ScanScreenProps) {
  const { t } = useTranslation();
  const { session } = props;
  return (
    <>
      <LanguageChoice />
      <SessionChoice {...props} />
      {session ? (
        <section className="scan" aria-labelledby="scan-title">
          <h1 className="scan__title" id="scan-title">
            {t("scan.title")}
          </h1>
          {props.stream && (
            <CameraPanel
              stream={props.stream}
              onCode={(code) => props.onCode(code, "camera")}
              onUnavailable={props.onCameraUnavailable}
            />
          )}
          <CardCodeForm onCode={(code) => props.onCode(code, "keyboard")} typed={props.typed} />
          <div className="scan__more">
            <NewHere onNewFamily={props.onNewFamily} />
            <div className="new-here">
              <p className="hint" id="forgotten-hint">
                {t("scan.forgottenHint")}
              </p>
              <button
                type="button"
                className="button button--secondary button--large"
                onClick={props.onForgotten}
                aria-describedby="forgotten-hint"
              >
                {t("scan.forgotten")}
              </button>
            </div>
          </div>
        </section>
      ) : (
        <NewHere onNewFamily={props.onNewFamily} />
      )}
    </>
  );
}

function SessionChoice({ today, sessions: all, session, now, onChoose, pinned }: ScanScreenProps) {
  const { t } = useTranslation();
  const selectedRef = useRef<HTMLLabelElement>(null);
  const selectedId = session?.id;
  // Upright the list scrolls sideways: keep the chosen session in view.
  useEffect(() => {
    selectedRef.current?.scrollIntoView({ block: "nearest", inline: "nearest" });
  }, [selectedId]);

  // A pinned session is the only one on offer.
  const sessions = pinned && session ? [session] : all;
  if (today === "pending" && sessions.length === 0) {
    return (
      <p className="sessions-state" role="status">
        {t("sessions.loading")}
      </p>
    );
  }
  if (today === "error" && sessions.length === 0) {
    return (
      <p className="sessions-state" role="status">
        {t("sessions.unreachable")}
      </p>
    );
  }
  if (sessions.length === 0) {
    return (
      <div className="sessions-state" role="status">
        <h1 className="sessions-state__title">{t("sessions.empty")}</h1>
        <p>{t("sessions.emptyHint")}</p>
      </div>
    );
  }
  const onNow = sessions.find((s) => s.startsAt <= now && s.endsAt > now);
  const next = onNow ? undefined : sessions.find((s) => s.startsAt > now);
  return (
    <fieldset className="sessions">
      <legend className="sessions__legend">{t("sessions.legend")}</legend>
      <div className="sessions__list">
        {sessions.map((s) => {
          const badge = pinned
            ? "pinned"
            : s === onNow
              ? "onNow"
              : s === next
                ? "next"
                : s.endsAt <= now
                  ? "finished"
                  : null;
          const id = `session-${s.id}`;
          return (
            <label className="session" key={s.id} ref={s.id === selectedId ? selectedRef : null}>
              <input
                type="radio"
                name="session"
                className="session__input"
                value={s.id}
                checked={s.id === session?.id}
                onChange={() => onChoose(s.id)}
                aria-labelledby={`${id}-name ${id}-time`}
                aria-describedby={badge ? `${id}-badge` : undefined}
              />
              <span className="session__card">
                <span className="session__name" id={`${id}-name`}>
                  {s.programmeName}
                </span>
                <span className="session__meta">
                  <span className="session__time" id={`${id}-time`}>
                    {t("sessions.time", {
                      start: formatTime(s.startsAt),
                      end: formatTime(s.endsAt),
                    })}
                  </span>
                  {badge && (
                    <span className={`session__badge session__badge--${badge}`} id={`${id}-badge`}>
                      {t(`sessions.${badge}`)}
                    </span>
                  )}
                </span>
              </span>
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}

function CardCodeForm({ onCode, typed }: { onCode: (code: string) => void; typed: string }) {
  const { t } = useTranslation();
  const [value, setValue] = useState(typed);
  const inputRef = useRef<HTMLInputElement>(null);

  // Keep typing after what the scanner typed on the previous screen, not in front of it.
  useEffect(() => {
    const input = inputRef.current;
    if (input) input.setSelectionRange(input.value.length, input.value.length);
  }, []);

  // A USB scanner types wherever the focus is: after a tap on a session, send its keys here.
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (!isTypedCharacter(event) || event.target === inputRef.current) return;
      inputRef.current?.focus();
    }
    document.addEventListener("keydown", onKeyDown, true);
    return () => document.removeEventListener("keydown", onKeyDown, true);
  }, []);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setValue("");
    onCode(value);
  }

  return (
    <form className="card-code" onSubmit={submit}>
      <label className="field-label" htmlFor="card-code">
        {t("scan.codeLabel")}
      </label>
      <p className="hint" id="card-code-hint">
        {t("scan.codeHint")}
      </p>
      <div className="card-code__row">
        <input
          ref={inputRef}
          id="card-code"
          className="text-input"
          value={value}
          onChange={(event) => setValue(event.target.value)}
          autoFocus
          autoComplete="off"
          autoCapitalize="off"
          autoCorrect="off"
          spellCheck={false}
          enterKeyHint="go"
          maxLength={500}
          aria-describedby="card-code-hint"
        />
        <button type="submit" className="button button--primary" disabled={!value.trim()}>
          {t("scan.submit")}
        </button>
      </div>
    </form>
  );
}

// Registering needs no session: a family can start while none is running.
function NewHere({ onNewFamily }: { onNewFamily: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="new-here">
      <p className="hint" id="new-here-hint">
        {t("scan.newHereHint")}
      </p>
      <button
        type="button"
        className="button button--secondary button--large"
        onClick={onNewFamily}
        aria-describedby="new-here-hint"
      >
        {t("scan.newHere")}
      </button>
    </div>
  );
}
