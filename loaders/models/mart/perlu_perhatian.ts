// "Perlu perhatian": one list per period combining the signals of the planners' analytics, each row
// with one Indonesian sentence carrying the numbers and the site path where the evidence is shown.
// Sources (column sumber):
//   ikm_funnel       unit below the IKM funnel's 99,8% limit (alarm) or 95% limit (waspada; alarm when
//                    the unit was below 95% in the previous period of the same kind too); a unit with
//                    fewer than 30 respondents is at most waspada, with the caveat in the sentence;
//   ikm_perubahan    unit whose IKM fell more than the rest of the city, significant after
//                    Benjamini-Hochberg at q = 0,05 (waspada);
//   izin_funnel      permit type below the on-time funnel's limits (jenis 'opd', the OPD issuing it);
//   indikator_sinyal indicator worsening on its control chart (alarm below the 3σ limit, waspada for a
//                    run below the median) and the OPD flag of METHODS §3 (jenis 'opd');
//   predikat_kesesuaian  employees' predikat distribution not matching the organisation's (waspada).
// Reads mart.ikm_funnel, mart.ikm_perubahan, mart.izin_funnel, mart.indikator_sinyal,
// mart.predikat_kesesuaian and the names in ref.*.
import type { Warehouse } from "../../warehouse/connection.ts";
import { angkaId, labelPeriodeId, nilaiP, pasangan, persenId, selisihId } from "../../analytics/format-id.ts";
import { writeTable, type Columns } from "../../analytics/table.ts";
import { periodeSebelum } from "./ikm_perubahan.ts";
import type { IzinFunnelRow } from "./izin_funnel.ts";

export interface PerluPerhatianRow {
  periode: string;
  /** 'unit' | 'opd' | 'indikator' */
  jenis: string;
  kode: string;
  kode_opd: string;
  /** 'alarm' | 'waspada' */
  tingkat: string;
  alasan: string;
  bukti: string;
  sumber: string;
}

export const PERLU_PERHATIAN_COLUMNS: Columns<PerluPerhatianRow> = [
  ["periode", "VARCHAR"],
  ["jenis", "VARCHAR"],
  ["kode", "VARCHAR"],
  ["kode_opd", "VARCHAR"],
  ["tingkat", "VARCHAR"],
  ["alasan", "VARCHAR"],
  ["bukti", "VARCHAR"],
  ["sumber", "VARCHAR"],
];

export const BUKTI = {
  funnelIkm: "/perencanaan#funnel-ikm",
  perubahanIkm: "/perencanaan#perubahan-ikm",
  funnelIzin: "/perencanaan#funnel-izin",
  petaKendali: "/perencanaan#peta-kendali",
  kesesuaianPredikat: "/perencanaan#kesesuaian-predikat",
} as const;

const a1 = (x: number) => angkaId(x, 1);
const rendah = (s: string | undefined) => s === "alarm_rendah" || s === "waspada_rendah";

interface FunnelIn {
  periode: string;
  kode_unit: string;
  kode_opd: string;
  nama_unit: string;
  jumlah_responden: number;
  ikm: number;
  target: number;
  batas_bawah_95: number;
  batas_bawah_998: number;
  sinyal: string;
  sampel_kecil: boolean;
}

/** Rows from the IKM funnel (all periods given, so "two periods running" can be checked). */
export function dariFunnelIkm(rows: readonly FunnelIn[]): PerluPerhatianRow[] {
  const byKey = new Map(rows.map((r) => [`${r.periode}|${r.kode_unit}`, r]));
  const out: PerluPerhatianRow[] = [];
  for (const r of rows) {
    if (!rendah(r.sinyal)) continue;
    const alarm = r.sinyal === "alarm_rendah";
    const [ikm, lim] = pasangan(r.ikm, alarm ? r.batas_bawah_998 : r.batas_bawah_95);
    const batas = `${alarm ? "99,8%" : "95%"} (${lim})`;
    const prevP = periodeSebelum(r.periode);
    const prev = prevP ? byKey.get(`${prevP}|${r.kode_unit}`) : undefined;
    const berulang = !alarm && prev !== undefined && !prev.sampel_kecil && rendah(prev.sinyal);
    let kalimat = `IKM ${r.nama_unit} ${ikm} dengan ${r.jumlah_responden} responden, di bawah batas ${batas} dari rata-rata unit lain ${a1(r.target)}`;
    let tingkat: "alarm" | "waspada" = alarm ? "alarm" : "waspada";
    if (r.sampel_kecil) {
      kalimat += `; sampel kecil (kurang dari 30 responden), perlu survei lebih besar sebelum disimpulkan`;
      tingkat = "waspada";
    } else if (berulang) {
      kalimat += `, dua periode berturut-turut (${labelPeriodeId(prev!.periode)}: ${a1(prev!.ikm)})`;
      tingkat = "alarm";
    }
    out.push({ periode: r.periode, jenis: "unit", kode: r.kode_unit, kode_opd: r.kode_opd, tingkat, alasan: `${kalimat}.`, bukti: BUKTI.funnelIkm, sumber: "ikm_funnel" });
  }
  return out;
}

