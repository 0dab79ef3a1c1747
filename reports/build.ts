// Assembles the three packs from the marts: the quarterly OPD pack (modelled on a Mayor's
// Management Report department page), the city-wide pack for leadership, and the annual LKjIP pack
// of an OPD (PermenPANRB 53/2014, Bab III tables).
import path from "node:path";
import { readNarasi, type Narasi } from "../loaders/narasi/narasi.ts";
import { hitungStatus, kalimatOpd } from "../loaders/narasi/otomatis.ts";
import { angka, labelPeriode, labelPeriodePendek } from "../src/components/format.ts";
import { DISEMBUNYIKAN, type Baris, type Bagian, type Kolom, type Paket, type Tabel } from "./pack.ts";
import { jumlahOrang, sebaranOrang } from "./privacy.ts";
import { grafikBatang, grafikGaris } from "./svg.ts";
import type { Periode, Sumber } from "./data.ts";

export interface OpsiPaket {
  /** Root of the project (data/narasi lives under it). */
  root: string;
  /** ISO date of the pack (signature date), WIB. */
  tanggal: string;
  final: boolean;
}

const k = (key: string, label: string, tipe: Kolom["tipe"] = "teks"): Kolom => ({ key, label, tipe });

const SUMBER_IKU = "mart.indikator_capaian (realisasi IKU e-SAKIP; target: data/reference/target_indikator.csv)";
const DEF_CAPAIAN =
  "Capaian = R/T × 100 (naik), (2T − R)/T × 100 (turun), 100 di dalam rentang; PermenPANRB 8/2021. Status: 100 ke atas tercapai, 90 sampai di bawah 100 hampir tercapai, di bawah 90 tidak tercapai. Realisasi kosong = belum lapor, tidak dihitung nol.";

function narasiBagian(n: Narasi | null, kode: string, periode: string): Bagian {
  if (!n)
    return {
      judul: "Catatan OPD",
      paragraf: [`Catatan OPD untuk periode ini belum ditulis (berkas data/narasi/${kode}/${periode}.md).`],
    };
  const blok = [
    { judul: "Faktor pendorong", teks: n.pendorong },
    { judul: "Faktor penghambat", teks: n.penghambat },
    { judul: "Tindak lanjut", teks: n.tindakLanjut },
    ...n.lainnya,
  ].map((b) => ({ judul: b.judul, teks: b.teks || "Belum diisi." }));
  return { judul: "Catatan OPD", paragraf: n.ringkasan ? [n.ringkasan] : [], blok };
}

function tabelIku(rows: Baris[], triwulan: boolean): Tabel {
  const rentang = rows.some((r) => r.target_atas != null);
  const kolom = [
    k("sasaran", "Sasaran"),
    k("nama_indikator", "Indikator"),
    k("satuan", "Satuan"),
    k("target_tahunan", "Target tahunan", "angka"),
    ...(triwulan ? [k("target", "Target triwulan kumulatif", "angka")] : []),
    ...(rentang ? [k("target_atas", "Batas atas target", "angka")] : []),
    k("realisasi", triwulan ? "Realisasi s.d. triwulan" : "Realisasi", "angka"),
    k("capaian", "Capaian", "persen"),
    k("status", "Status", "status"),
  ];
  return {
    id: "IKU",
    judul: triwulan ? "Indikator Kinerja Utama (IKU)" : "Capaian IKU",
    kolom,
    baris: rows,
    definisi: `${DEF_CAPAIAN} Target triwulan: kumulatif = target tahunan × triwulan/4; nilai terakhir dan rasio = target tahunan (data/reference/agregasi_indikator.csv).`,
    sumber: SUMBER_IKU,
  };
}

function tabelIkm(rows: Baris[], periodeIkm: string, kota: boolean): Tabel {
  return {
    id: "IKM Unit",
    judul: `Indeks Kepuasan Masyarakat per unit layanan, ${labelPeriode(periodeIkm)}`,
    kolom: [
      ...(kota ? [k("singkatan", "OPD")] : []),
      k("nama_unit", "Unit layanan"),
      k("jumlah_responden", "Responden", "orang"),
      k("ikm", "IKM", "angka"),
      k("mutu", "Mutu"),
      k("kinerja_unit", "Kinerja unit"),
      k("ikm_bawah", "Batas bawah 95%", "angka"),
      k("ikm_atas", "Batas atas 95%", "angka"),
      k("sampel", "Sampel (Krejcie-Morgan)"),
    ],
    baris: rows.map((r) => ({ ...r, jumlah_responden: jumlahOrang(r.jumlah_responden as number) })),
    lebar: kota,
    definisi: "IKM = 25 × rata-rata NRR sembilan unsur (PermenPANRB 14/2017); mutu A 88,31-100, B 76,61-88,30, C 65,00-76,60, D di bawah 65,00. Jumlah responden 1-4 tidak ditampilkan.",
    sumber: "mart.ikm_unit (Survei Kepuasan Masyarakat)",
  };
}

