import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encodeCursor, openCursor, sealCursor } from '../../functions/store/cursor.ts';
import { RequestValidationError } from '../../functions/shared/errors.ts';

describe('sealed list cursors', () => {
  const key = randomBytes(32);
  const binding = JSON.stringify(['demo', 'ann', 'member', 'GET /goals', []]);
  const position = encodeCursor({ pk: 't#demo#goals', sk: 'goal#hidden-goal-of-bob' })!;

  it('open to the position they seal, for the same key and binding', () => {
    expect(openCursor(sealCursor(position, key, binding), key, binding)).toBe(position);
  });

  it('name nothing: the sealed bytes hold no part of the key, and differ each time', () => {
    const first = sealCursor(position, key, binding);
    const again = sealCursor(position, key, binding);
    expect(first).not.toBe(again);
    for (const sealed of [first, again]) expect(Buffer.from(sealed, 'base64url').toString('latin1')).not.toMatch(/goal|hidden|t#demo/);
  });

  it('do not tell by their length how long the ids in them are', () => {
    const short = encodeCursor({ pk: 't#demo#goals', sk: 'goal#a' })!;
    expect(sealCursor(short, key, binding).length).toBe(sealCursor(position, key, binding).length);
  });

  it.each([
    ['another binding (caller, tenant or query)', (sealed: string) => openCursor(sealed, key, JSON.stringify(['demo', 'bob', 'member', 'GET /goals', []]))],
    ['another key', (sealed: string) => openCursor(sealed, randomBytes(32), binding)],
    ['one byte changed', (sealed: string) => {
      const bytes = Buffer.from(sealed, 'base64url');
      bytes[bytes.length - 1]! ^= 1;
      return openCursor(bytes.toString('base64url'), key, binding);
    }],
    ['a truncated cursor', (sealed: string) => openCursor(sealed.slice(0, 40), key, binding)],
    ['the position itself, unsealed', () => openCursor(position, key, binding)],
    ['text that is not base64url', () => openCursor('not a cursor!', key, binding)],
  ])('refuse %s with 400 validation_failed', (_what, open) => {
    expect(() => open(sealCursor(position, key, binding))).toThrow(RequestValidationError);
  });
});
