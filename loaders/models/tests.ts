// Generic data tests in the manner of dbt (unique, not_null, accepted_values, relationships), run
// after every transform. A failing test stops the build and names the failing rows.
export interface ModelTests {
  model: string;
  unique?: string[][];
  notNull?: string[];
  acceptedValues?: Record<string, string[]>;
  relationships?: { column: string; to: string; field: string }[];
  /** Extra assertions: SQL selecting the rows that break them. */
  expect?: { name: string; failingRows: string }[];
}

export const MODEL_TESTS: ModelTests[] = [
  {
    model: "core.skm_respon",
    notNull: ["kode_unit", "kode_opd", "tanggal", "skor_responden"],
    relationships: [{ column: "kode_opd", to: "ref.opd", field: "kode_opd" }],
  },
  {
    model: "core.skp_penilaian",
    unique: [["periode", "pegawai"]],
    notNull: ["periode", "pegawai", "kode_opd", "predikat"],
    acceptedValues: { predikat: ["Sangat Baik", "Baik", "Butuh Perbaikan", "Kurang", "Sangat Kurang"], jenis_asn: ["PNS", "PPPK"] },
    relationships: [{ column: "kode_opd", to: "ref.opd", field: "kode_opd" }],
  },
  {
    model: "core.iku_realisasi",
    unique: [["periode", "kode_indikator"]],
    relationships: [{ column: "kode_indikator", to: "ref.indikator", field: "kode_indikator" }],
  },
  {
    model: "mart.ikm_unit",
    unique: [["periode", "kode_unit"]],
    notNull: ["periode", "kode_unit", "kode_opd", "jumlah_responden", "ikm", "mutu", "kinerja_unit"],
    acceptedValues: { mutu: ["A", "B", "C", "D"], kinerja_unit: ["Sangat Baik", "Baik", "Kurang Baik", "Tidak Baik"] },
    relationships: [
      { column: "kode_unit", to: "ref.unit_layanan", field: "kode_unit" },
      { column: "kode_opd", to: "ref.opd", field: "kode_opd" },
    ],
    expect: [
      { name: "ikm dalam rentang 25-100", failingRows: "SELECT * FROM mart.ikm_unit WHERE ikm < 25 OR ikm > 100" },
      { name: "interval memuat ikm", failingRows: "SELECT * FROM mart.ikm_unit WHERE ikm_bawah > ikm OR ikm_atas < ikm" },
    ],
  },
  {
    model: "mart.indikator_capaian",
    unique: [["periode", "kode_indikator"]],
    notNull: ["periode", "kode_opd", "kode_indikator", "status"],
    acceptedValues: {
      status: ["tercapai", "hampir tercapai", "tidak tercapai", "belum lapor", "tanpa target"],
      polaritas: ["naik", "turun", "rentang"],
    },
    relationships: [{ column: "kode_opd", to: "ref.opd", field: "kode_opd" }],
    expect: [
      {
        name: "belum lapor tidak pernah punya capaian",
        failingRows: "SELECT * FROM mart.indikator_capaian WHERE status = 'belum lapor' AND capaian IS NOT NULL",
      },
    ],
  },
  {
    model: "mart.skp_predikat",
    unique: [["periode", "kode_opd"]],
    notNull: ["periode", "kode_opd", "jumlah_pegawai"],
    expect: [
      {
        name: "jumlah predikat = jumlah pegawai",
        failingRows:
          "SELECT * FROM mart.skp_predikat WHERE sangat_baik + baik + butuh_perbaikan + kurang + sangat_kurang <> jumlah_pegawai",
      },
    ],
  },
  {
    model: "core.kalender",
    unique: [["tanggal"]],
    expect: [
      {
        name: "akhir pekan bukan hari kerja",
        failingRows: "SELECT * FROM core.kalender WHERE isodow(tanggal) >= 6 AND hari_kerja",
      },
    ],
  },
  {
    model: "core.izin_permohonan",
    unique: [["no_permohonan"]],
    notNull: ["kode_izin", "kode_opd", "sla_hari_kerja", "tanggal_masuk", "status"],
    acceptedValues: { status: ["terbit", "ditolak", "dicabut", "proses"] },
    expect: [{ name: "hari kerja tidak negatif", failingRows: "SELECT * FROM core.izin_permohonan WHERE hari_kerja < 0" }],
  },
  {
    model: "core.pengaduan_tiket",
    unique: [["nomor_tiket"]],
    notNull: ["kode_opd", "klasifikasi", "tanggal_masuk"],
    relationships: [{ column: "kode_opd", to: "ref.opd", field: "kode_opd" }],
  },
  {
    model: "mart.izin_sla",
    unique: [["periode", "kode_izin"]],
    notNull: ["periode", "kode_opd", "jenis_izin", "jumlah", "selesai", "backlog"],
    expect: [
      {
        name: "persen tepat waktu 0-100",
        failingRows: "SELECT * FROM mart.izin_sla WHERE persen_tepat_waktu < 0 OR persen_tepat_waktu > 100",
      },
    ],
  },
  {
    model: "mart.pengaduan_opd",
    unique: [["periode", "kode_opd"]],
    notNull: ["periode", "kode_opd", "jumlah"],
    relationships: [{ column: "kode_opd", to: "ref.opd", field: "kode_opd" }],
  },
  {
    model: "mart.wilayah_layanan",
    unique: [["periode", "kode_kecamatan"]],
    notNull: ["periode", "nama_kecamatan", "jumlah_unit", "izin_masuk", "aduan_masuk"],
    relationships: [{ column: "kode_kecamatan", to: "ref.wilayah", field: "kode" }],
    expect: [
      {
        name: "persen wilayah 0-100 dan ikm 25-100",
        failingRows:
          "SELECT * FROM mart.wilayah_layanan WHERE persen_izin_tepat_waktu NOT BETWEEN 0 AND 100 OR persen_aduan_selesai_tepat_waktu NOT BETWEEN 0 AND 100 OR ikm NOT BETWEEN 25 AND 100",
      },
    ],
  },
  {
    model: "mart.opd_ringkasan",
    unique: [["periode", "kode_opd"]],
    notNull: ["periode", "kode_opd", "nama_opd"],
  },
  // Planners' analytics (issue 7; loaders/models/mart/*.ts).
  {
    model: "mart.ikm_funnel",
    unique: [["periode", "kode_unit"]],
    notNull: ["periode", "kode_unit", "kode_opd", "jumlah_responden", "ikm", "target", "z", "sinyal", "sampel_kecil", "tau2"],
    acceptedValues: { sinyal: ["alarm_rendah", "waspada_rendah", "normal", "waspada_tinggi", "alarm_tinggi"] },
    expect: [
      { name: "batas berurutan", failingRows: "SELECT * FROM mart.ikm_funnel WHERE NOT (batas_bawah_998 < batas_bawah_95 AND batas_bawah_95 < target AND target < batas_atas_95 AND batas_atas_95 < batas_atas_998)" },
      { name: "tau2 tidak negatif", failingRows: "SELECT * FROM mart.ikm_funnel WHERE tau2 < 0" },
    ],
  },
  {
    model: "mart.izin_funnel",
    unique: [["periode", "kode_izin"]],
    notNull: ["periode", "kode_izin", "jumlah", "tepat_waktu", "target", "sinyal"],
    acceptedValues: { sinyal: ["alarm_rendah", "waspada_rendah", "normal", "waspada_tinggi", "alarm_tinggi"], metode: ["exact", "normal", "arcsine"] },
    expect: [{ name: "batas 0-1", failingRows: "SELECT * FROM mart.izin_funnel WHERE batas_bawah_998 < 0 OR batas_atas_998 > 1 OR tepat_waktu > jumlah" }],
  },
  {
    model: "mart.indikator_sinyal",
    unique: [["periode", "kode_indikator"]],
    notNull: ["periode", "kode_opd", "kode_indikator", "mode", "sinyal", "opd_ditandai"],
    acceptedValues: { mode: ["xmr", "run_chart", "baseline_kurang"], arah: ["memburuk", "membaik"], luar_3s: ["atas", "bawah"] },
  },
  {
    model: "mart.ikm_perubahan",
    unique: [["periode", "kode_unit"]],
    notNull: ["periode", "periode_sebelum", "kode_unit", "p", "p_bh", "bermakna"],
    expect: [{ name: "p 0-1", failingRows: "SELECT * FROM mart.ikm_perubahan WHERE p < 0 OR p > 1 OR p_bh < p - 1e-12" }],
  },
  {
    model: "mart.ikm_peringkat",
    unique: [["periode", "kode_unit"]],
    expect: [
      { name: "sampel kecil tidak diperingkat", failingRows: "SELECT * FROM mart.ikm_peringkat WHERE sampel_kecil AND peringkat IS NOT NULL" },
      { name: "tanpa peringkat bila rankability < 0,5", failingRows: "SELECT * FROM mart.ikm_peringkat WHERE rankability < 0.5 AND peringkat IS NOT NULL" },
    ],
  },
  {
    model: "mart.predikat_kesesuaian",
    unique: [["periode", "kode_opd"]],
    notNull: ["periode", "kode_opd", "jumlah_pegawai"],
    acceptedValues: { predikat_organisasi: ["Istimewa", "Baik", "Butuh Perbaikan", "Kurang", "Sangat Kurang"] },
  },
  {
    model: "mart.perlu_perhatian",
    notNull: ["periode", "jenis", "kode", "kode_opd", "tingkat", "alasan", "bukti"],
    acceptedValues: { jenis: ["unit", "opd", "indikator"], tingkat: ["alarm", "waspada"] },
    relationships: [{ column: "kode_opd", to: "ref.opd", field: "kode_opd" }],
  },
];

