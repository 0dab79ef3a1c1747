// Large synthetic SKM exports for the crash test: deterministic, one calendar year per file (the
// replacement slice is unit × month, so files never replace each other), a few rows per thousand
// with an answer out of range so the quarantine is exercised too.
import fs from "node:fs";

export const SKM_HEADER = "Tanggal,Kode Unit,Jenis Layanan,U1,U2,U3,U4,U5,U6,U7,U8,U9,Jenis Kelamin,Umur,Pendidikan,Pekerjaan,Saran";
const UNITS = ["PKM-PARIAMAN", "PKM-NARAS", "PKM-SIKAPAK", "PKM-MARUNGGI"];

/** Write `rows` responses dated in `year`; returns how many rows break a rule (an answer of 7). */
export function writeSkm(file: string, year: number, rows: number, seed: number): { bad: number } {
  // A small LCG (Numerical Recipes constants): fast and the same everywhere.
  let state = (seed * 2654435761 + year) >>> 0;
  const next = (n: number) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state >>> 8) % n;
  };
  const parts: string[] = [SKM_HEADER];
  let bad = 0;
  for (let i = 0; i < rows; i++) {
    const day = String(1 + next(28)).padStart(2, "0");
    const month = String(1 + next(12)).padStart(2, "0");
    const answers = Array.from({ length: 9 }, () => 1 + next(4));
    if (next(1000) < 3) {
      answers[next(9)] = 7;
      bad++;
    }
    parts.push(`${day}/${month}/${year},${UNITS[next(UNITS.length)]},Umum,${answers.join(",")},${next(2) ? "L" : "P"},${17 + next(60)},SMA,Swasta,`);
  }
  fs.writeFileSync(file, parts.join("\n") + "\n");
  return { bad };
}
