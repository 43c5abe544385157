import { describe, expect, it } from 'vitest';
import { UnprocessableError } from '../../../http/errors.js';
import { FrontMatterError } from '../front-matter.js';
import { detectLicenses, MAX_METADATA_CHARS, resolveLicense } from '../license-detection.js';
import { recogniseLicenses } from '../license-text.js';

// Opening passages of the licence texts (short excerpts, as the texts themselves allow).
const TEXTS: Record<string, string> = {
  MIT: `MIT License

Copyright (c) 2024 Example

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, ...

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.`,
  'MIT-0': `Permission is hereby granted, free of charge, to any person obtaining a copy of this
software ... to permit persons to whom the Software is furnished to do so.
THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND`,
  'Apache-2.0': `
                                 Apache License
                           Version 2.0, January 2004
                        http://www.apache.org/licenses/`,
  'BSD-3-Clause': `Copyright (c) 2020, Example. All rights reserved.
Redistribution and use in source and binary forms, with or without
modification, are permitted provided that the following conditions are met:
3. Neither the name of the copyright holder nor the names of its
   contributors may be used to endorse or promote products derived from`,
  'BSD-3-Clause (names)': `Redistribution and use in source and binary forms, with or without
modification, are permitted provided that the following conditions are met:
* Neither the names of the Mozilla Foundation nor the names of project
  contributors may be used to endorse or promote products derived from this`,
  'BSD-2-Clause': `Copyright (c) 2020, Example
All rights reserved.
Redistribution and use in source and binary forms, with or without
modification, are permitted provided that the following conditions are met:`,
  ISC: `Permission to use, copy, modify, and/or distribute this software for any
purpose with or without fee is hereby granted, provided that the above
copyright notice and this permission notice appear in all copies.`,
  '0BSD': `Permission to use, copy, modify, and/or distribute this software for any
purpose with or without fee is hereby granted.`,
  'CC0-1.0': `Creative Commons Legal Code

CC0 1.0 Universal

    CREATIVE COMMONS CORPORATION IS NOT A LAW FIRM`,
  'CC-BY-4.0': `Attribution 4.0 International

=======================================================================

Creative Commons Corporation ("Creative Commons") is not a law firm ...
  Exceptions and Limitations means fair use, fair dealing, and/or any other`,
  'CC-BY-3.0': 'Creative Commons Legal Code\n\nAttribution 3.0 Unported',
  'CC-BY-NC-4.0': 'Attribution-NonCommercial 4.0 International',
  'CC-BY-NC-SA-4.0':
    'Creative Commons Attribution-NonCommercial-ShareAlike 4.0 International Public License',
  'CC-BY-NC-ND-3.0': 'Attribution-NonCommercial-NoDerivs 3.0 Unported',
  'CC-BY-SA-4.0': 'Licensed under https://creativecommons.org/licenses/by-sa/4.0/',
  'GPL-3.0-only': `                    GNU GENERAL PUBLIC LICENSE
                       Version 3, 29 June 2007
 Everyone is permitted to copy and distribute verbatim copies ...
 the GNU Lesser General Public License instead of this License ... version 3 of
 the GNU Affero General Public License into a single combined work`,
  'GPL-2.0-only': 'GNU GENERAL PUBLIC LICENSE\n Version 2, June 1991',
  'LGPL-2.1-only': 'GNU LESSER GENERAL PUBLIC LICENSE\n Version 2.1, February 1999',
  'AGPL-3.0-only': 'GNU AFFERO GENERAL PUBLIC LICENSE\n Version 3, 19 November 2007',
  'ODbL-1.0': '## ODC Open Database License (ODbL)',
  'PDDL-1.0': 'Open Data Commons Public Domain Dedication and License (PDDL)',
  Unlicense: 'This is free and unencumbered software released into the public domain.',
  proprietary: 'Copyright 2023 Example Corp. All rights reserved.',
  'fair-use': 'Screenshots reproduced here under fair use.',
  'research-only': 'This data may be used for non-commercial research purposes only.',
};

