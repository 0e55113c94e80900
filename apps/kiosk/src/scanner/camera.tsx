import { useEffect, useEffectEvent, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { loadQrDetector } from "./detector";

const SCAN_INTERVAL_MS = 250;

function stop(stream: MediaStream) {
  for (const track of stream.getTracks()) track.stop();
}

/**
 * The camera for the whole time the kiosk is on, so coming back to the scan screen does not wait
 * for it to start again. Null while starting, and for good when there is no camera or permission
 * was refused: then families use the USB scanner or type their code, and no one is told off.
 */
export function useCameraStream(enabled: boolean): MediaStream | null {
  const [stream, setStream] = useState<MediaStream | null>(null);

  useEffect(() => {
    if (!enabled || !navigator.mediaDevices?.getUserMedia) return;
    let cancelled = false;
    let opened: MediaStream | null = null;
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then((media) => {
        if (cancelled) {
          stop(media);
          return;
        }
        opened = media;
        for (const track of media.getVideoTracks()) {
          track.addEventListener("ended", () => setStream(null));
        }
        setStream(media);
      })
      .catch(() => setStream(null));
    return () => {
      cancelled = true;
      if (opened) stop(opened);
      setStream(null);
    };
  }, [enabled]);

  return stream;
}

type CameraPanelProps = {
  stream: MediaStream;
  onCode: (code: string) => void;
  onUnavailable: () => void;
};

/** Shows the camera and reads QR codes from it a few times a second. */
export function CameraPanel({ stream, onCode, onUnavailable }: CameraPanelProps) {
  const { t } = useTranslation();
  const videoRef = useRef<HTMLVideoElement>(null);
  const emitCode = useEffectEvent(onCode);
  const reportUnavailable = useEffectEvent(onUnavailable);

  useEffect(() => {
    const video = videoRef.current;
    if (!video) return;
    video.srcObject = stream;
    video.play().catch(() => {
      // Autoplay of a muted video is allowed; if it is refused the frames are still decoded.
    });
  }, [stream]);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    loadQrDetector().then(
      (detector) => {
        const tick = async () => {
          const video = videoRef.current;
          if (video && video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA) {
            try {
              // The frame this decode reads is the moment the card was in front of the camera.
              const frameAt = performance.now();
              const [first] = await detector.detect(video);
              if (first?.rawValue && !stopped) {
                performance.mark("kiosk:frame", { startTime: frameAt });
                emitCode(first.rawValue);
              }
            } catch {
              // A frame that cannot be read is just skipped.
            }
          }
          if (!stopped) timer = setTimeout(tick, SCAN_INTERVAL_MS);
        };
        void tick();
      },
      () => {
        if (!stopped) reportUnavailable();
      },
    );
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, []);

  return (
    <figure className="camera">
      <video
        ref={videoRef}
        className="camera__video"
        muted
        playsInline
        autoPlay
        aria-label={t("scan.cameraLabel")}
      />
      <figcaption className="camera__hint">{t("scan.cameraHint")}</figcaption>
    </figure>
  );
}
