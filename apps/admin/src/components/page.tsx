import { Group, Stack, Text, Title } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import type { ReactNode } from "react";

type Props = {
  title: string;
  /** The browser tab's title when it should differ from the heading. */
  documentTitle?: string;
  description?: ReactNode;
  actions?: ReactNode;
  /** Leaves the heading off the printout, when the page prints something else (a family card). */
  headingPrintHidden?: boolean;
  children: ReactNode;
};

export function Page({
  title,
  documentTitle,
  description,
  actions,
  headingPrintHidden,
  children,
}: Props) {
  useDocumentTitle(`${documentTitle ?? title} · FamilyHub`);
  return (
    <Stack gap="lg">
      <Group
        justify="space-between"
        align="flex-start"
        wrap="wrap"
        className={headingPrintHidden ? "no-print" : undefined}
      >
        <Stack gap={4}>
          <Title order={1}>{title}</Title>
          {description && <Text c="dimmed">{description}</Text>}
        </Stack>
        {actions && (
          <Group gap="sm" className="no-print">
            {actions}
          </Group>
        )}
      </Group>
      {children}
    </Stack>
  );
}