function tabelIzin(izin: { baris: Baris[]; total: Baris | null }): Tabel {
  return {
    id: "Izin",
    judul: "Perizinan: permohonan dan waktu penyelesaian (hari kerja)",
    kolom: [
      k("jenis_izin", "Jenis izin"),
      k("sla_hari_kerja", "Standar (hari kerja)", "bulat"),
      k("jumlah", "Masuk", "bulat"),
      k("selesai", "Terbit", "bulat"),
      k("ditolak", "Ditolak", "bulat"),
      k("median_hari_kerja", "Median hari kerja", "angka"),
      k("p90_hari_kerja", "Persentil 90", "angka"),
      k("persen_tepat_waktu", "Tepat waktu", "persen"),
      k("backlog", "Belum selesai di akhir periode", "bulat"),
    ],
    baris: izin.baris,
    total: izin.total,
    definisi: "Waktu penyelesaian dalam hari kerja (akhir pekan dan data/reference/hari_libur.csv dikecualikan), dibandingkan dengan standar pelayanan jenis izin.",
    sumber: "mart.izin_sla (ekspor SiCantik/OSS)",
  };
}

function tabelPengaduan(p: { baris: Baris[]; total: Baris | null }): Tabel {
  return {
    id: "Pengaduan",
    judul: "Pengaduan SP4N-LAPOR!",
    kolom: [
      k("singkatan", "OPD"),
      k("jumlah", "Pengaduan masuk", "bulat"),
      k("persen_tanggapan_3_hari", "Ditanggapi maks. 3 hari", "persen"),
      k("persen_selesai_tepat_waktu", "Selesai tepat waktu", "persen"),
      k("median_hari_selesai", "Median hari selesai", "angka"),
      k("selesai", "Selesai", "bulat"),
      k("belum_selesai", "Masih diproses", "bulat"),
    ],
    baris: p.baris,
    total: p.total,
    definisi: "Tanggapan pertama paling lama 3 hari; penyelesaian paling lama 5 hari (informasi, sederhana), 14 hari (investigasi), 60 hari (pemeriksaan lapangan), dalam hari kerja.",
    sumber: "mart.pengaduan_opd (ekspor SP4N-LAPOR!)",
  };
}

function tabelSinyal(rows: Baris[], kota: boolean): Tabel {
  return {
    id: "Perlu Perhatian",
    judul: "Perlu perhatian (analisis perencana)",
    kolom: [
      k("periode", "Periode"),
      k("tingkat", "Tingkat"),
      ...(kota ? [k("singkatan", "OPD")] : []),
      k("jenis", "Jenis"),
      k("kode", "Kode"),
      k("alasan", "Alasan"),
      k("bukti", "Bukti"),
    ],
    baris: rows,
    lebar: true,
    definisi: "Sinyal dari analisis statistik perencana (funnel, XmR, perubahan); sampel kecil bukan kegagalan.",
    sumber: "mart.perlu_perhatian",
  };
}

function tabelSinyalIndikator(rows: Baris[]): Tabel {
  return {
    id: "Sinyal Indikator",
    judul: "Indikator yang memberi sinyal pada peta kendali",
    kolom: [
      k("nama_indikator", "Indikator"),
      k("nilai", "Capaian triwulan (dibatasi 120)", "persen"),
      k("garis_tengah", "Garis tengah", "persen"),
      k("batas_bawah", "Batas bawah 3 sigma", "persen"),
      k("arah", "Arah"),
      k("alasan", "Alasan"),
    ],
    baris: rows,
    lebar: true,
    definisi: "Peta kendali XmR atau run chart per indikator (METHODS §3): titik di luar batas 3 sigma atau run yang lebih panjang dari batas Anhøj.",
    sumber: "mart.indikator_sinyal",
  };
}

