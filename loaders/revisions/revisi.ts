// Revision history of published figures. At the end of every transform (inside its transaction, see
// loaders/models/run.ts) the published figures are compared with the values recorded by earlier
// transforms: meta.angka_terbit holds the value now published for each figure and the loads behind it;
// a changed value adds a row to meta.revisi with the old and new value, their loads and the date.
//
// What counts as a published figure (documented on /metodologi):
//   mart.indikator_capaian  (periode, kode_indikator)  realisasi, capaian
//   mart.ikm_unit           (periode, kode_unit)       ikm, jumlah_responden
//   mart.izin_sla           (periode, kode_izin)       jumlah, persen_tepat_waktu
//   mart.pengaduan_opd      (periode, kode_opd)        jumlah
// only for periods that ended before the day of the transform (WIB): the figure of a running period
// is still being filled in, and its changes are updates, not revisions. The share of complaints
// completed on time is left out because it legitimately moves after the quarter while its tickets are
// being finished. A figure that first appears, or goes from "belum lapor" (NULL) to a value, is not a
// revision; one that changes or is withdrawn (becomes NULL or disappears) is.
import type { Warehouse } from "../warehouse/connection.ts";

export interface AngkaTerbit {
  mart: string;
  periode: string;
  kode: string;
  kolom: string;
  nilai: number | null;
}

/** The published figures: mart, key columns and value columns, and how to find the loads behind each. */
export const ANGKA_TERBIT = [
  { mart: "mart.indikator_capaian", kode: "kode_indikator", kolom: ["realisasi", "capaian"] },
  { mart: "mart.ikm_unit", kode: "kode_unit", kolom: ["ikm", "jumlah_responden"] },
  { mart: "mart.izin_sla", kode: "kode_izin", kolom: ["jumlah", "persen_tepat_waktu"] },
  { mart: "mart.pengaduan_opd", kode: "kode_opd", kolom: ["jumlah"] },
] as const;

/** The tables the published figures are read from. */
const TABEL_SUMBER = [
  ...ANGKA_TERBIT.map((a) => a.mart),
  "core.iku_realisasi",
  "core.skm_respon",
  "core.izin_permohonan",
  "core.pengaduan_tiket",
  "core.periode",
];

/** Last day of a period string (2024, 2024-S1, 2024-Q3, 2024-03), as a DuckDB expression. */
const AKHIR = (p: string) => `CASE
  WHEN regexp_full_match(${p}, '\\d{4}') THEN make_date(CAST(${p} AS INTEGER), 12, 31)
  WHEN regexp_full_match(${p}, '\\d{4}-S[12]') THEN make_date(CAST(left(${p}, 4) AS INTEGER), CASE WHEN right(${p}, 1) = '1' THEN 6 ELSE 12 END, CASE WHEN right(${p}, 1) = '1' THEN 30 ELSE 31 END)
  WHEN regexp_full_match(${p}, '\\d{4}-Q[1-4]') THEN CAST(make_date(CAST(left(${p}, 4) AS INTEGER), 3 * CAST(right(${p}, 1) AS INTEGER) - 2, 1) + INTERVAL 3 MONTH - INTERVAL 1 DAY AS DATE)
  WHEN regexp_full_match(${p}, '\\d{4}-\\d{2}') THEN CAST(make_date(CAST(left(${p}, 4) AS INTEGER), CAST(right(${p}, 2) AS INTEGER), 1) + INTERVAL 1 MONTH - INTERVAL 1 DAY AS DATE)
END`;

