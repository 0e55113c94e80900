import "./registration.css";
import { PRIVACY_NOTICE_VERSION } from "@familyhub/validators";
import { type ReactNode, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  checkAll,
  checkContact,
  checkPerson,
  checkPostcode,
  checkPrivacy,
  type Draft,
  type DraftPerson,
  emptyDraft,
  type ErrorKey,
  isBlank,
  MAX_PEOPLE,
  newPerson,
  type PersonKind,
  type Registration,
  shownDate,
  type StepErrors,
} from "./draft";

/**
 * `kiosk`: a shared tablet; the browser must remember nothing typed (no autofill).
 * `phone`: the family's own phone; autofill of their own name and postcode helps them.
 */
export type Variant = "kiosk" | "phone";

type Step =
  | { kind: "welcome" }
  | { kind: "person"; key: number }
  | { kind: "family" }
  | { kind: "postcode" }
  | { kind: "contact" }
  | { kind: "privacy" }
  | { kind: "choices" }
  | { kind: "check" };

const STEP_NUMBER: Record<Exclude<Step["kind"], "welcome">, number> = {
  person: 1,
  family: 2,
  postcode: 3,
  contact: 4,
  privacy: 5,
  choices: 6,
  check: 7,
};
const STEP_COUNT = 7;

type RegistrationStepsProps = {
  variant: Variant;
  submitting: boolean;
  /** Why the last attempt to send failed, for the family to read. */
  problem: string | null;
  onSubmit: (registration: Registration) => void;
  /** Leaves without sending; everything typed is dropped with this component. */
  onCancel?: () => void;
};

/**
 * A family registers itself one step per screen: who they are, their postcode, how to contact
 * them, the privacy notice and their choices, then a last look before sending. Everything typed
 * lives in this component's state only, so it is gone as soon as the component is.
 */
