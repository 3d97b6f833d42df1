import { helpText } from './cli/cli-flags.js';
import { describeFailure } from './cli/describe-failure.js';
import { parseCli } from './cli/parse-cli.js';
import { runPipeline } from './pipeline/run-pipeline.js';

// One line per failure, never a stack with minified tfjs sources (R1KIT_DEBUG=1 adds the stack).
const fail = (error: unknown) => {
  const { line, exitCode } = describeFailure(error, { debug: process.env.R1KIT_DEBUG === '1' });
  console.error(line);
  process.exitCode = exitCode;
};
process.on('uncaughtException', (error) => {
  fail(error);
  process.exit();
});
process.on('unhandledRejection', (reason) => {
  fail(reason);
  process.exit();
});

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
  fail(error);
}
