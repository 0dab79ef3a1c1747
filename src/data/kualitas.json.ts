// Page data of /kualitas-data: freshness per source, the last loads, and rows rejected per rule.
// Counts only: no row content (quarantine.nilai) ever leaves the warehouse through this loader.
// Also the red indicators of the latest periods without commentary (data/narasi) and the latest
// revisions of published figures.
import path from "node:path";
import { siteMeta, suppress, withReadOnlyWarehouse, writeJson } from "./lib/warehouse.ts";
import { merahTanpaNarasi } from "../../loaders/narasi/periksa.ts";
import { daftarRevisi } from "../../loaders/revisions/revisi.ts";

const NARASI_DIR = path.resolve(process.env.KINERJA_NARASI ?? path.join("data", "narasi"));

const data = await withReadOnlyWarehouse(async (wh) => {
  const meta = await siteMeta(wh);
  const sumber = await wh.query<{ source: string }>(
    `SELECT table_name AS source FROM information_schema.tables WHERE table_schema = 'quarantine' ORDER BY 1`,
  );
  const kesegaran = await wh.query(`
    SELECT source AS sumber, count(*) AS jumlah_muatan, sum(rows_in) AS baris_masuk, sum(rows_ok) AS baris_diterima,
      sum(rows_rejected) AS baris_ditolak, max(finished) AS muatan_terakhir
    FROM meta.loads WHERE status = 'loaded' GROUP BY source ORDER BY source`);
  const muatan = await wh.query<{ file: string } & Record<string, unknown>>(`
    SELECT load_id, source AS sumber, file, rows_in AS baris_masuk, rows_ok AS baris_diterima, rows_rejected AS baris_ditolak,
      rows_replaced AS baris_diganti, status, finished AS selesai
    FROM meta.loads ORDER BY load_id DESC LIMIT 30`);
  const aturan = sumber.length
    ? await wh.query(
        sumber
          .map(
            (s) => `SELECT '${s.source.replace(/'/g, "''")}' AS sumber, kolom, aturan, count(*) AS jumlah_baris
                    FROM quarantine."${s.source.replace(/"/g, '""')}" GROUP BY kolom, aturan`,
          )
          .join(" UNION ALL ") + " ORDER BY jumlah_baris DESC, sumber, kolom",
      )
    : [];
  const tanpaNarasi = await merahTanpaNarasi(wh, NARASI_DIR);
  const revisi = (await daftarRevisi(wh, { batas: 50 })).map((r) =>
    r.kolom === "jumlah_responden" ? { ...r, nilai_lama: suppress(r.nilai_lama), nilai_baru: suppress(r.nilai_baru) } : r,
  );
  return {
    meta,
    tanpaNarasi,
    revisi,
    kesegaran,
    // Only the file's name is shown (a steward knows where it lives); folders can reveal local paths.
    muatan: muatan.map((m) => ({ ...m, file: path.basename(m.file) })),
    aturan,
  };
});

writeJson(data);
