import type { ProductRegistration } from "./product-registry.js";

/** Registrations shaped like the real products (fewer columns), for the registry and schema tests. */
export const heartDisease: ProductRegistration = {
  urn: "urn:mesh:cardiology:heart-disease",
  typename: "CardiologyDataProduct",
  name: "heart-disease",
  domain: "cardiology",
  version: "1.0.0",
  status: "active",
  description: "UCI Heart Disease: 920 patients examined at four sites, with the angiographic diagnosis.",
  tags: ["cardiology", "uci", "classification-target"],
  datasets: [
    {
      urn: "urn:mesh:cardiology:heart-disease:patients",
      name: "patients",
      description: "One row per patient examination.",
      columns: [
        { name: "site", description: "The collecting site.", classification: "quasi-identifier" },
        { name: "age", description: "Age at the examination, in whole years.", classification: "quasi-identifier" },
        { name: "sex", description: "Sex as the study coded it.", classification: "sensitive-attribute" },
        {
          name: "resting_blood_pressure",
          description: "Resting systolic pressure on admission, mm Hg.",
          classification: "public",
        },
      ],
    },
  ],
};

export const hivBurden: ProductRegistration = {
  urn: "urn:mesh:epidemiology:hiv-burden",
  typename: "EpidemiologyDataProduct",
  name: "hiv-burden",
  domain: "epidemiology",
  version: "1.0.0",
  status: "active",
  description: "HIV prevalence, antiretroviral therapy coverage and population by country and year, 2000–2017.",
  tags: ["hiv", "aids", "country"],
  datasets: [
    {
      urn: "urn:mesh:epidemiology:hiv-burden:hiv-indicators",
      name: "hiv-indicators",
      description: "WDI indicators, one row per country, year and indicator.",
      columns: [
        { name: "country_iso3", description: "ISO 3166-1 alpha-3 code.", classification: "public" },
        { name: "value", description: "The indicator's value.", classification: "public" },
      ],
    },
  ],
};

export const respiratorySurveillance: ProductRegistration = {
  urn: "urn:mesh:epidemiology:respiratory-surveillance",
  typename: "EpidemiologyDataProduct",
  name: "respiratory-surveillance",
  domain: "epidemiology",
  version: "1.0.0",
  status: "active",
  description: "CDC ILINet: weekly influenza-like illness visits by US state.",
  tags: ["influenza", "surveillance", "country"],
  datasets: [
    {
      urn: "urn:mesh:epidemiology:respiratory-surveillance:ili-weeks",
      name: "ili-weeks",
      description: "One row per state and epidemiological week.",
      columns: [
        { name: "state", description: "The US state.", classification: "public" },
        { name: "ili_percent", description: "Weighted share of visits for influenza-like illness.", classification: "public" },
      ],
    },
  ],
};

export const commodityShipments: ProductRegistration = {
  urn: "urn:mesh:logistics:commodity-shipments",
  typename: "LogisticsDataProduct",
  name: "commodity-shipments",
  domain: "logistics",
  version: "1.0.0",
  status: "active",
  description: "USAID SCMS delivery history of HIV/AIDS commodities.",
  tags: ["supply-chain", "country"],
  datasets: [
    {
      urn: "urn:mesh:logistics:commodity-shipments:shipments",
      name: "shipments",
      description: "One row per shipment.",
      columns: [
        { name: "country", description: "Destination country.", classification: "public" },
        { name: "freight_cost_usd", description: "Freight cost in US dollars.", classification: "sensitive-attribute" },
      ],
    },
  ],
};

export const allProducts = [heartDisease, hivBurden, respiratorySurveillance, commodityShipments];

export const PRODUCT_TYPES = ["CardiologyDataProduct", "EpidemiologyDataProduct", "LogisticsDataProduct"];