export function RegistrationSteps(props: RegistrationStepsProps) {
  const { variant, submitting, problem, onSubmit, onCancel } = props;
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [step, setStep] = useState<Step>({ kind: "welcome" });
  const [errors, setErrors] = useState<StepErrors>({});
  // Changing an answer from the last page goes back there, not through every step again.
  const [fromCheck, setFromCheck] = useState(false);
  const [unsendable, setUnsendable] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const first = draft.people[0];

  function go(next: Step) {
    setErrors({});
    setUnsendable(false);
    setStep(next);
  }

  function goOn(next: Step) {
    if (fromCheck) {
      setFromCheck(false);
      go({ kind: "check" });
    } else go(next);
  }

  function change(next: Step) {
    setFromCheck(true);
    go(next);
  }

  function updatePerson(key: number, patch: Partial<DraftPerson>) {
    setDraft((d) => ({
      ...d,
      people: d.people.map((p) => (p.key === key ? { ...p, ...patch } : p)),
    }));
    setErrors((e) => {
      const next = { ...e };
      for (const field of Object.keys(patch)) {
        delete next[["day", "month", "year"].includes(field) ? "date" : field];
      }
      return next;
    });
  }

  function update(patch: Partial<Draft>) {
    setDraft((d) => ({ ...d, ...patch }));
    setErrors((e) => {
      const next = { ...e };
      for (const field of Object.keys(patch)) {
        delete next[field === "privacyAccepted" ? "privacy" : field];
      }
      return next;
    });
  }

  function addPerson(kind: PersonKind) {
    const person = newPerson(kind, first?.lastName ?? "");
    setDraft((d) => ({ ...d, people: [...d.people, person] }));
    go({ kind: "person", key: person.key });
  }

  function removePerson(key: number) {
    setDraft((d) => ({ ...d, people: d.people.filter((p) => p.key !== key) }));
  }

  // A step with problems stays, and the first field with one takes the focus.
  function passes(found: StepErrors): boolean {
    setErrors(found);
    if (Object.keys(found).length === 0) return true;
    requestAnimationFrame(() => {
      formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
    });
    return false;
  }

  function next() {
    switch (step.kind) {
      case "welcome":
        go(first ? { kind: "person", key: first.key } : { kind: "family" });
        return;
      case "person": {
        const person = draft.people.find((p) => p.key === step.key);
        if (person && !passes(checkPerson(person))) return;
        goOn({ kind: "family" });
        return;
      }
      case "family":
        goOn({ kind: "postcode" });
        return;
      case "postcode":
        if (passes(checkPostcode(draft))) goOn({ kind: "contact" });
        return;
      case "contact":
        if (passes(checkContact(draft))) goOn({ kind: "privacy" });
        return;
      case "privacy":
        if (passes(checkPrivacy(draft))) goOn({ kind: "choices" });
        return;
      case "choices":
        goOn({ kind: "check" });
        return;
      case "check": {
        const registration = checkAll(draft);
        setUnsendable(registration === null);
        if (registration && !submitting) onSubmit(registration);
        return;
      }
    }
  }

  function back() {
    if (fromCheck) {
      // Leaving a change half-made: a new person left blank is not kept.
      if (step.kind === "person") dropIfBlank(step.key);
      setFromCheck(false);
      go({ kind: "check" });
      return;
    }
    switch (step.kind) {
      case "welcome":
        onCancel?.();
        return;
      case "person":
        if (step.key === first?.key) go({ kind: "welcome" });
        else {
          dropIfBlank(step.key);
          go({ kind: "family" });
        }
        return;
      case "family":
        go(first ? { kind: "person", key: first.key } : { kind: "welcome" });
        return;
      case "postcode":
        go({ kind: "family" });
        return;
      case "contact":
        go({ kind: "postcode" });
        return;
      case "privacy":
        go({ kind: "contact" });
        return;
      case "choices":
        go({ kind: "privacy" });
        return;
      case "check":
        go({ kind: "choices" });
        return;
    }
  }

  function dropIfBlank(key: number) {
    const person = draft.people.find((p) => p.key === key);
    if (person && key !== first?.key && isBlank(person)) removePerson(key);
  }

  const stepNumber = step.kind === "welcome" ? null : STEP_NUMBER[step.kind];
  const sending = step.kind === "check" && submitting;

  return (
    <form
      ref={formRef}
      className={`register register--${variant}`}
      noValidate
      autoComplete={variant === "kiosk" ? "off" : "on"}
      onSubmit={(event) => {
        event.preventDefault();
        next();
      }}
    >
      <StepBody key={step.kind === "person" ? `person-${step.key}` : step.kind}>
        {stepNumber !== null && (
          <p className="register__progress">
            {t("register.progress", { step: stepNumber, count: STEP_COUNT })}
          </p>
        )}
        {step.kind === "welcome" && <Welcome variant={variant} />}
        {step.kind === "person" && (
          <PersonStep
            variant={variant}
            person={draft.people.find((p) => p.key === step.key)}
            isFirst={step.key === first?.key}
            errors={errors}
            onChange={(patch) => updatePerson(step.key, patch)}
          />
        )}
        {step.kind === "family" && (
          <FamilyStep
            people={draft.people}
            onAdd={addPerson}
            onEdit={(key) => go({ kind: "person", key })}
            onRemove={removePerson}
          />
        )}
        {step.kind === "postcode" && (
          <PostcodeStep variant={variant} draft={draft} errors={errors} onChange={update} />
        )}
        {step.kind === "contact" && (
          <ContactStep variant={variant} draft={draft} errors={errors} onChange={update} />
        )}
        {step.kind === "privacy" && <PrivacyStep draft={draft} errors={errors} onChange={update} />}
        {step.kind === "choices" && <ChoicesStep draft={draft} onChange={update} />}
        {step.kind === "check" && <CheckStep draft={draft} onChange={change} />}
        {step.kind === "check" && (unsendable || problem) && (
          <p className="notice notice--warning" role="alert">
            {unsendable ? t("register.errors.unsendable") : problem}
          </p>
        )}
      </StepBody>
      <div className="register__nav">
        <button type="submit" className="button button--primary button--large" disabled={sending}>
          {step.kind === "welcome"
            ? t("register.start")
            : step.kind === "check"
              ? t("register.send")
              : fromCheck
                ? t("register.saveChange")
                : t("register.next")}
        </button>
        {(step.kind !== "welcome" || onCancel) && (
          <button
            type="button"
            className="button button--secondary"
            onClick={back}
            disabled={sending}
          >
            {step.kind === "welcome" ? t("register.cancel") : t("register.back")}
          </button>
        )}
        {onCancel && step.kind !== "welcome" && (
          <button
            type="button"
            className="button button--quiet register__cancel"
            onClick={onCancel}
            disabled={sending}
          >
            {t("register.cancel")}
          </button>
        )}
      </div>
      <p className="status-text" role="status">
        {sending ? t("register.sending") : ""}
      </p>
    </form>
  );
}