interface PerubahanIn {
  periode: string;
  periode_sebelum: string;
  kode_unit: string;
  kode_opd: string;
  nama_unit: string;
  ikm_sebelum: number;
  ikm: number;
  delta_unit: number;
  delta_kota: number;
  selisih: number;
  p: number;
}

export function dariPerubahan(rows: readonly PerubahanIn[]): PerluPerhatianRow[] {
  return rows.map((r) => ({
    periode: r.periode,
    jenis: "unit",
    kode: r.kode_unit,
    kode_opd: r.kode_opd,
    tingkat: "waspada",
    alasan:
      `IKM ${r.nama_unit} berubah dari ${a1(r.ikm_sebelum)} (${labelPeriodeId(r.periode_sebelum)}) menjadi ${a1(r.ikm)}: ` +
      `skor responden ${selisihId(r.delta_unit)} poin sementara unit lain di kota ${selisihId(r.delta_kota)} poin, ` +
      `selisih ${selisihId(r.selisih)} poin yang bermakna setelah koreksi Benjamini-Hochberg (q = 0,05; p ${nilaiP(r.p)}).`,
    bukti: BUKTI.perubahanIkm,
    sumber: "ikm_perubahan",
  }));
}

/** What this model reads of mart.izin_funnel. */
type IzinIn = Pick<
  IzinFunnelRow,
  "periode" | "kode_izin" | "jenis_izin" | "kode_opd" | "jumlah" | "tepat_waktu" | "proporsi" | "target" | "batas_bawah_95" | "batas_bawah_998" | "sinyal" | "sampel_kecil"
>;

export function dariFunnelIzin(rows: readonly IzinIn[]): PerluPerhatianRow[] {
  return rows
    .filter((r) => rendah(r.sinyal) && !r.sampel_kecil)
    .map((r) => {
      const alarm = r.sinyal === "alarm_rendah";
      const [p, lim] = pasangan(r.proporsi, alarm ? r.batas_bawah_998 : r.batas_bawah_95, (v, d) => persenId(v, d));
      const batas = `${alarm ? "99,8%" : "95%"} (${lim})`;
      return {
        periode: r.periode,
        jenis: "opd",
        kode: r.kode_opd,
        kode_opd: r.kode_opd,
        tingkat: alarm ? "alarm" : "waspada",
        alasan: `Izin ${r.jenis_izin}: ${r.tepat_waktu} dari ${r.jumlah} izin terbit tepat waktu (${p}), di bawah batas ${batas} dari rata-rata semua jenis izin ${persenId(r.target)}.`,
        bukti: BUKTI.funnelIzin,
        sumber: "izin_funnel",
      };
    });
}

interface SinyalIn {
  periode: string;
  kode_opd: string;
  kode_indikator: string;
  nama_indikator: string;
  nama_opd: string;
  nilai: number;
  garis_tengah: number | null;
  luar_3s: string | null;
  alasan: string;
  arah: string | null;
  opd_ditandai: boolean;
  opd_alasan: string | null;
}

