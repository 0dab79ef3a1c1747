// The oracle of the set-based Sumber (reports/data.ts): on the demo warehouse, every pack the site
// publishes (the city pack of every period, the OPD packs of the latest quarter and the LKjIP packs of
// the latest year) is built twice, with the new Sumber shared across periods the way reports/arsip.ts
// uses it and with SumberPerOpd below, which keeps the old one-query-per-OPD methods verbatim, and
// the packs must be identical (values, value types, key order, row order). The per-OPD methods are
// also compared one by one on the oldest periods (no previous period, short trends, partial five
// years), where the published packs do not reach, and the city methods on periods without data.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { literal } from "../loaders/ingest/sql.ts";
import type { Warehouse } from "../loaders/warehouse/connection.ts";
import { siteMeta } from "../src/data/lib/warehouse.ts";
import { daftarTabel, LaporanError, parsePeriode, Sumber, type Periode } from "./data.ts";
import type { Baris, MetaPaket, MuatanData, Paket, Penandatangan } from "./pack.ts";
import { paketPeriode } from "./run.ts";
import { daftarSitus, type DaftarSitus } from "./situs.ts";
import { demoGudang, type DemoGudang } from "./testing.ts";

/**
 * The Sumber before issue 5: one query per method per OPD and per period (the methods copied unchanged
 * but for the names of the meta cache; sasaranJoin, ada and q are the base class's, unchanged too).
 */
class SumberPerOpd extends Sumber {
  static async bukaLama(wh: Warehouse): Promise<SumberPerOpd> {
    return new SumberPerOpd(wh, await daftarTabel(wh));
  }

  async periodeAda(p: string): Promise<boolean> {
    const r = await this.q(`SELECT 1 FROM mart.indikator_capaian WHERE periode = $1 LIMIT 1`, [p]);
    return r.length > 0;
  }

  async opd(kode?: string): Promise<{ kode_opd: string; nama_opd: string; singkatan: string }[]> {
    const rows = (await this.q(
      `SELECT kode_opd, nama_opd, singkatan FROM ref.opd ${kode ? "WHERE kode_opd = $1" : ""} ORDER BY kode_opd`,
      kode ? [kode] : [],
    )) as { kode_opd: string; nama_opd: string; singkatan: string }[];
    if (kode && rows.length === 0) throw new LaporanError(`--opd ${kode} tidak ada di data/reference/opd.csv`);
    return rows;
  }

  private metaLama = new Map<string, Promise<Omit<MetaPaket, "sumberOpsional">>>();

  /** The pack's metadata (one query set per period, shared by the packs of that period). */
  async meta(p: Periode, opsional: string[]): Promise<MetaPaket> {
    let m = this.metaLama.get(p.periode);
    if (!m) this.metaLama.set(p.periode, (m = this.metaLamaBaru(p)));
    return { ...(await m), sumberOpsional: opsional };
  }

  private async metaLamaBaru(p: Periode): Promise<Omit<MetaPaket, "sumberOpsional">> {
    const m = await siteMeta(this.wh);
    const muatan = (await this.q(
      `SELECT load_id, source, file, rows_ok, CAST(CAST(finished AS TIMESTAMPTZ) AS DATE) AS tanggal
       FROM meta.loads WHERE status = 'loaded' ORDER BY load_id`,
    )) as unknown as MuatanData[];
    const per = this.ada("core.periode")
      ? ((await this.q(`SELECT awal, akhir FROM core.periode WHERE periode = $1`, [p.periode]))[0] as { awal: string; akhir: string } | undefined)
      : undefined;
    return { demo: m.demo, diperbarui: m.diperbarui, periodeAwal: per?.awal ?? null, periodeAkhir: per?.akhir ?? null, muatan };
  }

  async penandatangan(kode: string, tanggal: string, bawaan: string): Promise<Penandatangan> {
    if (this.ada("ref.penandatangan")) {
      const r = (await this.q(`SELECT tempat, jabatan, nama FROM ref.penandatangan WHERE kode_opd = $1`, [kode]))[0];
      if (r) return { tempat: String(r.tempat), jabatan: String(r.jabatan), nama: String(r.nama ?? ""), tanggal };
    }
    return { tempat: "Pariaman", jabatan: bawaan, nama: "", tanggal };
  }