/** One step: its heading takes the focus, so a screen reader starts reading the new step. */
function StepBody({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.querySelector<HTMLElement>("h1")?.focus();
  }, []);
  return (
    <div className="register__step" ref={ref}>
      {children}
    </div>
  );
}

function Heading({ children }: { children: ReactNode }) {
  return (
    <h1 className="register__title" tabIndex={-1}>
      {children}
    </h1>
  );
}

function Welcome({ variant }: { variant: Variant }) {
  const { t } = useTranslation();
  return (
    <>
      <Heading>{t("register.welcome.title")}</Heading>
      <p className="lead">{t("register.welcome.intro")}</p>
      <ul className="register__list">
        <li>{t("register.welcome.names")}</li>
        <li>{t("register.welcome.postcode")}</li>
        <li>{t("register.welcome.contact")}</li>
      </ul>
      <p>
        {variant === "kiosk" ? t("register.welcome.kioskAfter") : t("register.welcome.phoneAfter")}
      </p>
    </>
  );
}

type FieldProps = {
  id: string;
  label: string;
  hint?: string;
  value: string;
  error: ErrorKey | undefined;
  onChange: (value: string) => void;
  autoComplete?: string;
  inputMode?: "text" | "numeric" | "tel" | "email";
  type?: "text" | "tel" | "email";
  className?: string;
  maxLength?: number;
};

function TextField(props: FieldProps) {
  const { t } = useTranslation();
  const { id, label, hint, value, error, onChange } = props;
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null]
    .filter(Boolean)
    .join(" ");
  return (
    <div className={`field ${props.className ?? ""}`}>
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {t(`register.errors.${error}`)}
        </p>
      )}
      <input
        id={id}
        className="text-input"
        type={props.type ?? "text"}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        autoComplete={props.autoComplete ?? "off"}
        autoCorrect="off"
        spellCheck={false}
        inputMode={props.inputMode}
        maxLength={props.maxLength ?? 80}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
      />
    </div>
  );
}

const personTitle: Record<
  PersonKind,
  "register.person.adult" | "register.person.child" | "register.person.unborn"
> = {
  adult: "register.person.adult",
  child: "register.person.child",
  unborn: "register.person.unborn",
};

type PersonStepProps = {
  variant: Variant;
  person: DraftPerson | undefined;
  isFirst: boolean;
  errors: StepErrors;
  onChange: (patch: Partial<DraftPerson>) => void;
};

