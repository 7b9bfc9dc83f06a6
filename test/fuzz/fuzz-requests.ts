import fc, { type Arbitrary } from 'fast-check';
import { parseRouteKey, routeTable } from '../../functions/api/route-table.ts';
import { createRouteMatcher } from '../../infra/local/route-matcher.ts';
import { refusedTokenKinds, tokenKinds, type FuzzWorld, type TokenKind } from './fuzz-tenant.ts';
import {
  badFieldNames, badFieldValues, badJsonText, edgyStrings, edgyValidIds, invalidIds, invalidValue, unknownKeys, validValue,
  jsonText, type Kind, type KnownIds,
} from './fuzz-values.ts';

export interface FieldSpec {
  readonly kind: Kind;
  readonly required?: boolean;
  readonly nullable?: boolean;
}

export interface BodySpec {
  readonly fields: Readonly<Record<string, FieldSpec>>;
  /** A record body: free fields of its own beside `fields`, whose names and values are checked. */
  readonly record?: boolean;
}

export type QueryKind = 'limit' | 'cursor' | Kind;

export interface RouteSpec {
  readonly key: string;
  /** A write: every request carries a defect that must keep it from changing anything. */
  readonly write: boolean;
  /**
   * Per path parameter: ids that exist in the attacked tenant, and the other tenant's counterparts;
   * `wellFormed`: other values the parameter's schema takes (default: edgy valid ids).
   */
  readonly params?: Readonly<Record<string, { existing: readonly string[]; foreign: readonly string[]; wellFormed?: readonly string[] }>>;
  /** A missing resource is a 404 (not an upsert). */
  readonly missingIs404?: boolean;
  readonly query?: Readonly<Record<string, { kind: QueryKind; required?: boolean }>>;
  /** Several: a union (the body is one of them). */
  readonly body?: BodySpec | readonly BodySpec[];
  /** A body of JSON `{"records": [...]}` whose entries are each a record body (POST /records/batch). */
  readonly batch?: BodySpec;
  readonly ifMatch?: boolean;
  /** Requests that are well-formed but which the domain refuses (conflicts, locked goals, cycles). */
  readonly refused?: Arbitrary<Partial<Draft>>;
}

/** A path segment as sent; `raw` ones go over node:http so no URL parser normalises them. */
export interface Segment {
  readonly text: string;
  readonly raw?: boolean;
}

export type Payload =
  | { readonly kind: 'json'; readonly value: unknown }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'oversize'; readonly bytes: number; readonly json: boolean };

export interface Draft {
  readonly segments: Readonly<Record<string, Segment>>;
  readonly query: readonly (readonly [string, string])[];
  readonly rawQuery: string;
  readonly token: TokenKind;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Payload | undefined;
}

/** One fuzz request: what is sent, what is wrong with it, and the statuses it may get. */
export interface FuzzRequest {
  readonly method: string;
  readonly path: string;
  readonly raw: boolean;
  readonly token: TokenKind;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Payload | undefined;
  readonly defect: string;
  readonly expect?: readonly number[];
  /** A `details[].path` a 400 answer must list. */
  readonly detail?: string;
}

const maxBody = 256 * 1024;
/** The local gateway's own route matching, to know where an odd path really lands. */
const matchRoute = createRouteMatcher(routeTable);
const long = (n: number) => 'x'.repeat(n);
const enc = (id: string): Segment => (id === '.' || id === '..' ? { text: id, raw: true } : { text: encodeURIComponent(id) });

/** Segments that are never a valid id once the gateway decodes them (or that take the request off the route). */
const invalidSegments: Arbitrary<Segment> = fc.oneof(
  invalidIds.filter((id) => id !== '').map(enc),
  fc.constantFrom<Segment>(
    { text: '%ZZ' }, { text: '%' }, { text: '%C0%AF' }, { text: '%00' }, { text: 'a%2Fb' }, { text: '%F0%9F%98%80' }, { text: 'a%20b' },
    { text: '%E2%80%AE' }, { text: '%252F' }, { text: '' }, { text: '%2F..%2F' },
  ),
);
/** Odd but harmless to send to a read: a fragment, a query marker, path traversal a client resolves. */
const readOnlySegments: Arbitrary<Segment> = fc.constantFrom<Segment>({ text: 'x#frag' }, { text: 'x?limit=1' }, { text: '..%2F..' }, { text: '.%2e' });

