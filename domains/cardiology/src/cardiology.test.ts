import { describe, expect, it } from "vitest";
import { cardiologyDomain } from "./index.js";

describe("cardiologyDomain", () => {
  it("declares the heart-disease product with its sites and patients datasets, contracts valid", () => {
    expect(cardiologyDomain.name).toBe("cardiology");
    expect(cardiologyDomain.schema).toBe("cardiology");
    expect(cardiologyDomain.products.map((p) => p.urn)).toEqual(["urn:mesh:cardiology:heart-disease"]);
    const [product] = cardiologyDomain.products;
    expect(product?.descriptor.document.id).toBe("urn:mesh:cardiology:heart-disease");
    expect(
      product?.datasets.map((d) => ({
        urn: d.urn,
        contract: d.contract.document.id,
        table: d.table.physicalName,
        primaryKey: d.table.primaryKey,
        formats: d.formats.map((f) => f.name),
        seeds: d.seeds.map((s) => [s.file.split("/").pop(), s.format, s.params]),
      })),
    ).toEqual([
      {
        urn: "urn:mesh:cardiology:heart-disease:sites",
        contract: "urn:mesh:cardiology:heart-disease:sites",
        table: "heart_disease_sites",
        primaryKey: ["site"],
        formats: [],
        seeds: [["sites.csv", "canonical", undefined]],
      },
      {
        urn: "urn:mesh:cardiology:heart-disease:patients",
        contract: "urn:mesh:cardiology:heart-disease:patients",
        table: "heart_disease_patients",
        primaryKey: ["site", "site_record"],
        formats: ["uci-processed"],
        seeds: [
          ["processed.cleveland.data", "uci-processed", { site: "cleveland" }],
          ["processed.hungarian.data", "uci-processed", { site: "hungarian" }],
          ["processed.switzerland.data", "uci-processed", { site: "switzerland" }],
          ["processed.va.data", "uci-processed", { site: "va" }],
        ],
      },
    ]);
  });

  it("lists the patients' columns in the order the uci-processed format emits them", () => {
    const patients = cardiologyDomain.products[0]?.datasets[1];
    expect(patients?.table.columns.map((c) => [c.name, c.physicalType, c.required, c.classification])).toEqual([
      ["site", "text", true, "quasi-identifier"],
      ["site_record", "integer", true, "public"],
      ["age", "smallint", true, "quasi-identifier"],
      ["sex", "smallint", true, "sensitive-attribute"],
      ["chest_pain_type", "smallint", true, "public"],
      ["resting_blood_pressure", "smallint", false, "public"],
      ["serum_cholesterol", "smallint", false, "public"],
      ["fasting_blood_sugar_high", "boolean", false, "public"],
      ["resting_ecg", "smallint", false, "public"],
      ["max_heart_rate", "smallint", false, "public"],
      ["exercise_induced_angina", "boolean", false, "public"],
      ["st_depression", "numeric(3,1)", false, "public"],
      ["st_slope", "smallint", false, "public"],
      ["fluoroscopy_vessels", "smallint", false, "public"],
      ["thallium_result", "smallint", false, "public"],
      ["diagnosis", "smallint", true, "public"],
      ["has_disease", "boolean", true, "public"],
    ]);
  });
});
