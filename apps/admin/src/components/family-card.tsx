import { Alert, Button, Group, Paper, Stack, Title } from "@mantine/core";
import { useEffect, useRef } from "react";

export type IssuedCard = {
  cardId: string;
  issuedAt: Date;
  token: string;
  surname: string;
  qrSvg: string;
};

/**
 * The card a family shows at the kiosk. It carries the token and the surname only: nothing that
 * would tell a finder who the family are or where they live.
 */
export function FamilyCard({ card }: { card: IssuedCard }) {
  return (
    <div className="family-card" data-testid="family-card" aria-label="Family card">
      <div className="family-card__qr-column">
        <div
          className="family-card__qr"
          data-testid="card-qr"
          role="img"
          aria-label="QR code to scan at the kiosk"
          // The SVG is made by our own server's QR encoder from a random token; it holds no markup from users.
          dangerouslySetInnerHTML={{ __html: card.qrSvg }}
        />
      </div>
      <div className="family-card__text">
        <div className="family-card__brand">FamilyHub — scan me at the door</div>
        <div className="family-card__surname">{card.surname}</div>
      </div>
      <div className="family-card__token" data-testid="card-token">
        {card.token}
      </div>
    </div>
  );
}

export function CardPanel({ card, onDone }: { card: IssuedCard; onDone: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  // The card appears at the top of the page, away from the button that made it.
  useEffect(() => {
    ref.current?.scrollIntoView({ block: "nearest" });
    ref.current?.focus();
  }, [card]);
  return (
    <Paper
      ref={ref}
      tabIndex={-1}
      withBorder
      p="lg"
      radius="md"
      className="card-panel"
      data-testid="card-panel"
    >
      <Stack>
        <Title order={2} size="h3" className="no-print">
          The new card
        </Title>
        <Alert color="blue" className="no-print" title="Print it now">
          This card's code is shown only this once and is not kept anywhere. When you leave this
          page it is gone. If the family loses the card, issue a new one: the old card then stops
          working.
        </Alert>
        <FamilyCard card={card} />
        <Group className="no-print">
          <Button onClick={() => window.print()}>Print card</Button>
          <Button variant="default" onClick={onDone}>
            Done
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
