import type { ContractProblem } from "./errors.js";
import { parseDatasetId } from "./mesh-rules.js";
import type { OdcsContract, OdpsDescriptor } from "./model.js";
import { syntheticObjectives } from "./objectives.js";
import { describeValue } from "./paths.js";

/**
 * The problems between the documents of one domain folder (`contracts/<domain>/`), which
 * `validateContract` and `validateDescriptor` cannot see one document at a time:
 * - each descriptor's `outputPorts[].contractId` names a contract of the folder;
 * - each contract's `dataProduct` has a descriptor, and that descriptor offers the contract;
 * - no two contracts (or descriptors) share an id;
 * - no two tables of different contracts share a `physicalName` (they live in one PostgreSQL
 *   schema named after the domain);
 * - when `domain` is given (the folder's name), every document's `domain` is that domain;
 * - a contract declares synthetic objectives (in `meshObjectives`) exactly when its product offers
 *   it on a port of kind SYNTHETIC: objectives without a port would publish nowhere, a port
 *   without objectives would never publish.
 *
 * Paths start with the document's id (`urn:mesh:x:y.outputPorts[1].contractId`), or with
 * `contracts[i]` / `descriptors[i]` for a document without one. Expects documents that were each
 * validated; never throws on ones that were not.
 */
export function validateDomain(contracts: OdcsContract[], descriptors: OdpsDescriptor[], domain?: string): ContractProblem[] {
  const problems: ContractProblem[] = [];
  const label = (doc: { id?: unknown }, list: string, i: number) => (typeof doc?.id === "string" ? doc.id : `${list}[${i}]`);
  const contractIds = new Set(contracts.map((c) => c?.id).filter((id): id is string => typeof id === "string"));

  problems.push(...sharedIds(contracts, "contracts"), ...sharedIds(descriptors, "descriptors"));

  if (domain !== undefined) {
    const documents: Array<[{ domain?: unknown; id?: unknown }, string]> = [
      ...contracts.map((c, i): [OdcsContract, string] => [c, label(c, "contracts", i)]),
      ...descriptors.map((d, i): [OdpsDescriptor, string] => [d, label(d, "descriptors", i)]),
    ];
    for (const [doc, at] of documents) {
      if (typeof doc?.domain === "string" && doc.domain !== domain) {
        problems.push({
          path: `${at}.domain`,
          message: `must be ${JSON.stringify(domain)}, the domain folder it is in (got ${describeValue(doc.domain)})`,
        });
      }
    }
  }

  const productsById = new Map<string, OdpsDescriptor>();
  descriptors.forEach((descriptor, i) => {
    if (typeof descriptor?.id === "string" && !productsById.has(descriptor.id)) productsById.set(descriptor.id, descriptor);
    if (!Array.isArray(descriptor?.outputPorts)) return;
    descriptor.outputPorts.forEach((port, j) => {
      const contractId: unknown = port?.contractId;
      if (typeof contractId === "string" && !contractIds.has(contractId)) {
        problems.push({
          path: `${label(descriptor, "descriptors", i)}.outputPorts[${j}].contractId`,
          message: `names no contract of this domain (got ${describeValue(contractId)})`,
        });
      }
    });
  });

  contracts.forEach((contract, i) => {
    const at = label(contract, "contracts", i);
    const product = typeof contract?.dataProduct === "string" ? contract.dataProduct : undefined;
    const productDomain =
      parseDatasetId(contract?.id)?.domain ?? (typeof contract?.domain === "string" ? contract.domain : undefined);
    if (product === undefined || productDomain === undefined) return;
    const productId = `urn:mesh:${productDomain}:${product}`;
    const descriptor = productsById.get(productId);
    if (!descriptor) {
      problems.push({
        path: `${at}.dataProduct`,
        message: `has no descriptor: no product ${productId} in this domain (expected ${product}.odps.yaml)`,
      });
    } else if (
      typeof contract.id === "string" &&
      !(descriptor.outputPorts ?? []).some((port) => port?.contractId === contract.id)
    ) {
      problems.push({ path: `${at}.id`, message: `is offered by no outputPort of its product ${productId}` });
    }
  });

  // As the platform reads them (`syntheticObjectives`): settings alone (a target) are no objective.
  const withObjectives = new Set(
    contracts
      .filter((c) => Array.isArray(c?.customProperties) && syntheticObjectives(c).objectives.length > 0)
      .map((c) => c?.id)
      .filter((id): id is string => typeof id === "string"),
  );
  const synthesizedByPort = new Set<string>();
  descriptors.forEach((descriptor, i) => {
    (Array.isArray(descriptor?.outputPorts) ? descriptor.outputPorts : []).forEach((port, j) => {
      const kind = (port?.customProperties ?? []).find((p) => p?.property === "portKind")?.value;
      if (kind !== "SYNTHETIC" || typeof port?.contractId !== "string") return;
      synthesizedByPort.add(port.contractId);
      if (contractIds.has(port.contractId) && !withObjectives.has(port.contractId)) {
        problems.push({
          path: `${label(descriptor, "descriptors", i)}.outputPorts[${j}]`,
          message: `is a SYNTHETIC port of ${port.contractId}, whose contract declares no synthetic objective (meshObjectives): no version could ever be published on it`,
        });
      }
    });
  });
  contracts.forEach((contract, i) => {
    const id = contract?.id;
    const product = parseDatasetId(id);
    // A contract without a descriptor is reported above, once.
    if (!product || !productsById.has(`urn:mesh:${product.domain}:${product.product}`)) return;
    if (typeof id === "string" && withObjectives.has(id) && !synthesizedByPort.has(id)) {
      problems.push({
        path: `${label(contract, "contracts", i)}.customProperties`,
        message:
          "declares synthetic objectives (meshObjectives), but its product offers it on no output port of portKind SYNTHETIC",
      });
    }
  });

  const tables = new Map<string, { contract: OdcsContract; path: string }>();
  contracts.forEach((contract, i) => {
    if (!Array.isArray(contract?.schema)) return;
    contract.schema.forEach((object, j) => {
      const physicalName: unknown = object?.physicalName;
      if (typeof physicalName !== "string") return;
      const path = `${label(contract, "contracts", i)}.schema[${j}].physicalName`;
      const first = tables.get(physicalName);
      // Two tables of one contract are validateContract's to report.
      if (!first) tables.set(physicalName, { contract, path });
      else if (first.contract !== contract) {
        problems.push({
          path,
          message: `${JSON.stringify(physicalName)} is already the table of ${first.path}: tables of a domain share one PostgreSQL schema`,
        });
      }
    });
  });
  return problems;
}

function sharedIds(documents: ReadonlyArray<{ id?: unknown }>, list: string): ContractProblem[] {
  const counts = new Map<string, number>();
  for (const doc of documents) if (typeof doc?.id === "string") counts.set(doc.id, (counts.get(doc.id) ?? 0) + 1);
  return [...counts]
    .filter(([, count]) => count > 1)
    .map(([id, count]) => ({ path: `${id}.id`, message: `is the id of ${count} ${list}: each needs its own` }));
}
