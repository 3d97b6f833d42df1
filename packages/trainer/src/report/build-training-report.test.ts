import { expectR1kitError } from '@r1kit/test-utils';
import { describe, expect, it } from 'vitest';
import { buildTrainingReport } from './build-training-report.js';
import { renderLinePlotSvg } from './render-line-plot-svg.js';

const steps = [
  { step: 1, reward: 0.2, kl: 0, 'completions/mean_length': 10 },
  { step: 2, reward: 0.4, kl: null, 'completions/mean_length': 9 },
];

describe('buildTrainingReport', () => {
  it('draws the default GRPO plots that have data, from the metric keys, with gaps for null', () => {
    const report = buildTrainingReport({ steps });
    expect(report.plots.map((plot) => plot.file)).toEqual([
      'reward.svg',
      'completion-length.svg',
      'kl.svg',
    ]);
    expect(report.notPlotted).toEqual(['Clip ratio']);
    expect(report.plots[0]!.svg).toBe(
      renderLinePlotSvg({
        title: 'Reward',
        series: [
          {
            label: 'reward',
            points: [
              [1, 0.2],
              [2, 0.4],
            ],
          },
        ],
      }),
    );
    // kl is null at step 2: one point is drawn.
    expect(report.plots[2]!.svg).toMatch(/points="[\d.]+,[\d.]+"/);
    expect(report.markdown).toBe(
      [
        '# Training report',
        '',
        '## Training curves',
        '',
        '![reward.svg](plots/reward.svg)',
        '![completion-length.svg](plots/completion-length.svg)',
        '![kl.svg](plots/kl.svg)',
        '',
        'Not plotted (no such metric in this run): Clip ratio.',
        '',
      ].join('\n'),
    );
    expect(JSON.parse(report.json)).toEqual({ steps, notes: [] });
  });

  it('uses the first key present, the row index when there is no step, and custom titles', () => {
    const report = buildTrainingReport({
      steps: [{ ew_f: 0.1 }, { ew_f: 0.3 }],
      title: 'EW run',
      plotsTitle: 'Curves (GRPO)',
      plots: [
        {
          title: 'EW-F',
          file: 'ew-f.svg',
          lines: [{ label: 'EW-F', keys: ['rewards/accuracy/mean', 'ew_f'] }],
        },
        { title: 'Reward', file: 'reward.svg', lines: [{ label: 'reward', keys: ['reward'] }] },
      ],
    });
    expect(report.plots.map((plot) => plot.file)).toEqual(['ew-f.svg']);
    expect(report.plots[0]!.svg).toBe(
      renderLinePlotSvg({
        title: 'EW-F',
        series: [
          {
            label: 'EW-F',
            points: [
              [0, 0.1],
              [1, 0.3],
            ],
          },
        ],
      }),
    );
    expect(report.markdown.startsWith('# EW run\n\n## Curves (GRPO)\n\n![ew-f.svg]')).toBe(true);
    expect(report.notPlotted).toEqual(['Reward']);
  });

  it('writes the evaluation table, command, timings and notes; the rows go to the JSON as they are', () => {
    const rows = [
      { stage: 'after SFT', scores: { f: 0.5 }, note: 'a|b' },
      { stage: 'after GRPO', scores: { f: 0.61234 }, note: '' },
    ];
    const report = buildTrainingReport({
      steps: [],
      config: { seed: 1 },
      command: 'npm start',
      evaluation: {
        title: 'Test split',
        rows,
        columns: [
          { header: 'model', cell: (row) => row.stage },
          { header: 'F', cell: (row) => (100 * row.scores.f).toFixed(2) },
          { header: 'note', cell: (row) => row.note },
        ],
      },
      timings: { sft: 1.54, grpo: 12 },
      notes: ['backend: cpu'],
    });
    expect(report.markdown).toBe(
      [
        '# Training report',
        '',
        'Command: `npm start`',
        '',
        '## Test split',
        '',
        '| model | F | note |',
        '|---|---|---|',
        '| after SFT | 50.00 | a\\|b |',
        '| after GRPO | 61.23 |  |',
        '',
        'Timings: sft 1.5 s, grpo 12.0 s.',
        '',
        '## Notes',
        '',
        '- backend: cpu',
        '',
        'Not plotted (no such metric in this run): Reward, Completion length (tokens), KL to the reference, Clip ratio.',
        '',
      ].join('\n'),
    );
    expect(Object.keys(JSON.parse(report.json))).toEqual([
      'config',
      'command',
      'steps',
      'evaluation',
      'timings',
      'notes',
    ]);
    expect(JSON.parse(report.json).evaluation).toEqual(rows);
    expect(buildTrainingReport({ steps: [], timings: {} }).markdown).toContain('Timings: n/a.');
  });

  it('rejects a configuration that is not JSON', () => {
    const config: Record<string, unknown> = {};
    config.self = config;
    expectR1kitError(
      () => buildTrainingReport({ steps: [], config }),
      'INVALID_ARGUMENT',
      'buildTrainingReport',
      'JSON-serialisable',
    );
  });
});
