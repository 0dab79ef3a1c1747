// Everything a pack shows, read from the marts (and ref.*) in SQL: tables, totals and the few derived
// figures (capaian against the Renstra end target or a national standard use the warehouse's own
// iku_capaian macro). Optional tables (the planners' signals, the newer reference files) are checked
// for existence first so a pack still builds on an older warehouse.
import type { Warehouse } from "../loaders/warehouse/connection.ts";
import { siteMeta } from "../src/data/lib/warehouse.ts";
import { literal } from "../loaders/ingest/sql.ts";
import type { Baris, MetaPaket, MuatanData, Penandatangan } from "./pack.ts";

export interface Periode {
  periode: string;
  jenis: "triwulan" | "tahun";
  tahun: number;
  triwulan: number | null;
  /** The semester the IKM of a quarter comes from ("2025-S2"); the year itself for a year. */
  periodeIkm: string;
}

export class LaporanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LaporanError";
  }
}

export function parsePeriode(p: string): Periode {
  const m = /^(\d{4})(?:-Q([1-4]))?$/.exec(p.trim());
  if (!m) throw new LaporanError(`--periode "${p}" tidak dikenal: tulis triwulan seperti 2025-Q3 atau tahun seperti 2025`);
  const tahun = Number(m[1]);
  const triwulan = m[2] ? Number(m[2]) : null;
  return {
    periode: p.trim(),
    jenis: triwulan ? "triwulan" : "tahun",
    tahun,
    triwulan,
    periodeIkm: triwulan ? `${tahun}-S${triwulan <= 2 ? 1 : 2}` : String(tahun),
  };
}

/** The warehouse tables present, as "schema.table". */
export async function daftarTabel(wh: Warehouse): Promise<Set<string>> {
  const rows = await wh.query<{ t: string }>(`SELECT table_schema || '.' || table_name AS t FROM information_schema.tables`);
  return new Set(rows.map((r) => r.t));
}

/**
 * The column a set-based query adds to carry each row's group, the OPD or the period (removed again
 * from the rows it returns, so a row keeps exactly the columns of the query it replaces).
 */
const G = "__grup";

/**
 * The warehouse as the packs read it. The per-OPD methods are answered from one query per (method,
 * period) for every OPD, grouped by OPD here and kept on the instance; reference tables and per-period
 * lookups are read once too. An instance is therefore a snapshot reader for one run (one `kinerja
 * report` or one archive): open a new one after the warehouse changes.
 */
export class Sumber {
  protected constructor(
    readonly wh: Warehouse,
    readonly tabel: Set<string>,
  ) {}

  static async buka(wh: Warehouse): Promise<Sumber> {
    const s = new Sumber(wh, await daftarTabel(wh));
    for (const t of ["mart.indikator_capaian", "mart.opd_ringkasan", "ref.opd"])
      if (!s.tabel.has(t)) throw new LaporanError(`tabel ${t} belum ada di gudang data: jalankan dulu npx kinerja build`);
    return s;
  }

  ada(t: string): boolean {
    return this.tabel.has(t);
  }

  q(sql: string, params: unknown[] = []): Promise<Baris[]> {
    return this.wh.query<Baris>(sql, params as never);
  }

  private memo = new Map<string, Promise<unknown>>();

  /** `f()` once per key on this instance (the promise is kept, so concurrent callers share it). */
  private sekali<T>(key: string, f: () => Promise<T>): Promise<T> {
    let m = this.memo.get(key) as Promise<T> | undefined;
    if (!m) this.memo.set(key, (m = f()));
    return m;
  }

  /** The rows of a set-based query (one that selects the OPD or the period as G), grouped by G in SQL order, G removed. */
  private kelompok(key: string, sql: string, params: unknown[] = []): Promise<Map<string, Baris[]>> {
    return this.sekali(key, async () => {
      const m = new Map<string, Baris[]>();
      for (const row of await this.q(sql, params)) {
        const { [G]: g, ...rest } = row;
        // A per-OPD or per-period query (kode_opd = $n) never matches a row without one.
        if (g == null) continue;
        const list = m.get(String(g));
        if (list) list.push(rest);
        else m.set(String(g), [rest]);
      }
      return m;
    });
  }

