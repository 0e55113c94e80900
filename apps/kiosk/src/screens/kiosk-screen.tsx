import type { RouterOutputs } from "@familyhub/api";
import { useQuery } from "@tanstack/react-query";
import { lazy, Suspense, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { CARD_TOKEN } from "@familyhub/validators/card-token";
import { playChime, prepareChimeWhenIdle } from "../chime";
import { kioskClient } from "../client";
import { credentialStore, type KioskPairing } from "../credential-store";
import { formatLongDate, formatNames } from "../format";
import { useIdleTimeout, useNow } from "../hooks";
import { i18next, kioskLanguage } from "../i18n";
import { useOutboxState } from "../outbox/kiosk-outbox";
import { mark } from "../perf-marks";
import { loadPinned, type PinnedSession, savePinned } from "../pinned-session";
import { useCameraStream } from "../scanner/camera";
import { loadSessions, saveSessions } from "../sessions-cache";
import { describeError, useTRPC } from "../trpc";
import { type FamilyKey, FamilyScreen, startCardLookup } from "./family-screen";
import { type Outcome, OutcomeScreen } from "./outcome-screen";
import { ScanScreen } from "./scan-screen";
import { FamilySearch, PinPad, StaffMenu } from "./staff-screens";

export type Session = RouterOutputs["kiosk"]["today"][number];

// Registering (its steps, and the shared schema with zod that checks them) is not part of the
// first screen: it is loaded when the kiosk has been up a while and is idle, out of the way of
// the first families' scans (or at once if someone taps "I'm new here" before then). The
// service worker has it too, so it opens offline.
const loadNewFamilyScreen = () => import("./new-family-screen");
const NewFamilyScreen = lazy(() =>
  loadNewFamilyScreen().then((module) => ({ default: module.NewFamilyScreen })),
);

const PRELOAD_AFTER_MS = 10_000;

function whenIdle(work: () => void) {
  if (typeof requestIdleCallback === "function") requestIdleCallback(work, { timeout: 5000 });
  else work();
}

type Stage =
  | { kind: "scan"; typed: string }
  | { kind: "family"; family: FamilyKey; session: Session }
  | { kind: "outcome"; outcome: Outcome }
  | { kind: "newFamily" }
  | { kind: "pin"; then: "menu" | "search" }
  | { kind: "staffMenu"; pin: string }
  | { kind: "search"; pin: string };

/** The scan screen goes back to the kiosk's own language after a minute untouched. */
const IDLE_MS = 60_000;

/** The kiosk tells the server how it is every so often, so staff see it and its queue. */
const HEARTBEAT_MS = 30_000;

/** A session pinned by staff stays chosen until it ends, and at least until 1 p.m. */
function pinnedUntil(session: Session, now: Date): number {
  const afternoon = new Date(now);
  afternoon.setHours(13, 0, 0, 0);
  return Math.max(session.endsAt.getTime(), afternoon.getTime());
}

export type CodeSource = "camera" | "keyboard";

/**
 * A card still held up to the camera is ignored for this long after it was last seen. A code
 * typed or sent by a USB scanner is a deliberate act, so only a stuck scanner's burst of the
 * same code is ignored, for a much shorter time.
 */
const REPEAT_IGNORED_MS = { camera: 3000, keyboard: 1000 } as const;
/** Cards not seen for this long are forgotten, rather than held when a family's screen ends. */
const CAMERA_MEMORY_MS = 10 * 60_000;

/** The session a family most likely came for: the first not yet over, else the day's last. */
function defaultSession(sessions: Session[], now: Date): Session | undefined {
  return sessions.find((session) => session.endsAt > now) ?? sessions.at(-1);
}

export function KioskScreen({ pairing }: { pairing: KioskPairing }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const now = useNow(30_000);
  const siteId = pairing.kiosk.siteId;
  const outbox = useOutboxState();

  const [cached] = useState(() => loadSessions(siteId));
  const today = useQuery(
    trpc.kiosk.today.queryOptions(undefined, {
      refetchInterval: (query) => (query.state.status === "error" ? 15_000 : 5 * 60_000),
      // Started with no network: yesterday's list never, today's as it was last seen.
      initialData: cached?.sessions,
      initialDataUpdatedAt: cached?.savedAt,
      staleTime: 0,
    }),
  );
  useEffect(() => {
    if (today.data && today.status === "success") saveSessions(siteId, today.data);
  }, [today.data, today.status, siteId]);
  const whoami = useQuery(
    trpc.kiosk.whoami.queryOptions(undefined, { refetchInterval: 5 * 60_000 }),
  );
  useEffect(() => {
    if (whoami.data) credentialStore.confirmKiosk(whoami.data.name, whoami.data.siteId);
  }, [whoami.data]);

  // The heartbeat: version and queue, every half minute and whenever the queue changes.
  const queued = outbox.queued - outbox.heldForOtherSite;
  useEffect(() => {
    const beat = () =>
      kioskClient.kiosk.heartbeat.mutate({ version: __KIOSK_VERSION__, queued }).catch((error) => {
        if (describeError(error).kind === "unpaired") credentialStore.forget();
      });
    void beat();
    const timer = setInterval(() => void beat(), HEARTBEAT_MS);
    // Back online: staff see the kiosk again, and its queue as it drains.
    window.addEventListener("online", beat);
    return () => {
      clearInterval(timer);
      window.removeEventListener("online", beat);
    };
  }, [queued]);

  const sessions = today.data ?? [];
  const ready = sessions.length > 0;
  useEffect(() => {
    if (!ready) return;
    mark("kiosk:ready");
    prepareChimeWhenIdle();
    const preload = setTimeout(
      () => whenIdle(() => void loadNewFamilyScreen().catch(() => {})),
      PRELOAD_AFTER_MS,
    );
    return () => clearTimeout(preload);
  }, [ready]);
  const [chosenId, setChosenId] = useState<string | null>(null);
  const [pinned, setPinned] = useState<PinnedSession | null>(() => loadPinned(new Date()));
  const pinnedSession =
    pinned && pinned.until > now.getTime()
      ? sessions.find((s) => s.id === pinned.sessionId)
      : undefined;
  const session =
    pinnedSession ?? sessions.find((s) => s.id === chosenId) ?? defaultSession(sessions, now);

  const [stage, setStage] = useState<Stage>({ kind: "scan", typed: "" });
  const [announcement, setAnnouncement] = useState("");
  const [cameraUnavailable, setCameraUnavailable] = useState(false);
  const stream = useCameraStream(!cameraUnavailable);
  // Every card the camera has seen lately, not just the last: a family that types their code
  // while another's card is still in front of the camera must not make that card start again.
  const cameraSeen = useRef(new Map<string, number>());
  const keyboardLast = useRef<{ code: string; at: number } | null>(null);

  function onCode(raw: string, source: CodeSource) {
    const code = raw.trim();
    if (!code || !session || stage.kind !== "scan") return;
    const at = Date.now();
    if (source === "camera") {
      const seen = cameraSeen.current.get(code);
      cameraSeen.current.set(code, at);
      if (seen !== undefined && at - seen < REPEAT_IGNORED_MS.camera) return;
    } else {
      const last = keyboardLast.current;
      if (last && last.code === code && at - last.at < REPEAT_IGNORED_MS.keyboard) return;
      keyboardLast.current = { code, at };
      // A card typed in while it is also held to the camera must not start a second time.
      cameraSeen.current.set(code, at);
    }
    setAnnouncement("");
    // A random QR, a URL or half a code is not a card: say so without asking the server.
    if (!CARD_TOKEN.test(code)) {
      showOutcome({ kind: "problem", text: t("errors.notRecognised") });
      return;
    }
    const lookup = startCardLookup(session.id, code);
    setStage({ kind: "family", family: { kind: "card", code, lookup }, session });
  }

  // Leaving a family's screen: cards may still be held to the camera (they are ignored until
  // they have been out of sight for a moment), but the next typed or scanned code is a new family's.
  function holdCamera() {
    const now = Date.now();
    for (const [code, at] of cameraSeen.current) {
      if (now - at > CAMERA_MEMORY_MS) cameraSeen.current.delete(code);
      else cameraSeen.current.set(code, now);
    }
    keyboardLast.current = null;
  }

  function showOutcome(outcome: Outcome) {
    if (outcome.kind === "checkedIn") {
      playChime();
      setAnnouncement(t("result.announceCheckedIn", { names: formatNames(outcome.checkedIn) }));
    } else if (outcome.kind === "kept") {
      playChime();
      setAnnouncement(t("result.checkedInTitle"));
    } else if (outcome.kind === "allAlreadyCheckedIn") {
      setAnnouncement(t("result.allAlreadyTitle", { session: outcome.sessionName }));
    }
    holdCamera();
    setStage({ kind: "outcome", outcome });
  }

  function backToScan(typed = "") {
    // A card still held up to the camera must not start over; a scan already under way may.
    if (!typed) holdCamera();
    // The next family starts in the kiosk's own language.
    if (i18next.resolvedLanguage !== kioskLanguage) void i18next.changeLanguage(kioskLanguage);
    setStage({ kind: "scan", typed });
  }

  // A language chosen by a family that walked away is not the next family's.
  useIdleTimeout(IDLE_MS, () => {
    if (stage.kind === "scan" && i18next.resolvedLanguage !== kioskLanguage) backToScan();
  });

  function pinSession() {
    if (!session) return;
    const next = { sessionId: session.id, until: pinnedUntil(session, new Date()) };
    savePinned(next);
    setPinned(next);
  }

  function unpinSession() {
    savePinned(null);
    setPinned(null);
    setChosenId(null);
  }

  return (
    <div className="kiosk">
      <header className="kiosk__header">
        <div className="kiosk__place">
          <p className="kiosk__site">{pairing.kiosk.siteName}</p>
          <p className="kiosk__name">{t("header.kiosk", { name: pairing.kiosk.name })}</p>
        </div>
        <p className="kiosk__date">
          <time dateTime={now.toISOString()}>{formatLongDate(now)}</time>
          {queued > 0 && (
            <span className="kiosk__sync" data-testid="sync-mark">
              {t("header.waiting", { count: queued })}
            </span>
          )}
        </p>
        {stage.kind === "scan" && (
          <button
            type="button"
            className="button button--header kiosk__staff"
            onClick={() => setStage({ kind: "pin", then: "menu" })}
          >
            {t("staff.open")}
          </button>
        )}
      </header>
      <main className={`stage stage--${stage.kind}`}>
        {stage.kind === "scan" && (
          <ScanScreen
            today={today.status}
            sessions={sessions}
            session={session}
            now={now}
            onChoose={setChosenId}
            pinned={Boolean(pinnedSession)}
            stream={cameraUnavailable ? null : stream}
            onCameraUnavailable={() => setCameraUnavailable(true)}
            onCode={onCode}
            typed={stage.typed}
            onNewFamily={() => setStage({ kind: "newFamily" })}
            onForgotten={() => setStage({ kind: "pin", then: "search" })}
          />
        )}
        {stage.kind === "family" && (
          <FamilyScreen
            family={stage.family}
            session={stage.session}
            onOutcome={showOutcome}
            onCancel={() => backToScan()}
          />
        )}
        {stage.kind === "outcome" && <OutcomeScreen outcome={stage.outcome} onDone={backToScan} />}
        {stage.kind === "newFamily" && (
          <Suspense
            fallback={
              <p className="stage-loading" role="status">
                {t("join.loading")}
              </p>
            }
          >
            <NewFamilyScreen onDone={() => backToScan()} />
          </Suspense>
        )}
        {stage.kind === "pin" && (
          <PinPad
            onUnlocked={(pin) =>
              setStage(stage.then === "menu" ? { kind: "staffMenu", pin } : { kind: "search", pin })
            }
            onCancel={() => backToScan()}
          />
        )}
        {stage.kind === "staffMenu" && (
          <StaffMenu
            session={session}
            pinnedUntil={pinnedSession && pinned ? new Date(pinned.until) : null}
            onPin={pinSession}
            onUnpin={unpinSession}
            onSearch={() => setStage({ kind: "search", pin: stage.pin })}
            onDone={() => backToScan()}
          />
        )}
        {stage.kind === "search" && (
          <FamilySearch
            pin={stage.pin}
            onFound={(familyId) => {
              if (!session) return;
              setStage({
                kind: "family",
                family: { kind: "found", familyId, pin: stage.pin },
                session,
              });
            }}
            onCancel={() => backToScan()}
          />
        )}
      </main>
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
    </div>
  );
}
