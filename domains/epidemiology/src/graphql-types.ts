import { Directive, Field, Float, ID, Int, LocalDate, ObjectType } from "@mesh/kit";

// Record classes of the epidemiology products. The kit checks them against their contracts at
// start-up and adds each column's description, classification and unit to the schema.

/** A place, keyed by its ISO 3166 code: the mesh's cross-domain entity, owned here (contract locations). */
@Directive('@key(fields: "code")')
@ObjectType()
export class Location {
  @Field(() => ID) code!: string;
  @Field(() => String) kind!: string;
  @Field(() => String, { nullable: true }) name!: string | null;
  @Field(() => String, { nullable: true }) shortName!: string | null;
  @Field(() => Boolean) iso!: boolean;
  @Field(() => String, { nullable: true }) isoAlpha2!: string | null;
  @Field(() => String, { nullable: true }) isoAlpha3!: string | null;
  @Field(() => String, { nullable: true }) isoNumeric!: string | null;
  @Field(() => String, { nullable: true }) parentCode!: string | null;
  @Field(() => String, { nullable: true }) region!: string | null;
  @Field(() => String, { nullable: true }) subRegion!: string | null;
  @Field(() => String, { nullable: true }) intermediateRegion!: string | null;
  @Field(() => String, { nullable: true }) usFips!: string | null;
}

/** One week of influenza-like-illness surveillance in one US state (CDC ILINet; contract respiratory-surveillance-ili-weeks). */
@ObjectType()
export class IliWeek {
  @Field(() => String) locationCode!: string;
  @Field(() => String) region!: string;
  @Field(() => Int) mmwrYear!: number;
  @Field(() => Int) mmwrWeek!: number;
  @Field(() => LocalDate, { nullable: true }) weekStart!: string | null;
  @Field(() => Float, { nullable: true }) weightedIliPct!: number | null;
  @Field(() => Float, { nullable: true }) unweightedIliPct!: number | null;
  @Field(() => Int, { nullable: true }) age_0_4!: number | null;
  @Field(() => Int, { nullable: true }) age_5_24!: number | null;
  @Field(() => Int, { nullable: true }) age_25_49!: number | null;
  @Field(() => Int, { nullable: true }) age_25_64!: number | null;
  @Field(() => Int, { nullable: true }) age_50_64!: number | null;
  @Field(() => Int, { nullable: true }) age_65Plus!: number | null;
  @Field(() => Int, { nullable: true }) iliTotal!: number | null;
  @Field(() => Int, { nullable: true }) providers!: number | null;
  @Field(() => Int, { nullable: true }) totalPatients!: number | null;
}

/** A US state's resident population in one year (Census; contract respiratory-surveillance-state-population). */
@ObjectType()
export class StatePopulation {
  @Field(() => String) locationCode!: string;
  @Field(() => Int) year!: number;
  @Field(() => Int) vintage!: number;
  @Field(() => Int) population!: number;
}

/** One HIV indicator for one country and year (World Bank WDI / UNAIDS; contract hiv-burden-hiv-indicators). */
@ObjectType()
export class HivIndicator {
  @Field(() => String) countryCode!: string;
  @Field(() => String, { nullable: true }) countryName!: string | null;
  @Field(() => Boolean, { nullable: true }) isAggregate!: boolean | null;
  @Field(() => String, { nullable: true }) locationCode!: string | null;
  @Field(() => Int) year!: number;
  @Field(() => String) indicator!: string;
  @Field(() => Float) value!: number;
  @Field(() => String) unit!: string;
  @Field(() => LocalDate) release!: string;
}
