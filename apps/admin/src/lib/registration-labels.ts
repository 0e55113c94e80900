// The words staff read for the codes a registration stores.
import {
  adultRelationships,
  childRelationships,
  type EthnicityCode,
  ethnicities,
  type howHeardOptions,
} from "@familyhub/validators";

export type Sex = "female" | "male" | "unknown";
export type Sen = "sen_support" | "ehc_plan";
export type Relationship =
  (typeof adultRelationships)[number] | (typeof childRelationships)[number];
export type HowHeard = (typeof howHeardOptions)[number];

export const sexLabels: Record<Sex, string> = {
  female: "Female",
  male: "Male",
  unknown: "Not known",
};

export const senLabels: Record<Sen, string> = {
  sen_support: "SEN support",
  ehc_plan: "EHC plan",
};

export const relationshipLabels: Record<Relationship, string> = {
  mother: "Mother",
  father: "Father",
  step_parent: "Step-parent",
  grandparent: "Grandparent",
  foster_carer: "Foster carer",
  kinship_carer: "Kinship carer",
  other_carer: "Other carer",
  child: "Child",
  stepchild: "Stepchild",
  grandchild: "Grandchild",
  foster_child: "Foster child",
  other_child: "Other child in the household",
};

export const howHeardLabels: Record<HowHeard, string> = {
  health_visitor: "Health visitor",
  midwife: "Midwife",
  friend_or_family: "Friend or family",
  school: "School or nursery",
  social_worker: "Social worker",
  poster_or_leaflet: "Poster or leaflet",
  social_media: "Social media",
  website: "Council website",
  walked_past: "Walked past the centre",
  other: "Other",
};

export const consentLabels: Record<"privacy_notice" | "data_sharing" | "photographs", string> = {
  privacy_notice: "Privacy notice",
  data_sharing: "Sharing information with partner services",
  photographs: "Photographs at sessions",
};

const ethnicityLabelByCode = new Map<string, string>(
  ethnicities.map(([code, label]) => [code, label]),
);

export function ethnicityLabel(code: string | null): string | null {
  if (!code) return null;
  return ethnicityLabelByCode.get(code) ?? code;
}

// The census groups its codes by their first letter; staff find a label faster within its group.
const ethnicityGroups: { prefix: string; group: string }[] = [
  { prefix: "W", group: "White" },
  { prefix: "M", group: "Mixed or multiple" },
  { prefix: "A", group: "Asian or Asian British" },
  { prefix: "B", group: "Black or Black British" },
  { prefix: "C", group: "Chinese" },
  { prefix: "O", group: "Other ethnic group" },
  { prefix: "R", group: "Not given" },
  { prefix: "N", group: "Not given" },
];

export type SelectData = (
  { value: string; label: string } | { group: string; items: { value: string; label: string }[] }
)[];

export function ethnicityOptions(): SelectData {
  const groups = new Map<string, { value: string; label: string }[]>();
  for (const [code, label] of ethnicities) {
    const group = ethnicityGroups.find((g) => code.startsWith(g.prefix))?.group ?? "Other";
    groups.set(group, [...(groups.get(group) ?? []), { value: code, label: `${label} (${code})` }]);
  }
  return [
    { value: "", label: "Not recorded" },
    ...[...groups].map(([group, items]) => ({ group, items })),
  ];
}

export function isEthnicityCode(value: string): value is EthnicityCode {
  return ethnicityLabelByCode.has(value);
}

export function relationshipOptions(role: "adult" | "child") {
  const codes: readonly Relationship[] = role === "adult" ? adultRelationships : childRelationships;
  return [
    { value: "", label: "Not recorded" },
    ...codes.map((code) => ({ value: code, label: relationshipLabels[code] })),
  ];
}

export function isRelationship(value: string): value is Relationship {
  return value in relationshipLabels;
}

export function isHowHeard(value: string): value is HowHeard {
  return value in howHeardLabels;
}

export function isSex(value: string): value is Sex {
  return value in sexLabels;
}

export function isSen(value: string): value is Sen {
  return value in senLabels;
}
