/**
 * The message to show beside a field. Errors come from the shared zod schema as Standard Schema
 * issues, or as plain strings. The schema's wording suits an import file ("'' is not a UK
 * postcode"), so an empty field says plainly what to enter instead.
 */
export function fieldError(
  errors: readonly unknown[],
  whenEmpty?: { value: string; message: string },
): string | undefined {
  for (const error of errors) {
    const message =
      typeof error === "string"
        ? error
        : typeof error === "object" && error !== null && "message" in error
          ? error.message
          : undefined;
    if (typeof message !== "string" || !message) continue;
    if (whenEmpty && whenEmpty.value.trim() === "") return whenEmpty.message;
    return message;
  }
  return undefined;
}
