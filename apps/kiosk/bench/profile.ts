// Where the kiosk's main thread spends its time on the way from a card in front of the camera to
// "You're checked in", and on a reload from the service worker's cache: a Chromium trace at 4×
// CPU slowdown, summed between the perf marks (src/perf-marks.ts). Not a test and not the
// benchmark: run `pnpm --filter @familyhub/kiosk exec tsx bench/profile.ts` after building both
// apps, to see what to make faster. Writes the raw traces to the temporary folder it prints.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CDPSession, Page } from "playwright-core";
import { launchBrowser, signIn } from "../../api/e2e/browser";
import { callTrpc, makeFamily, newPairingCode, printedCard } from "../../api/e2e/kiosk-helpers";
import { startFamilyHub } from "../../api/e2e/server-process";
import { pngToY4m } from "../../api/e2e/y4m";

type TraceEvent = {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: Record<string, unknown> & {
    name?: string;
    data?: { cpuProfile?: CpuProfile; timeDeltas?: number[]; url?: string; functionName?: string };
  };
  id?: string;
};
type CpuProfile = {
  nodes?: { id: number; parent?: number; callFrame: { functionName: string; url: string } }[];
  samples?: number[];
};

async function startTrace(cdp: CDPSession) {
  await cdp.send("Tracing.start", {
    transferMode: "ReportEvents",
    traceConfig: {
      includedCategories: [
        "devtools.timeline",
        "disabled-by-default-devtools.timeline",
        "blink.user_timing",
        "v8.execute",
        "disabled-by-default-v8.cpu_profiler",
        "loading",
        "toplevel",
      ],
    },
  } as never);
}

async function stopTrace(cdp: CDPSession): Promise<TraceEvent[]> {
  const events: TraceEvent[] = [];
  cdp.on(
    "Tracing.dataCollected" as never,
    ((data: { value: TraceEvent[] }) => events.push(...data.value)) as never,
  );
  const done = new Promise<void>((resolve) => cdp.once("Tracing.tracingComplete", () => resolve()));
  await cdp.send("Tracing.end");
  await done;
  return events;
}