export function dariSinyal(rows: readonly SinyalIn[]): PerluPerhatianRow[] {
  const out: PerluPerhatianRow[] = [];
  const memburuk = rows.filter((r) => r.arah === "memburuk");
  for (const r of memburuk) {
    out.push({
      periode: r.periode,
      jenis: "indikator",
      kode: r.kode_indikator,
      kode_opd: r.kode_opd,
      tingkat: r.luar_3s === "bawah" ? "alarm" : "waspada",
      alasan: `Capaian ${r.nama_indikator} ${labelPeriodeId(r.periode)} ${a1(r.nilai)}%${r.garis_tengah != null ? ` (rata-rata dasar ${a1(r.garis_tengah)}%)` : ""}: ${r.alasan}.`,
      bukti: BUKTI.petaKendali,
      sumber: "indikator_sinyal",
    });
  }
  const opd = new Map<string, SinyalIn[]>();
  for (const r of memburuk.filter((r) => r.opd_ditandai)) opd.set(`${r.periode}|${r.kode_opd}`, [...(opd.get(`${r.periode}|${r.kode_opd}`) ?? []), r]);
  for (const list of opd.values()) {
    const r = list[0];
    const luar = list.filter((x) => x.luar_3s === "bawah").length;
    out.push({
      periode: r.periode,
      jenis: "opd",
      kode: r.kode_opd,
      kode_opd: r.kode_opd,
      tingkat: r.opd_alasan === "luar_3s" ? "alarm" : "waspada",
      alasan: `${r.nama_opd}: ${list.length} indikator memburuk pada ${labelPeriodeId(r.periode)} menurut peta kendali${luar ? `, ${luar} di bawah batas kendali 3σ` : ""} (${list.map((x) => x.kode_indikator).join(", ")}).`,
      bukti: BUKTI.petaKendali,
      sumber: "indikator_sinyal",
    });
  }
  return out;
}

interface PredikatIn {
  periode: string;
  kode_opd: string;
  nama_opd: string;
  rata_capaian: number;
  alasan: string;
}

export function dariPredikat(rows: readonly PredikatIn[]): PerluPerhatianRow[] {
  return rows.map((r) => ({
    periode: r.periode,
    jenis: "opd",
    kode: r.kode_opd,
    kode_opd: r.kode_opd,
    tingkat: "waspada",
    alasan: `${r.nama_opd} ${labelPeriodeId(r.periode)} (rata-rata capaian IKU ${a1(r.rata_capaian)}%): ${r.alasan}`,
    bukti: BUKTI.kesesuaianPredikat,
    sumber: "predikat_kesesuaian",
  }));
}

export default async function build(wh: Warehouse, table: string): Promise<void> {
  const funnel = await wh.query<FunnelIn>(`
    SELECT f.periode, f.kode_unit, f.kode_opd, coalesce(u.nama_unit, f.kode_unit) AS nama_unit, f.jumlah_responden, f.ikm,
      f.target, f.batas_bawah_95, f.batas_bawah_998, f.sinyal, f.sampel_kecil
    FROM mart.ikm_funnel f LEFT JOIN ref.unit_layanan u USING (kode_unit)`);
  const perubahan = await wh.query<PerubahanIn>(`
    SELECT c.*, coalesce(u.nama_unit, c.kode_unit) AS nama_unit
    FROM mart.ikm_perubahan c LEFT JOIN ref.unit_layanan u USING (kode_unit)
    WHERE c.bermakna AND c.arah = 'turun'`);
  const izin = await wh.query<IzinIn>(`SELECT * FROM mart.izin_funnel`);
  const sinyal = await wh.query<SinyalIn>(`
    SELECT s.periode, s.kode_opd, s.kode_indikator, coalesce(i.nama_indikator, s.kode_indikator) AS nama_indikator,
      coalesce(o.nama_opd, s.kode_opd) AS nama_opd, s.nilai, s.garis_tengah, s.luar_3s, s.alasan, s.arah, s.opd_ditandai, s.opd_alasan
    FROM mart.indikator_sinyal s LEFT JOIN ref.indikator i USING (kode_indikator) LEFT JOIN ref.opd o ON o.kode_opd = s.kode_opd
    WHERE s.sinyal`);
  const predikat = await wh.query<PredikatIn>(`
    SELECT k.periode, k.kode_opd, coalesce(o.nama_opd, k.kode_opd) AS nama_opd, k.rata_capaian, k.alasan
    FROM mart.predikat_kesesuaian k LEFT JOIN ref.opd o USING (kode_opd)
    WHERE k.sesuai = FALSE`);
  const rows = [...dariFunnelIkm(funnel), ...dariPerubahan(perubahan), ...dariFunnelIzin(izin), ...dariSinyal(sinyal), ...dariPredikat(predikat)];
  const order = { alarm: 0, waspada: 1 } as Record<string, number>;
  rows.sort((a, b) => a.periode.localeCompare(b.periode) || order[a.tingkat] - order[b.tingkat] || a.jenis.localeCompare(b.jenis) || a.kode.localeCompare(b.kode));
  await writeTable(wh, table, PERLU_PERHATIAN_COLUMNS, rows);
}
