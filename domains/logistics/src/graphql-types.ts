import { Directive, Field, Float, ID, Int, LocalDate, ObjectType } from "@mesh/kit";

/** One shipment line of HIV/AIDS commodities (USAID SCMS; contract commodity-shipments-shipments). The kit checks these fields against the contract at start-up and adds each column's description, classification and unit to the schema. */
@ObjectType()
export class Shipment {
  @Field(() => Int) id!: number;
  @Field(() => String, { nullable: true }) projectCode!: string | null;
  @Field(() => String, { nullable: true }) pqNumber!: string | null;
  @Field(() => String, { nullable: true }) poSoNumber!: string | null;
  @Field(() => String, { nullable: true }) asnDnNumber!: string | null;
  @Field(() => String, { nullable: true }) country!: string | null;
  @Field(() => String, { nullable: true }) countryCode!: string | null;
  @Field(() => String, { nullable: true }) countryIso3!: string | null;
  @Field(() => String) managedBy!: string;
  @Field(() => String) fulfillVia!: string;
  @Field(() => String) vendorIncoTerm!: string;
  @Field(() => String, { nullable: true }) shipmentMode!: string | null;
  @Field(() => LocalDate, { nullable: true }) pqFirstSentToClientDate!: string | null;
  @Field(() => String, { nullable: true }) pqFirstSentToClientNote!: string | null;
  @Field(() => LocalDate, { nullable: true }) poSentToVendorDate!: string | null;
  @Field(() => String, { nullable: true }) poSentToVendorNote!: string | null;
  @Field(() => LocalDate) scheduledDeliveryDate!: string;
  @Field(() => LocalDate) deliveredToClientDate!: string;
  @Field(() => LocalDate) deliveryRecordedDate!: string;
  @Field(() => String) productGroup!: string;
  @Field(() => String) subClassification!: string;
  @Field(() => String, { nullable: true }) vendor!: string | null;
  @Field(() => String) itemDescription!: string;
  @Field(() => String) moleculeTestType!: string;
  @Field(() => String) brand!: string;
  @Field(() => String, { nullable: true }) dosage!: string | null;
  @Field(() => String) dosageForm!: string;
  @Field(() => Int) unitOfMeasurePerPack!: number;
  @Field(() => Int) lineItemQuantity!: number;
  @Field(() => Float, { nullable: true }) lineItemValue!: number | null;
  @Field(() => Float, { nullable: true }) packPrice!: number | null;
  @Field(() => Float, { nullable: true }) unitPrice!: number | null;
  @Field(() => String, { nullable: true }) manufacturingSite!: string | null;
  @Field(() => Boolean) firstLineDesignation!: boolean;
  @Field(() => Float, { nullable: true }) weightKg!: number | null;
  @Field(() => String, { nullable: true }) weightNote!: string | null;
  @Field(() => Int, { nullable: true }) weightSeeShipmentId!: number | null;
  @Field(() => Float, { nullable: true }) freightCostUsd!: number | null;
  @Field(() => String, { nullable: true }) freightNote!: string | null;
  @Field(() => Int, { nullable: true }) freightSeeShipmentId!: number | null;
  @Field(() => Float, { nullable: true }) lineItemInsuranceUsd!: number | null;
}

/**
 * The cross-domain Location entity, owned and described by epidemiology (so no descriptions
 * here: the supergraph takes the owner's); logistics adds the shipments delivered there. */
@Directive('@key(fields: "code")')
@ObjectType()
export class Location {
  @Field(() => ID) code!: string;
}