  /** One OPD's rows of a set-based query: fresh row objects, as its own query would return. */
  private async milik(key: string, kode: string, sql: string, params: unknown[] = []): Promise<Baris[]> {
    return ((await this.kelompok(key, sql, params)).get(kode) ?? []).map((r) => ({ ...r }));
  }

  /**
   * A city-level query of one period, from its set-based form `sql(true)` (every period at once, the
   * period selected as G) when the period has rows there; otherwise from its per-period form
   * `sql(false)` with `params` (a period without rows, where an aggregate still returns its one row).
   */
  private async perPeriode(key: string, periode: string, sql: (semua: boolean) => string, params: unknown[]): Promise<Baris[]> {
    const rows = (await this.kelompok(key, sql(true))).get(periode);
    return rows ? rows.map((r) => ({ ...r })) : this.q(sql(false), params);
  }

  async periodeAda(p: string): Promise<boolean> {
    const ada = await this.sekali("periodeAda", async () => new Set((await this.q(`SELECT DISTINCT periode FROM mart.indikator_capaian`)).map((r) => r.periode)));
    return ada.has(p);
  }

  async opd(kode?: string): Promise<{ kode_opd: string; nama_opd: string; singkatan: string }[]> {
    const semua = (await this.sekali("opd", () => this.q(`SELECT kode_opd, nama_opd, singkatan FROM ref.opd ORDER BY kode_opd`))) as {
      kode_opd: string;
      nama_opd: string;
      singkatan: string;
    }[];
    const rows = (kode ? semua.filter((r) => r.kode_opd === kode) : semua).map((r) => ({ ...r }));
    if (kode && rows.length === 0) throw new LaporanError(`--opd ${kode} tidak ada di data/reference/opd.csv`);
    return rows;
  }

  private metaCache = new Map<string, Promise<Omit<MetaPaket, "sumberOpsional">>>();

  /** The pack's metadata (one query set per period, shared by the packs of that period). */
  async meta(p: Periode, opsional: string[]): Promise<MetaPaket> {
    let m = this.metaCache.get(p.periode);
    if (!m) this.metaCache.set(p.periode, (m = this.metaBaru(p)));
    return { ...(await m), sumberOpsional: opsional };
  }

  private async metaBaru(p: Periode): Promise<Omit<MetaPaket, "sumberOpsional">> {
    // What does not depend on the period (the site's flags and the loads) is read once.
    const umum = await this.sekali("metaUmum", async () => {
      const m = await siteMeta(this.wh);
      const muatan = (await this.q(
        `SELECT load_id, source, file, rows_ok, CAST(CAST(finished AS TIMESTAMPTZ) AS DATE) AS tanggal
         FROM meta.loads WHERE status = 'loaded' ORDER BY load_id`,
      )) as unknown as MuatanData[];
      return { m, muatan };
    });
    const per = this.ada("core.periode")
      ? ((await this.milik("periode", p.periode, `SELECT periode AS ${G}, awal, akhir FROM core.periode`))[0] as { awal: string; akhir: string } | undefined)
      : undefined;
    return { demo: umum.m.demo, diperbarui: umum.m.diperbarui, periodeAwal: per?.awal ?? null, periodeAkhir: per?.akhir ?? null, muatan: umum.muatan };
  }

  async penandatangan(kode: string, tanggal: string, bawaan: string): Promise<Penandatangan> {
    if (this.ada("ref.penandatangan")) {
      const r = (await this.milik("penandatangan", kode, `SELECT kode_opd AS ${G}, tempat, jabatan, nama FROM ref.penandatangan`))[0];
      if (r) return { tempat: String(r.tempat), jabatan: String(r.jabatan), nama: String(r.nama ?? ""), tanggal };
    }
    return { tempat: "Pariaman", jabatan: bawaan, nama: "", tanggal };
  }

  async profil(kode: string): Promise<string | null> {
    if (!this.ada("ref.opd_profil")) return null;
    const r = (await this.milik("profil", kode, `SELECT kode_opd AS ${G}, deskripsi FROM ref.opd_profil`))[0];
    return r ? String(r.deskripsi) : null;
  }