/** The published figures of the marts as they are now, one row per figure, with their loads. */
export const ANGKA_KINI_SQL = `
WITH iku_load AS (
  SELECT c.periode, c.kode_indikator,
    [CASE WHEN r.realisasi IS NOT NULL OR q4._load_id IS NULL THEN r._load_id ELSE q4._load_id END] AS load_ids
  FROM mart.indikator_capaian c
  LEFT JOIN core.iku_realisasi r ON r.periode = c.periode AND r.kode_indikator = c.kode_indikator
  LEFT JOIN core.iku_realisasi q4 ON CAST(q4.tahun AS VARCHAR) = c.periode AND q4.triwulan = 4
    AND q4.kode_indikator = c.kode_indikator
), skm_load AS (
  SELECT DISTINCT kode_unit, semester AS periode, _load_id FROM core.skm_respon
  UNION
  SELECT DISTINCT kode_unit, CAST(tahun AS VARCHAR), _load_id FROM core.skm_respon
), ikm_load AS (
  SELECT kode_unit, periode, list_sort(list(_load_id)) AS load_ids FROM skm_load GROUP BY ALL
), izin_load AS (
  SELECT p.periode, a.kode_izin, list_sort(list(DISTINCT a._load_id)) AS load_ids
  FROM core.izin_permohonan a JOIN core.periode p ON a.tanggal_masuk BETWEEN p.awal AND p.akhir GROUP BY ALL
), aduan_load AS (
  SELECT p.periode, t.kode_opd, list_sort(list(DISTINCT t._load_id)) AS load_ids
  FROM core.pengaduan_tiket t JOIN core.periode p ON t.tanggal_masuk BETWEEN p.awal AND p.akhir GROUP BY ALL
), semua AS (
  SELECT 'mart.indikator_capaian' AS mart, c.periode, c.kode_indikator AS kode, k.kolom,
    CASE k.kolom WHEN 'realisasi' THEN c.realisasi ELSE c.capaian END AS nilai, l.load_ids
  FROM mart.indikator_capaian c CROSS JOIN (VALUES ('realisasi'), ('capaian')) k(kolom)
  LEFT JOIN iku_load l USING (periode, kode_indikator)
  UNION ALL
  SELECT 'mart.ikm_unit', i.periode, i.kode_unit, k.kolom,
    CASE k.kolom WHEN 'ikm' THEN i.ikm ELSE i.jumlah_responden END, l.load_ids
  FROM mart.ikm_unit i CROSS JOIN (VALUES ('ikm'), ('jumlah_responden')) k(kolom)
  LEFT JOIN ikm_load l USING (periode, kode_unit)
  UNION ALL
  SELECT 'mart.izin_sla', s.periode, s.kode_izin, k.kolom,
    CASE k.kolom WHEN 'jumlah' THEN s.jumlah ELSE s.persen_tepat_waktu END, l.load_ids
  FROM mart.izin_sla s CROSS JOIN (VALUES ('jumlah'), ('persen_tepat_waktu')) k(kolom)
  LEFT JOIN izin_load l USING (periode, kode_izin)
  UNION ALL
  SELECT 'mart.pengaduan_opd', a.periode, a.kode_opd, 'jumlah', a.jumlah, l.load_ids
  FROM mart.pengaduan_opd a LEFT JOIN aduan_load l USING (periode, kode_opd)
)
SELECT mart, periode, kode, kolom, round(CAST(nilai AS DOUBLE), 6) AS nilai,
  CAST(list_filter(coalesce(load_ids, []), x -> x IS NOT NULL) AS INTEGER[]) AS load_ids
FROM semua
WHERE ${AKHIR("periode")} < $1::DATE`;

export interface RevisiResult {
  /** Figures newly recorded or whose loads changed. */
  dicatat: number;
  /** Revisions added to meta.revisi. */
  revisi: number;
}

/** Today's date in Asia/Jakarta, yyyy-mm-dd. */
function hariIniWib(now: Date): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Jakarta" }).format(now);
}

/**
 * Compare the published figures with meta.angka_terbit and record what changed. Must run inside the
 * transform's transaction, after the marts are built and tested.
 */
export async function catatRevisi(wh: Warehouse, runId: number, now: Date): Promise<RevisiResult> {
  // A transform of another model set (tests with a few toy models) has no published figures.
  const { ada } = await wh.one<{ ada: number }>(
    `SELECT count(*) AS ada FROM information_schema.tables WHERE table_schema || '.' || table_name IN (${TABEL_SUMBER.map((t) => `'${t}'`).join(", ")})`,
  );
  if (ada < TABEL_SUMBER.length) return { dicatat: 0, revisi: 0 };
  const at = now.toISOString();
  await wh.query(`CREATE OR REPLACE TEMP TABLE _angka_kini AS ${ANGKA_KINI_SQL}`, [hariIniWib(now)]);
  try {
    await wh.exec(`CREATE OR REPLACE TEMP TABLE _angka_beda AS
      SELECT coalesce(k.mart, t.mart) AS mart, coalesce(k.periode, t.periode) AS periode, coalesce(k.kode, t.kode) AS kode,
        coalesce(k.kolom, t.kolom) AS kolom, t.nilai AS nilai_lama, k.nilai AS nilai_baru,
        t.load_ids AS load_lama, coalesce(k.load_ids, []::INTEGER[]) AS load_baru, t.dicatat AS dicatat_lama,
        t.nilai IS NOT NULL AND k.nilai IS DISTINCT FROM t.nilai AS revisi
      FROM _angka_kini k
      FULL JOIN meta.angka_terbit t ON t.mart = k.mart AND t.periode = k.periode AND t.kode = k.kode AND t.kolom = k.kolom
      WHERE (k.mart IS NULL AND t.nilai IS NOT NULL)
         OR (k.mart IS NOT NULL AND (t.mart IS NULL OR k.nilai IS DISTINCT FROM t.nilai OR k.load_ids IS DISTINCT FROM t.load_ids))`);
    const { revisi } = await wh.one<{ revisi: number }>(`SELECT count(*) FILTER (WHERE revisi) AS revisi FROM _angka_beda`);
    const { dicatat } = await wh.one<{ dicatat: number }>(`SELECT count(*) AS dicatat FROM _angka_beda`);
    await wh.query(
      `INSERT INTO meta.revisi (run_id, mart, periode, kode, kolom, nilai_lama, nilai_baru, load_lama, load_baru, dicatat_lama, tanggal)
       SELECT $1, mart, periode, kode, kolom, nilai_lama, nilai_baru, load_lama, load_baru, dicatat_lama, $2::TIMESTAMPTZ
       FROM _angka_beda WHERE revisi`,
      [runId, at],
    );
    await wh.exec(`DELETE FROM meta.angka_terbit t USING _angka_beda b
      WHERE t.mart = b.mart AND t.periode = b.periode AND t.kode = b.kode AND t.kolom = b.kolom`);
    await wh.query(
      `INSERT INTO meta.angka_terbit (mart, periode, kode, kolom, nilai, load_ids, run_id, dicatat)
       SELECT mart, periode, kode, kolom, nilai_baru, load_baru, $1, $2::TIMESTAMPTZ FROM _angka_beda`,
      [runId, at],
    );
    return { dicatat, revisi };
  } finally {
    await wh.exec(`DROP TABLE IF EXISTS _angka_kini; DROP TABLE IF EXISTS _angka_beda`);
  }
}

