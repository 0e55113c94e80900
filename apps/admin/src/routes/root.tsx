import { Container, Stack, Text, Title } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { createRootRoute, Outlet } from "@tanstack/react-router";
import { AnchorLink } from "../components/links";

function NotFound() {
  useDocumentTitle("Page not found · FamilyHub");
  return (
    <Container size="sm" py="xl">
      <Stack>
        <Title order={1}>Page not found</Title>
        <Text>
          There is nothing at this address. Check the link, or go to{" "}
          <AnchorLink to="/">today's sessions</AnchorLink>.
        </Text>
      </Stack>
    </Container>
  );
}

export const rootRoute = createRootRoute({
  component: Outlet,
  notFoundComponent: NotFound,
});
