import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { kioskClient } from "../client";
import { formatNames, formatTime } from "../format";
import { useIdleTimeout } from "../hooks";
import { useOutboxState } from "../outbox/kiosk-outbox";
import { problemText } from "../problem-text";
import type { Session } from "./kiosk-screen";

/** Staff screens close by themselves when left, so no one else finds them open. */
const IDLE_MS = 60_000;
const PIN_LENGTH = 6;

type PinPadProps = {
  onUnlocked: (pin: string) => void;
  onCancel: () => void;
};

/** A member of staff types their kiosk PIN; the server checks it (and backs off wrong ones). */
export function PinPad({ onUnlocked, onCancel }: PinPadProps) {
  const { t } = useTranslation();
  const [pin, setPin] = useState("");
  const inputRef = useRef<HTMLInputElement>(null);
  useIdleTimeout(IDLE_MS, onCancel);
  const verify = useMutation({
    mutationFn: (candidate: string) => kioskClient.kiosk.verifyPin.mutate({ pin: candidate }),
  });

  useEffect(() => inputRef.current?.focus(), []);

  function submit(event?: FormEvent) {
    event?.preventDefault();
    if (pin.length !== PIN_LENGTH || verify.isPending) return;
    const candidate = pin;
    verify.mutate(candidate, {
      onSuccess: () => onUnlocked(candidate),
      onError: () => setPin(""),
    });
  }

  function press(key: string) {
    verify.reset();
    setPin((current) =>
      key === "delete" ? current.slice(0, -1) : (current + key).slice(0, PIN_LENGTH),
    );
  }

  return (
    <section className="staff" aria-labelledby="pin-title">
      <h1 className="staff__title" id="pin-title">
        {t("staff.pinTitle")}
      </h1>
      <form className="pin" onSubmit={submit} noValidate>
        <label className="field-label" htmlFor="staff-pin">
          {t("staff.pinLabel")}
        </label>
        <p className="hint" id="staff-pin-hint">
          {t("staff.pinHint")}
        </p>
        <input
          ref={inputRef}
          id="staff-pin"
          className="text-input text-input--code pin__input"
          type="password"
          inputMode="numeric"
          autoComplete="off"
          maxLength={PIN_LENGTH}
          value={pin}
          onChange={(event) => {
            verify.reset();
            setPin(event.target.value.replace(/\D/g, "").slice(0, PIN_LENGTH));
          }}
          aria-describedby={verify.error ? "staff-pin-hint staff-pin-error" : "staff-pin-hint"}
          aria-invalid={verify.error ? true : undefined}
        />
        {verify.error && (
          <p className="field-error" id="staff-pin-error" role="alert">
            {problemText(verify.error)}
          </p>
        )}
        <div className="pin__keys">
          {["1", "2", "3", "4", "5", "6", "7", "8", "9"].map((digit) => (
            <button key={digit} type="button" className="pin__key" onClick={() => press(digit)}>
              {digit}
            </button>
          ))}
          <button
            type="button"
            className="pin__key pin__key--word"
            onClick={() => press("delete")}
            aria-label={t("staff.delete")}
          >
            ⌫
          </button>
          <button type="button" className="pin__key" onClick={() => press("0")}>
            0
          </button>
          <button
            type="submit"
            className="pin__key pin__key--go"
            disabled={pin.length !== PIN_LENGTH || verify.isPending}
          >
            {t("staff.unlock")}
          </button>
        </div>
        <p className="status-text" role="status">
          {verify.isPending ? t("staff.checking") : ""}
        </p>
      </form>
      <button type="button" className="button button--secondary" onClick={onCancel}>
        {t("staff.cancel")}
      </button>
    </section>
  );
}

type StaffMenuProps = {
  session: Session | undefined;
  pinnedUntil: Date | null;
  onPin: () => void;
  onUnpin: () => void;
  onSearch: () => void;
  onDone: () => void;
};