/** Top-level main-thread work and sampled JavaScript self time between two instants. */
function summarise(events: TraceEvent[], from: number, to: number, title: string) {
  const pid = events.find(
    (e) => e.name.startsWith("kiosk:") && e.cat.includes("blink.user_timing"),
  )?.pid;
  const main = events.find(
    (e) =>
      e.ph === "M" &&
      e.name === "thread_name" &&
      e.args?.name === "CrRendererMain" &&
      e.pid === pid,
  );
  if (!main) return console.log("no renderer main thread in the trace");
  const onMain = events
    .filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === "X" && e.dur !== undefined)
    .filter((e) => e.ts < to && e.ts + (e.dur ?? 0) > from)
    .sort((a, b) => a.ts - b.ts);
  // Only the outermost events, so nothing is counted twice.
  const top: TraceEvent[] = [];
  let end = -Infinity;
  for (const e of onMain) {
    if (e.ts >= end) {
      top.push(e);
      end = e.ts + (e.dur ?? 0);
    }
  }
  const byName = new Map<string, number>();
  for (const e of top) {
    const d = Math.min(to, e.ts + (e.dur ?? 0)) - Math.max(from, e.ts);
    byName.set(e.name, (byName.get(e.name) ?? 0) + d);
  }
  const busy = [...byName.values()].reduce((a, b) => a + b, 0);
  console.log(
    `\n## ${title}: ${((to - from) / 1000).toFixed(0)} ms, main thread busy ${(busy / 1000).toFixed(0)} ms`,
  );
  for (const [name, d] of [...byName].sort((a, b) => b[1] - a[1]).slice(0, 12)) {
    console.log(`  ${(d / 1000).toFixed(1).padStart(7)} ms  ${name}`);
  }
  // Second level: what the biggest top-level tasks were made of.
  const inner = new Map<string, number>();
  for (const e of onMain) {
    if (top.includes(e)) continue;
    if (
      ![
        "FunctionCall",
        "EvaluateScript",
        "v8.compile",
        "v8.compileModule",
        "v8.evaluateModule",
        "Layout",
        "UpdateLayoutTree",
        "Paint",
        "MinorGC",
        "MajorGC",
        "V8.GC_SCAVENGER",
        "ParseHTML",
        "RunMicrotasks",
        "TimerFire",
        "EventDispatch",
        "v8.parseOnBackground",
        "CompileScript",
        "CompileCode",
        "FireAnimationFrame",
        "PrePaint",
        "Layerize",
        "HitTest",
        "XHRReadyStateChange",
        "ResourceReceivedData",
      ].includes(e.name)
    )
      continue;
    const d = Math.min(to, e.ts + (e.dur ?? 0)) - Math.max(from, e.ts);
    const key =
      e.name + (e.args?.data?.url ? ` ${String(e.args.data.url).replace(/.*\//, "")}` : "");
    inner.set(key, (inner.get(key) ?? 0) + d);
  }
  console.log("  inside those:");
  for (const [name, d] of [...inner].sort((a, b) => b[1] - a[1]).slice(0, 12)) {
    console.log(`  ${(d / 1000).toFixed(1).padStart(7)} ms  ${name}`);
  }
  // Sampled JavaScript: self time by function.
  const nodes = new Map<number, { functionName: string; url: string }>();
  const self = new Map<string, number>();
  const byUrl = new Map<string, number>();
  for (const e of events) {
    if (e.name !== "ProfileChunk" || e.pid !== main.pid) continue;
    const data = e.args?.data;
    for (const n of data?.cpuProfile?.nodes ?? []) nodes.set(n.id, n.callFrame);
  }
  for (const e of events) {
    if (e.name !== "Profile" || e.pid !== main.pid) continue;
  }
  let t = 0;
  let started = false;
  for (const e of events
    .filter((x) => x.pid === main.pid && (x.name === "Profile" || x.name === "ProfileChunk"))
    .sort((a, b) => a.ts - b.ts)) {
    const data = e.args?.data as {
      startTime?: number;
      cpuProfile?: CpuProfile;
      timeDeltas?: number[];
    };
    if (e.name === "Profile") {
      t = data.startTime ?? e.ts;
      started = true;
      continue;
    }
    if (!started) continue;
    const samples = data.cpuProfile?.samples ?? [];
    const deltas = data.timeDeltas ?? [];
    for (let i = 0; i < samples.length; i++) {
      t += deltas[i] ?? 0;
      if (t < from || t > to) continue;
      const frame = nodes.get(samples[i] ?? -1);
      if (!frame) continue;
      const key = `${frame.functionName || "(anonymous)"} ${(frame.url ?? "").replace(/.*\//, "")}`;
      const dt = deltas[i + 1] ?? 0;
      self.set(key, (self.get(key) ?? 0) + dt);
      const u = (frame.url ?? "").replace(/.*\//, "") || frame.functionName;
      byUrl.set(u, (byUrl.get(u) ?? 0) + dt);
    }
  }
  console.log("  sampled self time by script:");
  for (const [name, d] of [...byUrl].sort((a, b) => b[1] - a[1]).slice(0, 8)) {
    console.log(`  ${(d / 1000).toFixed(1).padStart(7)} ms  ${name}`);
  }
  console.log("  sampled self time by function:");
  for (const [name, d] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
    console.log(`  ${(d / 1000).toFixed(1).padStart(7)} ms  ${name}`);
  }
}

function markTs(events: TraceEvent[], name: string): number {
  const found = events.filter((e) => e.name === name && e.cat.includes("blink.user_timing"));
  const last = found.at(-1);
  if (!last) throw new Error(`no ${name} in the trace`);
  return last.ts;
}

async function resources(page: Page) {
  return page.evaluate(
    `performance.getEntriesByType("resource").filter((e) => e.name.includes("/trpc/")).map((e) => ({ name: e.name.replace(/.*\\/trpc\\//, "").replace(/\\?.*/, ""), start: Math.round(e.startTime), requestStart: Math.round(e.requestStart), responseStart: Math.round(e.responseStart), end: Math.round(e.responseEnd) }))`,
  );
}

