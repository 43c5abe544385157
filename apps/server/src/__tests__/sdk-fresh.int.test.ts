import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderSdkFiles, sdkFiles } from '../openapi-document.js';

describe('generated SDK', () => {
  it('matches the current OpenAPI document (run `npm run sdk:generate` if this fails)', async () => {
    const rendered = await renderSdkFiles();
    expect(
      readFileSync(sdkFiles.document, 'utf8') === rendered.document,
      'packages/sdk/openapi.json is stale',
    ).toBe(true);
    expect(
      readFileSync(sdkFiles.types, 'utf8') === rendered.types,
      'packages/sdk/src/openapi-types.ts is stale',
    ).toBe(true);
  });
});
