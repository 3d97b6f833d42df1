import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

/** A started static server; `close()` stops it. */
export interface StaticServer {
  /** Base URL, `http://127.0.0.1:<port>/`. */
  url: string;
  /** Stops the server. */
  close(): Promise<void>;
}

/**
 * Serves the files under `root` on 127.0.0.1 at a free port (GET only, no directory listing;
 * `/` is `index.html`).
 *
 * @param root - The folder to serve (the page's `dist/`).
 * @returns The server's URL and a `close` function.
 */
export async function serveStatic(root: string): Promise<StaticServer> {
  const base = normalize(root + sep);
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    const file = normalize(join(base, path.endsWith('/') ? `${path}index.html` : path));
    const refuse = (status: number) => response.writeHead(status).end();
    if (request.method !== 'GET' || !file.startsWith(base)) return refuse(403);
    stat(file).then(
      (info) => {
        if (!info.isFile()) return refuse(404);
        const type = contentTypes[extname(file)] ?? 'application/octet-stream';
        response.writeHead(200, { 'content-type': type, 'content-length': info.size });
        createReadStream(file).pipe(response);
      },
      () => refuse(404),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
