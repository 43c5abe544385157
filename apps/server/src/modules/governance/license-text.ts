import { findLicense } from './licenses.js';

/** A licence recognised in a text, with the words that gave it away. */
export interface RecognisedLicense {
  licenseId: string;
  evidence: string;
}

interface Rule {
  pattern: RegExp;
  /** The licence id for a match; undefined when the match turns out not to name a licence. */
  id: (match: RegExpExecArray, text: string) => string | undefined;
  /** Only the first licence any rule of this group finds counts. */
  group?: string;
}

const fixed = (id: string) => () => id;

const CC_VARIANTS: Record<string, string> = {
  '': 'BY',
  nc: 'BY-NC',
  sa: 'BY-SA',
  nd: 'BY-ND',
  'nc-sa': 'BY-NC-SA',
  'nc-nd': 'BY-NC-ND',
};

/** "NonCommercial-ShareAlike", "-nc-sa", " NC SA" → "BY-NC-SA"; version defaults to 4.0. */
function creativeCommonsId(modifiers: string, version = '4.0'): string | undefined {
  const key = modifiers
    .toLowerCase()
    .replace(/non-?commercial/g, 'nc')
    .replace(/share-?alike/g, 'sa')
    .replace(/no-?deriv(ative)?s|no derivatives/g, 'nd')
    .split(/[\s-]+/)
    .filter(Boolean)
    .join('-');
  const variant = CC_VARIANTS[key];
  return variant === undefined ? undefined : findLicense(`CC-${variant}-${version}`)?.id;
}

function gnuId(kind: string | undefined, version: string): string | undefined {
  const family = { affero: 'AGPL', lesser: 'LGPL', library: 'LGPL', a: 'AGPL', l: 'LGPL' }[
    (kind ?? '').trim().toLowerCase()
  ];
  const major = version.split('.')[0];
  const full = family === 'LGPL' && major === '2' ? '2.1' : `${major}.0`;
  return findLicense(`${family ?? 'GPL'}-${full}-only`)?.id;
}

// A licence's own text cites its family (GPLv3 names the LGPL and the AGPL): the first one counts.
const GNU = 'gnu';

const CC_MODIFIERS = String.raw`((?:[ -](?:non-?commercial|share-?alike|no-?derivatives|no-?derivs))*)`;

