import { R1kitError } from '@r1kit/core';
import { helpText } from './cli/cli-flags.js';
import { parseCli } from './cli/parse-cli.js';
import { runPipeline } from './pipeline/run-pipeline.js';

try {
  const request = parseCli(process.argv.slice(2));
  if (request.kind === 'help') {
    console.log(helpText());
  } else {
    await runPipeline(request.config, {
      command: `npm start -- ${process.argv.slice(2).join(' ')}`.trim(),
    });
  }
} catch (error) {
  if (R1kitError.isInstance(error)) {
    console.error(`error (${error.code}): ${error.message}`);
    process.exitCode = 2;
  } else {
    throw error;
  }
}
