import { RowError, type SourceFormat } from "@mesh/kit";

/** The 56 columns of datahub.io's `country-codes.csv` (datasets/country-codes, 2020 release), in file order. */
export const COUNTRY_CODES_HEADER = [
  "FIFA",
  "Dial",
  "ISO3166-1-Alpha-3",
  "MARC",
  "is_independent",
  "ISO3166-1-numeric",
  "GAUL",
  "FIPS",
  "WMO",
  "ISO3166-1-Alpha-2",
  "ITU",
  "IOC",
  "DS",
  "UNTERM Spanish Formal",
  "Global Code",
  "Intermediate Region Code",
  "official_name_fr",
  "UNTERM French Short",
  "ISO4217-currency_name",
  "Developed / Developing Countries",
  "UNTERM Russian Formal",
  "UNTERM English Short",
  "ISO4217-currency_alphabetic_code",
  "Small Island Developing States (SIDS)",
  "UNTERM Spanish Short",
  "ISO4217-currency_numeric_code",
  "UNTERM Chinese Formal",
  "UNTERM French Formal",
  "UNTERM Russian Short",
  "M49",
  "Sub-region Code",
  "Region Code",
  "official_name_ar",
  "ISO4217-currency_minor_unit",
  "UNTERM Arabic Formal",
  "UNTERM Chinese Short",
  "Land Locked Developing Countries (LLDC)",
  "Intermediate Region Name",
  "official_name_es",
  "UNTERM English Formal",
  "official_name_cn",
  "official_name_en",
  "ISO4217-currency_country_name",
  "Least Developed Countries (LDC)",
  "Region Name",
  "UNTERM Arabic Short",
  "Sub-region Name",
  "official_name_ru",
  "Global Name",
  "Capital",
  "Continent",
  "TLD",
  "Languages",
  "Geoname ID",
  "CLDR display name",
  "EDGAR",
] as const;

const at = (name: (typeof COUNTRY_CODES_HEADER)[number]): number => COUNTRY_CODES_HEADER.indexOf(name);
const ALPHA2 = at("ISO3166-1-Alpha-2");
const ALPHA3 = at("ISO3166-1-Alpha-3");
const NUMERIC = at("ISO3166-1-numeric");
const OFFICIAL_NAME = at("official_name_en");
const CLDR_NAME = at("CLDR display name");
const REGION = at("Region Name");
const SUB_REGION = at("Sub-region Name");
const INTERMEDIATE_REGION = at("Intermediate Region Name");

const orNull = (value: string): string | null => (value === "" ? null : value);

/**
 * One Location row (kind `country`) per ISO 3166-1 country. Columns of the locations contract:
 * code, kind, name, short_name, iso, iso_alpha2, iso_alpha3, iso_numeric, parent_code, region,
 * sub_region, intermediate_region, us_fips.
 *
 * - `NA` is Namibia's alpha-2 code, never a missing marker: every field is taken as text.
 * - The one row without ISO codes ("Sark", which has none officially) is not a country of ISO
 *   3166-1 and emits nothing; it is not an error.
 * - `name` is the UN official English short name; Taiwan has none in this file, so it falls back
 *   to the CLDR display name. `short_name` is the CLDR display name (common English usage).
 */
export const datahubCountryCodesFormat: SourceFormat = {
  name: "datahub-country-codes",
  description:
    "datahub.io core/country-codes `country-codes.csv` (56 columns: ISO 3166-1 codes, UN M49 regions, UN and CLDR names); one Location per ISO country.",
  layout: { header: COUNTRY_CODES_HEADER },
  map(record, emit) {
    const alpha2 = record[ALPHA2] ?? "";
    if (alpha2 === "") return;
    const alpha3 = record[ALPHA3] ?? "";
    const numeric = record[NUMERIC] ?? "";
    if (alpha3 === "")
      throw new RowError("ISO3166-1-Alpha-3", alpha3, `country ${alpha2} has an alpha-2 code but no alpha-3 code`);
    if (numeric === "")
      throw new RowError("ISO3166-1-numeric", numeric, `country ${alpha2} has an alpha-2 code but no numeric code`);
    const official = record[OFFICIAL_NAME] ?? "";
    const cldr = record[CLDR_NAME] ?? "";
    emit([
      alpha2,
      "country",
      official === "" ? cldr : official,
      cldr === "" ? official : cldr,
      "true",
      alpha2,
      alpha3,
      numeric,
      null,
      orNull(record[REGION] ?? ""),
      orNull(record[SUB_REGION] ?? ""),
      orNull(record[INTERMEDIATE_REGION] ?? ""),
      null,
    ]);
  },
};
