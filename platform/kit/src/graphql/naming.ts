/**
 * How contract names become GraphQL names. A column `resting_blood_pressure` is the field
 * `restingBloodPressure`; an underscore before a digit stays (`age_0_4` → `age_0_4`,
 * `age_65_plus` → `age_65Plus`), so that distinct columns never collapse into one name.
 */
export function fieldName(column: string): string {
  return column.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

/** A column's value in the `<Type>Field` enum used for sorting: `resting_blood_pressure` → `RESTING_BLOOD_PRESSURE`. */
export function fieldEnumValue(column: string): string {
  return column.toUpperCase();
}

/** `cardiology` → `Cardiology`, `public-health` → `PublicHealth`. */
export function pascalCase(name: string): string {
  return name
    .split(/[-_]/)
    .filter((part) => part !== "")
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join("");
}

/** The entity type a domain's products resolve as: `CardiologyDataProduct`. */
export function productTypeName(domain: string): string {
  return `${pascalCase(domain)}DataProduct`;
}

/** Contract classification → GraphQL enum value: `quasi-identifier` → `QUASI_IDENTIFIER`. */
export function classificationEnumValue(classification: string): string {
  return classification.toUpperCase().replace(/-/g, "_");
}
