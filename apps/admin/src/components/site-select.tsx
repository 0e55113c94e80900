import { NativeSelect, type NativeSelectProps } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../trpc";

type Props = Omit<NativeSelectProps, "data" | "onChange" | "value"> & {
  value: string;
  onChange: (siteId: string) => void;
  /** The first choice, meaning no site: "All sites" for a filter, "Choose a centre" for a form. */
  emptyLabel: string;
  /** Whether the empty choice can be picked again once a site is chosen (a filter) or not (a form). */
  emptySelectable?: boolean;
};

/**
 * The sites the signed-in member of staff may see, by name. A native select: it works the same
 * with a keyboard, a screen reader and a phone, and typing a name jumps to it.
 */
export function SiteSelect({ value, onChange, emptyLabel, emptySelectable, ...props }: Props) {
  const trpc = useTRPC();
  const sites = useQuery(trpc.sites.list.queryOptions());
  const data = [
    {
      value: "",
      label: sites.isPending ? "Loading sites…" : emptyLabel,
      disabled: !emptySelectable,
    },
    ...(sites.data ?? []).map((site) => ({ value: site.id, label: site.name })),
  ];
  return (
    <NativeSelect
      {...props}
      data={data}
      value={value}
      onChange={(event) => onChange(event.currentTarget.value)}
      error={
        props.error ??
        (sites.isError ? "The list of sites could not be loaded. Reload the page." : undefined)
      }
    />
  );
}
