import { describe, expect, it } from "vitest";
import { classificationEnumValue, fieldEnumValue, fieldName, pascalCase, productTypeName } from "./naming.js";

describe("GraphQL naming", () => {
  it.each([
    ["resting_blood_pressure", "restingBloodPressure"],
    ["site", "site"],
    ["age_0_4", "age_0_4"],
    ["age_65_plus", "age_65Plus"],
    ["country_iso3", "countryIso3"],
  ])("column %s is field %s", (column, field) => {
    expect(fieldName(column)).toBe(field);
  });

  it("keeps distinct columns distinct where a plain camelCase would merge them", () => {
    expect(new Set(["age_0_4", "age_04"].map(fieldName)).size).toBe(2);
  });

  it("names enums and types", () => {
    expect(fieldEnumValue("st_slope")).toBe("ST_SLOPE");
    expect(pascalCase("public-health")).toBe("PublicHealth");
    expect(productTypeName("cardiology")).toBe("CardiologyDataProduct");
    expect(classificationEnumValue("sensitive-attribute")).toBe("SENSITIVE_ATTRIBUTE");
  });
});
