import { fileURLToPath } from "node:url";
import { defineDataProduct, defineDomain, type Domain } from "@mesh/kit";
import { CreateHeartDiseaseTables1763800000000 } from "./migrations/1763800000000-create-heart-disease-tables.js";
import { HeartDiseasePatient, HeartDiseaseSite, Location } from "./graphql/types.js";
import { uciProcessedFormat } from "./patients/patients.format.js";

// src/ and dist/ sit at the same depth, so the shipped files resolve from both.
const data = (file: string): string => fileURLToPath(new URL(`../data/${file}`, import.meta.url));

/** The cardiology domain: the UCI Heart Disease study's sites and patients. */
export const cardiologyDomain: Domain = defineDomain({
  name: "cardiology",
  migrations: [CreateHeartDiseaseTables1763800000000],
  products: [
    defineDataProduct({
      domain: "cardiology",
      name: "heart-disease",
      descriptor: "heart-disease.odps.yaml",
      datasets: [
        {
          // Loaded first: every patient's site must exist here (foreign key).
          name: "sites",
          contract: "heart-disease-sites.odcs.yaml",
          records: { type: HeartDiseaseSite, query: "heartDiseaseSites" },
          formats: [],
          seeds: [{ file: data("sites.csv"), format: "canonical" }],
        },
        {
          name: "patients",
          contract: "heart-disease-patients.odcs.yaml",
          records: { type: HeartDiseasePatient, query: "heartDiseasePatients" },
          formats: [uciProcessedFormat],
          seeds: (["cleveland", "hungarian", "switzerland", "va"] as const).map((site) => ({
            file: data(`processed.${site}.data`),
            format: uciProcessedFormat.name,
            params: { site },
          })),
        },
      ],
    }),
  ],
  graphql: {
    types: [Location],
    relations: [
      {
        type: "Location",
        field: "heartDiseaseSites",
        description: "The heart-disease collection sites at this location (its most precise ISO 3166 code).",
        dataset: "heart-disease/sites",
        kind: "list",
        match: (location) => ({ location_code: location.code }),
        orderBy: [{ column: "site", direction: "ASC" }],
      },
    ],
  },
});

export { HeartDiseasePatient, HeartDiseaseSite, Location } from "./graphql/types.js";
export { uciProcessedFormat } from "./patients/patients.format.js";
export { CreateHeartDiseaseTables1763800000000 } from "./migrations/1763800000000-create-heart-disease-tables.js";
