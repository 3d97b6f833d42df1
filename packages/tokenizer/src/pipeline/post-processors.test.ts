import { describe, expect, it } from 'vitest';
import { baseJson, compareWithOracle, oracleMissing } from '../../test/parity.js';

const texts = ['hello world', '', '你好'];
const processors = [
  {
    name: 'TemplateProcessing (BOS + EOS)',
    json: {
      type: 'TemplateProcessing',
      single: [
        { SpecialToken: { id: '<s>', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '</s>', type_id: 0 } },
      ],
      pair: [{ Sequence: { id: 'A', type_id: 0 } }, { Sequence: { id: 'B', type_id: 1 } }],
      special_tokens: {
        '<s>': { id: '<s>', ids: [0], tokens: ['<s>'] },
        '</s>': { id: '</s>', ids: [1], tokens: ['</s>'] },
      },
    },
  },
  {
    name: 'RobertaProcessing',
    json: {
      type: 'RobertaProcessing',
      sep: ['</s>', 1],
      cls: ['<s>', 0],
      trim_offsets: true,
      add_prefix_space: false,
    },
  },
  {
    name: 'BertProcessing',
    json: { type: 'BertProcessing', sep: ['</s>', 1], cls: ['<|im_start|>', 2] },
  },
  {
    name: 'Sequence of ByteLevel and a template',
    json: {
      type: 'Sequence',
      processors: [
        { type: 'ByteLevel', add_prefix_space: false, trim_offsets: false, use_regex: false },
        {
          type: 'TemplateProcessing',
          single: [
            { SpecialToken: { id: '<s>', type_id: 0 } },
            { Sequence: { id: 'A', type_id: 0 } },
          ],
          pair: [{ Sequence: { id: 'A', type_id: 0 } }, { Sequence: { id: 'B', type_id: 1 } }],
          special_tokens: { '<s>': { id: '<s>', ids: [0], tokens: ['<s>'] } },
        },
      ],
    },
  },
];

describe.skipIf(oracleMissing !== undefined)('post-processors match HF tokenizers', () => {
  it.each(processors)('$name', async ({ json: postProcessor }) => {
    const json = { ...baseJson(), post_processor: postProcessor };
    const withSpecial = await compareWithOracle(json, texts, true);
    expect(withSpecial.ours).toEqual(withSpecial.theirs);
    expect(withSpecial.ours[0]![0]).not.toBe(withSpecial.ours[0]![1]);
    const without = await compareWithOracle(json, texts, false);
    expect(without.ours).toEqual(without.theirs);
    expect(without.ours[0]!.length).toBeLessThan(withSpecial.ours[0]!.length);
  });
});
