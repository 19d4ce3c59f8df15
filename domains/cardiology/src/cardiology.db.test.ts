import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkTableConformance, ingestFile, IngestError, loadSeeds, migrateDomain, type Dataset } from "@mesh/kit";
import { createTestDatabase, type TestDatabase } from "@mesh/kit/testing";
import { cardiologyDomain } from "./index.js";

// Published counts (heart-disease.names §5 and the shared data README), not read from the database.
const PATIENTS_PER_SITE = { cleveland: 303, hungarian: 294, switzerland: 123, va: 200 };

const [sites, patients] = cardiologyDomain.products[0]!.datasets as [Dataset, Dataset];

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await migrateDomain(db.url, cardiologyDomain);
});
afterAll(async () => db?.destroy());

/** md5 of every column of every row, as PostgreSQL prints them: the loaded values byte for byte. */
const checksum = async (table: string): Promise<string> =>
  (await db.pool.query<{ md5: string }>(`select md5(string_agg(t::text, '|' order by t::text)) as md5 from ${table} t`)).rows[0]!
    .md5;

const count = async (table: string): Promise<number> =>
  Number((await db.pool.query<{ n: string }>(`select count(*) as n from cardiology.${table}`)).rows[0]?.n);

describe("cardiologyDomain seeds", () => {
  it("loads the sites, then the four site files of patients", async () => {
    const results = await loadSeeds(db.pool, cardiologyDomain);
    expect(results.map((r) => [r.dataset, r.file.split("/").pop(), r.format, r.status, r.rows])).toEqual([
      ["urn:mesh:cardiology:heart-disease:sites", "sites.csv", "canonical", "loaded", 4],
      ["urn:mesh:cardiology:heart-disease:patients", "processed.cleveland.data", "uci-processed", "loaded", 303],
      ["urn:mesh:cardiology:heart-disease:patients", "processed.hungarian.data", "uci-processed", "loaded", 294],
      ["urn:mesh:cardiology:heart-disease:patients", "processed.switzerland.data", "uci-processed", "loaded", 123],
      ["urn:mesh:cardiology:heart-disease:patients", "processed.va.data", "uci-processed", "loaded", 200],
    ]);
    expect(await count("heart_disease_sites")).toBe(4);
    expect(await count("heart_disease_patients")).toBe(920);
    const perSite = await db.pool.query<{ site: string; n: string }>(
      "select site, count(*) as n from cardiology.heart_disease_patients group by site order by site",
    );
    expect(Object.fromEntries(perSite.rows.map((r) => [r.site, Number(r.n)]))).toEqual(PATIENTS_PER_SITE);
  });

  it("loads every column byte for byte as the text-COPY pipeline did (checksum of every row)", async () => {
    expect(await checksum("cardiology.heart_disease_sites")).toBe("b218d34dc808a1f95ce370920c0b3b47");
    expect(await checksum("cardiology.heart_disease_patients")).toBe("df0f9da1aa2a6eeda27f81af5cfb8bb1");
  });

  it("leaves tables that match their contracts", async () => {
    expect(await checkTableConformance(db.pool, sites)).toEqual([]);
    expect(await checkTableConformance(db.pool, patients)).toEqual([]);
  });

  it("stores the sites with their Location codes", async () => {
    const rows = await db.pool.query("select * from cardiology.heart_disease_sites order by site");
    expect(rows.rows).toEqual([
      {
        site: "cleveland",
        institution: "Cleveland Clinic Foundation",
        city: "Cleveland",
        country: "United States",
        country_code: "US",
        location_code: "US-OH",
        principal_investigator: "Robert Detrano, M.D., Ph.D.",
        source_file: "processed.cleveland.data",
        diagnosis_binary_only: false,
      },
      {
        site: "hungarian",
        institution: "Hungarian Institute of Cardiology",
        city: "Budapest",
        country: "Hungary",
        country_code: "HU",
        location_code: "HU",
        principal_investigator: "Andras Janosi, M.D.",
        source_file: "processed.hungarian.data",
        diagnosis_binary_only: true,
      },
      {
        site: "switzerland",
        institution: "University Hospital Zurich; University Hospital Basel",
        city: "Zurich and Basel",
        country: "Switzerland",
        country_code: "CH",
        location_code: "CH",
        principal_investigator: "William Steinbrunn, M.D. (Zurich); Matthias Pfisterer, M.D. (Basel)",
        source_file: "processed.switzerland.data",
        diagnosis_binary_only: false,
      },
      {
        site: "va",
        institution: "V.A. Medical Center, Long Beach",
        city: "Long Beach",
        country: "United States",
        country_code: "US",
        location_code: "US-CA",
        principal_investigator: "Robert Detrano, M.D., Ph.D.",
        source_file: "processed.va.data",
        diagnosis_binary_only: false,
      },
    ]);
  });

  it("stores whole patient rows, the source's quirks resolved", async () => {
    const rows = await db.pool.query(
      `select * from cardiology.heart_disease_patients
        where (site, site_record) in (('cleveland', 1), ('switzerland', 19), ('va', 34))
        order by site, site_record`,
    );
    expect(rows.rows).toEqual([
      // 63.0,1.0,1.0,145.0,233.0,1.0,2.0,150.0,0.0,2.3,3.0,0.0,6.0,0 (floats)
      {
        site: "cleveland",
        site_record: 1,
        age: 63,
        sex: 1,
        chest_pain_type: 1,
        resting_blood_pressure: 145,
        serum_cholesterol: 233,
        fasting_blood_sugar_high: true,
        resting_ecg: 2,
        max_heart_rate: 150,
        exercise_induced_angina: false,
        st_depression: "2.3",
        st_slope: 3,
        fluoroscopy_vessels: 0,
        thallium_result: 6,
        diagnosis: 0,
        has_disease: false,
      },
      // 46,1,4,100,0,?,1,133,0,-2.6,2,?,?,1 (cholesterol 0, negative oldpeak)
      {
        site: "switzerland",
        site_record: 19,
        age: 46,
        sex: 1,
        chest_pain_type: 4,
        resting_blood_pressure: 100,
        serum_cholesterol: null,
        fasting_blood_sugar_high: null,
        resting_ecg: 1,
        max_heart_rate: 133,
        exercise_induced_angina: false,
        st_depression: "-2.6",
        st_slope: 2,
        fluoroscopy_vessels: null,
        thallium_result: null,
        diagnosis: 1,
        has_disease: true,
      },
      // 55,1,3,0,0,0,0,155,0,1.5,2,?,?,3 (resting blood pressure 0 and cholesterol 0)
      {
        site: "va",
        site_record: 34,
        age: 55,
        sex: 1,
        chest_pain_type: 3,
        resting_blood_pressure: null,
        serum_cholesterol: null,
        fasting_blood_sugar_high: false,
        resting_ecg: 0,
        max_heart_rate: 155,
        exercise_induced_angina: false,
        st_depression: "1.5",
        st_slope: 2,
        fluoroscopy_vessels: null,
        thallium_result: null,
        diagnosis: 3,
        has_disease: true,
      },
    ]);
  });

  it("holds no zero cholesterol or blood pressure, and the Hungarian diagnosis only as 0/1", async () => {
    const checks = await db.pool.query(`
      select count(*) filter (where serum_cholesterol is null) as cholesterol_missing,
             count(*) filter (where resting_blood_pressure is null) as pressure_missing,
             count(*) filter (where st_depression < 0) as negative_st,
             count(*) filter (where has_disease) as with_disease,
             max(diagnosis) filter (where site = 'hungarian') as hungarian_max_diagnosis
        from cardiology.heart_disease_patients`);
    // README: cholesterol `?` 23 + 7 and zeros 123 + 49; pressure `?` 1 + 2 + 56 and one zero;
    // negative oldpeak 11 + 1; positives 139 + 106 + 115 + 149.
    expect(checks.rows).toEqual([
      { cholesterol_missing: "202", pressure_missing: "60", negative_st: "12", with_disease: "509", hungarian_max_diagnosis: 1 },
    ]);
  });

  it("reports every seed unchanged when loaded again, and keeps the counts", async () => {
    const again = await loadSeeds(db.pool, cardiologyDomain);
    expect(again.map((r) => r.status)).toEqual(["unchanged", "unchanged", "unchanged", "unchanged", "unchanged"]);
    expect(await count("heart_disease_sites")).toBe(4);
    expect(await count("heart_disease_patients")).toBe(920);
  });

  it("refuses a patient file whose site (from its file name) is not in heart-disease-sites, and loads none of it", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "mesh-cardiology-"));
    try {
      const file = path.join(dir, "processed.long-beach.data");
      writeFileSync(file, "63,1,4,140,260,0,1,112,1,3,2,?,?,2\n");
      const attempt = ingestFile(db.pool, patients, { file, format: "uci-processed" });
      await expect(attempt).rejects.toBeInstanceOf(IngestError);
      // The foreign key is checked when COPY ends, so the database cannot say which row it was.
      await expect(attempt).rejects.toThrow(
        'processed.long-beach.data: Key (site)=(long-beach) is not present in table "heart_disease_sites".',
      );
      expect(await count("heart_disease_patients")).toBe(920);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