function cursors(tenant: string): Arbitrary<string> {
  const pk = `t#${tenant}`;
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return fc.constantFrom(
    '', long(2049), 'garbage!!', 'eyJ', b64([]), b64('x'), b64({}), b64({ sk: 'x' }), b64({ pk }), b64({ pk, sk: 'zzz' }), b64({ pk, sk: 'unit#a' }),
    b64({ pk, sk: '' }), b64({ pk: `${pk}#goals`, sk: 'x' }), b64({ pk, sk: 'x', gsi1pk: pk, gsi1sk: 'y' }), b64({ pk: 't#other', sk: 'x' }),
    b64({ pk, sk: 1 }), b64({ pk, sk: 'x', extra: 'y' }), b64({ pk, sk: long(1400) }), b64({ pk: `${pk}#unit-parent#-`, sk: 'unit#x' }),
  );
}

function queryValue(kind: QueryKind, known: KnownIds, world: FuzzWorld, valid: boolean): Arbitrary<string> {
  const asText = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value) ?? '');
  if (kind === 'limit') return valid ? fc.constantFrom('1', '500', '100', ' 7 ', '010') : fc.constantFrom('0', '501', '-1', 'abc', '1.5', '', '1e3', 'Infinity', '١٠', long(5000), '9'.repeat(400));
  // Cursors the schema lets through (any string up to 2048), crafted to reach the repository.
  if (kind === 'cursor') return valid ? cursors(world.main.tenant) : fc.constantFrom('', long(2049));
  if (kind === 'id') return valid ? fc.constantFrom(...known.units, ...known.users, ...world.main.markers.slice(2)) : invalidIds;
  return (valid ? validValue(kind, known) : invalidValue(kind)).map(asText);
}

/** Each parameter absent, valid or invalid on its own, plus now and then one the route does not know. */
function queryArb(spec: RouteSpec, known: KnownIds, world: FuzzWorld): Arbitrary<[string, string][]> {
  const fields = Object.entries(spec.query ?? {});
  const unknown = fc.option(fc.tuple(fc.constantFrom('foo', 'LIMIT', '__proto__', 'tenant', 'limit[]', ''), fc.constantFrom('1', '', 'x')), { freq: 4, nil: undefined });
  if (fields.length === 0) {
    return fc.array(fc.tuple(fc.constantFrom('limit', 'cursor', 'foo', 'x'), fc.constantFrom('1', '', 'x', long(3000))), { maxLength: 2 });
  }
  const entries = fields.map(([name, field]) => {
    const present = (valid: boolean) => queryValue(field.kind, known, world, valid).map((v) => [[name, v]] as [string, string][]);
    const options = [{ weight: 3, arbitrary: present(true) }, { weight: 1, arbitrary: present(false) }];
    if (!field.required) options.push({ weight: 3, arbitrary: fc.constant([] as [string, string][]) });
    return fc.oneof(...options);
  });
  return fc.tuple(unknown, ...entries).map(([extra, ...parts]) => [...parts.flat(), ...(extra ? [extra] : [])]);
}

function objectArb(body: BodySpec, known: KnownIds): Arbitrary<Record<string, unknown>> {
  const shape: Record<string, Arbitrary<unknown>> = {};
  const required: string[] = [];
  for (const [name, field] of Object.entries(body.fields)) {
    shape[name] = field.nullable ? fc.oneof(validValue(field.kind, known), fc.constant(null)) : validValue(field.kind, known);
    if (field.required) required.push(name);
  }
  const base = fc.record(shape, { requiredKeys: required }) as Arbitrary<Record<string, unknown>>;
  if (!body.record) return base;
  const own = fc.dictionary(
    fc.constantFrom('status', 'amount', 'currency', 'closedAt', 'zone', 'type', 'note', 'n', 'flag', 'nothing', '_x', 'a.b-c'),
    fc.oneof(fc.constantFrom<unknown>('won', '100.00', 1e15, -1e15, 1e-130, -1e-130, 0, true, null, 'x'.repeat(4096)), edgyStrings),
    { maxKeys: 6 },
  );
  return fc.tuple(base, own).map(([fields, extra]) => ({ ...extra, ...fields }));
}

