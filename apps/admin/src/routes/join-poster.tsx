import { Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { createRoute } from "@tanstack/react-router";
import { useState } from "react";
import { ErrorAlert } from "../components/error-alert";
import { AnchorLink } from "../components/links";
import { Loading } from "../components/loading";
import { Page } from "../components/page";
import { RequirePermission } from "../components/require-permission";
import { SiteSelect } from "../components/site-select";
import { useTRPC } from "../trpc";
import { appRoute } from "./app-layout";

function Poster({ siteId }: { siteId: string }) {
  const trpc = useTRPC();
  // Families reach FamilyHub at the address staff use: the QR code starts from it.
  const poster = useQuery(
    trpc.selfRegistration.poster.queryOptions({ siteId, origin: window.location.origin }),
  );
  if (poster.isPending) return <Loading label="Making the poster" />;
  if (poster.isError)
    return <ErrorAlert error={poster.error} onRetry={() => void poster.refetch()} />;
  const { siteName, url, qrSvg } = poster.data;
  return (
    <Stack>
      <Group className="no-print">
        <Button onClick={() => window.print()}>Print poster</Button>
      </Group>
      <Paper withBorder p="xl" radius="md" data-testid="join-poster" className="card-panel">
        <Stack align="center" gap="lg" ta="center">
          <Text fw={700} size="xl" c="teal.8">
            {siteName}
          </Text>
          <Title order={2} fz={40} lh={1.15}>
            Register with us on your phone
          </Title>
          <Text size="lg" maw={520}>
            New to the centre? Point your phone's camera at the code and follow the link. It takes
            about three minutes; a member of staff will finish your registration when you visit.
          </Text>
          <div
            data-testid="join-poster-qr"
            role="img"
            aria-label={`QR code of ${url}`}
            style={{ width: "min(90vw, 340px)", height: "min(90vw, 340px)" }}
            // The SVG is made by our own server's QR encoder from the centre's join address.
            dangerouslySetInnerHTML={{ __html: qrSvg }}
          />
          <Text ff="monospace" size="md" data-testid="join-poster-url">
            {url}
          </Text>
        </Stack>
      </Paper>
    </Stack>
  );
}

function JoinPosterPage() {
  const [siteId, setSiteId] = useState("");
  return (
    <Page
      title="QR poster"
      description="A poster for a centre's door or noticeboard: families scan it and register on their own phone."
      actions={<AnchorLink to="/pending">Back to the families waiting</AnchorLink>}
      headingPrintHidden
    >
      <RequirePermission permission="kiosk:manage">
        <Stack>
          <SiteSelect
            className="no-print"
            label="Centre"
            emptyLabel="Choose a centre"
            value={siteId}
            onChange={setSiteId}
            w={360}
            maw="100%"
          />
          {siteId && <Poster siteId={siteId} />}
        </Stack>
      </RequirePermission>
    </Page>
  );
}

export const joinPosterRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/pending/poster",
  component: JoinPosterPage,
});
