// Every file source the warehouse knows. A new source is a folder here with the same few files.
import type { SourceDefinition } from "../ingest/source.ts";
import { iku } from "./iku/index.ts";
import { izin } from "./izin/index.ts";
import { layanan } from "./layanan/index.ts";
import { pengaduan } from "./pengaduan/index.ts";
import { skm } from "./skm/index.ts";
import { skp } from "./skp/index.ts";

export const SOURCES: SourceDefinition[] = [skp, skm, iku, layanan, izin, pengaduan];

export function sourceByName(name: string): SourceDefinition | undefined {
  return SOURCES.find((s) => s.name === name);
}
