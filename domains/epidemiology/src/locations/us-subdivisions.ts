/**
 * The US Locations that the respiratory-surveillance datasets report on: the 50 states, the
 * District of Columbia, Puerto Rico, the US Virgin Islands and the Northern Mariana Islands as
 * ISO 3166-2:US subdivisions, plus New York City, which CDC's ILINet reports on its own and which
 * has no ISO code (`US-NY-NYC`, not an ISO code: `iso` is false for it).
 *
 * Names are spelt exactly as ILINet's `REGION` column spells them; the Census population files
 * use the same spelling for the states, DC and Puerto Rico. This table is the one place those
 * names are mapped to codes: `data/us-subdivisions.csv` (the seed of the locations dataset) is
 * checked against it by a test.
 */

export type UsLocationKind = "subdivision" | "reporting-area";

export interface UsLocation {
  code: string;
  kind: UsLocationKind;
  /** As ILINet (and, for states, DC and Puerto Rico, the Census Bureau) spell it. */
  name: string;
  /** Two-digit state FIPS code; null for New York City. */
  usFips: string | null;
  parentCode: string;
  iso: boolean;
}

const subdivision = (code: string, name: string, usFips: string): UsLocation => ({
  code,
  kind: "subdivision",
  name,
  usFips,
  parentCode: "US",
  iso: true,
});

export const US_LOCATIONS: readonly UsLocation[] = [
  subdivision("US-AL", "Alabama", "01"),
  subdivision("US-AK", "Alaska", "02"),
  subdivision("US-AZ", "Arizona", "04"),
  subdivision("US-AR", "Arkansas", "05"),
  subdivision("US-CA", "California", "06"),
  subdivision("US-CO", "Colorado", "08"),
  subdivision("US-CT", "Connecticut", "09"),
  subdivision("US-DE", "Delaware", "10"),
  subdivision("US-DC", "District of Columbia", "11"),
  subdivision("US-FL", "Florida", "12"),
  subdivision("US-GA", "Georgia", "13"),
  subdivision("US-HI", "Hawaii", "15"),
  subdivision("US-ID", "Idaho", "16"),
  subdivision("US-IL", "Illinois", "17"),
  subdivision("US-IN", "Indiana", "18"),
  subdivision("US-IA", "Iowa", "19"),
  subdivision("US-KS", "Kansas", "20"),
  subdivision("US-KY", "Kentucky", "21"),
  subdivision("US-LA", "Louisiana", "22"),
  subdivision("US-ME", "Maine", "23"),
  subdivision("US-MD", "Maryland", "24"),
  subdivision("US-MA", "Massachusetts", "25"),
  subdivision("US-MI", "Michigan", "26"),
  subdivision("US-MN", "Minnesota", "27"),
  subdivision("US-MS", "Mississippi", "28"),
  subdivision("US-MO", "Missouri", "29"),
  subdivision("US-MT", "Montana", "30"),
  subdivision("US-NE", "Nebraska", "31"),
  subdivision("US-NV", "Nevada", "32"),
  subdivision("US-NH", "New Hampshire", "33"),
  subdivision("US-NJ", "New Jersey", "34"),
  subdivision("US-NM", "New Mexico", "35"),
  subdivision("US-NY", "New York", "36"),
  subdivision("US-NC", "North Carolina", "37"),
  subdivision("US-ND", "North Dakota", "38"),
  subdivision("US-OH", "Ohio", "39"),
  subdivision("US-OK", "Oklahoma", "40"),
  subdivision("US-OR", "Oregon", "41"),
  subdivision("US-PA", "Pennsylvania", "42"),
  subdivision("US-RI", "Rhode Island", "44"),
  subdivision("US-SC", "South Carolina", "45"),
  subdivision("US-SD", "South Dakota", "46"),
  subdivision("US-TN", "Tennessee", "47"),
  subdivision("US-TX", "Texas", "48"),
  subdivision("US-UT", "Utah", "49"),
  subdivision("US-VT", "Vermont", "50"),
  subdivision("US-VA", "Virginia", "51"),
  subdivision("US-WA", "Washington", "53"),
  subdivision("US-WV", "West Virginia", "54"),
  subdivision("US-WI", "Wisconsin", "55"),
  subdivision("US-WY", "Wyoming", "56"),
  subdivision("US-PR", "Puerto Rico", "72"),
  subdivision("US-VI", "Virgin Islands", "78"),
  subdivision("US-MP", "Commonwealth of the Northern Mariana Islands", "69"),
  // ILINet reports New York City apart from New York State; ISO 3166-2 has no code for a city,
  // so Mesh gives it a code of its own under US-NY.
  { code: "US-NY-NYC", kind: "reporting-area", name: "New York City", usFips: null, parentCode: "US-NY", iso: false },
];

/** Location code by name, for ILINet `REGION` and Census `NAME` values. */
export const US_LOCATION_CODE_BY_NAME: ReadonlyMap<string, string> = new Map(US_LOCATIONS.map((l) => [l.name, l.code]));
