// Okabe–Ito colours: distinguishable with the common colour-vision deficiencies.
const COLORS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442'];

/** The colour of the i-th series of a chart. */
export function seriesColor(i: number): string {
  return COLORS[i % COLORS.length]!;
}

/** The colour of a total drawn beside its parts, so the parts keep the palette to themselves. */
export const TOTAL_COLOR = '#52525b';
