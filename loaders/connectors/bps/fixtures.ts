// A BPS WebAPI `list/model/data` response in the real shape (values synthetic): APS by age group,
// Kota Pariaman (domain 1377), 2021-2025. datacontent keys: vervar + var + turvar + th + turtahun.
export const APS_VAR = 305;

export const APS_VALUES: Record<string, number[]> = {
  "7-12": [99.52, 99.61, 99.7, 99.74, 99.81],
  "13-15": [96.3, 96.85, 97.2, 97.64, 98.01],
  "16-18": [79.4, 80.66, 82.15, 83.02, 84.37],
  "19-24": [38.2, 39.1, 40.6, 41.3, 42.8],
};

export function apsResponse(overrides: Record<string, number | string | null> = {}): Record<string, unknown> {
  const vervar = Object.keys(APS_VALUES).map((label, i) => ({ val: i + 1, label }));
  const tahun = [2021, 2022, 2023, 2024, 2025].map((y) => ({ val: y - 1900, label: String(y) }));
  const datacontent: Record<string, number | string | null> = {};
  for (const v of vervar) tahun.forEach((t, j) => (datacontent[`${v.val}${APS_VAR}0${t.val}0`] = APS_VALUES[v.label]![j]!));
  Object.assign(datacontent, overrides);
  return {
    status: "OK",
    "data-availability": "available",
    last_update: "2025-12-10 09:12:45",
    subject: [{ val: 28, label: "Pendidikan" }],
    var: [{ val: APS_VAR, label: "Angka Partisipasi Sekolah (APS) Menurut Kelompok Umur", unit: "Persen", subj: "Pendidikan", def: "", decimal: 2, note: "" }],
    turvar: [{ val: 0, label: "Tidak ada" }],
    labelvervar: "Kelompok Umur",
    vervar,
    tahun,
    turtahun: [{ val: 0, label: "Tahun" }],
    datacontent,
    related: [],
  };
}

export const BPS_INVALID_KEY = { status: "Error", "data-availability": "not-available", message: "Invalid API key" };
