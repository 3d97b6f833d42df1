import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { R1kitError } from '@r1kit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanExtractionResponse, extractLabelsWithChat } from './chat-extractor.js';

describe('cleanExtractionResponse', () => {
  it('applies the official post-processing', () => {
    expect(cleanExtractionResponse(' Output: [happy, sad]\n')).toBe('[happy, sad]');
    expect(cleanExtractionResponse('输出：[angry]')).toBe('[angry]');
    expect(cleanExtractionResponse('[calm,\n relaxed]')).toBe('[calm, relaxed]');
    expect(cleanExtractionResponse('Input Output: []')).toBe('Output: []');
  });
});

describe('extractLabelsWithChat against a local stub server', () => {
  let server: Server;
  let url = '';
  const bodies: Record<string, unknown>[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      let raw = '';
      request.on('data', (chunk) => {
        raw += chunk;
      });
      request.on('end', () => {
        const body = JSON.parse(raw);
        bodies.push({ ...body, path: request.url, authorization: request.headers.authorization });
        const prompt: string = body.messages[0].content;
        if (prompt.includes('FAIL')) {
          response.writeHead(500).end('model crashed');
          return;
        }
        const reason = /Input: ([^;]*); Output: $/.exec(prompt)?.[1] ?? '';
        const content = reason.includes('worried') ? 'Output: [worried, tense]\n' : '[]';
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ choices: [{ message: { content } }] }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('sends the official prompt and sampling settings and cleans the answers', async () => {
    const lists = await extractLabelsWithChat(['He looks worried.', 'No clue.'], {
      url,
      model: 'stub-model',
      apiKey: 'secret',
      repetitionPenalty: 1.05,
    });
    expect(lists).toEqual(['[worried, tense]', '[]']);
    expect(bodies[0]).toMatchObject({
      path: '/v1/chat/completions',
      authorization: 'Bearer secret',
      model: 'stub-model',
      temperature: 0.7,
      top_p: 0.8,
      max_tokens: 512,
      repetition_penalty: 1.05,
    });
    const content = (bodies[0]!.messages as { content: string }[])[0]!.content;
    expect(
      content.startsWith('Please assume the role of an expert in the field of emotions.'),
    ).toBe(true);
  });

  it('raises NETWORK_ERROR for a failing server and a bad URL argument', async () => {
    const failure = await extractLabelsWithChat(['FAIL'], { url, model: 'm' }).catch((e) => e);
    expect(R1kitError.isInstance(failure) && failure.code).toBe('NETWORK_ERROR');
    expect(failure.message).toMatch(/HTTP 500: model crashed/);
    await expect(extractLabelsWithChat(['x'], { url: 'localhost:1', model: 'm' })).rejects.toThrow(
      /options.url must be an http\(s\) base URL/,
    );
  });
});
