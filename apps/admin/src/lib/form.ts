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

type BoundField = {
  name: string;
  state: { value: string; meta: { errors: readonly unknown[] } };
  handleChange: (value: string) => void;
  handleBlur: () => void;
};

/**
 * The props that bind a TanStack Form field to a Mantine input: its value, its events and the
 * message beside it (`whenEmpty` replaces the schema's wording for an empty field).
 */
export function inputProps(field: BoundField, whenEmpty?: string) {
  return {
    name: field.name,
    value: field.state.value,
    onChange: (event: { currentTarget: { value: string } }) =>
      field.handleChange(event.currentTarget.value),
    onBlur: field.handleBlur,
    error: fieldError(
      field.state.meta.errors,
      whenEmpty ? { value: field.state.value, message: whenEmpty } : undefined,
    ),
  };
}

/** The same for a control whose onChange hands over the value itself (SiteSelect). */
export function valueProps(field: BoundField) {
  return { ...inputProps(field), onChange: field.handleChange };
}
