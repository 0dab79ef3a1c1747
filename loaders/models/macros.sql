-- Domain rules of DESIGN §5, each one macro, each tested against the regulation's examples
-- (loaders/models/macros.test.ts) and cited on the methodology page.

-- IKM grade, PermenPANRB 14/2017 Lampiran: applied to the IKM rounded to two decimals.
CREATE OR REPLACE MACRO ikm_mutu(ikm) AS
  CASE WHEN ikm IS NULL THEN NULL
       WHEN ikm >= 88.31 THEN 'A'
       WHEN ikm >= 76.61 THEN 'B'
       WHEN ikm >= 65.00 THEN 'C'
       ELSE 'D' END;

CREATE OR REPLACE MACRO ikm_kinerja_unit(mutu) AS
  CASE mutu WHEN 'A' THEN 'Sangat Baik' WHEN 'B' THEN 'Baik' WHEN 'C' THEN 'Kurang Baik' WHEN 'D' THEN 'Tidak Baik' END;

-- IKM = 25 x mean of the nine unsur NRR, weight exactly 1/9 (the regulation's 0,111 is a rounded variant).
CREATE OR REPLACE MACRO ikm_dari_nrr(nrr) AS round(25 * list_avg(nrr), 2);

-- Krejcie & Morgan minimum sample for population n (chi-square 3,841, P = 0,5, d = 0,05).
CREATE OR REPLACE MACRO sampel_minimum(n) AS
  CASE WHEN n IS NULL OR n <= 0 THEN NULL
       ELSE CAST(round(3.841 * n * 0.25 / (0.0025 * (n - 1) + 3.841 * 0.25)) AS INTEGER) END;

-- 95% interval of a mean score (normal approximation), clamped to the IKM scale 25-100.
CREATE OR REPLACE MACRO ikm_batas(ikm, sd, n, arah) AS
  -- (ikm IS NULL checked explicitly: least/greatest skip NULLs, so a NULL ikm would give 100 and 25)
  CASE WHEN ikm IS NULL OR n IS NULL OR n < 2 OR sd IS NULL THEN NULL
       ELSE round(greatest(25, least(100, ikm + arah * 1.959964 * sd / sqrt(n))), 2) END;

-- SKP predikat from hasil kerja x perilaku kerja, PermenPANRB 6/2022 Lampiran.
CREATE OR REPLACE MACRO skp_predikat_matriks(hasil, perilaku) AS
  CASE
    WHEN hasil IS NULL OR perilaku IS NULL THEN NULL
    WHEN hasil = 'Di Atas Ekspektasi' THEN
      CASE perilaku WHEN 'Di Atas Ekspektasi' THEN 'Sangat Baik' WHEN 'Sesuai Ekspektasi' THEN 'Baik' ELSE 'Kurang' END
    WHEN hasil = 'Sesuai Ekspektasi' THEN
      CASE perilaku WHEN 'Di Bawah Ekspektasi' THEN 'Kurang' ELSE 'Baik' END
    ELSE
      CASE perilaku WHEN 'Di Bawah Ekspektasi' THEN 'Sangat Kurang' ELSE 'Butuh Perbaikan' END
  END;

-- IKU capaian, PermenPANRB 8/2021 (text of DESIGN §5). A missing realisation is NULL ("belum lapor"), never 0.
CREATE OR REPLACE MACRO iku_capaian(polaritas, target, target_atas, realisasi) AS
  CASE
    WHEN realisasi IS NULL OR target IS NULL THEN NULL
    WHEN polaritas = 'naik' THEN CASE WHEN target = 0 THEN NULL ELSE round(realisasi / target * 100, 2) END
    WHEN polaritas = 'turun' THEN CASE WHEN target = 0 THEN NULL ELSE round((2 * target - realisasi) / target * 100, 2) END
    WHEN polaritas = 'rentang' THEN
      CASE WHEN realisasi < target THEN CASE WHEN target = 0 THEN NULL ELSE round(realisasi / target * 100, 2) END
           WHEN realisasi > coalesce(target_atas, target) THEN round(realisasi / coalesce(target_atas, target) * 100, 2)
           ELSE 100.0 END
  END;

-- Aggregates of capaian use values capped at 120. DuckDB's least() skips NULLs (least(NULL, 120) is
-- 120), so the NULL of "belum lapor" must be passed through explicitly, or it would count as 120.
CREATE OR REPLACE MACRO capaian_dibatasi(c) AS CASE WHEN c IS NULL THEN NULL ELSE least(c, 120.0) END;

-- Status band of a capaian, from data/reference/status_capaian.csv (defaults: >= 100, >= 90, below).
CREATE OR REPLACE MACRO status_capaian(c) AS
  CASE WHEN c IS NULL THEN NULL
       ELSE (SELECT status FROM ref.status_capaian WHERE c >= batas_bawah ORDER BY batas_bawah DESC LIMIT 1) END;

-- Period labels and arithmetic. periode: 2024 | 2024-S1 | 2024-Q3 | 2024-03.
CREATE OR REPLACE MACRO periode_semester(d) AS strftime(d, '%Y') || '-S' || CASE WHEN month(d) <= 6 THEN '1' ELSE '2' END;
CREATE OR REPLACE MACRO periode_triwulan(tahun, tw) AS CAST(tahun AS VARCHAR) || '-Q' || CAST(tw AS VARCHAR);
CREATE OR REPLACE MACRO periode_jenis(p) AS
  CASE WHEN regexp_full_match(p, '[0-9]{4}') THEN 'tahun'
       WHEN regexp_full_match(p, '[0-9]{4}-S[12]') THEN 'semester'
       WHEN regexp_full_match(p, '[0-9]{4}-Q[1-4]') THEN 'triwulan'
       WHEN regexp_full_match(p, '[0-9]{4}-[0-9]{2}') THEN 'bulan' END;
CREATE OR REPLACE MACRO periode_tahun(p) AS CAST(left(p, 4) AS INTEGER);
