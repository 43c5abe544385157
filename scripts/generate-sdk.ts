// Writes packages/sdk/openapi.json and packages/sdk/src/openapi-types.ts from the server's routes.
// Run with `npm run sdk:generate`; a test fails when the committed files are stale.
import { writeFileSync } from 'node:fs';
import { renderSdkFiles, sdkFiles } from '../apps/server/src/openapi-document.js';

const rendered = await renderSdkFiles();
writeFileSync(sdkFiles.document, rendered.document);
writeFileSync(sdkFiles.types, rendered.types);
console.log(`wrote ${sdkFiles.document} and ${sdkFiles.types}`);
