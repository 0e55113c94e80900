import { Badge } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../trpc";

/**
 * How many possible matches wait for review, beside the link to the queue. Counted from the
 * snapshot list (aggregates), not the queue itself, whose every read is an audit event.
 */
export function ReviewCount() {
  const trpc = useTRPC();
  const snapshots = useQuery(
    trpc.reach.snapshots.queryOptions(undefined, { refetchInterval: 60_000 }),
  );
  const count = (snapshots.data ?? []).reduce((sum, s) => sum + s.pendingReviews, 0);
  if (!count) return null;
  return (
    <Badge size="sm" color="orange" variant="light" data-testid="review-count">
      {count}
      <span className="visually-hidden"> waiting</span>
    </Badge>
  );
}