  async profil(kode: string): Promise<string | null> {
    if (!this.ada("ref.opd_profil")) return null;
    const r = (await this.q(`SELECT deskripsi FROM ref.opd_profil WHERE kode_opd = $1`, [kode]))[0];
    return r ? String(r.deskripsi) : null;
  }

  /** IKU of one OPD in one period (quarter: target and realisation "s.d. triwulan"). */
  async iku(periode: string, kode: string): Promise<Baris[]> {
    const s = this.sasaranJoin("c");
    return this.q(
      `SELECT ${s.kolom}, c.kode_indikator, c.nama_indikator, c.satuan, c.polaritas, c.agregasi,
         c.target_tahunan, c.target, c.target_atas, c.realisasi, c.capaian, c.status
       FROM mart.indikator_capaian c ${s.join}
       WHERE c.periode = $1 AND c.kode_opd = $2 ORDER BY c.kode_indikator`,
      [periode, kode],
    );
  }

  /** The previous period of the same kind that has IKU rows (Q2 before Q3, Q4 of last year before Q1). */
  async periodeSebelum(periode: string): Promise<string | null> {
    const r = await this.q(
      `SELECT max(periode) AS p FROM mart.indikator_capaian WHERE periode_jenis(periode) = periode_jenis($1) AND periode < $1`,
      [periode],
    );
    return (r[0]?.p as string | null) ?? null;
  }

  async ringkasanOpd(periode: string, kode: string): Promise<Baris | null> {
    return (await this.q(`SELECT * FROM mart.opd_ringkasan WHERE periode = $1 AND kode_opd = $2`, [periode, kode]))[0] ?? null;
  }

  /** The OPD's scorecard over the last n quarters up to the period. */
  async trenOpd(periode: string, kode: string, n = 8): Promise<Baris[]> {
    return this.q(
      `SELECT * FROM (
         SELECT periode, rata_capaian, status, indikator_tercapai, indikator_dilaporkan, jumlah_indikator
         FROM mart.opd_ringkasan
         WHERE kode_opd = $2 AND periode_jenis(periode) = 'triwulan' AND periode <= $1
         ORDER BY periode DESC LIMIT ${n}) ORDER BY periode`,
      [periode, kode],
    );
  }

  /** Capaian of each indicator over the same quarters (long form: periode, kode_indikator, capaian). */
  async trenIndikator(periodeList: string[], kode: string): Promise<Baris[]> {
    if (periodeList.length === 0) return [];
    return this.q(
      `SELECT periode, kode_indikator, nama_indikator, capaian, realisasi FROM mart.indikator_capaian
       WHERE kode_opd = $1 AND periode IN (${periodeList.map(literal).join(", ")}) ORDER BY kode_indikator, periode`,
      [kode],
    );
  }

  /** IKM per service unit of the period's semester (or year), optionally for one OPD. */
  async ikmUnit(periodeIkm: string, kode?: string): Promise<Baris[]> {
    if (!this.ada("mart.ikm_unit")) return [];
    return this.q(
      `SELECT u.kode_unit, coalesce(r.nama_unit, u.kode_unit) AS nama_unit, u.kode_opd, coalesce(o.singkatan, u.kode_opd) AS singkatan, u.jumlah_responden, u.ikm, u.mutu,
         u.kinerja_unit, u.ikm_bawah, u.ikm_atas, u.sampel_minimum,
         CASE WHEN u.sampel_memadai IS NULL THEN 'tidak diketahui' WHEN u.sampel_memadai THEN 'memadai' ELSE 'belum memadai' END AS sampel
       FROM mart.ikm_unit u LEFT JOIN ref.unit_layanan r USING (kode_unit) LEFT JOIN ref.opd o ON o.kode_opd = u.kode_opd
       WHERE u.periode = $1 ${kode ? "AND u.kode_opd = $2" : ""}
       ORDER BY u.kode_opd, u.kode_unit`,
      kode ? [periodeIkm, kode] : [periodeIkm],
    );
  }