/** Defects of a JSON object body: each makes the request one the route must refuse. */
interface BodyDefect {
  readonly name: string;
  readonly edit: (value: Record<string, unknown>) => unknown;
  /** The statuses an admin may get; a value that passes the schema may name what does not exist (404). */
  readonly expect: readonly number[];
  /** The `details[].path` a 400 must list. */
  readonly detail?: string;
}

function objectDefects(body: BodySpec): Arbitrary<BodyDefect> {
  const names = Object.keys(body.fields);
  const required = names.filter((name) => body.fields[name]!.required);
  const options: Arbitrary<BodyDefect>[] = [
    fc.constantFrom(...names).chain((name) =>
      invalidValue(body.fields[name]!.kind)
        .filter((v) => !(v === null && body.fields[name]!.nullable))
        .map((v) => ({ name: `field ${name} = ${preview(v)}`, edit: (o: Record<string, unknown>) => ({ ...o, [name]: v }), expect: [400, 404] })),
    ),
    fc.constantFrom<unknown>([], 'x', 1, null, true, [{}]).map((v) => ({ name: `top-level ${preview(v)}`, edit: () => v, expect: [400] })),
  ];
  if (required.length > 0) {
    options.push(fc.constantFrom(...required).map((name) => ({ name: `missing ${name}`, edit: (o: Record<string, unknown>) => omit(o, name), expect: [400], detail: `body.${name}` })));
  }
  if (body.record) {
    options.push(
      fc.tuple(badFieldNames, fc.constantFrom<unknown>('v', 1)).map(([key, v]) => ({ name: `record field name ${preview(key)}`, edit: (o: Record<string, unknown>) => withKey(o, key, v), expect: [400], detail: `body.${key}` })),
      badFieldValues.map((v) => ({ name: `record field value ${preview(v)}`, edit: (o: Record<string, unknown>) => ({ ...o, status: v }), expect: [400], detail: 'body.status' })),
      fc.constant({ name: '101 own fields', edit: (o: Record<string, unknown>) => ({ ...o, ...Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`f${i}`, i])) }), expect: [400] }),
    );
  } else {
    options.push(
      fc.tuple(unknownKeys.filter((k) => !names.includes(k)), fc.constantFrom<unknown>(1, 'x', null, {})).map(([key, v]) => ({
        name: `unknown field ${preview(key)}`,
        edit: (o: Record<string, unknown>) => withKey(o, key, v),
        expect: [400],
        detail: `body.${key}`,
      })),
    );
  }
  return fc.oneof(...options);
}

/** Adds `key` as an own property, even `__proto__`, as JSON.parse on the server would see it. */
function withKey(o: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const copy = { ...o };
  Object.defineProperty(copy, key, { value, enumerable: true, configurable: true, writable: true });
  return copy;
}

function omit(o: Record<string, unknown>, name: string): Record<string, unknown> {
  const { [name]: _dropped, ...rest } = o;
  return rest;
}

export function preview(value: unknown): string {
  const text = value === undefined ? 'undefined' : jsonText(value);
  return text.length > 60 ? `${text.slice(0, 40)}…(${text.length} chars)` : text;
}

const contentTypes = fc.constantFrom<Record<string, string>>(
  {}, {}, {}, { 'content-type': 'text/plain' }, { 'content-type': 'application/json; charset=utf-16' }, { 'content-type': 'application/octet-stream' },
  { 'content-type': 'application/x-www-form-urlencoded' },
);
const noiseHeaders = fc.constantFrom<Record<string, string>>(
  {}, {}, {}, { 'x-forwarded-for': '10.0.0.1, evil' }, { accept: 'text/html' }, { 'x-amzn-trace-id': 'Root=bad' }, { 'content-length-x': '1' }, { origin: 'https://evil.example' },
);