  protected sasaranJoin(alias: string): { kolom: string; join: string } {
    return this.ada("ref.sasaran_indikator")
      ? { kolom: "s.sasaran_strategis AS sasaran", join: `LEFT JOIN ref.sasaran_indikator s ON s.kode_indikator = ${alias}.kode_indikator` }
      : { kolom: "CAST(NULL AS VARCHAR) AS sasaran", join: "" };
  }

  /** IKU of one OPD in one period (quarter: target and realisation "s.d. triwulan"). */
  async iku(periode: string, kode: string): Promise<Baris[]> {
    const s = this.sasaranJoin("c");
    return this.milik(
      `iku:${periode}`,
      kode,
      `SELECT ${s.kolom}, c.kode_indikator, c.nama_indikator, c.satuan, c.polaritas, c.agregasi,
         c.target_tahunan, c.target, c.target_atas, c.realisasi, c.capaian, c.status, c.kode_opd AS ${G}
       FROM mart.indikator_capaian c ${s.join}
       WHERE c.periode = $1 ORDER BY c.kode_indikator`,
      [periode],
    );
  }

  /** The previous period of the same kind that has IKU rows (Q2 before Q3, Q4 of last year before Q1). */
  async periodeSebelum(periode: string): Promise<string | null> {
    return this.sekali(`periodeSebelum:${periode}`, async () => {
      const r = await this.q(
        `SELECT max(periode) AS p FROM mart.indikator_capaian WHERE periode_jenis(periode) = periode_jenis($1) AND periode < $1`,
        [periode],
      );
      return (r[0]?.p as string | null) ?? null;
    });
  }

  async ringkasanOpd(periode: string, kode: string): Promise<Baris | null> {
    return (await this.milik(`ringkasanOpd:${periode}`, kode, `SELECT *, kode_opd AS ${G} FROM mart.opd_ringkasan WHERE periode = $1`, [periode]))[0] ?? null;
  }

  /** The OPD's scorecard over the last n quarters up to the period. */
  async trenOpd(periode: string, kode: string, n = 8): Promise<Baris[]> {
    return this.milik(
      `trenOpd:${periode}:${n}`,
      kode,
      `SELECT periode, rata_capaian, status, indikator_tercapai, indikator_dilaporkan, jumlah_indikator, kode_opd AS ${G} FROM (
         SELECT *, row_number() OVER (PARTITION BY kode_opd ORDER BY periode DESC) AS __urutan
         FROM mart.opd_ringkasan
         WHERE periode_jenis(periode) = 'triwulan' AND periode <= $1)
       WHERE __urutan <= ${n} ORDER BY periode`,
      [periode],
    );
  }

  /** Capaian of each indicator over the same quarters (long form: periode, kode_indikator, capaian). */
  async trenIndikator(periodeList: string[], kode: string): Promise<Baris[]> {
    if (periodeList.length === 0) return [];
    const daftar = periodeList.map(literal).join(", ");
    return this.milik(
      `trenIndikator:${daftar}`,
      kode,
      `SELECT periode, kode_indikator, nama_indikator, capaian, realisasi, kode_opd AS ${G} FROM mart.indikator_capaian
       WHERE periode IN (${daftar}) ORDER BY kode_indikator, periode`,
    );
  }

  /** IKM per service unit of the period's semester (or year), optionally for one OPD. */
  async ikmUnit(periodeIkm: string, kode?: string): Promise<Baris[]> {
    if (!this.ada("mart.ikm_unit")) return [];
    const sql = (g: string, where: string) =>
      `SELECT u.kode_unit, coalesce(r.nama_unit, u.kode_unit) AS nama_unit, u.kode_opd, coalesce(o.singkatan, u.kode_opd) AS singkatan, u.jumlah_responden, u.ikm, u.mutu,
         u.kinerja_unit, u.ikm_bawah, u.ikm_atas, u.sampel_minimum,
         CASE WHEN u.sampel_memadai IS NULL THEN 'tidak diketahui' WHEN u.sampel_memadai THEN 'memadai' ELSE 'belum memadai' END AS sampel${g}
       FROM mart.ikm_unit u LEFT JOIN ref.unit_layanan r USING (kode_unit) LEFT JOIN ref.opd o ON o.kode_opd = u.kode_opd
       ${where}
       ORDER BY u.kode_opd, u.kode_unit`;
    const satu = "WHERE u.periode = $1";
    if (kode) return this.milik(`ikmUnit:${periodeIkm}`, kode, sql(`, u.kode_opd AS ${G}`, satu), [periodeIkm]);
    return this.perPeriode("ikmUnitKota", periodeIkm, (semua) => (semua ? sql(`, u.periode AS ${G}`, "") : sql("", satu)), [periodeIkm]);
  }