// Rules read whitespace-normalised text; a licence may be named by URL, by title or by a phrase
// only its legal text contains.
const RULES: Rule[] = [
  {
    pattern: /creativecommons\.org\/licenses\/(by(?:-nc)?(?:-sa|-nd)?)\/(\d\.\d)/gi,
    id: (m) => creativeCommonsId(m[1]!.slice(2), m[2]),
  },
  {
    pattern: new RegExp(String.raw`\battribution${CC_MODIFIERS} (\d\.\d)\b`, 'gi'),
    id: (m) => creativeCommonsId(m[1]!, m[2]),
  },
  {
    pattern: /\bCC[ -]BY((?:[ -](?:NC|SA|ND))*)(?:[ -](\d\.\d))?\b/gi,
    id: (m) => creativeCommonsId(m[1]!, m[2]),
  },
  {
    pattern: /\bCC0\b|creativecommons\.org\/publicdomain\/zero\/|\bCC[ -]Zero\b/gi,
    id: fixed('CC0-1.0'),
  },
  { pattern: /creativecommons\.org\/publicdomain\/mark\//gi, id: fixed('CC-PDDC') },
  {
    pattern: /\bopendatacommons\.org\/licenses\/(pddl|by|odbl)\b/gi,
    id: (m) => ({ pddl: 'PDDL-1.0', by: 'ODC-By-1.0', odbl: 'ODbL-1.0' })[m[1]!.toLowerCase()],
  },
  { pattern: /\bOpen Database Licen[cs]e\b|\bODbL\b/gi, id: fixed('ODbL-1.0') },
  { pattern: /\bOpen Data Commons Attribution Licen[cs]e\b/gi, id: fixed('ODC-By-1.0') },
  { pattern: /\bPublic Domain Dedication and Licen[cs]e\b|\bPDDL\b/gi, id: fixed('PDDL-1.0') },
  {
    pattern: /\bCommunity Data License Agreement\W+(Permissive|Sharing)\W+Version (\d\.\d)/gi,
    id: (m) => findLicense(`CDLA-${m[1]}-${m[2]}`)?.id,
  },
  { pattern: /\bOpen Government Licen[cs]e\b/gi, id: fixed('OGL-UK-3.0') },
  {
    pattern: /\bfree and unencumbered software released into the public domain\b/gi,
    id: fixed('Unlicense'),
  },
  {
    pattern: /\bPermission is hereby granted, free of charge, to any person obtaining a copy\b/gi,
    // MIT-0 is MIT without the condition to keep the notice.
    id: (_m, text) => (/this permission notice shall be included/i.test(text) ? 'MIT' : 'MIT-0'),
  },
  {
    pattern: /\bMIT Licen[cs]e\b|\bMIT-0\b|\bMIT No Attribution\b/gi,
    id: (m) => (/-0|No Attribution/i.test(m[0]) ? 'MIT-0' : 'MIT'),
  },
  {
    pattern:
      /\bPermission to use, copy, modify, and(?:\/or)? distribute this software for any purpose with or without fee is hereby granted/gi,
    // 0BSD is ISC without the condition to keep the notice.
    id: (_m, text) => (/notice appear in all copies/i.test(text) ? 'ISC' : '0BSD'),
  },
  { pattern: /\bISC Licen[cs]e\b/gi, id: fixed('ISC') },
  {
    pattern:
      /\bApache License,? (?:Version )?2\.0\b|\bApache-2\.0\b|apache\.org\/licenses\/LICENSE-2\.0/gi,
    id: fixed('Apache-2.0'),
  },
  {
    pattern:
      /\bRedistribution and use in source and binary forms, with or without modification, are permitted/gi,
    id: (_m, text) =>
      /\bNeither the names? of\b|\bto endorse or promote\b/i.test(text)
        ? 'BSD-3-Clause'
        : 'BSD-2-Clause',
  },
  {
    pattern: /\bBSD[ -]([23])[ -]Clause\b/gi,
    id: (m) => `BSD-${m[1]}-Clause`,
  },
  {
    pattern:
      /\bGNU (Affero |Lesser |Library )?General Public Licen[cs]e,?(?: Version| v)? ?(\d(?:\.\d)?)/gi,
    id: (m) => gnuId(m[1], m[2]!),
    group: GNU,
  },
  {
    pattern: /\b(A|L)?GPL[ -]?v?(\d(?:\.\d)?)\b/g,
    id: (m) => gnuId(m[1], m[2]!),
    group: GNU,
  },
  {
    pattern:
      /\b(?:for )?(?:non-commercial )?(?:research|academic)(?: and (?:educational|teaching))? (?:purposes|use) only\b/gi,
    id: fixed('research-only'),
  },
];

/** Read only when no licence was found: these words also appear inside real licences. */
const FALLBACK_RULES: Rule[] = [
  { pattern: /\ball rights reserved\b|\bproprietary\b/gi, id: fixed('proprietary') },
  { pattern: /\bfair use\b/gi, id: fixed('fair-use') },
];

function applyRules(rules: readonly Rule[], text: string): RecognisedLicense[] {
  const found: RecognisedLicense[] = [];
  const seen = new Set<string>();
  const groupsSeen = new Set<string>();
  for (const rule of rules) {
    rule.pattern.lastIndex = 0;
    for (let m = rule.pattern.exec(text); m; m = rule.pattern.exec(text)) {
      const id = rule.id(m, text);
      if (!id || seen.has(id) || (rule.group && groupsSeen.has(rule.group))) continue;
      if (rule.group) groupsSeen.add(rule.group);
      seen.add(id);
      found.push({ licenseId: id, evidence: m[0].slice(0, 120) });
    }
  }
  return found;
}

/**
 * Licences named in a LICENSE text, a card section or a metadata value: by identifier, URL,
 * title or a phrase of the legal text (MIT, Apache-2.0, BSD, ISC, CC0, CC BY x.0 and its NC/SA/ND
 * variants, ODC, CDLA, GNU). "All rights reserved" or "fair use" count only when nothing else does.
 */
export function recogniseLicenses(text: string): RecognisedLicense[] {
  const direct = findLicense(text);
  if (direct) return [{ licenseId: direct.id, evidence: text.trim() }];
  const normalised = text.replace(/\s+/g, ' ');
  const found = applyRules(RULES, normalised);
  return found.length > 0 ? found : applyRules(FALLBACK_RULES, normalised);
}
