import { QueryClient, QueryClientProvider, useMutation, useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { RegistrationSteps } from "../self-registration/registration-steps";
import {
  createJoinClient,
  isUnknownSite,
  joinProblemText,
  TRPCProvider,
  useTRPC,
} from "./join-trpc";

/**
 * The page a QR poster opens on a family's own phone: the kiosk's registration steps, laid out
 * for a phone, sent to the poster's centre. No pairing, no sign-in.
 */
export function JoinApp({ siteCode }: { siteCode: string }) {
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: { refetchOnWindowFocus: false, staleTime: Number.POSITIVE_INFINITY },
          mutations: { retry: false },
        },
      }),
  );
  const [trpcClient] = useState(createJoinClient);
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        <JoinPage siteCode={siteCode} />
      </TRPCProvider>
    </QueryClientProvider>
  );
}

function JoinPage({ siteCode }: { siteCode: string }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const site = useQuery(
    trpc.selfRegistration.site.queryOptions(
      { siteCode },
      {
        enabled: siteCode !== "",
        retry: (failures, error) => !isUnknownSite(error) && failures < 2,
      },
    ),
  );
  const siteName = site.data?.name;

  useEffect(() => {
    if (siteName) document.title = t("join.title", { site: siteName });
  }, [siteName, t]);

  return (
    <div className="join">
      <header className="join__header">
        <p className="join__site">{siteName ?? t("app.title")}</p>
      </header>
      <main className="join__main">
        {siteCode === "" || (site.isError && isUnknownSite(site.error)) ? (
          <div className="join__state" role="alert">
            <h1 className="register__title">{t("join.unknownSite")}</h1>
            <p>{site.isError ? site.error.message : t("join.unknownSiteHint")}</p>
          </div>
        ) : site.isError ? (
          <div className="join__state" role="alert">
            <p>{joinProblemText(site.error)}</p>
            <button
              type="button"
              className="button button--primary"
              onClick={() => void site.refetch()}
            >
              {t("join.retry")}
            </button>
          </div>
        ) : siteName ? (
          <Registration siteCode={siteCode} siteName={siteName} />
        ) : (
          <p className="join__state" role="status">
            {t("join.loading")}
          </p>
        )}
      </main>
    </div>
  );
}

function Registration({ siteCode, siteName }: { siteCode: string; siteName: string }) {
  const trpc = useTRPC();
  // Each family that registers on this phone starts from empty steps.
  const [round, setRound] = useState(0);
  const [sent, setSent] = useState(false);
  const submit = useMutation(trpc.selfRegistration.submit.mutationOptions({ gcTime: 0 }));

  if (sent) {
    return (
      <Thanks
        siteName={siteName}
        onAgain={() => {
          setSent(false);
          setRound((r) => r + 1);
        }}
      />
    );
  }
  return (
    <RegistrationSteps
      key={round}
      variant="phone"
      submitting={submit.isPending}
      problem={submit.error ? joinProblemText(submit.error) : null}
      onSubmit={(registration) =>
        submit.mutate(
          { siteCode, ...registration },
          {
            onSuccess: () => {
              submit.reset();
              setSent(true);
            },
          },
        )
      }
    />
  );
}

function Thanks({ siteName, onAgain }: { siteName: string; onAgain: () => void }) {
  const { t } = useTranslation();
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  return (
    <section className="thanks join__state" aria-labelledby="thanks-title">
      <span className="outcome__icon" aria-hidden="true">
        <svg viewBox="0 0 48 48" focusable="false">
          <circle cx="24" cy="24" r="22" />
          <path d="M14 24.5l7 7L34 17" />
        </svg>
      </span>
      <h1
        className="thanks__title register__title"
        id="thanks-title"
        ref={headingRef}
        tabIndex={-1}
      >
        {t("register.thanks.phoneTitle", { site: siteName })}
      </h1>
      <p className="lead">{t("register.thanks.phoneNext")}</p>
      <button type="button" className="button button--secondary" onClick={onAgain}>
        {t("register.thanks.again")}
      </button>
    </section>
  );
}
