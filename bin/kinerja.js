#!/usr/bin/env node
// Entry point of the `kinerja` command: TypeScript sources run through tsx's loader.
import { register } from "tsx/esm/api";
register();
const { main } = await import("../loaders/cli.ts");
process.exitCode = await main(process.argv.slice(2));