  /** Permits by type in the period, with a totals row (counts summed in SQL). */
  async izin(periode: string, kode?: string): Promise<{ baris: Baris[]; total: Baris | null }> {
    if (!this.ada("mart.izin_sla")) return { baris: [], total: null };
    const sla = this.ada("ref.jenis_izin") ? "j.sla_hari_kerja" : "CAST(NULL AS INTEGER) AS sla_hari_kerja";
    const join = this.ada("ref.jenis_izin") ? "LEFT JOIN ref.jenis_izin j USING (kode_izin)" : "";
    const satu = "WHERE i.periode = $1";
    const sqlBaris = (g: string, where: string) =>
      `SELECT i.jenis_izin, ${sla}, i.jumlah, i.selesai, i.ditolak, i.median_hari_kerja, i.p90_hari_kerja, i.persen_tepat_waktu, i.backlog${g}
       FROM mart.izin_sla i ${join} ${where} ORDER BY i.jenis_izin`;
    const sqlTotal = (g: string, where: string) =>
      `SELECT 'Jumlah' AS jenis_izin, sum(i.jumlah) AS jumlah, sum(i.selesai) AS selesai, sum(i.ditolak) AS ditolak, sum(i.backlog) AS backlog${g}
       FROM mart.izin_sla i ${where}`;
    if (kode) {
      const baris = await this.milik(`izin:${periode}`, kode, sqlBaris(`, i.kode_opd AS ${G}`, satu), [periode]);
      if (baris.length === 0) return { baris, total: null };
      const total = (await this.milik(`izinTotal:${periode}`, kode, `${sqlTotal(`, i.kode_opd AS ${G}`, satu)} GROUP BY i.kode_opd`, [periode]))[0];
      return { baris, total };
    }
    const baris = await this.perPeriode("izinKota", periode, (semua) => (semua ? sqlBaris(`, i.periode AS ${G}`, "") : sqlBaris("", satu)), [periode]);
    if (baris.length === 0) return { baris, total: null };
    const total = (
      await this.perPeriode("izinKotaTotal", periode, (semua) => (semua ? `${sqlTotal(`, i.periode AS ${G}`, "")} GROUP BY i.periode` : sqlTotal("", satu)), [periode])
    )[0];
    return { baris, total };
  }

  /** Complaints per OPD in the period; the totals row is recomputed from the tickets themselves. */
  async pengaduan(periode: string, kode?: string): Promise<{ baris: Baris[]; total: Baris | null }> {
    if (!this.ada("mart.pengaduan_opd")) return { baris: [], total: null };
    const satu = "WHERE p.periode = $1";
    const sql = (g: string, where: string) =>
      `SELECT p.kode_opd, o.singkatan, p.jumlah, p.persen_tanggapan_3_hari, p.persen_selesai_tepat_waktu, p.median_hari_selesai, p.selesai, p.belum_selesai${g}
       FROM mart.pengaduan_opd p LEFT JOIN ref.opd o USING (kode_opd)
       ${where} ORDER BY p.kode_opd`;
    if (kode) return { baris: await this.milik(`pengaduan:${periode}`, kode, sql(`, p.kode_opd AS ${G}`, satu), [periode]), total: null };
    const baris = await this.perPeriode("pengaduanKota", periode, (semua) => (semua ? sql(`, p.periode AS ${G}`, "") : sql("", satu)), [periode]);
    if (baris.length === 0 || !this.ada("core.pengaduan_tiket") || !this.ada("core.periode")) return { baris, total: null };
    const sqlTotal = (g: string, where: string) =>
      `SELECT 'Kota Pariaman' AS singkatan, count(*) AS jumlah,
         round(100.0 * count(*) FILTER (WHERE t.tanggapan_tepat_waktu) / count(*), 1) AS persen_tanggapan_3_hari,
         round(100.0 * count(*) FILTER (WHERE t.selesai_tepat_waktu) / count(*), 1) AS persen_selesai_tepat_waktu,
         quantile_cont(t.hari_selesai, 0.5) AS median_hari_selesai,
         count(*) FILTER (WHERE t.status = 'selesai') AS selesai,
         count(*) FILTER (WHERE t.status = 'proses') AS belum_selesai${g}
       FROM core.pengaduan_tiket t JOIN core.periode p ON t.tanggal_masuk BETWEEN p.awal AND p.akhir
       ${where}`;
    const total = (
      await this.perPeriode("pengaduanKotaTotal", periode, (semua) => (semua ? `${sqlTotal(`, p.periode AS ${G}`, "")} GROUP BY p.periode` : sqlTotal("", satu)), [periode])
    )[0];
    return { baris, total };
  }

