// fhirclient only reaches for this when globalThis.crypto is missing; the app needs WebCrypto everywhere anyway.
module.exports = { default: globalThis.crypto };
