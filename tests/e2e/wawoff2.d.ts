declare module 'wawoff2' {
  /** WOFF2 to TrueType/OpenType (the font's own tables, uncompressed). */
  export function decompress(woff2: Uint8Array): Promise<Uint8Array>;
  export function compress(sfnt: Uint8Array): Promise<Uint8Array>;
}
