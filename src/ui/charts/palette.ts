/** Okabe–Ito colours: distinguishable with the common colour-vision deficiencies. */
export const OKABE_ITO = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000'] as const;

export function seriesColour(index: number): string {
  return OKABE_ITO[index % OKABE_ITO.length] ?? '#000000';
}

/**
 * A chart that takes the width it is given (portrait or landscape tablet, printed page) up to `maxWidth` px, its
 * height from `aspectRatio` (width / height) or fixed `height` px, and follows the container when it resizes.
 */
export function fitWidth(maxWidth: number, size: { readonly aspectRatio: number } | { readonly height: number }) {
  return { responsive: true, style: { width: '100%', maxWidth, ...size } } as const;
}
