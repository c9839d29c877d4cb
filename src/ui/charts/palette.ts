/** Okabe–Ito colours: distinguishable with the common colour-vision deficiencies. */
export const OKABE_ITO = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000'] as const;

export function seriesColour(index: number): string {
  return OKABE_ITO[index % OKABE_ITO.length] ?? '#000000';
}
