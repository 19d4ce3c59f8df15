import type { MigrationInterface, QueryRunner } from "@mesh/kit";

/**
 * The epidemiology schema's tables, exactly as the contracts in `contracts/epidemiology/` declare
 * them (column types spelt as `format_type()` prints them, `not null` where `required: true`).
 * The location_code columns refer to locations.code by contract only, without a foreign key, so
 * that each dataset can be reloaded on its own.
 */
export class CreateEpidemiologyTables1763900000000 implements MigrationInterface {
  name = "CreateEpidemiologyTables1763900000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      create table epidemiology.locations (
        code text not null,
        kind text not null,
        name text not null,
        short_name text not null,
        iso boolean not null,
        iso_alpha2 character(2),
        iso_alpha3 character(3),
        iso_numeric character(3),
        parent_code text,
        region text,
        sub_region text,
        intermediate_region text,
        us_fips character(2),
        constraint locations_pkey primary key (code),
        constraint locations_iso_alpha3_key unique (iso_alpha3),
        constraint locations_kind_check check (kind in ('country', 'subdivision', 'reporting-area')),
        constraint locations_code_check check (code ~ '^[A-Z]{2}(-[A-Z0-9]{1,3}){0,2}$'),
        constraint locations_region_check check (region in ('Africa', 'Americas', 'Asia', 'Europe', 'Oceania'))
      )`);
    await queryRunner.query(`
      create table epidemiology.ili_weeks (
        location_code text not null,
        region text not null,
        mmwr_year integer not null,
        mmwr_week integer not null,
        week_start date not null,
        weighted_ili_pct double precision,
        unweighted_ili_pct double precision,
        age_0_4 integer,
        age_5_24 integer,
        age_25_49 integer,
        age_25_64 integer,
        age_50_64 integer,
        age_65_plus integer,
        ili_total integer,
        providers integer,
        total_patients integer,
        constraint ili_weeks_pkey primary key (location_code, mmwr_year, mmwr_week),
        constraint ili_weeks_mmwr_week_check check (mmwr_week between 1 and 53),
        constraint ili_weeks_week_start_check check (extract(dow from week_start) = 0),
        constraint ili_weeks_pct_check check (
          weighted_ili_pct between 0 and 100 and unweighted_ili_pct between 0 and 100
        ),
        constraint ili_weeks_counts_check check (
          age_0_4 >= 0 and age_5_24 >= 0 and age_25_49 >= 0 and age_25_64 >= 0 and age_50_64 >= 0
          and age_65_plus >= 0 and ili_total >= 0 and providers >= 0 and total_patients >= 0
        )
      )`);
    await queryRunner.query(`
      create table epidemiology.state_populations (
        location_code text not null,
        year integer not null,
        vintage integer not null,
        population integer not null,
        constraint state_populations_pkey primary key (location_code, year, vintage),
        constraint state_populations_population_check check (population >= 0)
      )`);
    await queryRunner.query(`
      create table epidemiology.hiv_indicators (
        country_code character(3) not null,
        country_name text not null,
        is_aggregate boolean not null,
        location_code text,
        year integer not null,
        indicator text not null,
        value double precision not null,
        unit text not null,
        release date not null,
        constraint hiv_indicators_pkey primary key (country_code, year, indicator),
        constraint hiv_indicators_indicator_check check (indicator in ('SH.DYN.AIDS.ZS', 'SH.HIV.ARTC.ZS', 'SP.POP.TOTL')),
        constraint hiv_indicators_unit_check check (unit in ('percent', 'persons')),
        constraint hiv_indicators_value_check check (value >= 0),
        constraint hiv_indicators_location_check check (location_code is null or not is_aggregate)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`drop table epidemiology.hiv_indicators`);
    await queryRunner.query(`drop table epidemiology.state_populations`);
    await queryRunner.query(`drop table epidemiology.ili_weeks`);
    await queryRunner.query(`drop table epidemiology.locations`);
  }
}
