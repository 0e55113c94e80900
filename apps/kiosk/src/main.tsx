import "./i18n";
import "./styles.css";
import { type ReactNode, StrictMode } from "react";
import { createRoot } from "react-dom/client";

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");
const rootElement = root;

/** The centre's code of `/kiosk/join/<SITE_CODE>` (or `/kiosk/join?site=CODE`), else null. */
function joinSiteCode(location: Location): string | null {
  const match = /^\/kiosk\/join(?:\/([^/]*))?\/?$/.exec(location.pathname);
  if (!match) return null;
  const raw = match[1] || new URLSearchParams(location.search).get("site") || "";
  try {
    return decodeURIComponent(raw).trim();
  } catch {
    return "";
  }
}

// Each page loads only its own code: the phone page of a QR poster never loads the kiosk, its
// credential store or its scanner.
async function start() {
  const siteCode = joinSiteCode(window.location);
  let page: ReactNode;
  if (siteCode !== null) {
    document.documentElement.classList.add("phone");
    const { JoinApp } = await import("./join/join-app");
    page = <JoinApp siteCode={siteCode} />;
  } else {
    const { App } = await import("./app");
    page = <App />;
  }
  createRoot(rootElement).render(<StrictMode>{page}</StrictMode>);
}

void start();
