import { expectNoLeak, expectR1kitError } from '@r1kit/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { maxAbsDifference } from '../../test/helpers.js';
import { AffectGptAdapter } from './affectgpt-adapter.js';
import { buildSoftTokens } from './soft-tokens.js';

const placeholder = 151_665;

describe('buildSoftTokens', () => {
  it('returns the adapter tokens with the placeholder id (the SoftTokens of core), checking the prompt ids', async () => {
    await expectNoLeak(() => {
      const adapter = new AffectGptAdapter({ audioSize: 4, videoSize: 4, hiddenSize: 8 });
      const features = {
        audio: tf.ones([2, 3, 4]) as tf.Tensor3D,
        video: tf.ones([2, 3, 4]) as tf.Tensor3D,
      };
      const inputIds = tf.tensor2d(
        [
          [1, placeholder, 5, placeholder, placeholder, 2],
          [placeholder, 9, placeholder, 9, placeholder, 2],
        ],
        undefined,
        'int32',
      );
      const soft = buildSoftTokens(adapter, features, {
        placeholderTokenId: placeholder,
        inputIds,
      });
      expect(soft.placeholderTokenId).toBe(placeholder);
      expect(Object.keys(soft).sort()).toEqual(['embeddings', 'placeholderTokenId']);
      expect(soft.embeddings.shape).toEqual([2, adapter.layout.length, 8]);
      const direct = adapter.apply(features);
      expect(maxAbsDifference(soft.embeddings, direct)).toBe(0);
      tf.dispose([features.audio, features.video, inputIds, soft.embeddings, direct]);
      adapter.dispose();
    });
  });

  it('refuses prompts whose placeholder count does not match the layout', async () => {
    await expectNoLeak(() => {
      const adapter = new AffectGptAdapter({ audioSize: 4, videoSize: 4, hiddenSize: 8 });
      const features = {
        audio: tf.ones([1, 3, 4]) as tf.Tensor3D,
        video: tf.ones([1, 3, 4]) as tf.Tensor3D,
      };
      expectR1kitError(
        () =>
          buildSoftTokens(adapter, features, {
            placeholderTokenId: placeholder,
            inputIds: [[placeholder, 3, placeholder]],
          }),
        'SHAPE_MISMATCH',
        /inputIds\[0\] must be a row with exactly 3 placeholders .*found 2/,
      );
      expectR1kitError(
        () =>
          buildSoftTokens(adapter, features, {
            placeholderTokenId: placeholder,
            inputIds: [[1], [2]],
          }),
        'SHAPE_MISMATCH',
        /1 rows/,
      );
      expectR1kitError(
        () => buildSoftTokens(adapter, features, { placeholderTokenId: -1 }),
        'INVALID_ARGUMENT',
        /placeholderTokenId/,
      );
      tf.dispose([features.audio, features.video]);
      adapter.dispose();
    });
  });
});
