import { useMutation } from "@tanstack/react-query";
import { useEffect, useEffectEvent, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useIdleTimeout } from "../hooks";
import { problemText } from "../problem-text";
import { RegistrationSteps } from "../self-registration/registration-steps";
import { useTRPC } from "../trpc";

/** A registration left alone this long is dropped, so the next family never sees it. */
const IDLE_MS = 3 * 60_000;
/** The thank-you stays up this long, then the kiosk is ready for the next family. */
const THANKS_MS = 30_000;

/**
 * "I'm new here": a family registers itself at the kiosk's own site. What they type lives in
 * the steps' state and in the one request that sends it, and nowhere else: leaving this screen
 * (done, cancelled or idle) drops it, and the answer says nothing about the family.
 */
export function NewFamilyScreen({ onDone }: { onDone: () => void }) {
  const trpc = useTRPC();
  const [sent, setSent] = useState(false);
  useIdleTimeout(IDLE_MS, onDone);
  // gcTime 0 and reset(): the mutation's copy of the family's answers is not kept in the cache.
  const register = useMutation(trpc.kiosk.selfRegister.mutationOptions({ gcTime: 0 }));

  if (sent) return <ThanksScreen onDone={onDone} />;
  return (
    <RegistrationSteps
      variant="kiosk"
      submitting={register.isPending}
      problem={register.error ? problemText(register.error) : null}
      onSubmit={(registration) =>
        register.mutate(registration, {
          onSuccess: () => {
            register.reset();
            setSent(true);
          },
        })
      }
      onCancel={onDone}
    />
  );
}

function ThanksScreen({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const done = useEffectEvent(onDone);

  useEffect(() => {
    headingRef.current?.focus();
    const timer = setTimeout(() => done(), THANKS_MS);
    return () => clearTimeout(timer);
  }, []);

  return (
    <section className="thanks outcome" aria-labelledby="thanks-title">
      <span className="outcome__icon" aria-hidden="true">
        <svg viewBox="0 0 48 48" focusable="false">
          <circle cx="24" cy="24" r="22" />
          <path d="M14 24.5l7 7L34 17" />
        </svg>
      </span>
      <h1 className="thanks__title" id="thanks-title" ref={headingRef} tabIndex={-1}>
        {t("register.thanks.title")}
      </h1>
      <button type="button" className="button button--primary button--large" onClick={onDone}>
        {t("register.thanks.done")}
      </button>
      <div
        className="countdown"
        style={{ animationDuration: `${THANKS_MS}ms` }}
        aria-hidden="true"
      />
    </section>
  );
}
