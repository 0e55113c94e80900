import { Group, Table, Text, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { createRoute } from "@tanstack/react-router";
import { useState } from "react";
import { EmptyState } from "../components/empty-state";
import { ErrorAlert } from "../components/error-alert";
import { AnchorLink, ButtonLink } from "../components/links";
import { Loading } from "../components/loading";
import { Page } from "../components/page";
import { RequirePermission } from "../components/require-permission";
import { formatDate } from "../lib/dates";
import { useCan } from "../staff";
import { useTRPC } from "../trpc";
import { appRoute } from "./app-layout";

const LIMIT = 50;

function Results({ query }: { query: string }) {
  const trpc = useTRPC();
  const canWrite = useCan("family:write");
  const families = useQuery({
    ...trpc.families.search.queryOptions({ query, limit: LIMIT }),
    placeholderData: keepPreviousData,
  });

  if (families.isPending) return <Loading label="Searching families" />;
  if (families.isError) {
    return <ErrorAlert error={families.error} onRetry={() => void families.refetch()} />;
  }
  if (families.data.length === 0) {
    return (
      <EmptyState title={query ? `No family matches "${query}"` : "No families registered yet"}>
        {query
          ? "Check the spelling, or search by postcode or by any family member's first or last name. "
          : "Families registered at your centres will be listed here. "}
        {canWrite && (
          <>
            If the family is new, <AnchorLink to="/families/new">register a family</AnchorLink>.
          </>
        )}
      </EmptyState>
    );
  }
  const summary = query
    ? `${families.data.length === LIMIT ? `The first ${LIMIT}` : families.data.length} ${families.data.length === 1 ? "family matches" : "families match"} "${query}"`
    : `The ${families.data.length === 1 ? "family" : `${families.data.length} families`} registered most recently`;
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table striped highlightOnHover verticalSpacing="sm" data-testid="families-table">
        <Table.Caption>{summary}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Surname</Table.Th>
            <Table.Th scope="col">Postcode</Table.Th>
            <Table.Th scope="col" ta="right">
              Members
            </Table.Th>
            <Table.Th scope="col">Centre</Table.Th>
            <Table.Th scope="col">Registered on</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {families.data.map((family) => (
            <Table.Tr key={family.id}>
              <Table.Td>
                <AnchorLink to="/families/$familyId" params={{ familyId: family.id }} fw={600}>
                  {family.surname}
                </AnchorLink>
              </Table.Td>
              <Table.Td style={{ whiteSpace: "nowrap" }}>{family.postcode}</Table.Td>
              <Table.Td ta="right">{family.members}</Table.Td>
              <Table.Td>{family.siteName}</Table.Td>
              <Table.Td>{formatDate(family.registeredOn)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function FamiliesPage() {
  const canWrite = useCan("family:write");
  const [text, setText] = useState("");
  const [query] = useDebouncedValue(text.trim(), 300);
  return (
    <Page
      title="Families"
      actions={canWrite && <ButtonLink to="/families/new">Register a family</ButtonLink>}
    >
      <RequirePermission permission="family:read">
        <Group align="flex-end">
          <TextInput
            label="Search families"
            description="Surname, a family member's first or last name, or postcode"
            type="search"
            w={420}
            maw="100%"
            value={text}
            maxLength={100}
            onChange={(event) => setText(event.currentTarget.value)}
          />
        </Group>
        <Text size="sm" c="dimmed" aria-live="polite" className="visually-hidden">
          {text.trim() !== query ? "Searching…" : ""}
        </Text>
        <Results query={query} />
      </RequirePermission>
    </Page>
  );
}

export const familiesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/families",
  component: FamiliesPage,
});