function bodyArb(spec: RouteSpec, known: KnownIds): Arbitrary<Payload | undefined> {
  if (spec.batch) {
    const entry = objectArb(spec.batch, known);
    return fc.array(entry, { minLength: 1, maxLength: 3 }).map((records) => ({ kind: 'json', value: { records } }));
  }
  if (!spec.body) return fc.constant(undefined);
  const bodies = [spec.body].flat() as BodySpec[];
  return fc.oneof(...bodies.map((b) => objectArb(b, known))).map((value) => ({ kind: 'json', value }));
}

interface Defect {
  readonly name: string;
  readonly apply: (draft: Draft) => Draft;
  /** The statuses the contract allows for it: for any caller when `always`, else for the tenant's admin. */
  readonly expect?: readonly number[];
  readonly always?: boolean;
  readonly detail?: string;
}

function defectArb(spec: RouteSpec, known: KnownIds): Arbitrary<Defect> {
  const weighted: { arbitrary: Arbitrary<Defect>; weight: number }[] = [];
  const add = (weight: number, arbitrary: Arbitrary<Defect>) => weighted.push({ weight, arbitrary });

  add(spec.write ? 4 : 2, fc.constantFrom(...refusedTokenKinds).map((token) => ({ name: `token ${token}`, apply: (d) => ({ ...d, token }), expect: [401], always: true })));
  if (spec.write) add(2, fc.constantFrom<TokenKind>('member', 'other-tenant-member').map((token) => ({ name: `role ${token}`, apply: (d) => ({ ...d, token }), expect: [400, 403, 404], always: true })));

  const params = Object.keys(spec.params ?? {});
  if (params.length > 0) {
    add(3, fc.tuple(fc.constantFrom(...params), invalidSegments).map(([param, segment]) => ({
      name: `path ${param} = ${preview(segment.text)}`,
      apply: (d) => ({ ...d, segments: { ...d.segments, [param]: segment } }),
      expect: [400, 401, 403, 404],
      always: true,
    })));
    if (spec.missingIs404) {
      add(3, fc.constantFrom(...params).chain((param) =>
        fc.oneof(fc.constantFrom(...spec.params![param]!.foreign), wellFormed(spec, param).filter((id) => !spec.params![param]!.existing.includes(id))).map((id) => ({
          name: `missing ${param} ${preview(id)}`,
          apply: (d: Draft) => ({ ...d, token: 'admin' as const, segments: { ...d.segments, [param]: enc(id) } }),
          // The body is validated before the resource is looked up, and a drafted body may break a cross-field rule.
          expect: [400, 404],
        })),
      ));
    }
  }

  const validBody = bodyArb(spec, known);
  add(3, validBody.chain((b) => badJsonText(b?.kind === 'json' ? b.value : { a: 1 })).map((text) => ({
    name: `bad JSON ${preview(text)}`,
    apply: (d) => ({ ...d, body: { kind: 'text', text }, headers: { ...d.headers, 'content-type': 'application/json' } }),
    expect: [400],
  })));
  add(1, fc.tuple(fc.constantFrom(maxBody + 1, maxBody + 100, 300_000, 600_000), fc.boolean()).map(([bytes, json]) => ({
    name: `oversized body ${bytes} bytes`,
    apply: (d) => ({ ...d, body: { kind: 'oversize', bytes, json }, headers: { ...d.headers, 'content-type': 'application/json' } }),
    expect: [413],
  })));
  const bodies = spec.batch ? [] : ([spec.body ?? []].flat() as BodySpec[]);
  for (const body of bodies) {
    add(8, fc.tuple(objectArb(body, known), objectDefects(body)).map(([value, defect]) => ({
      name: defect.name,
      apply: (d) => ({ ...d, body: { kind: 'json', value: defect.edit(value) } }),
      expect: defect.expect,
      ...(defect.detail !== undefined && bodies.length === 1 ? { detail: defect.detail } : {}),
    })));
  }
  if (spec.batch) {
    const entry = spec.batch;
    const badEntry = fc.tuple(objectArb(entry, known), objectDefects(entry)).map(([value, defect]) => ({ value: defect.edit(value), name: defect.name }));
    add(6, fc.array(badEntry, { minLength: 1, maxLength: 4 }).map((entries) => ({
      name: `batch of bad records: ${entries.map((e) => e.name).join('; ')}`,
      apply: (d) => ({ ...d, body: { kind: 'json', value: { records: entries.map((e) => e.value) } } }),
    })));
    add(3, fc.constantFrom<unknown>(
      {}, { records: [] }, { records: 'x' }, { records: {} }, { records: null }, { records: Array.from({ length: 501 }, () => ({})) }, { records: [{}], extra: 1 }, [], 'x',
    ).map((value) => ({ name: `batch body ${preview(value)}`, apply: (d) => ({ ...d, body: { kind: 'json', value } }), expect: [400, 401, 403] })));
  }
  if (spec.ifMatch) {
    add(2, fc.constantFrom('"999"', 'W/"999"', '999999999999999').map((value) => ({ name: `stale If-Match ${value}`, apply: (d) => ({ ...d, headers: { ...d.headers, 'if-match': value } }), expect: [404, 412] })));
    add(1, fc.constantFrom('garbage', '"-1"', '"1.5"', long(500), '1e3', '"9999999999999999"').map((value) => ({ name: `bad If-Match ${preview(value)}`, apply: (d) => ({ ...d, headers: { ...d.headers, 'if-match': value } }), expect: [400] })));
  }
  // Refused as the tenant's admin: another tenant's admin might legitimately be allowed the same request.
  if (spec.refused) add(4, spec.refused.map((patch) => ({ name: `refused ${preview(patch)}`, apply: (d) => ({ ...d, token: 'admin' as const, ...patch }) })));

  return fc.oneof(...weighted);
}