async function ringkasanIku(src: Sumber, periode: string, kode: string) {
  const rows = await src.iku(periode, kode);
  const r = await src.ringkasanOpd(periode, kode);
  return { periode, rata_capaian: (r?.rata_capaian as number | null) ?? null, ...hitungStatus(rows as { status: string | null }[]) };
}

async function kalimat(src: Sumber, periode: string, kode: string, nama: string): Promise<string> {
  const sekarang = await ringkasanIku(src, periode, kode);
  const prev = await src.periodeSebelum(periode);
  const sebelum = prev ? await ringkasanIku(src, prev, kode) : null;
  return kalimatOpd({ nama_opd: nama, sekarang, sebelum });
}

function trenTabel(rows: Baris[], periodes: string[]): Tabel {
  const byInd = new Map<string, Baris>();
  for (const r of rows) {
    const b = byInd.get(String(r.kode_indikator)) ?? { nama_indikator: r.nama_indikator };
    b[`c_${r.periode}`] = r.capaian;
    byInd.set(String(r.kode_indikator), b);
  }
  return {
    id: "Tren Indikator",
    judul: "Capaian per indikator, delapan triwulan terakhir (%)",
    kolom: [k("nama_indikator", "Indikator"), ...periodes.map((p) => k(`c_${p}`, labelPeriodePendek(p), "persen"))],
    baris: [...byInd.values()],
    lebar: true,
    definisi: DEF_CAPAIAN,
    sumber: SUMBER_IKU,
  };
}

export async function paketOpdTriwulan(src: Sumber, p: Periode, kode: string, opsi: OpsiPaket): Promise<Paket> {
  const [o] = await src.opd(kode);
  const bagian: Bagian[] = [];
  const profil = await src.profil(kode);
  bagian.push({
    judul: "Tentang perangkat daerah",
    paragraf: [profil ?? `${o.nama_opd}: uraian tugas belum diisi (data/reference/opd_profil.csv).`, await kalimat(src, p.periode, kode, o.nama_opd)],
  });
  const iku = await src.iku(p.periode, kode);
  bagian.push({ judul: `Indikator Kinerja Utama, ${labelPeriode(p.periode)}`, tabel: [tabelIku(iku, p.jenis === "triwulan")] });

  const tren = await src.trenOpd(p.periode, kode);
  const periodes = tren.map((t) => String(t.periode));
  const trenRingkas: Tabel = {
    id: "Tren",
    judul: "Rata-rata capaian IKU (dibatasi 120) per triwulan",
    kolom: [k("periode_label", "Triwulan"), k("rata_capaian", "Rata-rata capaian", "persen"), k("indikator_tercapai", "Tercapai", "bulat"), k("indikator_dilaporkan", "Dilaporkan", "bulat"), k("jumlah_indikator", "Jumlah IKU", "bulat"), k("status", "Status", "status")],
    baris: tren.map((t) => ({ ...t, periode_label: labelPeriode(String(t.periode)) })),
    definisi: "Rata-rata capaian indikator yang dilaporkan, tiap capaian dibatasi 120 (mart.opd_ringkasan).",
    sumber: "mart.opd_ringkasan",
  };
  bagian.push({
    judul: "Tren delapan triwulan terakhir",
    grafik: {
      svg: grafikGaris(tren.map((t) => ({ label: labelPeriodePendek(String(t.periode)), nilai: t.rata_capaian as number | null })), `Rata-rata capaian IKU ${o.nama_opd}`),
      alt: `Rata-rata capaian IKU ${o.singkatan}: ${tren.map((t) => `${labelPeriodePendek(String(t.periode))} ${angka(t.rata_capaian as number | null, 1)}`).join("; ")}.`,
    },
    tabel: [trenRingkas],
  });
  bagian.push({ judul: "Capaian per indikator", tabel: [trenTabel(await src.trenIndikator(periodes, kode), periodes)], halamanBaru: true });

  const ikm = await src.ikmUnit(p.periodeIkm, kode);
  if (ikm.length) bagian.push({ judul: "Kepuasan masyarakat (IKM) unit layanan", tabel: [tabelIkm(ikm, p.periodeIkm, false)] });
  const izin = await src.izin(p.periode, kode);
  if (izin.baris.length) bagian.push({ judul: "Perizinan", tabel: [tabelIzin(izin)] });
  const aduan = await src.pengaduan(p.periode, kode);
  if (aduan.baris.length) bagian.push({ judul: "Pengaduan masyarakat", tabel: [tabelPengaduan(aduan)] });

  const opsional: string[] = [];
  const sinyal = await src.perluPerhatian(p, kode);
  const sinyalInd = await src.sinyalIndikator(p.periode, kode);
  if (sinyal) opsional.push("mart.perlu_perhatian");
  if (sinyalInd) opsional.push("mart.indikator_sinyal");
  const bs: Bagian = { judul: "Sinyal analisis perencana", tabel: [] };
  if (sinyal === null && sinyalInd === null) bs.paragraf = ["Analisis sinyal perencana belum tersedia di gudang data untuk periode ini."];
  else {
    if (sinyal) bs.tabel!.push(tabelSinyal(sinyal, false));
    if (sinyalInd) bs.tabel!.push(tabelSinyalIndikator(sinyalInd));
    if (!sinyal?.length && !sinyalInd?.length) bs.paragraf = ["Tidak ada sinyal yang perlu perhatian untuk OPD ini pada periode ini."];
  }
  bagian.push(bs);
  bagian.push(narasiBagian(readNarasi(path.join(opsi.root, "data", "narasi"), kode, p.periode), kode, p.periode));

  return {
    jenis: "opd-triwulan",
    periode: p.periode,
    kode,
    judul: `Laporan Kinerja ${labelPeriode(p.periode)}`,
    subjudul: o.nama_opd,
    namaFile: `opd-${kode}-${p.periode}`,
    bagian,
    penandatangan: await src.penandatangan(kode, opsi.tanggal, `Kepala ${o.nama_opd}`),
    final: opsi.final,
    meta: await src.meta(p, opsional),
  };
}

