import { Directive, Field, Float, ID, Int, ObjectType } from "@mesh/kit";

/**
 * A patient of the heart-disease product (contract heart-disease-patients). The kit checks these
 * fields against the contract at start-up and adds each column's description, classification
 * and unit to the schema; non-public columns are nullable because a caller may be refused them.
 */
@ObjectType()
export class HeartDiseasePatient {
  @Field(() => String, { nullable: true }) site!: string | null;
  @Field(() => Int) siteRecord!: number;
  @Field(() => Int, { nullable: true }) age!: number | null;
  @Field(() => Int, { nullable: true }) sex!: number | null;
  @Field(() => Int) chestPainType!: number;
  @Field(() => Int, { nullable: true }) restingBloodPressure!: number | null;
  @Field(() => Int, { nullable: true }) serumCholesterol!: number | null;
  @Field(() => Boolean, { nullable: true }) fastingBloodSugarHigh!: boolean | null;
  @Field(() => Int, { nullable: true }) restingEcg!: number | null;
  @Field(() => Int, { nullable: true }) maxHeartRate!: number | null;
  @Field(() => Boolean, { nullable: true }) exerciseInducedAngina!: boolean | null;
  @Field(() => Float, { nullable: true }) stDepression!: number | null;
  @Field(() => Int, { nullable: true }) stSlope!: number | null;
  @Field(() => Int, { nullable: true }) fluoroscopyVessels!: number | null;
  @Field(() => Int, { nullable: true }) thalliumResult!: number | null;
  @Field(() => Int) diagnosis!: number;
  @Field(() => Boolean) hasDisease!: boolean;
}

/** A hospital that collected heart-disease patients (contract heart-disease-sites). */
@ObjectType()
export class HeartDiseaseSite {
  @Field(() => String) site!: string;
  @Field(() => String) institution!: string;
  @Field(() => String) city!: string;
  @Field(() => String) country!: string;
  @Field(() => String) countryCode!: string;
  @Field(() => String) locationCode!: string;
  @Field(() => String) principalInvestigator!: string;
  @Field(() => String) sourceFile!: string;
  @Field(() => Boolean) diagnosisBinaryOnly!: boolean;
}

/**
 * The cross-domain Location entity, owned and described by epidemiology (so no descriptions
 * here: the supergraph takes the owner's); cardiology adds its sites. */
@Directive('@key(fields: "code")')
@ObjectType()
export class Location {
  @Field(() => ID) code!: string;
}
