// Page data of the planners' analytics on /perencanaan: the IKM and permit funnels (mart.ikm_funnel,
// mart.izin_funnel). The IKM funnel judges each unit against the other units (leave-one-out), so every
// unit carries its own target and limits from the mart and the page draws those (no common curve);
// the permit funnel's limit curves over a grid of n are drawn from the mart's θ0 and τ² by the
// analytics core (presentation of the mart's own parameters). Then the control charts of the
// indicators that signal (mart.indikator_sinyal), the change table (mart.ikm_perubahan), the rank
// intervals (mart.ikm_peringkat, merged into the funnel's units), the rating-distribution check (mart.predikat_kesesuaian) and the
// "perlu perhatian" list (mart.perlu_perhatian). Counts of people of 1-4 are withheld.
import { siteMeta, suppress, withReadOnlyWarehouse, writeJson } from "./lib/warehouse.ts";
import { urutPeriode } from "./lib/periode.ts";
import { nGrid } from "../../loaders/analytics/funnel-mean.ts";
import { proportionCurve } from "../../loaders/analytics/funnel-proportion.ts";

const r2 = (x: number | null) => (x == null ? null : Math.round(x * 100) / 100);
const r4 = (x: number | null) => (x == null ? null : Math.round(x * 10000) / 10000);

/**
 * A unit's limits for drawing: rounded to 4 decimals unless rounding would move the limit across the
 * unit's IKM (then unrounded), so every point sits on the side of its drawn limit that its sinyal says.
 */
function batasGambar(ikm: number, batas: number): number {
  const r = r4(batas)!;
  return Math.sign(ikm - r) === Math.sign(ikm - batas) ? r : batas;
}