/** Values a path parameter's schema takes beside the existing ones: edgy ids, unless the route names its own. */
function wellFormed(spec: RouteSpec, param: string): Arbitrary<string> {
  const own = spec.params![param]!.wellFormed;
  return own ? fc.constantFrom(...own) : edgyValidIds;
}

function segmentArb(spec: RouteSpec, param: string, forRead: boolean): Arbitrary<Segment> {
  const { existing, foreign } = spec.params![param]!;
  const options: { arbitrary: Arbitrary<Segment>; weight: number }[] = [
    { weight: 6, arbitrary: fc.constantFrom(...existing).map(enc) },
    { weight: 1, arbitrary: wellFormed(spec, param).map(enc) },
  ];
  if (forRead) {
    options.push({ weight: 2, arbitrary: fc.constantFrom(...foreign).map(enc) }, { weight: 2, arbitrary: invalidSegments }, { weight: 1, arbitrary: readOnlySegments });
  }
  return fc.oneof(...options);
}

function draftArb(spec: RouteSpec, known: KnownIds, world: FuzzWorld): Arbitrary<Draft> {
  const params = Object.keys(spec.params ?? {});
  const segments = fc.tuple(...params.map((p) => segmentArb(spec, p, !spec.write))).map((list) => Object.fromEntries(params.map((p, i) => [p, list[i]!])));
  const readTokens = fc.oneof(
    { weight: 6, arbitrary: fc.constant<TokenKind>('admin') },
    { weight: 3, arbitrary: fc.constantFrom(...tokenKinds.filter((k) => !refusedTokenKinds.includes(k))) },
    { weight: 1, arbitrary: fc.constantFrom(...refusedTokenKinds) },
  );
  const writeTokens = fc.oneof({ weight: 6, arbitrary: fc.constant<TokenKind>('admin') }, { weight: 1, arbitrary: fc.constantFrom<TokenKind>('integration', 'manager', 'other-tenant-admin') });
  const readBody: Arbitrary<Payload | undefined> = spec.body || spec.batch
    ? fc.oneof({ weight: 3, arbitrary: bodyArb(spec, known) }, { weight: 1, arbitrary: fc.constantFrom<Payload | undefined>(undefined, { kind: 'json', value: {} }) })
    : fc.oneof({ weight: 6, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom<Payload>({ kind: 'json', value: { a: 1 } }, { kind: 'text', text: '{"a":' }, { kind: 'json', value: [] }) });
  const rawQuery = fc.oneof({ weight: 8, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.constantFrom('&&', '=', '&=x', '&limit', '&%ZZ=1', '&limit=1&limit=2', '&__proto__=1', '&a[b]=c', `&${long(2000)}=1`) });
  return fc.record({
    segments,
    query: spec.write ? fc.constant([]) : queryArb(spec, known, world),
    rawQuery: spec.write ? fc.constant('') : rawQuery,
    token: spec.write ? writeTokens : readTokens,
    headers: fc.tuple(contentTypes, noiseHeaders).map(([a, b]) => ({ ...a, ...b })),
    body: spec.write ? bodyArb(spec, known) : readBody,
  });
}

