import type { RouterOutputs } from "@familyhub/api";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { playChime } from "../chime";
import { credentialStore, type KioskPairing } from "../credential-store";
import { formatLongDate, formatNames } from "../format";
import { useNow } from "../hooks";
import { useCameraStream } from "../scanner/camera";
import { useTRPC } from "../trpc";
import { FamilyScreen } from "./family-screen";
import { NewFamilyScreen } from "./new-family-screen";
import { type Outcome, OutcomeScreen } from "./outcome-screen";
import { ScanScreen } from "./scan-screen";

export type Session = RouterOutputs["kiosk"]["today"][number];

type Stage =
  | { kind: "scan"; typed: string }
  | { kind: "family"; code: string; session: Session }
  | { kind: "outcome"; outcome: Outcome }
  | { kind: "newFamily" };

export type CodeSource = "camera" | "keyboard";

/**
 * A card still held up to the camera is ignored for this long after it was last seen. A code
 * typed or sent by a USB scanner is a deliberate act, so only a stuck scanner's burst of the
 * same code is ignored, for a much shorter time.
 */
const REPEAT_IGNORED_MS = { camera: 3000, keyboard: 1000 } as const;

/** The session a family most likely came for: the first not yet over, else the day's last. */
function defaultSession(sessions: Session[], now: Date): Session | undefined {
  return sessions.find((session) => session.endsAt > now) ?? sessions.at(-1);
}

export function KioskScreen({ pairing }: { pairing: KioskPairing }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const now = useNow(30_000);

  const today = useQuery(
    trpc.kiosk.today.queryOptions(undefined, {
      refetchInterval: (query) => (query.state.status === "error" ? 15_000 : 5 * 60_000),
    }),
  );
  const whoami = useQuery(
    trpc.kiosk.whoami.queryOptions(undefined, { refetchInterval: 5 * 60_000 }),
  );
  useEffect(() => {
    if (whoami.data) credentialStore.renameKiosk(whoami.data.name);
  }, [whoami.data]);

  const sessions = today.data ?? [];
  const [chosenId, setChosenId] = useState<string | null>(null);
  const session = sessions.find((s) => s.id === chosenId) ?? defaultSession(sessions, now);

  const [stage, setStage] = useState<Stage>({ kind: "scan", typed: "" });
  const [announcement, setAnnouncement] = useState("");
  const [cameraUnavailable, setCameraUnavailable] = useState(false);
  const stream = useCameraStream(!cameraUnavailable);
  const lastSeen = useRef<Record<CodeSource, { code: string; at: number } | null>>({
    camera: null,
    keyboard: null,
  });

  function onCode(raw: string, source: CodeSource) {
    const code = raw.trim();
    if (!code || !session || stage.kind !== "scan") return;
    const at = Date.now();
    const last = lastSeen.current[source];
    if (last && last.code === code && at - last.at < REPEAT_IGNORED_MS[source]) {
      if (source === "camera") last.at = at;
      return;
    }
    lastSeen.current[source] = { code, at };
    // A card typed in while it is also held to the camera must not start a second time.
    if (source === "keyboard") lastSeen.current.camera = { code, at };
    setAnnouncement("");
    setStage({ kind: "family", code, session });
  }

  // Leaving a family's screen: the card may still be held to the camera, but the next typed or
  // scanned code is a new family's.
  function holdCamera() {
    const camera = lastSeen.current.camera;
    if (camera) camera.at = Date.now();
    lastSeen.current.keyboard = null;
  }

  function showOutcome(outcome: Outcome) {
    if (outcome.kind === "checkedIn") {
      playChime();
      setAnnouncement(t("result.announceCheckedIn", { names: formatNames(outcome.checkedIn) }));
    } else if (outcome.kind === "allAlreadyCheckedIn") {
      setAnnouncement(t("result.allAlreadyTitle", { session: outcome.sessionName }));
    }
    holdCamera();
    setStage({ kind: "outcome", outcome });
  }

  function backToScan(typed = "") {
    // A card still held up to the camera must not start over; a scan already under way may.
    if (!typed) holdCamera();
    setStage({ kind: "scan", typed });
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
        </p>
      </header>
      <main className={`stage stage--${stage.kind}`}>
        {stage.kind === "scan" && (
          <ScanScreen
            today={today.status}
            sessions={sessions}
            session={session}
            now={now}
            onChoose={setChosenId}
            stream={cameraUnavailable ? null : stream}
            onCameraUnavailable={() => setCameraUnavailable(true)}
            onCode={onCode}
            typed={stage.typed}
            onNewFamily={() => setStage({ kind: "newFamily" })}
          />
        )}
        {stage.kind === "family" && (
          <FamilyScreen
            code={stage.code}
            session={stage.session}
            onOutcome={showOutcome}
            onCancel={() => backToScan()}
          />
        )}
        {stage.kind === "outcome" && <OutcomeScreen outcome={stage.outcome} onDone={backToScan} />}
        {stage.kind === "newFamily" && <NewFamilyScreen onDone={() => backToScan()} />}
      </main>
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
    </div>
  );
}
