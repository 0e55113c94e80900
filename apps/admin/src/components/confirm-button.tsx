import { Button, type ButtonProps, Group, Modal, Stack, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import type { ReactNode } from "react";

type Props = {
  /** The button that opens the question. */
  children: ReactNode;
  /** A longer accessible name, e.g. naming the row the button acts on. */
  ariaLabel?: string;
  title: string;
  message: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  loading?: boolean;
  color?: ButtonProps["color"];
  variant?: ButtonProps["variant"];
  size?: ButtonProps["size"];
};

/** A button for something that cannot be undone: it asks first, in a dialog. */
export function ConfirmButton({
  children,
  ariaLabel,
  title,
  message,
  confirmLabel,
  onConfirm,
  loading,
  color = "red",
  variant = "light",
  size = "sm",
}: Props) {
  const [opened, { open, close }] = useDisclosure(false);
  return (
    <>
      <Button
        color={color}
        variant={variant}
        size={size}
        onClick={open}
        loading={loading}
        aria-label={ariaLabel}
        className="no-print"
      >
        {children}
      </Button>
      <Modal opened={opened} onClose={close} title={title} centered>
        <Stack>
          <Text size="sm" component="div">
            {message}
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button
              color={color}
              onClick={() => {
                close();
                onConfirm();
              }}
            >
              {confirmLabel}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
