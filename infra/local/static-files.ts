import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The dashboard page's folder: plain files, no build step. */
export const webRoot = fileURLToPath(new URL('../../web/', import.meta.url));

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};

/**
 * The file of `root` that a GET of `path` names, or undefined when the path is not a static file
 * (API routes have no file extension, so they never match). `/` is `index.html`.
 */
export function staticFilePath(root: string, path: string): string | undefined {
  if (path === '/' || path === '/index.html') return join(root, 'index.html');
  if (!/^\/[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/.test(path) || path.includes('..')) return undefined;
  if (!(extname(path) in contentTypes) || extname(path) === '.json') return undefined;
  const file = normalize(join(root, path));
  return file.startsWith(root.endsWith(sep) ? root : root + sep) ? file : undefined;
}

/** Sends the file (true), or false when it does not exist so the caller can route the request. */
export async function sendStaticFile(res: ServerResponse, file: string, head: boolean): Promise<boolean> {
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch {
    return false;
  }
  res.writeHead(200, {
    'content-type': contentTypes[extname(file)] ?? 'application/octet-stream',
    'content-length': body.length,
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
  });
  res.end(head ? undefined : body);
  return true;
}
