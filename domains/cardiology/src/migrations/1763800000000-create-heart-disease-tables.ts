import type { MigrationInterface, QueryRunner } from "@mesh/kit";

/**
 * The heart-disease product's tables, exactly as its contracts describe them
 * (contracts/cardiology/heart-disease-{sites,patients}.odcs.yaml): same column types, nullability
 * and primary keys, with the contracts' ranges and code lists repeated as check constraints so
 * that a row written around the ingest engine is held to them too.
 */
export class CreateHeartDiseaseTables1763800000000 implements MigrationInterface {
  name = "CreateHeartDiseaseTables1763800000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      create table cardiology.heart_disease_sites (
        site text not null check (site ~ '^[a-z][a-z0-9]*(-[a-z0-9]+)*$' and length(site) <= 40),
        institution text not null check (length(institution) >= 1),
        city text not null check (length(city) >= 1),
        country text not null check (length(country) >= 1),
        country_code character(2) not null check (country_code ~ '^[A-Z]{2}$'),
        location_code character varying(6) not null check (location_code ~ '^[A-Z]{2}(-[A-Z0-9]{1,3})?$'),
        principal_investigator text not null check (length(principal_investigator) >= 1),
        source_file text not null check (length(source_file) >= 1),
        diagnosis_binary_only boolean not null,
        constraint heart_disease_sites_pkey primary key (site)
      )`);
    // Every patient's site must be a row of heart_disease_sites, which is why the sites load first.
    await queryRunner.query(`
      create table cardiology.heart_disease_patients (
        site text not null,
        site_record integer not null check (site_record >= 1),
        age smallint not null check (age between 0 and 120),
        sex smallint not null check (sex in (0, 1)),
        chest_pain_type smallint not null check (chest_pain_type in (1, 2, 3, 4)),
        resting_blood_pressure smallint check (resting_blood_pressure between 40 and 300),
        serum_cholesterol smallint check (serum_cholesterol between 50 and 1000),
        fasting_blood_sugar_high boolean,
        resting_ecg smallint check (resting_ecg in (0, 1, 2)),
        max_heart_rate smallint check (max_heart_rate between 30 and 250),
        exercise_induced_angina boolean,
        st_depression numeric(3,1) check (st_depression between -5 and 10),
        st_slope smallint check (st_slope in (1, 2, 3)),
        fluoroscopy_vessels smallint check (fluoroscopy_vessels in (0, 1, 2, 3)),
        thallium_result smallint check (thallium_result in (3, 6, 7)),
        diagnosis smallint not null check (diagnosis in (0, 1, 2, 3, 4)),
        has_disease boolean not null,
        constraint heart_disease_patients_pkey primary key (site, site_record),
        constraint heart_disease_patients_site_fkey foreign key (site)
          references cardiology.heart_disease_sites (site),
        constraint heart_disease_patients_has_disease_check check (has_disease = (diagnosis > 0))
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`drop table cardiology.heart_disease_patients`);
    await queryRunner.query(`drop table cardiology.heart_disease_sites`);
  }
}
