// @vitest-environment jsdom
// The tile map: one tile per area where it belongs, the fill of its class, its values as text, grey
// and "tidak ada data" for a missing value, and a legend with every class.
import { expect, it } from "vitest";
import { kelasDari, tileMap, WARNA_EMPAT, WARNA_KOSONG } from "./tilemap.ts";

const kelas = { batas: [65, 76.61, 88.31], warna: WARNA_EMPAT, label: ["D", "C", "B", "A"] };

it("draws labelled tiles coloured by class, with text, and a legend", () => {
  const svg = tileMap(
    [
      { kode: "13.77.02", nama: "Pariaman Utara", kolom: 0.5, baris: 0, nilai: 75.58, teks: ["IKM 75,58 (C)"] },
      { kode: "13.77.01", nama: "Pariaman Tengah", kolom: 0, baris: 1, nilai: 88.31, teks: ["IKM 88,31 (A)"] },
      { kode: "13.77.04", nama: "Pariaman Timur", kolom: 1, baris: 1, nilai: 76.61, teks: ["IKM 76,61 (B)"] },
      { kode: "13.77.03", nama: "Pariaman Selatan", kolom: 0.5, baris: 2, nilai: null, teks: [] },
    ],
    kelas,
    { width: 400, judulLegenda: "IKM" },
  );
  const tiles = [...svg.querySelectorAll("g.tile")];
  expect(tiles.map((g) => [...g.querySelectorAll("text")].map((t) => t.textContent))).toEqual([
    ["Pariaman Utara", "IKM 75,58 (C)"],
    ["Pariaman Tengah", "IKM 88,31 (A)"],
    ["Pariaman Timur", "IKM 76,61 (B)"],
    ["Pariaman Selatan", "tidak ada data"],
  ]);
  // Threshold classes: 75,58 < 76,61 -> C; 88,31 is the first A; 76,61 the first B; null -> grey.
  expect(tiles.map((g) => g.querySelector("rect")!.getAttribute("fill"))).toEqual([WARNA_EMPAT[1], WARNA_EMPAT[3], WARNA_EMPAT[2], WARNA_KOSONG]);
  // Geography: Utara above Tengah, Timur right of Tengah, Selatan below.
  const xy = tiles.map((g) => [Number(g.querySelector("rect")!.getAttribute("x")), Number(g.querySelector("rect")!.getAttribute("y"))]);
  expect(xy[0][1]).toBeLessThan(xy[1][1]);
  expect(xy[2][0]).toBeGreaterThan(xy[1][0]);
  expect(xy[2][1]).toBe(xy[1][1]);
  expect(xy[3][1]).toBeGreaterThan(xy[1][1]);
  // Legend: title, four classes and "tidak ada data".
  const legend = [...svg.children].filter((e) => e.tagName === "text").map((t) => t.textContent);
  expect(legend).toEqual(["IKM", "D", "C", "B", "A", "tidak ada data"]);
});

it("puts a value in the class of the bounds at or below it (a bound starts the class above)", () => {
  const batas = [65, 76.61, 88.31];
  // By hand: below the first bound -> 0; on a bound -> the class above it; above the last -> 3.
  expect([25, 64.99, 65, 76.6, 76.61, 88.3, 88.31, 100].map((x) => kelasDari(batas, x))).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
  expect(kelasDari([], 50)).toBe(0);
});
