-- Service volume per unit: semesters as exported, years as the sum of their two semesters when
-- the year itself was not exported.
WITH s AS (SELECT periode, kode_unit, jumlah_layanan FROM raw.layanan)
SELECT periode, kode_unit, jumlah_layanan FROM s
UNION ALL
SELECT left(periode, 4), kode_unit, sum(jumlah_layanan)
FROM s WHERE periode LIKE '%-S%'
  AND (left(periode, 4), kode_unit) NOT IN (SELECT (periode, kode_unit) FROM s WHERE periode NOT LIKE '%-S%')
GROUP BY 1, 2 HAVING count(*) = 2