describe('recogniseLicenses', () => {
  for (const [name, text] of Object.entries(TEXTS)) {
    it(`recognises ${name} from its text`, () => {
      expect(recogniseLicenses(text).map((f) => f.licenseId)).toEqual([name.split(' ')[0]]);
    });
  }

  it('recognises short names, titles and URLs', () => {
    const cases: [string, string][] = [
      ['CC BY-NC 4.0', 'CC-BY-NC-4.0'],
      ['cc-by-sa-3.0', 'CC-BY-SA-3.0'],
      ['Creative Commons Attribution 4.0 International', 'CC-BY-4.0'],
      ['https://creativecommons.org/publicdomain/zero/1.0/', 'CC0-1.0'],
      ['https://opendatacommons.org/licenses/pddl/', 'PDDL-1.0'],
      ['http://opendatacommons.org/licenses/by/1.0/', 'ODC-By-1.0'],
      ['Apache License, Version 2.0', 'Apache-2.0'],
      ['BSD 3-Clause', 'BSD-3-Clause'],
      ['GPLv3', 'GPL-3.0-only'],
      ['MIT No Attribution', 'MIT-0'],
      ['Community Data License Agreement – Permissive – Version 2.0', 'CDLA-Permissive-2.0'],
    ];
    for (const [text, id] of cases) expect(recogniseLicenses(text)[0]?.licenseId).toBe(id);
  });

  it('finds every licence a text names', () => {
    const text = 'Code under the MIT License; the data under CC BY-NC 4.0.';
    expect(
      recogniseLicenses(text)
        .map((f) => f.licenseId)
        .sort(),
    ).toEqual(['CC-BY-NC-4.0', 'MIT']);
  });

  it('recognises nothing in unrelated text', () => {
    expect(recogniseLicenses('Use it as you like, but be nice.')).toEqual([]);
    expect(recogniseLicenses('')).toEqual([]);
  });
});