  /** The predikat distribution of the period (or, when the period has none, of its year). */
  async predikat(p: Periode): Promise<{ periode: string | null; baris: Baris[]; total: Baris | null }> {
    if (!this.ada("mart.skp_predikat")) return { periode: null, baris: [], total: null };
    const ada = await this.sekali("predikatPeriode", async () => new Set((await this.q(`SELECT DISTINCT periode FROM mart.skp_predikat`)).map((r) => r.periode)));
    const periode = ada.has(p.periode) ? p.periode : ada.has(String(p.tahun)) ? String(p.tahun) : null;
    if (!periode) return { periode, baris: [], total: null };
    // Every period's rows at once (the city packs of all periods share this instance in an archive).
    const cols = "sum(jumlah_pegawai) AS jumlah_pegawai, sum(sangat_baik) AS sangat_baik, sum(baik) AS baik, sum(butuh_perbaikan) AS butuh_perbaikan, sum(kurang) AS kurang, sum(sangat_kurang) AS sangat_kurang";
    const baris = await this.milik(
      "predikat",
      periode,
      `SELECT s.kode_opd, o.singkatan, ${cols}, s.periode AS ${G} FROM mart.skp_predikat s LEFT JOIN ref.opd o USING (kode_opd)
       GROUP BY ALL ORDER BY s.kode_opd`,
    );
    const total = (await this.milik("predikatTotal", periode, `SELECT 'Kota Pariaman' AS singkatan, ${cols}, periode AS ${G} FROM mart.skp_predikat GROUP BY periode`))[0];
    return { periode, baris, total };
  }

  /** The city scorecard of the period and its totals row over every indicator of the period. */
  async skorKota(periode: string): Promise<{ baris: Baris[]; total: Baris }> {
    const skp = this.ada("mart.skp_predikat");
    const satu = "WHERE r.periode = $1";
    const sqlBaris = (g: string, where: string) =>
      `SELECT r.kode_opd, o.singkatan, r.nama_opd, r.jumlah_indikator, r.indikator_dilaporkan, r.indikator_tercapai, r.rata_capaian,
         coalesce(r.status, 'belum lapor') AS status, r.ikm, r.mutu, r.jumlah_pegawai, r.persen_sangat_baik, r.persen_butuh_perbaikan_ke_bawah,
         ${skp ? "s.sangat_baik AS n_sangat_baik, s.butuh_perbaikan + s.kurang + s.sangat_kurang AS n_butuh_ke_bawah" : "NULL AS n_sangat_baik, NULL AS n_butuh_ke_bawah"}${g}
       FROM mart.opd_ringkasan r JOIN ref.opd o USING (kode_opd)
       ${skp ? "LEFT JOIN mart.skp_predikat s ON s.kode_opd = r.kode_opd AND s.periode = r.periode" : ""}
       ${where} ORDER BY r.kode_opd`;
    const baris = await this.perPeriode("skorKota", periode, (semua) => (semua ? sqlBaris(`, r.periode AS ${G}`, "") : sqlBaris("", satu)), [periode]);
    const kolom = `'Kota Pariaman' AS singkatan, 'Kota Pariaman' AS nama_opd, count(*) AS jumlah_indikator,
         count(*) FILTER (WHERE realisasi IS NOT NULL) AS indikator_dilaporkan,
         count(*) FILTER (WHERE status = 'tercapai') AS indikator_tercapai,
         round(avg(capaian_dibatasi(capaian)), 2) AS rata_capaian,
         coalesce(status_capaian(round(avg(capaian_dibatasi(capaian)), 2)), 'belum lapor') AS status`;
    const total = (
      await this.perPeriode(
        "skorKotaTotal",
        periode,
        (semua) =>
          semua
            ? `SELECT ${kolom}, any_value(j.jumlah_pegawai) AS jumlah_pegawai, c.periode AS ${G}
               FROM mart.indikator_capaian c
               LEFT JOIN (SELECT periode, sum(jumlah_pegawai) AS jumlah_pegawai FROM mart.opd_ringkasan GROUP BY periode) j ON j.periode = c.periode
               GROUP BY c.periode`
            : `SELECT ${kolom}, (SELECT sum(jumlah_pegawai) FROM mart.opd_ringkasan WHERE periode = $1) AS jumlah_pegawai
               FROM mart.indikator_capaian WHERE periode = $1`,
        [periode],
      )
    )[0];
    return { baris, total };
  }