function PersonStep({ variant, person, isFirst, errors, onChange }: PersonStepProps) {
  const { t } = useTranslation();
  if (!person) return null;
  // Only the person holding the phone is likely to be its owner, whose details autofill knows.
  const own = variant === "phone" && isFirst;
  const unborn = person.kind === "unborn";
  return (
    <>
      <Heading>{isFirst ? t("register.person.you") : t(personTitle[person.kind])}</Heading>
      {unborn && <p className="lead">{t("register.person.unbornIntro")}</p>}
      <div className="register__fields">
        <TextField
          id="first-name"
          label={t("register.person.firstName")}
          value={person.firstName}
          error={errors.firstName}
          onChange={(firstName) => onChange({ firstName })}
          autoComplete={own ? "given-name" : "off"}
          hint={unborn ? t("register.person.unbornNameHint") : undefined}
        />
        <TextField
          id="last-name"
          label={t("register.person.lastName")}
          value={person.lastName}
          error={errors.lastName}
          onChange={(lastName) => onChange({ lastName })}
          autoComplete={own ? "family-name" : "off"}
        />
      </div>
      <DateField
        legend={unborn ? t("register.person.dueDate") : t("register.person.dateOfBirth")}
        hint={unborn ? t("register.person.dueDateHint") : t("register.person.dateHint")}
        person={person}
        error={errors.date}
        autoComplete={own ? "bday" : undefined}
        onChange={onChange}
      />
    </>
  );
}

type DateFieldProps = {
  legend: string;
  hint: string;
  person: DraftPerson;
  error: ErrorKey | undefined;
  autoComplete: string | undefined;
  onChange: (patch: Partial<DraftPerson>) => void;
};

/** Day, month and year in three boxes: easier on a touch keypad than a date picker. */
function DateField({ legend, hint, person, error, autoComplete, onChange }: DateFieldProps) {
  const { t } = useTranslation();
  const parts = [
    { name: "day", max: 2, value: person.day, auto: "bday-day" },
    { name: "month", max: 2, value: person.month, auto: "bday-month" },
    { name: "year", max: 4, value: person.year, auto: "bday-year" },
  ] as const;
  return (
    <fieldset
      className="date-field"
      aria-describedby={error ? "date-hint date-error" : "date-hint"}
    >
      <legend className="field-label">{legend}</legend>
      <p className="hint" id="date-hint">
        {hint}
      </p>
      {error && (
        <p className="field-error" id="date-error">
          {t(`register.errors.${error}`)}
        </p>
      )}
      <div className="date-field__parts">
        {parts.map((part) => (
          <div className={`date-field__part date-field__part--${part.name}`} key={part.name}>
            <label className="date-field__label" htmlFor={`date-${part.name}`}>
              {t(`register.person.${part.name}`)}
            </label>
            <input
              id={`date-${part.name}`}
              className="text-input"
              value={part.value}
              onChange={(event) => onChange({ [part.name]: event.target.value.replace(/\D/g, "") })}
              inputMode="numeric"
              maxLength={part.max}
              autoComplete={autoComplete ? part.auto : "off"}
              aria-invalid={error ? true : undefined}
            />
          </div>
        ))}
      </div>
    </fieldset>
  );
}

type FamilyStepProps = {
  people: DraftPerson[];
  onAdd: (kind: PersonKind) => void;
  onEdit: (key: number) => void;
  onRemove: (key: number) => void;
};

function FamilyStep({ people, onAdd, onEdit, onRemove }: FamilyStepProps) {
  const { t } = useTranslation();
  const full = people.length >= MAX_PEOPLE;
  return (
    <>
      <Heading>{t("register.family.title")}</Heading>
      <p className="lead">{t("register.family.intro")}</p>
      <ul className="people">
        {people.map((person, index) => (
          <li className="people__row" key={person.key}>
            <span className="people__name">
              {person.firstName} {person.lastName}
              <span className="people__kind">{t(`register.family.kind.${person.kind}`)}</span>
            </span>
            <span className="people__actions">
              <button
                type="button"
                className="button button--secondary"
                onClick={() => onEdit(person.key)}
                aria-label={t("register.family.changeNamed", { name: person.firstName })}
              >
                {t("register.change")}
              </button>
              {index > 0 && (
                <button
                  type="button"
                  className="button button--quiet"
                  onClick={() => onRemove(person.key)}
                  aria-label={t("register.family.removeNamed", { name: person.firstName })}
                >
                  {t("register.family.remove")}
                </button>
              )}
            </span>
          </li>
        ))}
      </ul>
      {full ? (
        <p className="hint">{t("register.family.full", { count: MAX_PEOPLE })}</p>
      ) : (
        <div className="register__add">
          <button type="button" className="button button--secondary" onClick={() => onAdd("child")}>
            {t("register.family.addChild")}
          </button>
          <button type="button" className="button button--secondary" onClick={() => onAdd("adult")}>
            {t("register.family.addAdult")}
          </button>
          <button
            type="button"
            className="button button--secondary"
            onClick={() => onAdd("unborn")}
          >
            {t("register.family.addUnborn")}
          </button>
        </div>
      )}
    </>
  );
}

