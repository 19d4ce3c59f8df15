import { fileURLToPath } from "node:url";
import { defineDataProduct, defineDomain, type Domain } from "@mesh/kit";
import { HivIndicator, IliWeek, Location, StatePopulation } from "./graphql-types.js";
import { worldBankWideFormat } from "./hiv-indicators/world-bank-wide.format.js";
import { cdcIlinetStatesFormat } from "./ili-weeks/ilinet-states.format.js";
import { datahubCountryCodesFormat } from "./locations/country-codes.format.js";
import { CreateEpidemiologyTables1763900000000 } from "./migrations/1763900000000-create-epidemiology-tables.js";
import { censusNstEst2019Format, censusNstEst2023Format } from "./state-population/census-nst-est.format.js";

const data = (file: string): string => fileURLToPath(new URL(`../data/${file}`, import.meta.url));

/**
 * The epidemiology domain: the mesh's Location reference (seeded first; other domains refer to
 * its codes), US respiratory surveillance (CDC ILINet with Census population) and HIV burden by
 * country (World Bank WDI / UNAIDS).
 */
export const epidemiologyDomain: Domain = defineDomain({
  name: "epidemiology",
  migrations: [CreateEpidemiologyTables1763900000000],
  products: [
    defineDataProduct({
      domain: "epidemiology",
      name: "locations",
      descriptor: "locations.odps.yaml",
      datasets: [
        {
          name: "locations",
          contract: "locations-locations.odcs.yaml",
          records: { type: Location, query: "locations" },
          formats: [datahubCountryCodesFormat],
          seeds: [
            { file: data("country-codes.csv"), format: datahubCountryCodesFormat.name },
            { file: data("us-subdivisions.csv"), format: "canonical" },
          ],
        },
      ],
    }),
    defineDataProduct({
      domain: "epidemiology",
      name: "respiratory-surveillance",
      descriptor: "respiratory-surveillance.odps.yaml",
      datasets: [
        {
          name: "ili-weeks",
          contract: "respiratory-surveillance-ili-weeks.odcs.yaml",
          records: { type: IliWeek, query: "iliWeeks" },
          formats: [cdcIlinetStatesFormat],
          seeds: [{ file: data("ILINet.csv"), format: cdcIlinetStatesFormat.name }],
        },
        {
          name: "state-population",
          contract: "respiratory-surveillance-state-population.odcs.yaml",
          records: { type: StatePopulation, query: "statePopulations" },
          formats: [censusNstEst2019Format, censusNstEst2023Format],
          seeds: [
            { file: data("nst-est2019-alldata.csv"), format: censusNstEst2019Format.name },
            { file: data("NST-EST2023-ALLDATA.csv"), format: censusNstEst2023Format.name },
          ],
        },
      ],
    }),
    defineDataProduct({
      domain: "epidemiology",
      name: "hiv-burden",
      descriptor: "hiv-burden.odps.yaml",
      datasets: [
        {
          name: "hiv-indicators",
          contract: "hiv-burden-hiv-indicators.odcs.yaml",
          records: { type: HivIndicator, query: "hivIndicators" },
          formats: [worldBankWideFormat],
          seeds: [
            "API_SH.DYN.AIDS.ZS_DS2_EN_csv_v2_150659.csv",
            "API_SH.HIV.ARTC.ZS_DS2_EN_csv_v2_116032.csv",
            "API_SP.POP.TOTL_DS2_EN_csv_v2_116033.csv",
          ].map((file) => ({ file: data(file), format: worldBankWideFormat.name, params: { release: "2019-07-10" } })),
        },
      ],
    }),
  ],
  graphql: {
    lookups: [
      {
        query: "location",
        description: "A place by its ISO 3166 code (e.g. ZA, US-OH), with what every domain knows about it.",
        dataset: "locations/locations",
        by: ["code"],
      },
    ],
    relations: [
      {
        type: "Location",
        field: "iliWeeks",
        description:
          "Weekly influenza-like illness at this location (US states), oldest first: use last: 8 for the latest eight weeks.",
        dataset: "respiratory-surveillance/ili-weeks",
        kind: "connection",
        match: (location) => ({ location_code: location.code }),
        orderBy: [{ column: "week_start", direction: "ASC" }],
      },
      {
        type: "Location",
        field: "populations",
        description: "Resident population by year at this location (US states; Census estimates).",
        dataset: "respiratory-surveillance/state-population",
        kind: "list",
        match: (location) => ({ location_code: location.code }),
        orderBy: [
          { column: "year", direction: "ASC" },
          { column: "vintage", direction: "DESC" },
        ],
      },
      {
        type: "Location",
        field: "hivIndicators",
        description: "Every HIV indicator of this country by year (prevalence, ART coverage, population).",
        dataset: "hiv-burden/hiv-indicators",
        kind: "connection",
        match: (location) => ({ location_code: location.code }),
        orderBy: [
          { column: "year", direction: "ASC" },
          { column: "indicator", direction: "ASC" },
        ],
      },
      {
        type: "Location",
        field: "hivPrevalence",
        description:
          "HIV prevalence (percent of people aged 15–49, indicator SH.DYN.AIDS.ZS) of this country by year, oldest first.",
        dataset: "hiv-burden/hiv-indicators",
        kind: "list",
        match: (location) => ({ location_code: location.code }),
        where: { indicator: "SH.DYN.AIDS.ZS" },
        orderBy: [{ column: "year", direction: "ASC" }],
      },
    ],
  },
});

export { HivIndicator, IliWeek, Location, StatePopulation } from "./graphql-types.js";
export { CreateEpidemiologyTables1763900000000 } from "./migrations/1763900000000-create-epidemiology-tables.js";
export { datahubCountryCodesFormat } from "./locations/country-codes.format.js";
export { US_LOCATIONS, US_LOCATION_CODE_BY_NAME, type UsLocation } from "./locations/us-subdivisions.js";
export { cdcIlinetStatesFormat } from "./ili-weeks/ilinet-states.format.js";
export { censusNstEst2019Format, censusNstEst2023Format } from "./state-population/census-nst-est.format.js";
export { worldBankWideFormat } from "./hiv-indicators/world-bank-wide.format.js";
export { mmwrWeekStart, mmwrWeeksInYear } from "./mmwr/mmwr-week.js";