/** What a member of staff can do at the kiosk once their PIN is in. */
export function StaffMenu({
  session,
  pinnedUntil,
  onPin,
  onUnpin,
  onSearch,
  onDone,
}: StaffMenuProps) {
  const { t } = useTranslation();
  const outbox = useOutboxState();
  useIdleTimeout(IDLE_MS, onDone);
  return (
    <section className="staff" aria-labelledby="staff-title">
      <h1 className="staff__title" id="staff-title">
        {t("staff.menuTitle")}
      </h1>
      <ul className="staff__facts">
        <li>{t("staff.queued", { count: outbox.queued - outbox.heldForOtherSite })}</li>
        {outbox.heldForOtherSite > 0 && (
          <li>{t("staff.heldForOtherSite", { count: outbox.heldForOtherSite })}</li>
        )}
        {outbox.refused > 0 && <li>{t("staff.refused", { count: outbox.refused })}</li>}
      </ul>
      {session && (
        <div className="staff__pin">
          {pinnedUntil ? (
            <>
              <p className="lead">
                {t("staff.pinned", {
                  session: session.programmeName,
                  time: formatTime(pinnedUntil),
                })}
              </p>
              <button type="button" className="button button--secondary" onClick={onUnpin}>
                {t("staff.unpin")}
              </button>
            </>
          ) : (
            <button type="button" className="button button--primary" onClick={onPin}>
              {t("staff.pinSession", { session: session.programmeName })}
            </button>
          )}
        </div>
      )}
      <button type="button" className="button button--primary" onClick={onSearch}>
        {t("staff.search")}
      </button>
      <button type="button" className="button button--secondary" onClick={onDone}>
        {t("staff.done")}
      </button>
    </section>
  );
}

type FamilySearchProps = {
  pin: string;
  onFound: (familyId: string) => void;
  onCancel: () => void;
};

/**
 * "I've forgotten my card": a member of staff finds the family by a name. Each result shows first
 * names and the surname's initial only; the screen faces the queue at the door.
 */
export function FamilySearch({ pin, onFound, onCancel }: FamilySearchProps) {
  const { t } = useTranslation();
  const [query, setQuery] = useState("");
  useIdleTimeout(IDLE_MS, onCancel);
  const search = useMutation({
    mutationFn: (text: string) => kioskClient.kiosk.search.mutate({ pin, query: text }),
    gcTime: 0,
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    if (query.trim().length >= 2) search.mutate(query.trim());
  }

  return (
    <section className="staff" aria-labelledby="search-title">
      <h1 className="staff__title" id="search-title">
        {t("search.title")}
      </h1>
      <form className="card-code" onSubmit={submit}>
        <label className="field-label" htmlFor="family-search">
          {t("search.label")}
        </label>
        <p className="hint" id="family-search-hint">
          {t("search.hint")}
        </p>
        <div className="card-code__row">
          <input
            id="family-search"
            className="text-input"
            value={query}
            onChange={(event) => setQuery(event.target.value)}
            autoFocus
            autoComplete="off"
            autoCorrect="off"
            spellCheck={false}
            maxLength={50}
            aria-describedby="family-search-hint"
          />
          <button
            type="submit"
            className="button button--primary"
            disabled={query.trim().length < 2}
          >
            {t("search.submit")}
          </button>
        </div>
      </form>
      {search.error && (
        <p className="notice notice--warning" role="alert">
          {problemText(search.error)}
        </p>
      )}
      <p className="status-text" role="status">
        {search.isPending
          ? t("search.searching")
          : search.data?.length === 0
            ? t("search.none")
            : ""}
      </p>
      {search.data && search.data.length > 0 && (
        <ul className="results">
          {search.data.map((family) => (
            <li key={family.familyId}>
              <button
                type="button"
                className="button button--secondary results__family"
                onClick={() => onFound(family.familyId)}
              >
                {t("search.result", {
                  names: formatNames(family.firstNames),
                  initial: family.surnameInitial,
                })}
              </button>
            </li>
          ))}
        </ul>
      )}
      <button type="button" className="button button--secondary" onClick={onCancel}>
        {t("search.cancel")}
      </button>
    </section>
  );
}