  /** Permits by type in the period, with a totals row (counts summed in SQL). */
  async izin(periode: string, kode?: string): Promise<{ baris: Baris[]; total: Baris | null }> {
    if (!this.ada("mart.izin_sla")) return { baris: [], total: null };
    const sla = this.ada("ref.jenis_izin") ? "j.sla_hari_kerja" : "CAST(NULL AS INTEGER) AS sla_hari_kerja";
    const join = this.ada("ref.jenis_izin") ? "LEFT JOIN ref.jenis_izin j USING (kode_izin)" : "";
    const where = `WHERE i.periode = $1 ${kode ? "AND i.kode_opd = $2" : ""}`;
    const params = kode ? [periode, kode] : [periode];
    const baris = await this.q(
      `SELECT i.jenis_izin, ${sla}, i.jumlah, i.selesai, i.ditolak, i.median_hari_kerja, i.p90_hari_kerja, i.persen_tepat_waktu, i.backlog
       FROM mart.izin_sla i ${join} ${where} ORDER BY i.jenis_izin`,
      params,
    );
    if (baris.length === 0) return { baris, total: null };
    const total = (
      await this.q(
        `SELECT 'Jumlah' AS jenis_izin, sum(i.jumlah) AS jumlah, sum(i.selesai) AS selesai, sum(i.ditolak) AS ditolak, sum(i.backlog) AS backlog
         FROM mart.izin_sla i ${where}`,
        params,
      )
    )[0];
    return { baris, total };
  }

  /** Complaints per OPD in the period; the totals row is recomputed from the tickets themselves. */
  async pengaduan(periode: string, kode?: string): Promise<{ baris: Baris[]; total: Baris | null }> {
    if (!this.ada("mart.pengaduan_opd")) return { baris: [], total: null };
    const baris = await this.q(
      `SELECT p.kode_opd, o.singkatan, p.jumlah, p.persen_tanggapan_3_hari, p.persen_selesai_tepat_waktu, p.median_hari_selesai, p.selesai, p.belum_selesai
       FROM mart.pengaduan_opd p LEFT JOIN ref.opd o USING (kode_opd)
       WHERE p.periode = $1 ${kode ? "AND p.kode_opd = $2" : ""} ORDER BY p.kode_opd`,
      kode ? [periode, kode] : [periode],
    );
    if (kode || baris.length === 0 || !this.ada("core.pengaduan_tiket") || !this.ada("core.periode")) return { baris, total: null };
    const total = (
      await this.q(
        `SELECT 'Kota Pariaman' AS singkatan, count(*) AS jumlah,
           round(100.0 * count(*) FILTER (WHERE t.tanggapan_tepat_waktu) / count(*), 1) AS persen_tanggapan_3_hari,
           round(100.0 * count(*) FILTER (WHERE t.selesai_tepat_waktu) / count(*), 1) AS persen_selesai_tepat_waktu,
           quantile_cont(t.hari_selesai, 0.5) AS median_hari_selesai,
           count(*) FILTER (WHERE t.status = 'selesai') AS selesai,
           count(*) FILTER (WHERE t.status = 'proses') AS belum_selesai
         FROM core.pengaduan_tiket t JOIN core.periode p ON t.tanggal_masuk BETWEEN p.awal AND p.akhir
         WHERE p.periode = $1`,
        [periode],
      )
    )[0];
    return { baris, total };
  }

  /** The predikat distribution of the period (or, when the period has none, of its year). */
  async predikat(p: Periode): Promise<{ periode: string | null; baris: Baris[]; total: Baris | null }> {
    if (!this.ada("mart.skp_predikat")) return { periode: null, baris: [], total: null };
    const r = await this.q(
      `SELECT CASE WHEN count(*) FILTER (WHERE periode = $1) > 0 THEN $1 WHEN count(*) FILTER (WHERE periode = $2) > 0 THEN $2 END AS p
       FROM mart.skp_predikat`,
      [p.periode, String(p.tahun)],
    );
    const periode = (r[0]?.p as string | null) ?? null;
    if (!periode) return { periode, baris: [], total: null };
    const cols = "sum(jumlah_pegawai) AS jumlah_pegawai, sum(sangat_baik) AS sangat_baik, sum(baik) AS baik, sum(butuh_perbaikan) AS butuh_perbaikan, sum(kurang) AS kurang, sum(sangat_kurang) AS sangat_kurang";
    const baris = await this.q(
      `SELECT s.kode_opd, o.singkatan, ${cols} FROM mart.skp_predikat s LEFT JOIN ref.opd o USING (kode_opd)
       WHERE s.periode = $1 GROUP BY ALL ORDER BY s.kode_opd`,
      [periode],
    );
    const total = (await this.q(`SELECT 'Kota Pariaman' AS singkatan, ${cols} FROM mart.skp_predikat WHERE periode = $1`, [periode]))[0];
    return { periode, baris, total };
  }

