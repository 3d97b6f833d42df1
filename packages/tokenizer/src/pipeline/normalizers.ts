import type { ComponentJson } from '../json/tokenizer-json.js';
import { compileOnigRegex } from './onig-regex.js';
import { unsupportedComponent } from './unsupported.js';

/** A text-to-text normalization step. */
export type Normalizer = (text: string) => string;

const supported = [
  'NFC',
  'NFD',
  'NFKC',
  'NFKD',
  'Lowercase',
  'Prepend',
  'Replace',
  'Strip',
  'Sequence',
];

/** Reads the `String` or `Regex` pattern of a `Replace` or `Split` component as a global regex. */
export function patternOf(json: ComponentJson): RegExp {
  const pattern = json.pattern as { String?: string; Regex?: string };
  if (typeof pattern?.String === 'string') {
    return new RegExp(pattern.String.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gu');
  }
  return compileOnigRegex(String(pattern?.Regex));
}

/**
 * Builds the normalizer described by the `normalizer` section of a `tokenizer.json`.
 *
 * @param json - The section, or `null` for none.
 * @returns The normalization function, or `null` when there is nothing to do.
 */
export function buildNormalizer(json: ComponentJson | null): Normalizer | null {
  if (json === null) return null;
  switch (json.type) {
    case 'NFC':
    case 'NFD':
    case 'NFKC':
    case 'NFKD': {
      const form = json.type;
      return (text) => text.normalize(form);
    }
    case 'Lowercase':
      return (text) => text.toLowerCase();
    case 'Prepend': {
      const prefix = String(json.prepend);
      return (text) => (text.length === 0 ? text : prefix + text);
    }
    case 'Replace': {
      const regex = patternOf(json);
      const content = String(json.content);
      return (text) => text.replace(regex, () => content);
    }
    case 'Strip': {
      const left = json.strip_left !== false;
      const right = json.strip_right !== false;
      return (text) => (left && right ? text.trim() : left ? text.trimStart() : text.trimEnd());
    }
    case 'Sequence': {
      const steps = (json.normalizers as ComponentJson[]).map((step) => buildNormalizer(step));
      const active = steps.filter((step): step is Normalizer => step !== null);
      return (text) => active.reduce((current, step) => step(current), text);
    }
    default:
      throw unsupportedComponent('normalizer', json.type, supported);
  }
}
