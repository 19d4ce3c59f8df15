import { fileURLToPath } from "node:url";
import { defineDataProduct, defineDomain, type Domain } from "@mesh/kit";
import { CreateShipmentsTable1763800000000 } from "./migrations/1763800000000-create-shipments-table.js";
import { Location, Shipment } from "./graphql-types.js";
import { scmsDeliveryHistoryFormat } from "./shipments/shipments.format.js";

/** The logistics domain: USAID SCMS commodity shipments (see data/DATA.md). */
export const logisticsDomain: Domain = defineDomain({
  name: "logistics",
  migrations: [CreateShipmentsTable1763800000000],
  products: [
    defineDataProduct({
      domain: "logistics",
      name: "commodity-shipments",
      descriptor: "commodity-shipments.odps.yaml",
      datasets: [
        {
          name: "shipments",
          contract: "commodity-shipments-shipments.odcs.yaml",
          records: { type: Shipment, query: "shipments" },
          formats: [scmsDeliveryHistoryFormat],
          // src/ and dist/ sit at the same depth, so the shipped file resolves from both.
          seeds: [
            {
              file: fileURLToPath(new URL("../data/SCMS_Delivery_History_Dataset.csv", import.meta.url)),
              format: scmsDeliveryHistoryFormat.name,
            },
          ],
        },
      ],
    }),
  ],
  graphql: {
    types: [Location],
    relations: [
      {
        type: "Location",
        field: "shipments",
        description: "Commodity shipments delivered to this country, by scheduled delivery date.",
        dataset: "commodity-shipments/shipments",
        kind: "connection",
        match: (location) => ({ country_code: location.code }),
        orderBy: [{ column: "scheduled_delivery_date", direction: "ASC" }],
      },
    ],
  },
});

export { Location, Shipment } from "./graphql-types.js";
export { CreateShipmentsTable1763800000000 } from "./migrations/1763800000000-create-shipments-table.js";
export { SCMS_DELIVERY_HISTORY_HEADER, scmsDeliveryHistoryFormat } from "./shipments/shipments.format.js";
export { SCMS_COUNTRIES, type CountryCodes } from "./shipments/scms-countries.js";