  /** The city scorecard of the period and its totals row over every indicator of the period. */
  async skorKota(periode: string): Promise<{ baris: Baris[]; total: Baris }> {
    const baris = await this.q(
      `SELECT r.kode_opd, o.singkatan, r.nama_opd, r.jumlah_indikator, r.indikator_dilaporkan, r.indikator_tercapai, r.rata_capaian,
         coalesce(r.status, 'belum lapor') AS status, r.ikm, r.mutu, r.jumlah_pegawai, r.persen_sangat_baik, r.persen_butuh_perbaikan_ke_bawah,
         ${this.ada("mart.skp_predikat") ? "s.sangat_baik AS n_sangat_baik, s.butuh_perbaikan + s.kurang + s.sangat_kurang AS n_butuh_ke_bawah" : "NULL AS n_sangat_baik, NULL AS n_butuh_ke_bawah"}
       FROM mart.opd_ringkasan r JOIN ref.opd o USING (kode_opd)
       ${this.ada("mart.skp_predikat") ? "LEFT JOIN mart.skp_predikat s ON s.kode_opd = r.kode_opd AND s.periode = r.periode" : ""}
       WHERE r.periode = $1 ORDER BY r.kode_opd`,
      [periode],
    );
    const total = (
      await this.q(
        `SELECT 'Kota Pariaman' AS singkatan, 'Kota Pariaman' AS nama_opd, count(*) AS jumlah_indikator,
           count(*) FILTER (WHERE realisasi IS NOT NULL) AS indikator_dilaporkan,
           count(*) FILTER (WHERE status = 'tercapai') AS indikator_tercapai,
           round(avg(capaian_dibatasi(capaian)), 2) AS rata_capaian,
           coalesce(status_capaian(round(avg(capaian_dibatasi(capaian)), 2)), 'belum lapor') AS status,
           (SELECT sum(jumlah_pegawai) FROM mart.opd_ringkasan WHERE periode = $1) AS jumlah_pegawai
         FROM mart.indikator_capaian WHERE periode = $1`,
        [periode],
      )
    )[0];
    return { baris, total };
  }

  /** The city's mean capped capaian over the last n periods of the same kind up to this one. */
  async trenKota(periode: string, n = 8): Promise<Baris[]> {
    return this.q(
      `SELECT * FROM (
         SELECT periode, round(avg(capaian_dibatasi(capaian)), 2) AS rata_capaian,
           count(*) FILTER (WHERE status = 'tercapai') AS indikator_tercapai, count(*) AS jumlah_indikator
         FROM mart.indikator_capaian
         WHERE periode_jenis(periode) = periode_jenis($1) AND periode <= $1
         GROUP BY periode ORDER BY periode DESC LIMIT ${n}) ORDER BY periode`,
      [periode],
    );
  }

  /** Status counts of the OPD scorecards (for the city's distribution chart). */
  async sebaranStatus(periode: string): Promise<Baris[]> {
    return this.q(
      `SELECT coalesce(status, 'belum lapor') AS status, count(*) AS jumlah FROM mart.opd_ringkasan WHERE periode = $1 GROUP BY 1 ORDER BY 1`,
      [periode],
    );
  }

