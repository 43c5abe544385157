/** The engine's version, recorded in every model it trains (kept equal to package.json's). */
export const ENGINE_VERSION = '0.2.0';