const data = await withReadOnlyWarehouse(async (wh) => {
  const meta = await siteMeta(wh);

  const ikmRows = await wh.query<{
    periode: string; kode_unit: string; nama_unit: string; opd: string; jumlah_responden: number; ikm: number; target: number;
    z: number; batas_bawah_95: number; batas_bawah_998: number; batas_atas_95: number; batas_atas_998: number;
    sinyal: string; sampel_kecil: boolean; sw: number; tau2: number; target_kota: number; tau2_kota: number;
  }>(`
    SELECT f.periode, f.kode_unit, coalesce(u.nama_unit, f.kode_unit) AS nama_unit, coalesce(o.singkatan, f.kode_opd) AS opd,
      f.jumlah_responden, f.ikm, f.target, f.z, f.batas_bawah_95, f.batas_bawah_998, f.batas_atas_95, f.batas_atas_998,
      f.sinyal, f.sampel_kecil, f.sw, f.tau2, f.target_kota, f.tau2_kota
    FROM mart.ikm_funnel f LEFT JOIN ref.unit_layanan u USING (kode_unit) LEFT JOIN ref.opd o ON o.kode_opd = f.kode_opd
    ORDER BY f.periode, f.kode_unit`);
  const peringkatRows = await wh.query<{
    periode: string; kode_unit: string; rankability: number; diperingkat: boolean; jumlah_diperingkat: number; peringkat: number | null;
    peringkat_median: number | null; peringkat_bawah: number | null; peringkat_atas: number | null; p_kuartil_bawah: number | null; kuartil_bawah: boolean | null;
  }>(`SELECT * FROM mart.ikm_peringkat`);
  const rank = new Map(peringkatRows.map((r) => [`${r.periode}|${r.kode_unit}`, r]));
  const ikmPeriode = [...new Set(ikmRows.map((r) => r.periode))].sort(urutPeriode);
  const ikm = ikmPeriode.map((periode) => {
    const rows = ikmRows.filter((r) => r.periode === periode);
    // Each unit's own target (the other units' mean), τ² and limits (leave-one-out, see mart.ikm_funnel).
    const { target_kota, sw, tau2_kota } = rows[0];
    const tau2Unit = rows.map((r) => r.tau2);
    const rk = rank.get(`${periode}|${rows[0].kode_unit}`);
    return {
      periode,
      rankability: rk ? Math.round(rk.rankability * 1000) / 1000 : null,
      jumlah_diperingkat: rk?.jumlah_diperingkat ?? 0,
      target: r2(target_kota),
      sw: r2(sw),
      tau2: r2(tau2_kota),
      tau2_min: r2(Math.min(...tau2Unit)),
      tau2_max: r2(Math.max(...tau2Unit)),
      // Units with 1-4 respondents cannot be placed on the n axis without publishing that count.
      disembunyikan: rows.filter((r) => suppress(r.jumlah_responden) == null).length,
      unit: rows
        .filter((r) => suppress(r.jumlah_responden) != null)
        .map((r) => ({
          kode: r.kode_unit, nama: r.nama_unit, opd: r.opd, n: r.jumlah_responden, ikm: r.ikm, z: r2(r.z),
          target: r2(r.target), tau2: r2(r.tau2),
          b95: batasGambar(r.ikm, r.batas_bawah_95), b998: batasGambar(r.ikm, r.batas_bawah_998),
          a95: batasGambar(r.ikm, r.batas_atas_95), a998: batasGambar(r.ikm, r.batas_atas_998),
          sinyal: r.sinyal, kecil: r.sampel_kecil,
          ...(() => {
            const k = rank.get(`${periode}|${r.kode_unit}`);
            return k?.diperingkat
              ? { rank: k.peringkat, rank_med: k.peringkat_median, rank_lo: k.peringkat_bawah, rank_hi: k.peringkat_atas, p_kb: r4(k.p_kuartil_bawah), kb: k.kuartil_bawah }
              : {};
          })(),
        })),
    };
  });

  const izinRows = await wh.query<{
    periode: string; kode_izin: string; jenis_izin: string; jumlah: number; tepat_waktu: number; proporsi: number; target: number;
    batas_bawah_95: number; batas_bawah_998: number; batas_atas_95: number; batas_atas_998: number; metode: string; sinyal: string;
    sampel_kecil: boolean; tau2: number;
  }>(`SELECT * FROM mart.izin_funnel ORDER BY periode, kode_izin`);
  const izinPeriode = [...new Set(izinRows.map((r) => r.periode))].sort(urutPeriode);
  const izin = izinPeriode.map((periode) => {
    const rows = izinRows.filter((r) => r.periode === periode);
    const { target, tau2 } = rows[0];
    const ns = rows.map((r) => r.jumlah);
    const grid = proportionCurve({ theta0: target, tau2, phi: 1, overdispersion: "additive", normalThreshold: 10 }, nGrid(Math.max(5, Math.min(...ns) * 0.8), Math.max(...ns) * 1.15, 60));
    return {
      periode,
      target: r4(target),
      tau2: r4(tau2),
      grid: grid.map((g) => ({ n: g.n, b998: r4(g.bawah998), b95: r4(g.bawah95), a95: r4(g.atas95), a998: r4(g.atas998) })),
      jenis: rows.map((r) => ({
        kode: r.kode_izin, nama: r.jenis_izin, n: r.jumlah, tepat: r.tepat_waktu, p: r4(r.proporsi),
        b95: r4(r.batas_bawah_95), b998: r4(r.batas_bawah_998), a95: r4(r.batas_atas_95), a998: r4(r.batas_atas_998),
        metode: r.metode, sinyal: r.sinyal, kecil: r.sampel_kecil,
      })),
    };
  });

  // Control charts: every quarter of each indicator that signals in at least one quarter.
  const kendali = await wh.query<Record<string, unknown>>(`
    SELECT s.periode, s.kode_opd, coalesce(o.singkatan, s.kode_opd) AS opd, s.kode_indikator, coalesce(i.nama_indikator, s.kode_indikator) AS nama,
      s.agregasi, s.nilai, s.mode, s.garis_tengah, s.batas_bawah, s.batas_atas, s.batas_bawah_2s, s.batas_atas_2s, s.median,
      s.luar_3s, s.run_kini, s.batas_run, s.sinyal_run, s.sinyal_crossing, s.sinyal, s.arah, s.alasan, s.opd_ditandai, s.opd_alasan
    FROM mart.indikator_sinyal s LEFT JOIN ref.indikator i USING (kode_indikator) LEFT JOIN ref.opd o ON o.kode_opd = s.kode_opd
    WHERE s.kode_indikator IN (SELECT kode_indikator FROM mart.indikator_sinyal WHERE sinyal)
    ORDER BY s.kode_indikator, s.periode`);
  const kendaliPeriode = (await wh.query<{ periode: string }>(`SELECT DISTINCT periode FROM mart.indikator_sinyal`)).map((r) => r.periode).sort(urutPeriode);
  const opdDitandai = await wh.query(`
    SELECT DISTINCT s.periode, s.kode_opd, coalesce(o.nama_opd, s.kode_opd) AS nama_opd, s.opd_alasan
    FROM mart.indikator_sinyal s LEFT JOIN ref.opd o USING (kode_opd) WHERE s.opd_ditandai ORDER BY s.periode, s.kode_opd`);

  const perubahan = await wh.query(`
    SELECT c.periode, c.periode_sebelum, coalesce(u.nama_unit, c.kode_unit) AS nama, c.n_sebelum, c.n,
      c.ikm_sebelum, c.ikm, round(c.delta_unit, 2) AS delta_unit, round(c.delta_kota, 2) AS delta_kota, round(c.selisih, 2) AS selisih,
      round(c.se, 2) AS se, round(c.p, 5) AS p, round(c.p_bh, 5) AS p_bh, round(c.ambang_bh, 5) AS ambang_bh, c.bermakna
    FROM mart.ikm_perubahan c LEFT JOIN ref.unit_layanan u USING (kode_unit) ORDER BY c.periode, c.p`);

  const predikatRows = await wh.query<{
    periode: string; kode_opd: string; nama_opd: string; rata_capaian: number | null; jumlah_indikator: number; predikat_organisasi: string | null;
    jumlah_pegawai: number; sangat_baik: number; baik: number; butuh_perbaikan: number; kurang: number; sangat_kurang: number;
    sesuai: boolean | null; aturan_gagal: string | null; alasan: string | null;
  }>(`
    SELECT k.*, coalesce(o.singkatan, k.kode_opd) AS nama_opd
    FROM mart.predikat_kesesuaian k LEFT JOIN ref.opd o USING (kode_opd) ORDER BY k.periode, k.kode_opd`);
  // Shares are published only for groups of 0 or ≥ 5 people (else the count could be recovered).
  const share = (count: number, total: number) => (suppress(count) == null || suppress(total) == null ? null : Math.round((1000 * count) / total) / 10);
  const predikat = predikatRows.map((r) => ({
    periode: r.periode,
    kode_opd: r.kode_opd,
    nama: r.nama_opd,
    rata_capaian: r2(r.rata_capaian),
    jumlah_indikator: r.jumlah_indikator,
    predikat: r.predikat_organisasi,
    pegawai: suppress(r.jumlah_pegawai),
    sb: share(r.sangat_baik, r.jumlah_pegawai),
    b: share(r.baik, r.jumlah_pegawai),
    bp: share(r.butuh_perbaikan, r.jumlah_pegawai),
    k: share(r.kurang, r.jumlah_pegawai),
    sk: share(r.sangat_kurang, r.jumlah_pegawai),
    sesuai: r.sesuai,
    alasan: r.alasan,
  }));

  const perhatian = await wh.query(`SELECT periode, jenis, kode, kode_opd, tingkat, alasan, bukti, sumber FROM mart.perlu_perhatian`);

  return { meta, ikm, izin, kendali, kendaliPeriode, opdDitandai, perubahan, predikat, perhatian };
});

writeJson(data);
