import { and, eq, isNull } from "drizzle-orm";
import type { Database, Transaction } from "../client";
import { AppError } from "../errors";
import { families, familyCards } from "../schema";
import { hashSecret, newCardToken } from "../tokens";
import { CARD_TOKEN } from "@familyhub/validators";
import { type Actor, recordAudit } from "./audit";
import { type Scope, siteInScope } from "./scope";

/**
 * Issues a new card for a family and revokes any card it had: a family holds one working card.
 * The token is returned once, to be printed; only its hash is kept.
 */
export async function issueCard(db: Database, familyId: string, scope: Scope, actor: Actor) {
  return db.transaction(async (tx) => {
    const [family] = await tx
      .select({ id: families.id, surname: families.surname, status: families.status })
      .from(families)
      .where(and(eq(families.id, familyId), siteInScope(scope, families.registeredSiteId)));
    if (!family) throw new AppError("NOT_FOUND", "That family was not found.");
    // A self-registered family gets a card only once staff have checked who they are.
    if (family.status !== "active") {
      throw new AppError(
        "CONFLICT",
        family.status === "pending"
          ? 'This family\'s registration has not been checked yet. Accept it on the "Waiting to be checked" page first, then issue a card.'
          : "This family record was closed. If it was merged into another family, issue the card from that family.",
      );
    }

    const by = actor.type === "staff" ? actor.id : null;
    await tx
      .update(familyCards)
      .set({ revokedAt: new Date(), revokedBy: by })
      .where(and(eq(familyCards.familyId, family.id), isNull(familyCards.revokedAt)));
    const token = newCardToken();
    const [card] = await tx
      .insert(familyCards)
      .values({ familyId: family.id, tokenHash: hashSecret(token), issuedBy: by })
      .returning({ id: familyCards.id, issuedAt: familyCards.issuedAt });
    if (!card) throw new Error("insert returned no card");
    await recordAudit(tx, actor, {
      action: "card.issue",
      entityType: "family",
      entityId: family.id,
      detail: { cardId: card.id },
    });
    return { cardId: card.id, issuedAt: card.issuedAt, token, surname: family.surname };
  });
}

export async function revokeCard(db: Database, cardId: string, scope: Scope, actor: Actor) {
  const [card] = await db
    .update(familyCards)
    .set({ revokedAt: new Date(), revokedBy: actor.type === "staff" ? actor.id : null })
    .where(
      and(
        eq(familyCards.id, cardId),
        isNull(familyCards.revokedAt),
        // Only a card of a family the member of staff may see.
        siteInScope(scope, families.registeredSiteId),
        eq(families.id, familyCards.familyId),
      ),
    )
    .from(families)
    .returning({ id: familyCards.id, familyId: familyCards.familyId });
  if (!card) throw new AppError("NOT_FOUND", "That card was not found or is already revoked.");
  await recordAudit(db, actor, {
    action: "card.revoke",
    entityType: "family",
    entityId: card.familyId,
    detail: { cardId },
  });
  return card;
}

/** The family a presented code belongs to, if it is a well-formed, issued and unrevoked card. */
export async function familyForCard(db: Database | Transaction, code: string) {
  const token = code.trim();
  if (!CARD_TOKEN.test(token)) return null;
  const [row] = await db
    .select({ familyId: familyCards.familyId, cardId: familyCards.id })
    .from(familyCards)
    .where(and(eq(familyCards.tokenHash, hashSecret(token)), isNull(familyCards.revokedAt)));
  return row ?? null;
}