  /** The planners' "perlu perhatian" list when mart.perlu_perhatian exists; null when it does not. */
  async perluPerhatian(p: Periode, kode?: string): Promise<Baris[] | null> {
    if (!this.ada("mart.perlu_perhatian")) return null;
    // A quarter's pack also carries the signals of its semester (the IKM funnels are per semester).
    return this.q(
      `SELECT p.periode, p.tingkat, p.jenis, p.kode, p.kode_opd, o.singkatan, p.alasan, CAST(p.bukti AS VARCHAR) AS bukti
       FROM mart.perlu_perhatian p LEFT JOIN ref.opd o USING (kode_opd)
       WHERE p.periode IN ($1, $2) ${kode ? "AND p.kode_opd = $3" : ""} ORDER BY p.tingkat, p.kode_opd, p.kode, p.periode, p.jenis, p.alasan`,
      kode ? [p.periode, p.periodeIkm, kode] : [p.periode, p.periodeIkm],
    );
  }

  /** The indicators of one OPD that signal on their control chart this quarter (mart.indikator_sinyal), when it exists. */
  async sinyalIndikator(periode: string, kode: string): Promise<Baris[] | null> {
    if (!this.ada("mart.indikator_sinyal")) return null;
    const cols = new Set(
      (await this.q(`SELECT column_name AS c FROM information_schema.columns WHERE table_schema = 'mart' AND table_name = 'indikator_sinyal'`)).map((r) => String(r.c)),
    );
    const need = ["periode", "kode_opd", "kode_indikator", "nilai", "garis_tengah", "batas_bawah", "sinyal", "arah", "alasan"];
    if (!need.every((c) => cols.has(c))) return null;
    return this.q(
      `SELECT i.nama_indikator, s.nilai, s.garis_tengah, s.batas_bawah, s.arah, s.alasan
       FROM mart.indikator_sinyal s JOIN ref.indikator i USING (kode_indikator)
       WHERE s.periode = $1 AND s.kode_opd = $2 AND s.sinyal ORDER BY s.kode_indikator`,
      [periode, kode],
    );
  }

  /** LKjIP table: realisation and capaian of each indicator over the five years up to `tahun`. */
  async limaTahun(tahun: number, kode: string): Promise<Baris[]> {
    return this.q(
      `SELECT periode, kode_indikator, nama_indikator, satuan, realisasi, capaian FROM mart.indikator_capaian
       WHERE kode_opd = $1 AND periode_jenis(periode) = 'tahun' AND CAST(periode AS INTEGER) BETWEEN $2 AND $3
       ORDER BY kode_indikator, periode`,
      [kode, tahun - 4, tahun],
    );
  }

  /** LKjIP table: the year's realisation against the Renstra end-of-period target. */
  async renstra(tahun: number, kode: string): Promise<Baris[] | null> {
    if (!this.ada("ref.target_renstra")) return null;
    return this.q(
      `SELECT c.kode_indikator, c.nama_indikator, c.satuan, r.periode_renstra, r.target AS target_renstra, r.target_atas AS target_renstra_atas,
         c.realisasi, iku_capaian(c.polaritas, r.target, r.target_atas, c.realisasi) AS capaian_renstra,
         CASE WHEN c.realisasi IS NULL THEN 'belum lapor'
              ELSE status_capaian(iku_capaian(c.polaritas, r.target, r.target_atas, c.realisasi)) END AS status
       FROM mart.indikator_capaian c JOIN ref.target_renstra r USING (kode_indikator)
       WHERE c.periode = $1 AND c.kode_opd = $2 ORDER BY c.kode_indikator`,
      [String(tahun), kode],
    );
  }

  /** LKjIP table: the year's realisation against a national standard (SPM), where one exists. */
  async standar(tahun: number, kode: string): Promise<Baris[] | null> {
    if (!this.ada("ref.standar_nasional")) return null;
    return this.q(
      `SELECT c.kode_indikator, c.nama_indikator, n.standar, n.dasar_hukum, n.nilai AS nilai_standar, c.realisasi,
         round(c.realisasi - n.nilai, 2) AS selisih,
         iku_capaian(c.polaritas, n.nilai, NULL, c.realisasi) AS capaian_standar
       FROM mart.indikator_capaian c JOIN ref.standar_nasional n USING (kode_indikator)
       WHERE c.periode = $1 AND c.kode_opd = $2 ORDER BY c.kode_indikator`,
      [String(tahun), kode],
    );
  }
}