async function main() {
  const work = mkdtempSync(join(tmpdir(), "familyhub-kiosk-profile-"));
  const server = await startFamilyHub("pglite", work);
  const admin = await launchBrowser();
  try {
    const page = await admin.newPage();
    await signIn(page, server.url, "administrator@demo.familyhub.test");
    const [first] = await callTrpc<{ siteId: string; siteName: string }[]>(
      page,
      "sessions.forDay",
      {},
    );
    if (!first) throw new Error("the demo has no session today");
    const familyId = await makeFamily(page, first.siteId, "Profile");
    const card = await printedCard(page, server.url, familyId);
    const video = join(work, "card.y4m");
    pngToY4m(card.qr, video);
    const code = await newPairingCode(page, server.url, first.siteName, "Profile");
    const kiosk = await launchBrowser({
      fakeCamera: video,
      viewport: { width: 1280, height: 800 },
    });
    try {
      const door = await kiosk.newPage();
      const cdp = await kiosk.newCDPSession(door);
      await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
      await door.goto(`${server.url}/kiosk/`);
      await door.getByLabel("Pairing code").fill(code);
      await startTrace(cdp);
      await door.getByRole("button", { name: "Pair this kiosk" }).click();
      const checkIn = door.getByRole("button", { name: "Check in" });
      await checkIn.waitFor({ timeout: 60_000 });
      await checkIn.click();
      await door.getByRole("heading", { name: "You're checked in" }).waitFor();
      await door.waitForTimeout(300);
      const scan = await stopTrace(cdp);
      writeFileSync(join(work, "scan.json"), JSON.stringify({ traceEvents: scan }));
      console.log(JSON.stringify(await resources(door)));
      const marks = await door.evaluate(
        `performance.getEntriesByType("mark").map((m) => m.name + " " + m.startTime.toFixed(0)).join(", ")`,
      );
      console.log(marks);
      summarise(
        scan,
        markTs(scan, "kiosk:frame"),
        markTs(scan, "kiosk:members"),
        "frame → members",
      );
      summarise(
        scan,
        markTs(scan, "kiosk:check-in"),
        markTs(scan, "kiosk:success"),
        "check in → success",
      );

      // Decoding one camera frame, again and again: the first decode pays for compiling.
      await door
        .getByRole("heading", { name: "Welcome! Scan your family card" })
        .waitFor({ timeout: 20_000 });
      const zxing = (await door.evaluate(
        `performance.getEntriesByType("resource").map((e) => e.name).find((n) => n.includes("zxing-detector"))`,
      )) as string;
      console.log(
        "decode times (ms):",
        await door.evaluate(`(async () => {
          const mod = await import(${JSON.stringify(zxing)});
          const createZxingQrDetector = Object.values(mod).find((f) => typeof f === "function");
          const video = document.querySelector("video");
          const out = [];
          const d = await createZxingQrDetector();
          for (let i = 0; i < 4; i++) {
            const t = performance.now();
            const r = await d.detect(video);
            out.push("two-step " + (performance.now() - t).toFixed(0) + (r.length ? "+" : "-"));
          }
          return out.join(", ");
        })()`),
      );
      await door.evaluate("navigator.serviceWorker.ready.then(() => true)");
      for (const offline of [false, true]) {
        await kiosk.setOffline(offline);
        await startTrace(cdp);
        await door.reload();
        await door.getByRole("radio", { checked: true }).waitFor();
        await door.waitForTimeout(300);
        const load = await stopTrace(cdp);
        writeFileSync(
          join(work, `load-${offline ? "offline" : "online"}.json`),
          JSON.stringify({ traceEvents: load }),
        );
        const ready = await door.evaluate(
          `performance.getEntriesByName("kiosk:ready").at(-1)?.startTime`,
        );
        const nav = load.find(
          (e) =>
            e.name === "navigationStart" &&
            e.args?.data &&
            (e.args.data as { isLoadingMainFrame?: boolean }).isLoadingMainFrame,
        );
        console.log(`\nready at ${String(ready)} ms`);
        if (nav)
          summarise(
            load,
            nav.ts,
            markTs(load, "kiosk:ready"),
            `reload ${offline ? "offline" : "online"}`,
          );
      }
      // Still offline: a language and "I'm new here" open from the service worker's cache.
      await door.getByRole("button", { name: "Polski" }).click();
      await door.getByRole("heading", { name: "Witamy! Zeskanuj kartę rodziny" }).waitFor();
      await door.getByRole("button", { name: "العربية" }).click();
      await door.locator("html[dir=rtl][lang=ar]").waitFor();
      await door.getByRole("button", { name: "English" }).click();
      await door.getByRole("button", { name: "I'm new here" }).click();
      await door
        .getByRole("button", { name: /Cancel|Back/ })
        .first()
        .waitFor();
      console.log("offline: Polish, Arabic and registering opened from the cache");
      const nav = await door.evaluate(
        `JSON.stringify(performance.getEntriesByType("navigation").map((e) => ({ workerStart: e.workerStart, transferSize: e.transferSize, responseStart: e.responseStart })))`,
      );
      console.log("navigation:", nav);
    } finally {
      await kiosk.close();
    }
  } finally {
    await admin.close();
    await server.stop();
  }
  console.log(`\ntraces in ${work}`);
}

await main();
