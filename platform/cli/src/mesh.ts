import { cardiologyDomain } from "@mesh/cardiology";
import { epidemiologyDomain } from "@mesh/epidemiology";
import { logisticsDomain } from "@mesh/logistics";
import { NotFoundError } from "@mesh/core";
import type { Dataset, Domain } from "@mesh/kit";

/**
 * The domains of this mesh, in load order: epidemiology first, because it owns the Location
 * reference the others point at.
 */
export const domains: readonly Domain[] = [epidemiologyDomain, cardiologyDomain, logisticsDomain];

export function findDataset(product: string, dataset: string): Dataset {
  const products = domains.flatMap((d) => d.products);
  const found = products.find((p) => p.name === product || p.urn === product);
  if (!found) {
    throw new NotFoundError(`no data product "${product}"; the products are ${products.map((p) => p.name).join(", ")}`);
  }
  const target = found.datasets.find((d) => d.name === dataset || d.urn === dataset);
  if (!target) {
    throw new NotFoundError(
      `product ${found.name} has no dataset "${dataset}"; its datasets are ${found.datasets.map((d) => d.name).join(", ")}`,
    );
  }
  return target;
}

export function findDatasetByUrn(urn: string): Dataset {
  const found = domains.flatMap((d) => d.products.flatMap((p) => p.datasets)).find((d) => d.urn === urn);
  if (!found) throw new NotFoundError(`no dataset ${urn} in this mesh`);
  return found;
}
