import { expectNoLeak, expectR1kitError } from '@r1kit/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { expectAllClose, maxAbsDifference, randomArray } from '../../test/helpers.js';
import { saveAdapterWeights } from './adapter-weights.js';
import { AffectGptAdapter } from './affectgpt-adapter.js';

const small = { audioSize: 8, videoSize: 6, hiddenSize: 12, seed: 1 };
const features = (batch: number, seed: number) => ({
  audio: tf.tensor3d(randomArray(batch * 4 * 8, seed), [batch, 4, 8]),
  video: tf.tensor3d(randomArray(batch * 5 * 6, seed + 1), [batch, 5, 6]),
});
/** Token `index` of every sample, as a tensor. */
const token = (tokens: tf.Tensor3D, index: number) => tf.slice(tokens, [0, index, 0], [-1, 1, -1]);

describe('AffectGptAdapter', () => {
  it('returns [batch, 3, hidden] tokens in the order multi, audio, video', async () => {
    await expectNoLeak(() => {
      const adapter = new AffectGptAdapter(small);
      const a = features(3, 1);
      const video2 = tf.tidy(() => tf.mul(a.video, 2)) as tf.Tensor3D;
      const outA = adapter.apply(a);
      const outB = adapter.apply({ audio: a.audio, video: video2 });
      expect(outA.shape).toEqual([3, 3, 12]);
      expect(adapter.layout).toEqual(['multi', 'audio', 'video']);
      const tokens = [0, 1, 2].flatMap((i) => [token(outA, i), token(outB, i)]);
      const [multiA, multiB, audioA, audioB, videoA, videoB] = tokens as tf.Tensor3D[];
      // Changing only the video leaves the audio token unchanged and moves the others.
      expect(maxAbsDifference(audioA!, audioB!)).toBe(0);
      expect(maxAbsDifference(multiA!, multiB!)).toBeGreaterThan(1e-4);
      expect(maxAbsDifference(videoA!, videoB!)).toBeGreaterThan(1e-4);
      tf.dispose([a.audio, a.video, video2, outA, outB, ...tokens]);
      adapter.dispose();
    });
  });

  it('follows tokenOrder and expands Q-Former queries in the layout', async () => {
    await expectNoLeak(() => {
      const base = new AffectGptAdapter(small);
      const reordered = new AffectGptAdapter({ ...small, tokenOrder: ['audio', 'video', 'multi'] });
      const x = features(2, 3);
      const out = base.apply(x);
      const out2 = reordered.apply(x);
      const permuted = tf.gather(out, [1, 2, 0], 1);
      expect(maxAbsDifference(permuted, out2)).toBe(0);
      const qformer = new AffectGptAdapter({
        ...small,
        pooling: 'qformer',
        fusion: 'qformer',
        numQueries: 2,
        qformerLayers: 1,
        fusionSize: 8,
      });
      const out3 = qformer.apply(x);
      expect(qformer.layout).toEqual(['multi', 'multi', 'audio', 'audio', 'video', 'video']);
      expect(out3.shape).toEqual([2, 6, 12]);
      tf.dispose([x.audio, x.video, out, out2, permuted, out3]);
      for (const adapter of [base, reordered, qformer]) adapter.dispose();
    });
    expectR1kitError(
      () => new AffectGptAdapter({ ...small, modalityDropout: 1 }),
      'INVALID_ARGUMENT',
      /options.modalityDropout must be a probability in \[0, 1\); received 1/,
    );
    expectR1kitError(
      () => new AffectGptAdapter({ ...small, hiddenSize: 0 }),
      'INVALID_ARGUMENT',
      /AffectGptAdapter: options.hiddenSize must be a positive integer/,
    );
    expectR1kitError(
      () => new AffectGptAdapter({ ...small, tokenOrder: ['audio', 'audio', 'multi'] }),
      'INVALID_ARGUMENT',
      /tokenOrder/,
    );
  });

  it('uses the learned absent vector where a modality is missing', async () => {
    await expectNoLeak(() => {
      const adapter = new AffectGptAdapter(small);
      const x = features(2, 5);
      const noise = tf.tidy(() =>
        tf.add(x.audio, tf.randomNormal(x.audio.shape, 0, 3, 'float32', 9)),
      ) as tf.Tensor3D;
      const outA = adapter.apply({ ...x, audioPresent: [0, 1] });
      const outB = adapter.apply({ audio: noise, video: x.video, audioPresent: [0, 1] });
      const first = (t: tf.Tensor3D) => tf.slice(t, [0, 0, 0], [1, -1, -1]);
      const second = (t: tf.Tensor3D) => tf.slice(t, [1, 0, 0], [1, -1, -1]);
      const [a0, b0, a1, b1] = [first(outA), first(outB), second(outA), second(outB)];
      expect(maxAbsDifference(a0, b0)).toBe(0); // absent audio: its content is ignored
      expect(maxAbsDifference(a1, b1)).toBeGreaterThan(1e-4); // present audio: it is used
      const variables = adapter.namedVariables();
      const { value, grads } = tf.variableGrads(
        () => tf.sum(tf.square(adapter.apply({ ...x, audioPresent: [0, 1] }))) as tf.Scalar,
        Object.values(variables),
      );
      // Every variable but the unused absent-video vector gets a gradient.
      expect(Object.keys(grads).length).toBe(Object.keys(variables).length - 1);
      for (const grad of Object.values(grads))
        expect(Array.from(grad.dataSync()).every(Number.isFinite)).toBe(true);
      expect(
        Array.from(grads[variables['absent.audio']!.name]!.dataSync()).some((g) => g !== 0),
      ).toBe(true);
      expect(grads[variables['absent.video']!.name]).toBeUndefined();
      tf.dispose([
        x.audio,
        x.video,
        noise,
        outA,
        outB,
        a0,
        b0,
        a1,
        b1,
        value,
        ...Object.values(grads),
      ]);
      adapter.dispose();
    });
  });

  it('applies modality dropout only in training, reproducibly under a seed', async () => {
    await expectNoLeak(() => {
      const make = () => new AffectGptAdapter({ ...small, modalityDropout: 0.5, seed: 7 });
      const [a, b, plain] = [make(), make(), new AffectGptAdapter({ ...small, seed: 7 })];
      const x = features(16, 8);
      const reference = plain.apply(x);
      const evaluation = a.apply(x);
      const trainA = a.apply(x, { training: true });
      const trainB = b.apply(x, { training: true });
      expect(maxAbsDifference(evaluation, reference)).toBe(0);
      expect(maxAbsDifference(trainA, reference)).toBeGreaterThan(1e-4);
      expect(maxAbsDifference(trainA, trainB)).toBe(0);
      tf.dispose([x.audio, x.video, reference, evaluation, trainA, trainB]);
      for (const adapter of [a, b, plain]) adapter.dispose();
    });
  });

  it('saves and loads its weights as safetensors', async () => {
    await expectNoLeak(() => {
      const source = new AffectGptAdapter({ ...small, projector: 'mlp', seed: 3 });
      const target = new AffectGptAdapter({ ...small, projector: 'mlp', seed: 4 });
      const x = features(2, 11);
      const before = target.apply(x);
      const expected = source.apply(x);
      expect(maxAbsDifference(before, expected)).toBeGreaterThan(1e-4);
      const bytes = source.saveWeights();
      target.loadWeights(bytes);
      const after = target.apply(x);
      expectAllClose(after.arraySync(), expected.arraySync(), 0);
      const restored = AffectGptAdapter.fromWeights(bytes);
      const fromFile = restored.apply(x);
      expect(restored.options).toEqual({ ...small, projector: 'mlp', seed: 3 });
      expectAllClose(fromFile.arraySync(), expected.arraySync(), 0);
      restored.dispose();
      expectR1kitError(() => restored.apply(x), 'INVALID_STATE', /disposed/);
      fromFile.dispose();
      const plain = saveAdapterWeights(source);
      expectR1kitError(
        () => AffectGptAdapter.fromWeights(plain),
        'INVALID_ARGUMENT',
        /r1kit-affectgpt-adapter/,
      );
      const linear = new AffectGptAdapter({ ...small, seed: 3 });
      expectR1kitError(() => linear.loadWeights(bytes), 'INVALID_ARGUMENT', /does not: /);
      const wider = new AffectGptAdapter({ ...small, hiddenSize: 13, projector: 'mlp' });
      expectR1kitError(() => wider.loadWeights(bytes), 'SHAPE_MISMATCH', /expects \[/);
      tf.dispose([x.audio, x.video, before, expected, after]);
      for (const adapter of [source, target, linear, wider]) adapter.dispose();
    });
  });

  it('refuses inputs of the wrong shape', async () => {
    await expectNoLeak(() => {
      const adapter = new AffectGptAdapter(small);
      const x = features(2, 1);
      const narrow = tf.zeros([2, 4, 7]) as tf.Tensor3D;
      const other = tf.zeros([3, 5, 6]) as tf.Tensor3D;
      expectR1kitError(
        () => adapter.apply({ audio: narrow, video: x.video }),
        'SHAPE_MISMATCH',
        /features.audio must be a tensor of shape \[\*, \*, 8\]/,
      );
      expectR1kitError(
        () => adapter.apply({ audio: x.audio, video: other }),
        'SHAPE_MISMATCH',
        /batch size 2/,
      );
      expectR1kitError(
        () => adapter.apply({ ...x, videoPresent: [1] }),
        'SHAPE_MISMATCH',
        /videoPresent must be an array of 2 flags/,
      );
      tf.dispose([x.audio, x.video, narrow, other]);
      adapter.dispose();
    });
  });
});