/** SQL selecting the failing rows of each test of a model. */
export function compileTests(t: ModelTests): { name: string; sql: string }[] {
  const out: { name: string; sql: string }[] = [];
  for (const cols of t.unique ?? []) {
    const c = cols.join(", ");
    out.push({
      name: `unique(${c})`,
      sql: `SELECT ${c}, count(*) AS jumlah FROM ${t.model} GROUP BY ${c} HAVING count(*) > 1`,
    });
  }
  for (const c of t.notNull ?? [])
    out.push({ name: `not_null(${c})`, sql: `SELECT * FROM ${t.model} WHERE ${c} IS NULL` });
  for (const [c, values] of Object.entries(t.acceptedValues ?? {}))
    out.push({
      name: `accepted_values(${c})`,
      sql: `SELECT * FROM ${t.model} WHERE ${c} IS NOT NULL AND ${c} NOT IN (${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(", ")})`,
    });
  for (const r of t.relationships ?? [])
    out.push({
      name: `relationships(${r.column} -> ${r.to}.${r.field})`,
      sql: `SELECT * FROM ${t.model} WHERE ${r.column} IS NOT NULL AND ${r.column} NOT IN (SELECT ${r.field} FROM ${r.to})`,
    });
  for (const e of t.expect ?? []) out.push({ name: e.name, sql: e.failingRows });
  return out;
}
