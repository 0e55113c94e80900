// Uploads a CSV file in one of the interchange formats to `POST /api/imports/:kind` (a file is
// too big for tRPC's JSON). XMLHttpRequest rather than fetch, because only it reports upload
// progress, which a 20 MB legacy file on a council network needs.
import {
  Alert,
  Button,
  Code,
  FileInput,
  Group,
  List,
  Loader,
  Paper,
  Progress,
  SegmentedControl,
  Stack,
  Text,
  Title,
} from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { createRoute } from "@tanstack/react-router";
import { useRef, useState } from "react";
import { z } from "zod";
import { Page } from "../components/page";
import { RequirePermission } from "../components/require-permission";
import { appRoute } from "./app-layout";

const kinds = ["sites", "people", "attendances"] as const;
type Kind = (typeof kinds)[number];

const MAX_BYTES = 60 * 1024 * 1024;
/** Errors shown on the page; the full list can always be downloaded. */
const ERRORS_SHOWN = 200;

const formats: Record<Kind, { label: string; columns: string; notes: string }> = {
  sites: {
    label: "Sites",
    columns: "site_code, name, kind, operator, locality, district, postcode, lead (optional)",
    notes:
      "Sets up the authority: sites are matched by site_code, localities by name. Import sites before people.",
  },
  people: {
    label: "People",
    columns:
      "person_ref, family_ref, first_name, last_name, date_of_birth, postcode, role, site_code, registered_on; optional sex, ethnicity, social_care_id",
    notes:
      "Registrations from a legacy database: families are matched by family_ref, people by person_ref. Dates as YYYY-MM-DD or DD/MM/YYYY.",
  },
  attendances: {
    label: "Attendances",
    columns:
      "person_ref, site_code, session_date, programme_name; optional start_time (HH:MM, default 10:00), duration_minutes (default 90)",
    notes:
      "Attendance history: the people must be imported first. Programmes and sessions are found by name, site and time, or created.",
  },
};

const importResponse = z.object({
  ok: z.boolean(),
  created: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  summary: z.string().nullable(),
  errors: z.array(z.string()),
  warnings: z.array(z.string()),
});
export type ImportResponse = z.infer<typeof importResponse>;

type Upload =
  | { state: "idle" }
  | { state: "uploading"; sent: number; total: number }
  | { state: "importing" }
  | { state: "done"; fileName: string; kind: Kind; result: ImportResponse }
  | { state: "failed"; message: string };

export const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** How far an upload has gone, then a spinner while the server checks the file. */
export function UploadProgress({
  upload,
  importing,
}: {
  upload: { state: "uploading"; sent: number; total: number } | { state: string };
  importing: string;
}) {
  if ("sent" in upload) {
    return (
      <Stack gap={4} aria-live="polite">
        <Progress
          value={upload.total > 0 ? (upload.sent / upload.total) * 100 : 0}
          aria-label="Upload progress"
          size="lg"
          transitionDuration={150}
        />
        <Text size="sm" c="dimmed">
          Uploading: {megabytes(upload.sent)} of {megabytes(upload.total)}
        </Text>
      </Stack>
    );
  }
  if (upload.state !== "importing") return null;
  return (
    <Group gap="sm" aria-live="polite">
      <Loader size="sm" />
      <Text size="sm">{importing}</Text>
    </Group>
  );
}

/** What to say when the server did not answer with an import result. */
function failureMessage(status: number, body: string): string {
  if (status === 0) {
    return "FamilyHub could not be reached. Check the connection and try again; nothing was imported.";
  }
  if (status === 413) {
    return "The file is larger than 60 MB. Split it into smaller files (whole families together) and import each.";
  }
  try {
    const parsed = z.object({ error: z.string() }).safeParse(JSON.parse(body));
    if (parsed.success) return parsed.data.error;
  } catch {
    // Not JSON: the generic message below.
  }
  return "Something went wrong on our side. Please try again; if it keeps happening, tell your administrator.";
}

/** Also used by the Baseline page (`kind` "baseline", with `?snapshotDate=` as `query`). */
export function uploadFile(
  kind: Kind | "baseline",
  file: File,
  onProgress: (sent: number, total: number) => void,
  onUploaded: () => void,
  query = "",
): { done: Promise<ImportResponse | { message: string }>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const done = new Promise<ImportResponse | { message: string }>((resolve) => {
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded, event.total);
    };
    xhr.upload.onload = onUploaded;
    xhr.onerror = () => resolve({ message: failureMessage(0, "") });
    xhr.onabort = () => resolve({ message: "The upload was cancelled; nothing was imported." });
    xhr.onload = () => {
      try {
        const parsed = importResponse.safeParse(JSON.parse(xhr.responseText));
        if (parsed.success) {
          resolve(parsed.data);
          return;
        }
      } catch {
        // Not an import result: described from the status below.
      }
      resolve({ message: failureMessage(xhr.status, xhr.responseText) });
    };
  });
  xhr.open("POST", `/api/imports/${kind}${query}`);
  // Whatever the browser thinks a .csv is (Windows says application/vnd.ms-excel), it goes as CSV.
  xhr.setRequestHeader("content-type", "text/csv");
  xhr.send(file);
  return { done, abort: () => xhr.abort() };
}

