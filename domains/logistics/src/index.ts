import { fileURLToPath } from "node:url";
import { defineDomain, type Domain } from "@mesh/kit";
import { CreateShipmentsTable1763800000000 } from "./migrations/1763800000000-create-shipments-table.js";
import { scmsDeliveryHistoryFormat } from "./shipments/shipments.format.js";

/** The logistics domain: USAID SCMS commodity shipments (see data/DATA.md). */
export const logisticsDomain: Domain = defineDomain({
  name: "logistics",
  migrations: [CreateShipmentsTable1763800000000],
  products: [
    {
      name: "commodity-shipments",
      descriptor: "commodity-shipments.odps.yaml",
      datasets: [
        {
          name: "shipments",
          contract: "commodity-shipments-shipments.odcs.yaml",
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
    },
  ],
});

export { CreateShipmentsTable1763800000000 } from "./migrations/1763800000000-create-shipments-table.js";
export { SCMS_DELIVERY_HISTORY_HEADER, scmsDeliveryHistoryFormat } from "./shipments/shipments.format.js";
export { SCMS_COUNTRIES, type CountryCodes } from "./shipments/scms-countries.js";