  /** The city's mean capped capaian over the last n periods of the same kind up to this one. */
  async trenKota(periode: string, n = 8): Promise<Baris[]> {
    const perPeriode = `SELECT periode, round(avg(capaian_dibatasi(capaian)), 2) AS rata_capaian,
           count(*) FILTER (WHERE status = 'tercapai') AS indikator_tercapai, count(*) AS jumlah_indikator
         FROM mart.indikator_capaian`;
    return this.perPeriode(
      `trenKota:${n}`,
      periode,
      (semua) =>
        semua
          ? // For each period t with IKU rows: the n latest periods of its kind up to t.
            `WITH a AS (${perPeriode} GROUP BY periode)
             SELECT a.periode, a.rata_capaian, a.indikator_tercapai, a.jumlah_indikator, t.periode AS ${G}
             FROM a JOIN (SELECT periode FROM a) t ON periode_jenis(a.periode) = periode_jenis(t.periode) AND a.periode <= t.periode
             QUALIFY row_number() OVER (PARTITION BY t.periode ORDER BY a.periode DESC) <= ${n}
             ORDER BY a.periode`
          : `SELECT * FROM (
               ${perPeriode}
               WHERE periode_jenis(periode) = periode_jenis($1) AND periode <= $1
               GROUP BY periode ORDER BY periode DESC LIMIT ${n}) ORDER BY periode`,
      [periode],
    );
  }

  /** Status counts of the OPD scorecards (for the city's distribution chart). */
  async sebaranStatus(periode: string): Promise<Baris[]> {
    return this.perPeriode(
      "sebaranStatus",
      periode,
      (semua) =>
        semua
          ? `SELECT coalesce(status, 'belum lapor') AS status, count(*) AS jumlah, periode AS ${G} FROM mart.opd_ringkasan GROUP BY ALL ORDER BY 1`
          : `SELECT coalesce(status, 'belum lapor') AS status, count(*) AS jumlah FROM mart.opd_ringkasan WHERE periode = $1 GROUP BY 1 ORDER BY 1`,
      [periode],
    );
  }

  /** The planners' "perlu perhatian" list when mart.perlu_perhatian exists; null when it does not. */
  async perluPerhatian(p: Periode, kode?: string): Promise<Baris[] | null> {
    if (!this.ada("mart.perlu_perhatian")) return null;
    // A quarter's pack also carries the signals of its semester (the IKM funnels are per semester).
    const sql = (g: string) =>
      `SELECT p.periode, p.tingkat, p.jenis, p.kode, p.kode_opd, o.singkatan, p.alasan, CAST(p.bukti AS VARCHAR) AS bukti${g}
       FROM mart.perlu_perhatian p LEFT JOIN ref.opd o USING (kode_opd)
       WHERE p.periode IN ($1, $2) ORDER BY p.tingkat, p.kode_opd, p.kode, p.periode, p.jenis, p.alasan`;
    const params = [p.periode, p.periodeIkm];
    return kode ? this.milik(`perluPerhatian:${p.periode}:${p.periodeIkm}`, kode, sql(`, p.kode_opd AS ${G}`), params) : this.q(sql(""), params);
  }