function downloadText(name: string, lines: readonly string[]) {
  const url = URL.createObjectURL(new Blob([lines.join("\r\n")], { type: "text/plain" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.click();
  URL.revokeObjectURL(url);
}

export function Result({ fileName, result }: { fileName: string; result: ImportResponse }) {
  const [showAll, setShowAll] = useState(false);
  const shown = showAll ? result.errors : result.errors.slice(0, ERRORS_SHOWN);
  return (
    <Stack gap="md" data-testid="import-result">
      {result.ok ? (
        <Alert color="green" title={`Imported ${fileName}`} role="status">
          <Text size="sm">{result.summary}.</Text>
        </Alert>
      ) : (
        <Alert
          color="red"
          title={`${fileName} was not imported and nothing was written`}
          role="alert"
        >
          <Stack gap="sm">
            <Text size="sm">
              Fix the {result.errors.length === 1 ? "problem" : `${result.errors.length} problems`}{" "}
              below and import the whole file again. Row numbers are lines of the file, the header
              being line 1.
            </Text>
            <List size="sm" spacing={4} data-testid="import-errors">
              {shown.map((error, i) => (
                <List.Item key={i}>{error}</List.Item>
              ))}
            </List>
            {result.errors.length > ERRORS_SHOWN && (
              <Group gap="sm">
                <Button size="xs" variant="light" color="red" onClick={() => setShowAll(!showAll)}>
                  {showAll ? `Show the first ${ERRORS_SHOWN}` : `Show all ${result.errors.length}`}
                </Button>
                <Button
                  size="xs"
                  variant="default"
                  onClick={() => downloadText(`${fileName} problems.txt`, result.errors)}
                >
                  Download the list
                </Button>
              </Group>
            )}
          </Stack>
        </Alert>
      )}
      {result.warnings.length > 0 && (
        <Alert color="yellow" title="Warnings">
          <List size="sm" spacing={4}>
            {result.warnings.map((warning, i) => (
              <List.Item key={i}>{warning}</List.Item>
            ))}
          </List>
        </Alert>
      )}
    </Stack>
  );
}

function ImportForm() {
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<Kind>("people");
  const [file, setFile] = useState<File | null>(null);
  const [upload, setUpload] = useState<Upload>({ state: "idle" });
  const abortRef = useRef<(() => void) | null>(null);
  const busy = upload.state === "uploading" || upload.state === "importing";
  const tooBig = file !== null && file.size > MAX_BYTES;

  async function start() {
    if (!file || tooBig) return;
    setUpload({ state: "uploading", sent: 0, total: file.size });
    const request = uploadFile(
      kind,
      file,
      (sent, total) => setUpload({ state: "uploading", sent, total }),
      () => setUpload({ state: "importing" }),
    );
    abortRef.current = request.abort;
    const outcome = await request.done;
    abortRef.current = null;
    if ("message" in outcome) {
      setUpload({ state: "failed", message: outcome.message });
      return;
    }
    setUpload({ state: "done", fileName: file.name, kind, result: outcome });
    // Sites, families and sessions may all have changed.
    if (outcome.ok) await queryClient.invalidateQueries();
  }

  return (
    <Stack gap="lg">
      <Paper withBorder p="lg" radius="md">
        <form
          noValidate
          aria-labelledby="import-file"
          onSubmit={(event) => {
            event.preventDefault();
            void start();
          }}
        >
          <Stack>
            <Title order={2} size="h3" id="import-file">
              Import a file
            </Title>
            <Stack gap={4}>
              <Text size="sm" fw={500} id="import-kind">
                What the file holds
              </Text>
              <SegmentedControl
                aria-labelledby="import-kind"
                value={kind}
                onChange={(value) => {
                  const next = kinds.find((k) => k === value);
                  if (next) setKind(next);
                }}
                data={kinds.map((k) => ({ value: k, label: formats[k].label }))}
                disabled={busy}
                w="fit-content"
              />
            </Stack>
            <Text size="sm">{formats[kind].notes}</Text>
            <Text size="sm">
              Columns, in any order: <Code>{formats[kind].columns}</Code>
            </Text>
            <Text size="sm" c="dimmed">
              Save the file from Excel as "CSV UTF-8 (Comma delimited)". A file with any bad row is
              not imported at all, and every bad row is listed; importing the same file again
              changes nothing.
            </Text>
            <FileInput
              label="CSV file"
              placeholder="Choose a .csv file"
              accept=".csv,text/csv"
              value={file}
              onChange={(chosen) => {
                setFile(chosen);
                setUpload({ state: "idle" });
              }}
              clearable
              disabled={busy}
              maw={420}
              error={tooBig ? "The file is larger than 60 MB: split it into smaller files" : null}
            />
            <Group gap="sm">
              <Button type="submit" disabled={!file || tooBig} loading={busy}>
                Import {formats[kind].label.toLowerCase()}
              </Button>
              {upload.state === "uploading" && (
                <Button variant="default" onClick={() => abortRef.current?.()}>
                  Cancel
                </Button>
              )}
            </Group>
            <UploadProgress
              upload={upload}
              importing="Uploaded. Checking every row and importing; a large file takes up to a minute."
            />
          </Stack>
        </form>
      </Paper>
      {upload.state === "failed" && (
        <Alert color="red" title="The file was not imported" role="alert">
          {upload.message}
        </Alert>
      )}
      {upload.state === "done" && <Result fileName={upload.fileName} result={upload.result} />}
    </Stack>
  );
}

function ImportsPage() {
  return (
    <Page
      title="Imports"
      description="Set up sites and bring in registrations and attendance history from a legacy database."
    >
      <RequirePermission permission="import:run">
        <ImportForm />
      </RequirePermission>
    </Page>
  );
}

export const importsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/imports",
  component: ImportsPage,
});
