import { kioskPairInput } from "@familyhub/validators";
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { credentialStore } from "../credential-store";
import { useOutboxState } from "../outbox/kiosk-outbox";
import { problemText } from "../problem-text";
import { useTRPC } from "../trpc";

export function SetupScreen({ needsSetupAgain }: { needsSetupAgain: boolean }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const [code, setCode] = useState("");
  const [invalid, setInvalid] = useState(false);
  const pair = useMutation(
    trpc.kiosk.pair.mutationOptions({
      onSuccess: ({ credential, kiosk }) =>
        credentialStore.save({
          credential,
          kiosk: { id: kiosk.id, name: kiosk.name, siteName: kiosk.siteName, siteId: kiosk.siteId },
        }),
    }),
  );

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = kioskPairInput.safeParse({ code });
    setInvalid(!parsed.success);
    if (parsed.success) pair.mutate(parsed.data);
  }

  const outbox = useOutboxState();
  const error = invalid ? t("setup.invalid") : pair.error ? problemText(pair.error) : null;

  return (
    <main className="setup">
      <h1 className="setup__title">{t("setup.title")}</h1>
      {needsSetupAgain && (
        <p className="notice notice--warning" role="alert">
          {t("setup.setUpAgain")}
        </p>
      )}
      {outbox.queued > 0 && (
        <p className="notice" role="status">
          {t("setup.kept", { count: outbox.queued })}
        </p>
      )}
      <p className="lead">{t("setup.intro")}</p>
      <form className="setup__form" onSubmit={submit} noValidate>
        <label className="field-label" htmlFor="pairing-code">
          {t("setup.codeLabel")}
        </label>
        <p className="hint" id="pairing-code-hint">
          {t("setup.codeHint")}
        </p>
        <input
          id="pairing-code"
          className="text-input text-input--code"
          value={code}
          onChange={(event) => setCode(event.target.value)}
          autoFocus
          autoComplete="off"
          autoCapitalize="characters"
          autoCorrect="off"
          spellCheck={false}
          maxLength={20}
          aria-describedby={error ? "pairing-code-hint pairing-code-error" : "pairing-code-hint"}
          aria-invalid={error ? true : undefined}
        />
        {error && (
          <p className="field-error" id="pairing-code-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="button button--primary" disabled={pair.isPending}>
          {t("setup.submit")}
        </button>
        <p className="status-text" role="status">
          {pair.isPending ? t("setup.pairing") : ""}
        </p>
      </form>
    </main>
  );
}