  /** The indicators of one OPD that signal on their control chart this quarter (mart.indikator_sinyal), when it exists. */
  async sinyalIndikator(periode: string, kode: string): Promise<Baris[] | null> {
    if (!this.ada("mart.indikator_sinyal")) return null;
    const lengkap = await this.sekali("sinyalKolom", async () => {
      const cols = new Set(
        (await this.q(`SELECT column_name AS c FROM information_schema.columns WHERE table_schema = 'mart' AND table_name = 'indikator_sinyal'`)).map((r) => String(r.c)),
      );
      const need = ["periode", "kode_opd", "kode_indikator", "nilai", "garis_tengah", "batas_bawah", "sinyal", "arah", "alasan"];
      return need.every((c) => cols.has(c));
    });
    if (!lengkap) return null;
    return this.milik(
      `sinyalIndikator:${periode}`,
      kode,
      `SELECT i.nama_indikator, s.nilai, s.garis_tengah, s.batas_bawah, s.arah, s.alasan, s.kode_opd AS ${G}
       FROM mart.indikator_sinyal s JOIN ref.indikator i USING (kode_indikator)
       WHERE s.periode = $1 AND s.sinyal ORDER BY s.kode_indikator`,
      [periode],
    );
  }

  /** OPD whose mean capped capaian is below 90 (the fallback "perlu perhatian" without the signals mart). */
  async dibawahTarget(periode: string): Promise<Baris[]> {
    return this.q(
      `SELECT r.kode_opd, o.singkatan, r.rata_capaian, r.status, r.jumlah_indikator - r.indikator_tercapai AS belum_tercapai
       FROM mart.opd_ringkasan r JOIN ref.opd o USING (kode_opd)
       WHERE r.periode = $1 AND r.rata_capaian < 90 ORDER BY r.rata_capaian`,
      [periode],
    );
  }

  /** LKjIP table: realisation and capaian of each indicator over the five years up to `tahun`. */
  async limaTahun(tahun: number, kode: string): Promise<Baris[]> {
    // TRY_CAST: without the OPD filter, nothing must depend on the order DuckDB evaluates the conditions in.
    return this.milik(
      `limaTahun:${tahun}`,
      kode,
      `SELECT periode, kode_indikator, nama_indikator, satuan, realisasi, capaian, kode_opd AS ${G} FROM mart.indikator_capaian
       WHERE periode_jenis(periode) = 'tahun' AND TRY_CAST(periode AS INTEGER) BETWEEN $1 AND $2
       ORDER BY kode_indikator, periode`,
      [tahun - 4, tahun],
    );
  }

  /** LKjIP table: the year's realisation against the Renstra end-of-period target. */
  async renstra(tahun: number, kode: string): Promise<Baris[] | null> {
    if (!this.ada("ref.target_renstra")) return null;
    return this.milik(
      `renstra:${tahun}`,
      kode,
      `SELECT c.kode_indikator, c.nama_indikator, c.satuan, r.periode_renstra, r.target AS target_renstra, r.target_atas AS target_renstra_atas,
         c.realisasi, iku_capaian(c.polaritas, r.target, r.target_atas, c.realisasi) AS capaian_renstra,
         CASE WHEN c.realisasi IS NULL THEN 'belum lapor'
              ELSE status_capaian(iku_capaian(c.polaritas, r.target, r.target_atas, c.realisasi)) END AS status, c.kode_opd AS ${G}
       FROM mart.indikator_capaian c JOIN ref.target_renstra r USING (kode_indikator)
       WHERE c.periode = $1 ORDER BY c.kode_indikator`,
      [String(tahun)],
    );
  }

  /** LKjIP table: the year's realisation against a national standard (SPM), where one exists. */
  async standar(tahun: number, kode: string): Promise<Baris[] | null> {
    if (!this.ada("ref.standar_nasional")) return null;
    return this.milik(
      `standar:${tahun}`,
      kode,
      `SELECT c.kode_indikator, c.nama_indikator, n.standar, n.dasar_hukum, n.nilai AS nilai_standar, c.realisasi,
         round(c.realisasi - n.nilai, 2) AS selisih,
         iku_capaian(c.polaritas, n.nilai, NULL, c.realisasi) AS capaian_standar, c.kode_opd AS ${G}
       FROM mart.indikator_capaian c JOIN ref.standar_nasional n USING (kode_indikator)
       WHERE c.periode = $1 ORDER BY c.kode_indikator`,
      [String(tahun)],
    );
  }
}