const PREDIKAT = ["sangat_baik", "baik", "butuh_perbaikan", "kurang", "sangat_kurang"] as const;

export async function paketKota(src: Sumber, p: Periode, opsi: OpsiPaket): Promise<Paket> {
  const bagian: Bagian[] = [];
  const skor = await src.skorKota(p.periode);
  const sebaran = await src.sebaranStatus(p.periode);
  bagian.push({
    judul: "Ringkasan",
    paragraf: [
      `Rata-rata capaian IKU seluruh perangkat daerah pada ${labelPeriode(p.periode)}: ${angka(skor.total.rata_capaian as number | null, 2)}% (${angka(skor.total.indikator_tercapai as number, 0)} dari ${angka(skor.total.jumlah_indikator as number, 0)} indikator tercapai, ${angka(skor.total.indikator_dilaporkan as number, 0)} dilaporkan).`,
    ],
    grafik: {
      svg: grafikBatang(sebaran.map((s) => ({ label: String(s.status), nilai: Number(s.jumlah) })), "Jumlah OPD menurut status capaian"),
      alt: `Jumlah OPD menurut status capaian: ${sebaran.map((s) => `${s.status} ${s.jumlah}`).join("; ")}.`,
    },
  });
  const trenKota = await src.trenKota(p.periode);
  bagian.push({
    judul: `Tren capaian kota, ${trenKota.length} ${p.jenis === "triwulan" ? "triwulan" : "tahun"} terakhir`,
    grafik: {
      svg: grafikGaris(trenKota.map((t) => ({ label: labelPeriodePendek(String(t.periode)), nilai: t.rata_capaian as number | null })), "Rata-rata capaian IKU Kota Pariaman"),
      alt: `Rata-rata capaian IKU seluruh OPD: ${trenKota.map((t) => `${labelPeriodePendek(String(t.periode))} ${angka(t.rata_capaian as number | null, 1)}`).join("; ")}.`,
    },
    tabel: [
      {
        id: "Tren Kota",
        judul: "Rata-rata capaian IKU seluruh OPD (dibatasi 120)",
        kolom: [k("periode_label", "Periode"), k("rata_capaian", "Rata-rata capaian", "persen"), k("indikator_tercapai", "IKU tercapai", "bulat"), k("jumlah_indikator", "Jumlah IKU", "bulat")],
        baris: trenKota.map((t) => ({ ...t, periode_label: labelPeriode(String(t.periode)) })),
        definisi: "Rata-rata capaian semua indikator yang dilaporkan, tiap capaian dibatasi 120, dihitung di SQL dari mart.indikator_capaian.",
        sumber: "mart.indikator_capaian",
      },
    ],
  });
  bagian.push({
    judul: "Kartu skor OPD",
    halamanBaru: true,
    tabel: [
      {
        id: "Kartu Skor",
        judul: `Kartu skor OPD, ${labelPeriode(p.periode)}`,
        kolom: [
          k("singkatan", "OPD"),
          k("jumlah_indikator", "IKU", "bulat"),
          k("indikator_dilaporkan", "Dilaporkan", "bulat"),
          k("indikator_tercapai", "Tercapai", "bulat"),
          k("rata_capaian", "Rata-rata capaian", "persen"),
          k("status", "Status", "status"),
          k("ikm", "IKM", "angka"),
          k("mutu", "Mutu"),
          k("jumlah_pegawai", "Pegawai", "orang"),
          k("persen_sangat_baik", "Sangat Baik", "persen"),
          k("persen_butuh_perbaikan_ke_bawah", "Butuh Perbaikan ke bawah", "persen"),
        ],
        // n_* counts are only read to withhold the shares above; they are not columns.
        // A share is withheld with the count of 1-4 people it stands for.
        baris: skor.baris.map((r) => ({
          ...r,
          jumlah_pegawai: jumlahOrang(r.jumlah_pegawai as number),
          persen_sangat_baik: jumlahOrang(r.n_sangat_baik as number) === DISEMBUNYIKAN ? DISEMBUNYIKAN : r.persen_sangat_baik,
          persen_butuh_perbaikan_ke_bawah: jumlahOrang(r.n_butuh_ke_bawah as number) === DISEMBUNYIKAN ? DISEMBUNYIKAN : r.persen_butuh_perbaikan_ke_bawah,
        })),
        total: { ...skor.total, jumlah_pegawai: jumlahOrang(skor.total.jumlah_pegawai as number) },
        lebar: true,
        definisi: `${DEF_CAPAIAN} Rata-rata capaian memakai capaian yang dibatasi 120. IKM: semester periode ini.`,
        sumber: "mart.opd_ringkasan; baris Kota Pariaman dihitung di SQL dari mart.indikator_capaian",
      },
    ],
  });

  const opsional: string[] = [];
  const pp = await src.perluPerhatian(p);
  const bp: Bagian = { judul: "Perlu perhatian" };
  if (pp) {
    opsional.push("mart.perlu_perhatian");
    bp.tabel = [tabelSinyal(pp, true)];
    if (!pp.length) bp.paragraf = ["Tidak ada sinyal yang perlu perhatian pada periode ini."];
  } else {
    const bawah = await src.dibawahTarget(p.periode);
    bp.paragraf = ["Analisis sinyal perencana belum tersedia di gudang data; daftar ini memuat OPD dengan rata-rata capaian di bawah 90%."];
    bp.tabel = [
      {
        id: "Perlu Perhatian",
        judul: "OPD dengan rata-rata capaian di bawah 90%",
        kolom: [k("singkatan", "OPD"), k("rata_capaian", "Rata-rata capaian", "persen"), k("status", "Status", "status"), k("belum_tercapai", "IKU belum tercapai", "bulat")],
        baris: bawah,
        sumber: "mart.opd_ringkasan",
      },
    ];
  }
  bagian.push(bp);

  const ikm = await src.ikmUnit(p.periodeIkm);
  if (ikm.length) bagian.push({ judul: "Kepuasan masyarakat (IKM) per unit layanan", tabel: [tabelIkm(ikm, p.periodeIkm, true)] });
  const izin = await src.izin(p.periode);
  const aduan = await src.pengaduan(p.periode);
  const layanan: Tabel[] = [];
  if (izin.baris.length) layanan.push(tabelIzin(izin));
  if (aduan.baris.length) layanan.push(tabelPengaduan(aduan));
  if (layanan.length) bagian.push({ judul: "Perizinan dan pengaduan", tabel: layanan });

  const pred = await src.predikat(p);
  if (pred.periode) {
    bagian.push({
      judul: "Sebaran predikat kinerja ASN",
      paragraf: pred.periode !== p.periode ? [`Penilaian SKP ${labelPeriode(p.periode)} belum ada; yang ditampilkan: ${labelPeriode(pred.periode)}.`] : [],
      tabel: [
        {
          id: "Predikat SKP",
          judul: `Sebaran predikat SKP, ${labelPeriode(pred.periode)}`,
          kolom: [
            k("singkatan", "OPD"),
            k("jumlah_pegawai", "Pegawai", "orang"),
            k("sangat_baik", "Sangat Baik", "orang"),
            k("baik", "Baik", "orang"),
            k("butuh_perbaikan", "Butuh Perbaikan", "orang"),
            k("kurang", "Kurang", "orang"),
            k("sangat_kurang", "Sangat Kurang", "orang"),
          ],
          baris: pred.baris.map((r) => ({ ...sebaranOrang(r, PREDIKAT), jumlah_pegawai: jumlahOrang(r.jumlah_pegawai as number) })),
          total: pred.total ? { ...sebaranOrang(pred.total, PREDIKAT), jumlah_pegawai: jumlahOrang(pred.total.jumlah_pegawai as number) } : null,
          lebar: true,
          definisi: "Predikat PermenPANRB 6/2022 (hasil kerja × perilaku kerja). Jumlah 1-4 orang tidak ditampilkan (dan satu sel lagi bila hanya satu yang disembunyikan).",
          sumber: "mart.skp_predikat (ekspor e-Kinerja BKN; NIP dipseudonimkan, nama tidak disimpan)",
        },
      ],
    });
  }
  bagian.push(lampiranMetodologi());
  return {
    jenis: "kota",
    periode: p.periode,
    kode: "KOTA",
    judul: `Laporan Kinerja Kota Pariaman ${labelPeriode(p.periode)}`,
    subjudul: "Paket rapat evaluasi pimpinan",
    namaFile: `kota-${p.periode}`,
    bagian,
    penandatangan: await src.penandatangan("KOTA", opsi.tanggal, "Wali Kota Pariaman"),
    final: opsi.final,
    meta: await src.meta(p, opsional),
  };
}