/** JSON that keeps what plain JSON blurs: Dates, BigInts and undefined stay distinguishable from strings, numbers and absence. */
function json(v: unknown): string {
  return JSON.stringify(v, function (this: Record<string, unknown>, k, val) {
    const raw = this[k];
    if (raw instanceof Date) return { $date: raw.toISOString() };
    if (typeof val === "bigint") return { $bigint: String(val) };
    if (val === undefined && k !== "") return "$undefined";
    return val;
  });
}

/** "" when equal, else where two JSON texts first differ (a short excerpt of each, not two whole packs). */
function beda(a: string | undefined, b: string | undefined): string {
  if (a === b) return "";
  if (a === undefined || b === undefined) return `${a === undefined ? "baru" : "lama"} tidak ada`;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `berbeda di karakter ${i}: baru …${a.slice(Math.max(0, i - 80), i + 80)}… lama …${b.slice(Math.max(0, i - 80), i + 80)}…`;
}

let g: DemoGudang;
let d: DaftarSitus;

beforeAll(async () => {
  g = await demoGudang();
  d = await daftarSitus(g.wh);
}, 240_000);
afterAll(() => g?.cleanup());

/** Every published pack as JSON by file name, built the way reports/arsip.ts builds them. */
async function packs(sumber: () => Promise<Sumber>, perPeriode: boolean): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  let src = perPeriode ? undefined : await sumber();
  for (const periode of d.periode) {
    if (perPeriode) src = await sumber();
    const semua = periode === d.triwulanTerakhir || periode === d.tahunTerakhir;
    for await (const paket of paketPeriode(g.wh, { periode, final: false, tanggal: d.tanggal, root: g.dir, hanyaKota: !semua }, src)) {
      expect(out.has(paket.namaFile)).toBe(false);
      out.set(paket.namaFile, json(paket));
    }
  }
  return out;
}