type DraftStepProps = {
  variant: Variant;
  draft: Draft;
  errors: StepErrors;
  onChange: (patch: Partial<Draft>) => void;
};

function PostcodeStep({ variant, draft, errors, onChange }: DraftStepProps) {
  const { t } = useTranslation();
  return (
    <>
      <Heading>{t("register.postcode.title")}</Heading>
      <TextField
        id="postcode"
        className="field--short"
        label={t("register.postcode.label")}
        hint={t("register.postcode.hint")}
        value={draft.postcode}
        error={errors.postcode}
        onChange={(postcode) => onChange({ postcode })}
        autoComplete={variant === "phone" ? "postal-code" : "off"}
        maxLength={10}
      />
    </>
  );
}

function ContactStep({ variant, draft, errors, onChange }: DraftStepProps) {
  const { t } = useTranslation();
  const own = variant === "phone";
  return (
    <>
      <Heading>{t("register.contact.title")}</Heading>
      <p className="lead">{t("register.contact.intro")}</p>
      <div className="register__fields">
        <TextField
          id="phone"
          type="tel"
          inputMode="tel"
          label={t("register.contact.phone")}
          hint={t("register.contact.phoneHint")}
          value={draft.phone}
          error={errors.phone}
          onChange={(phone) => onChange({ phone })}
          autoComplete={own ? "tel" : "off"}
          maxLength={20}
        />
        <TextField
          id="email"
          type="email"
          inputMode="email"
          label={t("register.contact.email")}
          hint={t("register.contact.emailHint")}
          value={draft.email}
          error={errors.email}
          onChange={(email) => onChange({ email })}
          autoComplete={own ? "email" : "off"}
          maxLength={120}
        />
      </div>
    </>
  );
}

type ToggleProps = {
  id: string;
  label: string;
  description: string;
  checked: boolean;
  invalid?: boolean;
  describedBy?: string;
  onChange: (checked: boolean) => void;
};

/** A large tick box: the whole tile is the touch target. */
function Toggle({ id, label, description, checked, invalid, describedBy, onChange }: ToggleProps) {
  return (
    <label className="toggle" htmlFor={id}>
      <input
        id={id}
        type="checkbox"
        className="toggle__input"
        checked={checked}
        onChange={(event) => onChange(event.target.checked)}
        aria-invalid={invalid ? true : undefined}
        aria-describedby={[`${id}-description`, describedBy].filter(Boolean).join(" ")}
      />
      <span className="toggle__tile">
        <span className="toggle__box" aria-hidden="true">
          <svg viewBox="0 0 24 24" focusable="false">
            <path d="M5 12.5l4.5 4.5L19 7.5" />
          </svg>
        </span>
        <span className="toggle__label">{label}</span>
        <span className="toggle__description" id={`${id}-description`}>
          {description}
        </span>
      </span>
    </label>
  );
}