describe('detectLicenses', () => {
  it('reads licences[] of a Frictionless data package by name, path or title', () => {
    const pkg = {
      name: 'penguins',
      licenses: [
        { name: 'ODC-PDDL-1.0', path: 'http://opendatacommons.org/licenses/pddl/' },
        { path: 'https://creativecommons.org/licenses/by/4.0/' },
        { title: 'Creative Commons Attribution-NonCommercial 4.0' },
      ],
      resources: [{ name: 'r', licenses: [{ name: 'CC0-1.0' }] }],
    };
    expect(detectLicenses([{ name: 'datapackage.json', text: JSON.stringify(pkg) }])).toEqual([
      {
        licenseId: 'PDDL-1.0',
        source: 'datapackage.json',
        evidence: 'licenses[0].name "ODC-PDDL-1.0"',
      },
      {
        licenseId: 'CC-BY-4.0',
        source: 'datapackage.json',
        evidence: 'licenses[1].path "https://creativecommons.org/licenses/by/4.0/"',
      },
      {
        licenseId: 'CC-BY-NC-4.0',
        source: 'datapackage.json',
        evidence: 'licenses[2].title "Creative Commons Attribution-NonCommercial 4.0"',
      },
      {
        licenseId: 'CC0-1.0',
        source: 'datapackage.json',
        evidence: 'resources[0].licenses[0].name "CC0-1.0"',
      },
    ]);
  });

  it('reports an unrecognised data package licence and reads the v0 `license` string', () => {
    const pkg = { license: 'odc-by', licenses: [{ name: 'my-own-terms' }] };
    expect(detectLicenses([{ name: 'data/datapackage.json', text: JSON.stringify(pkg) }])).toEqual([
      { licenseId: null, source: 'datapackage.json', evidence: 'licenses[0].name "my-own-terms"' },
      { licenseId: 'ODC-By-1.0', source: 'datapackage.json', evidence: 'license "odc-by"' },
    ]);
  });

  it('fails on a data package that is not JSON, naming the file', () => {
    expect(() => detectLicenses([{ name: 'datapackage.json', text: '{"licenses": [' }])).toThrow(
      /^datapackage\.json: not valid JSON \(/,
    );
    expect(() => detectLicenses([{ name: 'datapackage.json', text: '[]' }])).toThrow(
      'datapackage.json: expected a JSON object',
    );
  });

  it('reads a card licence, a list of them, and license_name for "other"', () => {
    const one = '---\nlicense: cc-by-nc-4.0\n---\n';
    const list = '---\nlicense:\n  - mit\n  - "cc-by-4.0"\n---\n';
    const other = '---\nlicense: other\nlicense_name: ODC Open Database License\n---\n';
    const unknownOther = '---\nlicense: other\nlicense_name: custom-terms\n---\n';
    expect(detectLicenses([{ name: 'README.md', text: one }])).toEqual([
      {
        licenseId: 'CC-BY-NC-4.0',
        source: 'README.md',
        evidence: 'front matter license: "cc-by-nc-4.0"',
      },
    ]);
    expect(detectLicenses([{ name: 'README.md', text: list }]).map((f) => f.licenseId)).toEqual([
      'MIT',
      'CC-BY-4.0',
    ]);
    expect(detectLicenses([{ name: 'README.md', text: other }])[0]?.licenseId).toBe('ODbL-1.0');
    expect(detectLicenses([{ name: 'README.md', text: unknownOther }])[0]).toEqual({
      licenseId: null,
      source: 'README.md',
      evidence: 'front matter license: other, license_name: "custom-terms"',
    });
  });

  it('reads the licensing section of a card body and ignores licence words elsewhere', () => {
    const card = [
      '# Penguins',
      'Unlike GPL-3.0 software, this is data.',
      '## Licensing Information',
      'Released under CC BY 4.0.',
      '## Citation',
      'CC BY-NC 4.0 appears here but is not the licence.',
    ].join('\n');
    expect(detectLicenses([{ name: 'README.md', text: card }])).toEqual([
      { licenseId: 'CC-BY-4.0', source: 'README.md', evidence: 'licence section: "CC BY 4.0"' },
    ]);
  });

  it('propagates front matter errors with the file and line', () => {
    expect(() => detectLicenses([{ name: 'card.md', text: '---\nlicense: [mit\n---\n' }])).toThrow(
      FrontMatterError,
    );
  });

  it('reads LICENSE and COPYING texts and flags an unrecognised one', () => {
    expect(detectLicenses([{ name: 'LICENSE', text: TEXTS.MIT! }])).toEqual([
      {
        licenseId: 'MIT',
        source: 'LICENSE',
        evidence: '"Permission is hereby granted, free of charge, to any person obtaining a copy"',
      },
    ]);
    expect(
      detectLicenses([{ name: 'COPYING.txt', text: TEXTS['GPL-2.0-only']! }])[0]?.licenseId,
    ).toBe('GPL-2.0-only');
    expect(detectLicenses([{ name: 'LICENCE.md', text: 'Be excellent to each other.' }])).toEqual([
      {
        licenseId: null,
        source: 'LICENCE.md',
        evidence: 'the licence text matches no known licence',
      },
    ]);
  });

  it('ignores other files and refuses oversized metadata', () => {
    expect(detectLicenses([{ name: 'data.csv', text: 'a,b\n1,2' }])).toEqual([]);
    expect(() =>
      detectLicenses([{ name: 'LICENSE', text: 'x'.repeat(MAX_METADATA_CHARS + 1) }]),
    ).toThrow(UnprocessableError);
  });
});

describe('resolveLicense', () => {
  it('takes the declared licence when metadata agrees', () => {
    const decision = resolveLicense({
      declared: 'CC0-1.0',
      attested: true,
      findings: [
        { licenseId: 'CC0-1.0', source: 'README.md', evidence: 'front matter license: "cc0-1.0"' },
      ],
    });
    expect(decision).toMatchObject({ licenseId: 'CC0-1.0', tier: 'allowed', conflict: null });
  });

  it('lets the stricter licence win a conflict and says why', () => {
    const decision = resolveLicense({
      declared: 'CC0-1.0',
      attested: true,
      findings: [
        {
          licenseId: 'CC-BY-NC-4.0',
          source: 'LICENSE',
          evidence: '"Attribution-NonCommercial 4.0"',
        },
      ],
    });
    expect(decision.licenseId).toBe('CC-BY-NC-4.0');
    expect(decision.tier).toBe('review');
    expect(decision.conflict).toBe(
      'declared: CC0-1.0 (allowed); LICENSE: CC-BY-NC-4.0 (review); the stricter applies: CC-BY-NC-4.0',
    );
    expect(decision.reason).toContain('non-commercial only');
    expect(decision.obligations.nonCommercial).toBe(true);
  });

  it('sends an unrecognised metadata licence to review, naming it', () => {
    const decision = resolveLicense({
      declared: 'MIT',
      attested: true,
      findings: [{ licenseId: null, source: 'datapackage.json', evidence: 'licenses[0].name "x"' }],
    });
    expect(decision.tier).toBe('review');
    expect(decision.reason).toMatch(
      /^datapackage\.json names a licence we do not recognise \(licenses\[0\]\.name "x"\)/,
    );
  });

  it('prohibits data with no licence declared or found', () => {
    expect(resolveLicense({ attested: true, findings: [] })).toMatchObject({
      licenseId: 'no-license',
      tier: 'prohibited',
      conflict: null,
    });
  });

  it('keeps the declared licence on a tie and still applies every duty', () => {
    const decision = resolveLicense({
      declared: 'user-owned',
      attested: true,
      findings: [{ licenseId: 'CC-BY-4.0', source: 'README.md', evidence: 'x' }],
    });
    expect(decision.licenseId).toBe('user-owned');
    expect(decision.tier).toBe('allowed');
    expect(decision.obligations.attribution).toBe(true);
    expect(decision.conflict).not.toBeNull();
  });

  it('prohibits metadata that reads "all rights reserved" over a permissive declaration', () => {
    const findings = detectLicenses([{ name: 'LICENSE', text: TEXTS.proprietary! }]);
    expect(resolveLicense({ declared: 'MIT', attested: true, findings }).tier).toBe('prohibited');
  });
});