function lampiranMetodologi(): Bagian {
  return {
    judul: "Lampiran: metodologi",
    halamanBaru: true,
    blok: [
      { judul: "Capaian IKU", teks: `${DEF_CAPAIAN} Rata-rata OPD memakai capaian yang dibatasi 120.` },
      { judul: "Target triwulan", teks: "Agregasi per indikator (data/reference/agregasi_indikator.csv): kumulatif (target triwulan = target tahunan × triwulan/4), nilai terakhir dan rasio (dibandingkan dengan target tahunan)." },
      { judul: "IKM", teks: "PermenPANRB 14/2017: NRR per unsur = jumlah nilai / jumlah jawaban; IKM = 25 × rata-rata sembilan NRR (bobot 1/9), dibulatkan 2 desimal; mutu A (88,31-100), B (76,61-88,30), C (65,00-76,60), D (25,00-64,99). Sampel minimum Krejcie-Morgan dari volume layanan." },
      { judul: "Predikat ASN", teks: "PermenPANRB 6/2022, matriks hasil kerja × perilaku kerja; pola distribusi SE MenPANRB 3/2023." },
      { judul: "Privasi", teks: "NIP dipseudonimkan di pintu masuk; nama, NIK dan teks bebas tidak pernah disimpan. Jumlah orang 1-4 tidak ditampilkan di paket publik." },
    ],
  };
}

