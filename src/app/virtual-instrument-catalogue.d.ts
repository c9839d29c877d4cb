/** Made by build/instrument-catalogue-plugin.ts when the app is built: the checked instruments of instruments/. */
declare module 'virtual:instrument-catalogue' {
  export const catalogue: import('../domain/instrument-catalogue.ts').Catalogue;
}

/**
 * Made by build/instrument-catalogue-plugin.ts (`patientModeCatalogue`): the same instruments with only what patient
 * mode reads (items, option sets, flags, translation packs); no labels, norms, sources, citation, scores or bands.
 */
declare module 'virtual:patient-catalogue' {
  /** Instrument id → its loader (`virtual:patient-instrument/<id>`, one chunk per instrument). */
  export const loaders: Readonly<Record<string, () => Promise<import('../domain/instrument-catalogue.ts').Instrument>>>;
}
