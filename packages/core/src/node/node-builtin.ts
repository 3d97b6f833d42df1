import type * as childProcess from 'node:child_process';
import type * as crypto from 'node:crypto';
import type * as fs from 'node:fs';
import type * as fsPromises from 'node:fs/promises';
import type * as os from 'node:os';
import type * as path from 'node:path';
import type * as util from 'node:util';
import { R1kitError } from '../errors/r1kit-error.js';

/**
 * The Node.js built-in modules that r1kit's file-system functions use, by name.
 *
 * @category Runtime
 */
export interface NodeBuiltins {
  /** `node:child_process`. */
  child_process: typeof childProcess;
  /** `node:crypto`. */
  crypto: typeof crypto;
  /** `node:fs`. */
  fs: typeof fs;
  /** `node:fs/promises`. */
  'fs/promises': typeof fsPromises;
  /** `node:os`. */
  os: typeof os;
  /** `node:path`. */
  path: typeof path;
  /** `node:util`. */
  util: typeof util;
}

/**
 * Options of {@link nodeBuiltin}.
 *
 * @category Runtime
 */
export interface NodeBuiltinOptions<Name extends keyof NodeBuiltins> {
  /** The built-in module, without the `node:` prefix. */
  readonly module: Name;
  /** The public function that needs it, named in the error outside Node.js. */
  readonly functionName: string;
}

interface BuiltinHost {
  getBuiltinModule?: (id: string) => unknown;
}

/**
 * A Node.js built-in module, fetched when a file-system function runs rather than imported
 * when the package loads. This is how every r1kit package keeps its main entry free of Node
 * imports, so that bundlers put it in a web page as is: functions that read or write files
 * (`loadCausalLM`, checkpoints, wheel files, feature folders) work in Node.js 20.16 or later
 * and, anywhere else, throw `UNSUPPORTED` naming the function and the byte-level alternative
 * to use (such as `parseSafetensors` on fetched bytes).
 *
 * @param options - The module and the calling function.
 * @returns The module.
 * @throws R1kitError `UNSUPPORTED` outside Node.js (no `process.getBuiltinModule`).
 *
 * @example
 * ```ts
 * import { nodeBuiltin } from '@r1kit/core';
 * const path = nodeBuiltin({ module: 'path', functionName: 'myLoader' });
 * console.log(path.join('models', 'config.json')); // 'models/config.json'
 * ```
 *
 * @category Runtime
 */
export function nodeBuiltin<Name extends keyof NodeBuiltins>(
  options: NodeBuiltinOptions<Name>,
): NodeBuiltins[Name] {
  const host = (globalThis as { process?: BuiltinHost }).process;
  const load = host?.getBuiltinModule;
  if (typeof load !== 'function') {
    throw new R1kitError({
      code: 'UNSUPPORTED',
      message:
        `${options.functionName}: reading or writing files needs Node.js 20.16 or later ` +
        `(the ${options.module} module is not available here); in a browser, fetch the bytes ` +
        'and use the byte-level functions (parseSafetensors, parseNpy, Tokenizer.fromJSON, ...)',
    });
  }
  return load.call(host, `node:${options.module}`) as NodeBuiltins[Name];
}
