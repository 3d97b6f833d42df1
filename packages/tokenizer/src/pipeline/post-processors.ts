import { R1kitError } from '@r1kit/core';
import type { ComponentJson } from '../json/tokenizer-json.js';
import { unsupportedComponent } from './unsupported.js';

/** Adds special tokens (BOS, EOS, CLS, SEP) around the ids of one sequence. */
export type PostProcessor = (ids: number[]) => number[];

const supported = [
  'ByteLevel',
  'TemplateProcessing',
  'RobertaProcessing',
  'BertProcessing',
  'Sequence',
];

type TemplateItem = { SpecialToken?: { id: string }; Sequence?: { id: string } };

/** Builds the processor for a `TemplateProcessing` section (its `single` template). */
function template(json: ComponentJson): PostProcessor {
  const specials = json.special_tokens as Record<string, { ids: number[] }>;
  const parts = (json.single as TemplateItem[]).map((item) => {
    if (item.Sequence) return null;
    const name = item.SpecialToken?.id ?? '';
    const entry = specials[name];
    if (!entry) {
      throw new R1kitError({
        code: 'PARSE_ERROR',
        message: `Tokenizer.fromJSON: post_processor template uses special token ${JSON.stringify(name)} missing from special_tokens`,
      });
    }
    return entry.ids;
  });
  return (ids) => parts.flatMap((part) => part ?? ids);
}

/**
 * Builds the post-processor described by the `post_processor` section of a `tokenizer.json`.
 *
 * @param json - The section, or `null` for none.
 * @returns The post-processor, or `null` when it adds nothing.
 */
export function buildPostProcessor(json: ComponentJson | null): PostProcessor | null {
  if (json === null) return null;
  switch (json.type) {
    case 'ByteLevel':
      return null;
    case 'TemplateProcessing':
      return template(json);
    case 'RobertaProcessing':
    case 'BertProcessing': {
      const cls = (json.cls as [string, number])[1];
      const sep = (json.sep as [string, number])[1];
      return (ids) => [cls, ...ids, sep];
    }
    case 'Sequence': {
      const steps = (json.processors as ComponentJson[])
        .map((step) => buildPostProcessor(step))
        .filter((step): step is PostProcessor => step !== null);
      return steps.length === 0
        ? null
        : (ids) => steps.reduce((current, step) => step(current), ids);
    }
    default:
      throw unsupportedComponent('post_processor', json.type, supported);
  }
}
