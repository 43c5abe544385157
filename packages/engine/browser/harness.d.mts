/** The library build of the engine (the browser artefact). */
export declare const ENGINE_BUNDLE: string;
/** The harness build; `conformance-cases.js` runs a case on an engine passed in. */
export declare const HARNESS_DIR: string;
/** Runs both Vite builds: the engine library, then the harness that imports it. */
export declare function buildBrowserEngine(): Promise<void>;
/** Serves the harness on 127.0.0.1 at a free port; resolves with its URL and a close function. */
export declare function serveHarness(): Promise<{ url: string; close(): Promise<void> }>;
