/** Made by build/instrument-catalogue-plugin.ts when the app is built: the checked instruments of instruments/. */
declare module 'virtual:instrument-catalogue' {
  export const catalogue: import('../domain/instrument-catalogue.ts').Catalogue;
}
