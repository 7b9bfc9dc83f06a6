import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { parseIsoInstant } from '../../core/values/instant.ts';
import { instantSchema } from '../../core/model/primitives.ts';
import { instantMillis } from '../../functions/store/record-repository.ts';

const digits = (min: number, max: number) => fc.integer({ min, max }).map((n) => String(n).padStart(String(max).length, '0'));

/** Strings of the instant shape, each part a little past its range now and then. */
const instantLike = fc
  .tuple(
    fc.oneof(digits(0, 9999), fc.constantFrom('0000', '0001', '0099', '1582', '1900', '1970', '9999')),
    digits(0, 13),
    digits(0, 32),
    digits(0, 25),
    digits(0, 61),
    fc.option(fc.tuple(digits(0, 61), fc.option(fc.stringMatching(/^[0-9]{1,9}$/), { nil: undefined })), { nil: undefined }),
    fc.oneof(
      fc.constant('Z'),
      fc.tuple(fc.constantFrom('+', '-'), digits(0, 24), fc.constantFrom(':', ''), digits(0, 61)).map((p) => p.join('')),
    ),
  )
  .map(([year, month, day, hour, minute, seconds, offset]) => {
    const time = seconds ? `:${seconds[0]}${seconds[1] === undefined ? '' : `.${seconds[1]}`}` : '';
    return `${year}-${month}-${day}T${hour}:${minute}${time}${offset}`;
  });

describe('instant parsers', () => {
  // instantSchema asks core's parser only, and the store turns updatedAt into milliseconds with it:
  // both rely on luxon reading every such instant as valid, to the same millisecond.
  it('instantSchema accepts exactly what it accepted when it asked luxon too, at the millisecond luxon gives', () => {
    const shape = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;
    fc.assert(
      fc.property(instantLike, (text) => {
        const luxon = DateTime.fromISO(text, { setZone: true });
        const acceptedWithLuxon = shape.test(text) && !Number.isNaN(parseIsoInstant(text)) && luxon.isValid;
        expect(instantSchema.safeParse(text).success).toBe(acceptedWithLuxon);
        if (acceptedWithLuxon) expect(instantMillis(text)).toBe(luxon.toMillis());
      }),
      { numRuns: 20_000 },
    );
  });

  it('gives luxon’s milliseconds for every fraction of up to four digits', () => {
    for (const length of [1, 2, 3, 4]) {
      for (let fraction = 0; fraction < 10 ** length; fraction++) {
        const text = `2026-03-31T23:30:59.${String(fraction).padStart(length, '0')}+02:00`;
        expect(instantMillis(text)).toBe(DateTime.fromISO(text, { setZone: true }).toMillis());
      }
    }
  });

  it('leaves what is not of the shape to luxon', () => {
    for (const text of ['2026-03-31 23:30:00Z', '2026-03-31T23:30:00,5Z', '2026-03-31T23:30:00z', '+002026-03-31T23:30:00Z']) {
      const luxon = DateTime.fromISO(text, { setZone: true }).toMillis();
      expect(Object.is(instantMillis(text), luxon)).toBe(true);
    }
  });
});