/** Requests for one route: for a write, a well-formed request with one defect; for a read, anything. */
export function requestArb(spec: RouteSpec, world: FuzzWorld): Arbitrary<FuzzRequest> {
  const known: KnownIds = { units: Object.values(world.main.units), users: [world.main.users.ann, world.main.users.bob, world.main.users.manager] };
  const { method, path } = parseRouteKey(spec.key);
  const defects = spec.write ? defectArb(spec, known) : fc.oneof({ weight: 1, arbitrary: fc.constant(undefined) }, { weight: 2, arbitrary: defectArb(spec, known) });
  return fc.tuple(draftArb(spec, known, world), defects).map(([base, defect]) => {
    const draft = defect ? defect.apply(base) : base;
    let raw = false;
    const filled = path.replace(/\{(\w+)\}/g, (_, name: string) => {
      const segment = draft.segments[name]!;
      raw ||= segment.raw === true;
      return segment.text;
    });
    const search = draft.query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&') + draft.rawQuery;
    const publicRoute = spec.key === 'GET /health' || spec.key === 'GET /openapi.json';
    const certain = defect?.expect && !publicRoute && (defect.always || draft.token === 'admin');
    raw ||= draft.body !== undefined && (method === 'GET' || method === 'HEAD');
    // fetch resolves dot segments and cuts at `#` or `?` (the gateway at `?`): the request may then match
    // no route (the gateway's 404) or another route, whose answer this route's expectations do not cover.
    const landed = matchRoute(method, raw ? filled.split('?')[0]! : new URL(filled, 'http://x').pathname);
    const offRoute = landed === undefined;
    // A bad path parameter is reported alone: the body is only validated once the params pass.
    const validPath = landed !== undefined && Object.values(landed.pathParameters).every((id) => /^[A-Za-z0-9._:-]{1,128}$/.test(id));
    const elsewhere = landed !== undefined && landed.route.key !== spec.key;
    return {
      method,
      path: search ? `${filled}?${search}` : filled,
      raw,
      token: draft.token,
      headers: draft.headers,
      body: draft.body,
      defect: defect?.name ?? 'none',
      ...(offRoute ? { expect: [404] } : certain && !elsewhere ? { expect: defect!.expect, ...(defect!.detail && validPath ? { detail: defect!.detail } : {}) } : {}),
    };
  });
}

/** The bytes of a payload as sent. */
export function payloadText(payload: Payload): string {
  if (payload.kind === 'json') return jsonText(payload.value);
  if (payload.kind === 'text') return payload.text;
  const pad = payload.bytes - (payload.json ? '{"name":""}'.length : 0);
  return payload.json ? `{"name":"${'x'.repeat(pad)}"}` : `[${'1,'.repeat(Math.floor(pad / 2))}`.slice(0, payload.bytes);
}