/** The annual LKjIP pack of one OPD: the Bab III tables of PermenPANRB 53/2014. */
export async function paketLkjip(src: Sumber, p: Periode, kode: string, opsi: OpsiPaket): Promise<Paket> {
  const [o] = await src.opd(kode);
  const tahun = p.tahun;
  const bagian: Bagian[] = [];
  bagian.push({
    judul: "Bab I. Pendahuluan: gambaran umum organisasi",
    paragraf: [(await src.profil(kode)) ?? `${o.nama_opd}: uraian tugas belum diisi (data/reference/opd_profil.csv).`, await kalimat(src, p.periode, kode, o.nama_opd)],
  });
  const t31 = tabelIku(await src.iku(String(tahun), kode), false);
  bagian.push({
    judul: "Bab III. Akuntabilitas kinerja",
    paragraf: [`Tabel 3.1 membandingkan target dan realisasi IKU tahun ${tahun}; n/a berarti realisasi belum dilaporkan.`],
    tabel: [{ ...t31, id: "3.1 Capaian Tahun Ini", judul: `Tabel 3.1 Capaian kinerja tahun ${tahun}`, kosong: "n/a" }],
  });

  const lima = await src.limaTahun(tahun, kode);
  const years = Array.from({ length: 5 }, (_, i) => tahun - 4 + i);
  const byInd = new Map<string, Baris>();
  for (const r of lima) {
    const b = byInd.get(String(r.kode_indikator)) ?? { nama_indikator: r.nama_indikator, satuan: r.satuan };
    b[`r_${r.periode}`] = r.realisasi;
    b[`c_${r.periode}`] = r.capaian;
    byInd.set(String(r.kode_indikator), b);
  }
  bagian.push({
    judul: "Realisasi dan capaian lima tahun",
    halamanBaru: true,
    tabel: [
      {
        id: "3.2 Lima Tahun",
        judul: `Tabel 3.2 Realisasi dan capaian ${years[0]}-${tahun}`,
        kolom: [k("nama_indikator", "Indikator"), k("satuan", "Satuan"), ...years.flatMap((y) => [k(`r_${y}`, `Realisasi ${y}`, "angka"), k(`c_${y}`, `Capaian ${y}`, "persen")])],
        baris: [...byInd.values()],
        kosong: "n/a",
        lebar: true,
        definisi: DEF_CAPAIAN,
        sumber: SUMBER_IKU,
      },
    ],
  });

  const ren = await src.renstra(tahun, kode);
  bagian.push(
    ren && ren.length
      ? {
          judul: "Realisasi terhadap target akhir Renstra",
          tabel: [
            {
              id: "3.3 Target Renstra",
              judul: `Tabel 3.3 Realisasi ${tahun} terhadap target akhir Renstra ${String(ren[0].periode_renstra)}`,
              kolom: [
                k("nama_indikator", "Indikator"),
                k("satuan", "Satuan"),
                k("target_renstra", "Target akhir Renstra", "angka"),
                ...(ren.some((r) => r.target_renstra_atas != null) ? [k("target_renstra_atas", "Batas atas target", "angka")] : []),
                k("realisasi", `Realisasi ${tahun}`, "angka"),
                k("capaian_renstra", "Capaian thd. Renstra", "persen"),
                k("status", "Status", "status"),
              ],
              baris: ren,
              kosong: "n/a",
              definisi: `Capaian terhadap target akhir Renstra dengan rumus capaian IKU yang sama. ${DEF_CAPAIAN}`,
              sumber: "mart.indikator_capaian; data/reference/target_renstra.csv",
            },
          ],
        }
      : { judul: "Realisasi terhadap target akhir Renstra", paragraf: ["Target akhir Renstra belum diisi untuk OPD ini (data/reference/target_renstra.csv)."] },
  );

  const spm = await src.standar(tahun, kode);
  bagian.push(
    spm && spm.length
      ? {
          judul: "Perbandingan dengan standar nasional (SPM)",
          tabel: [
            {
              id: "3.4 Standar Nasional",
              judul: `Tabel 3.4 Realisasi ${tahun} terhadap standar nasional`,
              kolom: [
                k("nama_indikator", "Indikator"),
                k("standar", "Standar"),
                k("dasar_hukum", "Dasar hukum"),
                k("nilai_standar", "Nilai standar", "angka"),
                k("realisasi", `Realisasi ${tahun}`, "angka"),
                k("selisih", "Selisih", "angka"),
                k("capaian_standar", "Capaian thd. standar", "persen"),
              ],
              baris: spm,
              kosong: "n/a",
              lebar: true,
              definisi: "Standar Pelayanan Minimal: capaian = realisasi / nilai standar × 100.",
              sumber: "mart.indikator_capaian; data/reference/standar_nasional.csv",
            },
          ],
        }
      : { judul: "Perbandingan dengan standar nasional (SPM)", paragraf: ["Tidak ada IKU OPD ini yang memiliki standar nasional (SPM) di data/reference/standar_nasional.csv."] },
  );

  const ikm = await src.ikmUnit(String(tahun), kode);
  if (ikm.length) bagian.push({ judul: "Kepuasan masyarakat (IKM) unit layanan", tabel: [tabelIkm(ikm, String(tahun), false)] });
  bagian.push(narasiBagian(readNarasi(path.join(opsi.root, "data", "narasi"), kode, p.periode), kode, p.periode));
  return {
    jenis: "lkjip",
    periode: p.periode,
    kode,
    judul: `Laporan Kinerja Instansi Pemerintah (LKjIP) Tahun ${tahun}`,
    subjudul: o.nama_opd,
    namaFile: `lkjip-${kode}-${tahun}`,
    bagian,
    penandatangan: await src.penandatangan(kode, opsi.tanggal, `Kepala ${o.nama_opd}`),
    final: opsi.final,
    meta: await src.meta(p, []),
  };
}
