// Runs TSDoc examples in one process, in order: `tsx run-examples.ts a/example.ts b/example.ts`.
// The umbrella `@tensorflow/tfjs` registers the cpu backend and every gradient first, so an
// example need not select a backend. Each result is printed as one line `@@example <json>`.
import '@tensorflow/tfjs';
import { pathToFileURL } from 'node:url';

for (const file of process.argv.slice(2)) {
  const started = Date.now();
  try {
    await import(pathToFileURL(file).href);
    console.log(`@@example ${JSON.stringify({ file, ok: true, ms: Date.now() - started })}`);
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    console.log(`@@example ${JSON.stringify({ file, ok: false, message })}`);
  }
}