describe("set-based Sumber", () => {
  it("builds every published pack exactly as the per-OPD queries did", async () => {
    const baru = await packs(() => Sumber.buka(g.wh), false);
    const lama = await packs(() => SumberPerOpd.bukaLama(g.wh), true);
    // The demo: five years of quarters and years, 30 OPD; OPD packs for the latest quarter and year.
    expect(d.periode).toHaveLength(25);
    expect(d.opd).toHaveLength(30);
    expect(lama.size).toBe(25 + 2 * 30);
    expect([...baru.keys()]).toEqual([...lama.keys()]);
    for (const [nama, isi] of lama) expect(beda(baru.get(nama), isi), nama).toBe("");

    // The comparison reaches every grouped table: each appears in some OPD pack.
    const ids = new Set<string>();
    for (const [nama, isi] of lama)
      if (!nama.startsWith("kota-")) for (const b of (JSON.parse(isi) as Paket).bagian) for (const t of b.tabel ?? []) ids.add(t.id);
    for (const id of ["IKU", "Tren", "Tren Indikator", "IKM Unit", "Izin", "Pengaduan", "Perlu Perhatian", "Sinyal Indikator", "3.1 Capaian Tahun Ini", "3.2 Lima Tahun", "3.3 Target Renstra", "3.4 Standar Nasional"])
      expect(ids.has(id), id).toBe(true);
    // And the OPD packs are not all alike (a group mix-up would not hide behind identical data).
    const iku = new Set([...lama].filter(([n]) => n.startsWith("opd-")).map(([, isi]) => json((JSON.parse(isi) as Paket).bagian[1].tabel)));
    expect(iku.size).toBe(30);
  }, 240_000);

  it("answers each method as before on the oldest periods and on periods without data", async () => {
    const baru = await Sumber.buka(g.wh);
    const lama = await SumberPerOpd.bukaLama(g.wh);
    const same = async (label: string, f: (s: Sumber) => Promise<unknown>) => expect(beda(json(await f(baru)), json(await f(lama))), label).toBe("");
    const tertua = [...d.periode].reverse();
    const periodes = [tertua.find((p) => p.includes("-Q"))!, tertua.find((p) => !p.includes("-Q"))!, "2023-Q2", "2023"];
    expect(periodes).toEqual(["2021-Q1", "2021", "2023-Q2", "2023"]);
    for (const kode of [...d.opd.map((o) => o.kode_opd), "TIDAK-ADA"]) {
      await same(`profil ${kode}`, (s) => s.profil(kode));
      await same(`penandatangan ${kode}`, (s) => s.penandatangan(kode, "2026-01-15", "Kepala"));
      for (const periode of periodes) {
        const p = parsePeriode(periode);
        const at = `${periode} ${kode}`;
        await same(`iku ${at}`, (s) => s.iku(periode, kode));
        await same(`ringkasanOpd ${at}`, (s) => s.ringkasanOpd(periode, kode));
        await same(`trenOpd ${at}`, (s) => s.trenOpd(periode, kode));
        await same(`trenOpd 3 ${at}`, (s) => s.trenOpd(periode, kode, 3));
        const daftar = (await lama.trenOpd(periode, kode)).map((t) => String(t.periode));
        await same(`trenIndikator ${at}`, (s) => s.trenIndikator(daftar, kode));
        await same(`ikmUnit ${at}`, (s) => s.ikmUnit(p.periodeIkm, kode));
        await same(`izin ${at}`, (s) => s.izin(periode, kode));
        await same(`pengaduan ${at}`, (s) => s.pengaduan(periode, kode));
        await same(`perluPerhatian ${at}`, (s) => s.perluPerhatian(p, kode));
        await same(`sinyalIndikator ${at}`, (s) => s.sinyalIndikator(periode, kode));
        if (p.jenis === "tahun") {
          await same(`limaTahun ${at}`, (s) => s.limaTahun(p.tahun, kode));
          await same(`renstra ${at}`, (s) => s.renstra(p.tahun, kode));
          await same(`standar ${at}`, (s) => s.standar(p.tahun, kode));
        }
      }
    }
    // The city-level methods too, and on periods without data (2020; 2026-Q1 lies after the data,
    // where the trend still reaches back), which take the per-period form.
    for (const periode of [...periodes, "2020", "2020-Q1", "2026-Q1"]) {
      const p = parsePeriode(periode);
      await same(`skorKota ${periode}`, (s) => s.skorKota(periode));
      await same(`trenKota ${periode}`, (s) => s.trenKota(periode));
      await same(`trenKota 3 ${periode}`, (s) => s.trenKota(periode, 3));
      await same(`sebaranStatus ${periode}`, (s) => s.sebaranStatus(periode));
      await same(`ikmUnit kota ${periode}`, (s) => s.ikmUnit(p.periodeIkm));
      await same(`izin kota ${periode}`, (s) => s.izin(periode));
      await same(`pengaduan kota ${periode}`, (s) => s.pengaduan(periode));
      await same(`perluPerhatian kota ${periode}`, (s) => s.perluPerhatian(p));
      await same(`periodeSebelum ${periode}`, (s) => s.periodeSebelum(periode));
      await same(`periodeAda ${periode}`, (s) => s.periodeAda(periode));
      await same(`predikat ${periode}`, (s) => s.predikat(parsePeriode(periode)));
      await same(`meta ${periode}`, (s) => s.meta(parsePeriode(periode), ["x"]));
    }
    // Nothing before 2021 in the demo: no previous period, no predikat, no IKU rows (yet a totals row).
    expect(await baru.periodeSebelum("2021-Q1")).toBeNull();
    expect((await baru.skorKota("2020")).total.jumlah_indikator).toBe(0);
    expect((await baru.trenKota("2026-Q1")).map((r) => r.periode)).toEqual(["2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4", "2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]);
    expect((await baru.predikat(parsePeriode("2020"))).periode).toBeNull();
    await same("opd", (s) => s.opd());
    await same("opd DINKES", (s) => s.opd("DINKES"));
    await expect(baru.opd("TIDAK-ADA")).rejects.toThrow(LaporanError);
    await expect(baru.opd("TIDAK-ADA")).rejects.toThrow("--opd TIDAK-ADA tidak ada di data/reference/opd.csv");
  }, 240_000);

  it("hands out fresh rows: a caller changing one cannot change another pack's", async () => {
    const baru = await Sumber.buka(g.wh);
    const [a] = await baru.iku("2025-Q4", "DINKES");
    const asli = a.realisasi;
    a.realisasi = -1;
    expect((await baru.iku("2025-Q4", "DINKES"))[0].realisasi).toBe(asli);
  });
});
