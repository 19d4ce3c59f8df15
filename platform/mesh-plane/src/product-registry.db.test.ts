import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { InputError } from "@mesh/core";
import { createTestDatabase, type TestDatabase } from "@mesh/storage/testing";
import { migrateMeshPlane, ProductRegistry, type ProductRegistration } from "./index.js";
import { allProducts, commodityShipments, heartDisease, hivBurden, respiratorySurveillance } from "./registrations.fixture.js";

let db: TestDatabase;
let registry: ProductRegistry;
beforeAll(async () => {
  db = await createTestDatabase();
  await migrateMeshPlane(db.url);
  await migrateMeshPlane(db.url); // a second run finds nothing pending
  registry = new ProductRegistry(db.pool);
});
afterAll(async () => db.destroy());

const times = async (urn: string) =>
  (await db.pool.query("select registered_at, updated_at from mesh_plane.data_products where urn = $1", [urn])).rows[0];

describe("ProductRegistry.register", () => {
  beforeEach(async () => {
    await db.pool.query("truncate mesh_plane.data_products");
  });

  it("registers a product, leaves an identical registration alone, and updates a changed one", async () => {
    expect(await registry.register(heartDisease)).toBe("registered");
    expect(await registry.get(heartDisease.urn)).toEqual(heartDisease);
    const registered = await times(heartDisease.urn);

    expect(await registry.register(structuredClone(heartDisease))).toBe("unchanged");
    expect(await times(heartDisease.urn)).toEqual(registered);

    const next = { ...heartDisease, version: "1.1.0", tags: [...heartDisease.tags, "risk"] };
    expect(await registry.register(next)).toBe("updated");
    expect(await registry.get(heartDisease.urn)).toEqual(next);
    const updated = await times(heartDisease.urn);
    expect(updated.registered_at).toEqual(registered.registered_at);
    expect(updated.updated_at.getTime()).toBeGreaterThan(registered.updated_at.getTime());
  });

  it("keeps only the fields of a registration, so that extra properties change nothing", async () => {
    await registry.register(hivBurden);
    const withExtras = { ...hivBurden, owner: "someone", datasets: hivBurden.datasets.map((d) => ({ ...d, rows: 10_782 })) };
    expect(await registry.register(withExtras as ProductRegistration)).toBe("unchanged");
    expect(await registry.get(hivBurden.urn)).toEqual(hivBurden);
  });

  it("refuses a registration it could not serve, naming the field", async () => {
    const refusal = (change: Partial<ProductRegistration>) => registry.register({ ...heartDisease, ...change });
    await expect(refusal({ urn: "urn:mesh:heart-disease" })).rejects.toThrow(
      new InputError('urn: "urn:mesh:heart-disease" is not a Mesh URN (urn:mesh:<domain>:<product>[:<dataset>])'),
    );
    await expect(refusal({ urn: "urn:mesh:Cardiology:heart-disease" })).rejects.toThrow(
      new InputError('urn: "urn:mesh:Cardiology:heart-disease" has an invalid segment "Cardiology"'),
    );
    await expect(refusal({ urn: "urn:mesh:cardiology:heart-disease:patients" })).rejects.toThrow(
      new InputError(
        'urn: "urn:mesh:cardiology:heart-disease:patients" names a dataset, not a product (urn:mesh:<domain>:<product>)',
      ),
    );
    await expect(refusal({ domain: "logistics" })).rejects.toThrow(
      new InputError('urn: "urn:mesh:cardiology:heart-disease" is not in domain "logistics" (urn:mesh:logistics:<product>)'),
    );
    await expect(refusal({ typename: "Cardiology-DataProduct" })).rejects.toThrow(
      new InputError(
        'typename: "Cardiology-DataProduct" is not a GraphQL type name (letters, digits and _, not starting with a digit or __)',
      ),
    );
    await expect(refusal({ typename: "__Type" })).rejects.toThrow(/^typename: "__Type" is not a GraphQL type name/);
    const patients = heartDisease.datasets[0]!;
    await expect(refusal({ datasets: [{ ...patients, urn: "urn:mesh:cardiology:other:patients" }] })).rejects.toThrow(
      new InputError(
        'datasets[0].urn: "urn:mesh:cardiology:other:patients" is not a dataset of urn:mesh:cardiology:heart-disease (urn:mesh:cardiology:heart-disease:<dataset>)',
      ),
    );
    const secret = { name: "name", description: "", classification: "secret" as "phi" }; // as YAML could say it
    await expect(refusal({ datasets: [{ ...patients, columns: [...patients.columns, secret] }] })).rejects.toThrow(
      new InputError(
        'datasets[0].columns[4].classification: "secret" is not one of public, sensitive-attribute, quasi-identifier, phi',
      ),
    );
    expect((await db.pool.query("select count(*)::int as n from mesh_plane.data_products")).rows).toEqual([{ n: 0 }]);
  });
});

describe("ProductRegistry.search and get", () => {
  beforeAll(async () => {
    await db.pool.query("truncate mesh_plane.data_products");
    for (const product of allProducts) await registry.register(product);
  });

  it("lists every product by domain, then name, without filters", async () => {
    expect(await registry.search()).toEqual([heartDisease, hivBurden, respiratorySurveillance, commodityShipments]);
  });

  it("finds words in any case in names, descriptions, tags, datasets and columns", async () => {
    expect(await registry.search({ search: "heart" })).toEqual([heartDisease]);
    expect(await registry.search({ search: "HIV" })).toEqual([hivBurden, commodityShipments]);
    expect(await registry.search({ search: "  Blood   PRESSURE " })).toEqual([heartDisease]); // a column's name
    expect(await registry.search({ search: "mm hg" })).toEqual([heartDisease]); // a column's description
    expect(await registry.search({ search: "ili-weeks" })).toEqual([respiratorySurveillance]); // a dataset's name
    expect(await registry.search({ search: "supply-chain" })).toEqual([commodityShipments]); // a tag
    expect(await registry.search({ search: "heart hiv" })).toEqual([]); // every word must appear
    expect(await registry.search({ search: "100%_" })).toEqual([]); // no pattern characters
  });

  it("filters by domain, tag and classification, and combines every filter", async () => {
    expect(await registry.search({ domain: "epidemiology" })).toEqual([hivBurden, respiratorySurveillance]);
    expect(await registry.search({ tag: "country" })).toEqual([hivBurden, respiratorySurveillance, commodityShipments]);
    expect(await registry.search({ classification: "quasi-identifier" })).toEqual([heartDisease]);
    expect(await registry.search({ classification: "sensitive-attribute" })).toEqual([heartDisease, commodityShipments]);
    expect(await registry.search({ classification: "phi" })).toEqual([]);
    expect(await registry.search({ tag: "country", domain: "epidemiology", search: "influenza" })).toEqual([
      respiratorySurveillance,
    ]);
    expect(await registry.search({ classification: "sensitive-attribute", search: "hiv" })).toEqual([commodityShipments]);
    expect(await registry.search({ domain: "logistics", tag: "hiv" })).toEqual([]);
  });

  it("gets one product by URN, and nothing for an unknown one", async () => {
    expect(await registry.get(hivBurden.urn)).toEqual(hivBurden);
    expect(await registry.get("urn:mesh:cardiology:unknown")).toBeUndefined();
  });
});