/** What each published figure is called on the pages. */
export const LABEL_ANGKA: Record<string, string> = {
  "mart.indikator_capaian.realisasi": "Realisasi IKU",
  "mart.indikator_capaian.capaian": "Capaian IKU (%)",
  "mart.ikm_unit.ikm": "IKM unit layanan",
  "mart.ikm_unit.jumlah_responden": "Jumlah responden SKM",
  "mart.izin_sla.jumlah": "Permohonan izin masuk",
  "mart.izin_sla.persen_tepat_waktu": "Izin terbit tepat waktu (%)",
  "mart.pengaduan_opd.jumlah": "Laporan pengaduan masuk",
};

export interface BarisRevisi {
  mart: string;
  periode: string;
  kode: string;
  kolom: string;
  /** e.g. "Realisasi IKU". */
  angka: string;
  /** The OPD the figure belongs to, and the name of what it measures (indicator, unit, permit type). */
  kode_opd: string | null;
  nama: string | null;
  nilai_lama: number | null;
  nilai_baru: number | null;
  load_lama: number[];
  load_baru: number[];
  tanggal: string;
}

/**
 * The revisions, newest first; `terakhirPerAngka` keeps only the latest revision of each figure.
 * Empty when the warehouse predates the revision tables (it is opened read-only by the site).
 */
export async function daftarRevisi(wh: Warehouse, opts: { terakhirPerAngka?: boolean; batas?: number } = {}): Promise<BarisRevisi[]> {
  const { ada } = await wh.one<{ ada: number }>(
    `SELECT count(*) AS ada FROM information_schema.tables WHERE table_schema = 'meta' AND table_name = 'revisi'`,
  );
  if (!ada) return [];
  const rows = await wh.query<Omit<BarisRevisi, "tanggal" | "angka"> & { tanggal: Date | string }>(
    `SELECT r.mart, r.periode, r.kode, r.kolom,
       coalesce(i.kode_opd, u.kode_opd, j.kode_opd, CASE WHEN r.mart = 'mart.pengaduan_opd' THEN r.kode END) AS kode_opd,
       coalesce(i.nama_indikator, u.nama_unit, j.jenis_izin, CASE WHEN r.mart = 'mart.pengaduan_opd' THEN 'Pengaduan SP4N-LAPOR!' END) AS nama,
       r.nilai_lama, r.nilai_baru, r.load_lama, r.load_baru, r.tanggal
     FROM meta.revisi r
     LEFT JOIN ref.indikator i ON r.mart = 'mart.indikator_capaian' AND i.kode_indikator = r.kode
     LEFT JOIN ref.unit_layanan u ON r.mart = 'mart.ikm_unit' AND u.kode_unit = r.kode
     LEFT JOIN ref.jenis_izin j ON r.mart = 'mart.izin_sla' AND j.kode_izin = r.kode
     ${opts.terakhirPerAngka ? "QUALIFY row_number() OVER (PARTITION BY r.mart, r.periode, r.kode, r.kolom ORDER BY r.run_id DESC) = 1" : ""}
     ORDER BY r.tanggal DESC, r.run_id DESC, r.mart, r.periode, r.kode, r.kolom ${opts.batas ? `LIMIT ${Math.trunc(opts.batas)}` : ""}`,
  );
  return rows.map((r) => ({
    ...r,
    angka: LABEL_ANGKA[`${r.mart}.${r.kolom}`] ?? `${r.mart}.${r.kolom}`,
    load_lama: [...(r.load_lama ?? [])].map(Number),
    load_baru: [...(r.load_baru ?? [])].map(Number),
    tanggal: r.tanggal instanceof Date ? r.tanggal.toISOString() : new Date(r.tanggal).toISOString(),
  }));
}