function PrivacyStep({ draft, errors, onChange }: Omit<DraftStepProps, "variant">) {
  const { t } = useTranslation();
  return (
    <>
      <Heading>{t("register.privacy.title")}</Heading>
      <div className="privacy" aria-label={t("register.privacy.summaryLabel")} role="region">
        <ul className="register__list">
          <li>{t("register.privacy.what")}</li>
          <li>{t("register.privacy.why")}</li>
          <li>{t("register.privacy.who")}</li>
          <li>{t("register.privacy.rights")}</li>
        </ul>
        <p className="hint">{t("register.privacy.version", { version: PRIVACY_NOTICE_VERSION })}</p>
      </div>
      {errors.privacy && (
        <p className="field-error" id="privacy-error">
          {t("register.errors.privacy")}
        </p>
      )}
      <Toggle
        id="privacy-agree"
        label={t("register.privacy.agree")}
        description={t("register.privacy.agreeHint", { version: PRIVACY_NOTICE_VERSION })}
        checked={draft.privacyAccepted}
        invalid={Boolean(errors.privacy)}
        describedBy={errors.privacy ? "privacy-error" : undefined}
        onChange={(privacyAccepted) => onChange({ privacyAccepted })}
      />
    </>
  );
}

function ChoicesStep({ draft, onChange }: Pick<DraftStepProps, "draft" | "onChange">) {
  const { t } = useTranslation();
  return (
    <>
      <Heading>{t("register.choices.title")}</Heading>
      <p className="lead">{t("register.choices.intro")}</p>
      <div className="register__toggles">
        <Toggle
          id="data-sharing"
          label={t("register.choices.dataSharing")}
          description={t("register.choices.dataSharingHint")}
          checked={draft.dataSharing}
          onChange={(dataSharing) => onChange({ dataSharing })}
        />
        <Toggle
          id="photographs"
          label={t("register.choices.photographs")}
          description={t("register.choices.photographsHint")}
          checked={draft.photographs}
          onChange={(photographs) => onChange({ photographs })}
        />
      </div>
    </>
  );
}

function CheckStep({ draft, onChange }: { draft: Draft; onChange: (step: Step) => void }) {
  const { t } = useTranslation();
  const answer = (label: string, value: ReactNode, step: Step, name: string) => (
    <div
      className="answers__row"
      key={step.kind === "person" ? `person-${step.key}` : `${step.kind}-${name}`}
    >
      <dt className="answers__label">{label}</dt>
      <dd className="answers__value">{value}</dd>
      <dd className="answers__change">
        <button
          type="button"
          className="button button--quiet"
          onClick={() => onChange(step)}
          aria-label={t("register.check.changeNamed", { name })}
        >
          {t("register.change")}
        </button>
      </dd>
    </div>
  );
  const yesNo = (value: boolean) => (value ? t("register.check.yes") : t("register.check.no"));
  return (
    <>
      <Heading>{t("register.check.title")}</Heading>
      <p className="lead">{t("register.check.intro")}</p>
      <dl className="answers">
        {draft.people.map((person) =>
          answer(
            t(`register.family.kind.${person.kind}`),
            <>
              <span className="answers__strong">
                {person.firstName} {person.lastName}
              </span>
              <br />
              {person.kind === "unborn"
                ? t("register.check.due", { date: shownDate(person) })
                : t("register.check.born", { date: shownDate(person) })}
            </>,
            { kind: "person", key: person.key },
            `${person.firstName} ${person.lastName}`,
          ),
        )}
        {answer(
          t("register.postcode.label"),
          draft.postcode.toUpperCase(),
          { kind: "postcode" },
          t("register.postcode.label"),
        )}
        {answer(
          t("register.check.contact"),
          [draft.phone, draft.email].filter((v) => v.trim()).join(", ") || t("register.check.none"),
          { kind: "contact" },
          t("register.check.contact"),
        )}
        {answer(
          t("register.choices.dataSharing"),
          yesNo(draft.dataSharing),
          { kind: "choices" },
          t("register.choices.dataSharing"),
        )}
        {answer(
          t("register.choices.photographs"),
          yesNo(draft.photographs),
          { kind: "choices" },
          t("register.choices.photographs"),
        )}
      </dl>
    </>
  );
}
