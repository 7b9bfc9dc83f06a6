// How the page writes values, as text only: exact decimal strings in, words out. No arithmetic in
// binary floating point touches a money value (rounding for display is done on the digits).

/** "1234567.50" → "1,234,567.50", by string only (no rounding). */
export function group(value) {
  if (value === null || value === undefined) return '—';
  const [whole, fraction] = String(value).split('.');
  const sign = whole.startsWith('-') ? '-' : '';
  const digits = whole.replace('-', '').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${digits}${fraction === undefined ? '' : `.${fraction}`}`;
}

/** A decimal string rounded half up (away from zero) to `digits` places, on its digits. */
export function roundDecimal(value, digits) {
  const text = String(value);
  const negative = text.startsWith('-');
  const [whole, fraction = ''] = (negative ? text.slice(1) : text).split('.');
  let kept;
  if (fraction.length <= digits) kept = `${whole}${fraction.padEnd(digits, '0')}`;
  else kept = (BigInt(`${whole}${fraction.slice(0, digits)}`) + (fraction[digits] >= '5' ? 1n : 0n)).toString();
  kept = kept.replace(/^0+(?=\d)/, '').padStart(digits + 1, '0');
  const out = digits > 0 ? `${kept.slice(0, -digits)}.${kept.slice(-digits)}` : kept;
  return negative && /[1-9]/.test(out) ? `-${out}` : out;
}

const currencies = new Map();
/** The currency's narrow symbol and minor digits, from the browser's own data (Intl). */
function currencyOf(code) {
  if (!currencies.has(code)) {
    try {
      const format = new Intl.NumberFormat('en', { style: 'currency', currency: code, currencyDisplay: 'narrowSymbol' });
      const symbol = format.formatToParts(0).find((part) => part.type === 'currency')?.value ?? code;
      currencies.set(code, { symbol, digits: format.resolvedOptions().maximumFractionDigits });
    } catch {
      currencies.set(code, { symbol: code, digits: null });
    }
  }
  return currencies.get(code);
}

/** A value in its currency: "€ 1,234.50", "¥ 1,235"; without a currency, grouped as it is. */
export function money(value, currency) {
  if (value === null || value === undefined) return '—';
  if (!currency) return group(value);
  const { symbol, digits } = currencyOf(currency);
  const rounded = digits === null ? String(value) : roundDecimal(value, digits);
  const negative = rounded.startsWith('-');
  return `${negative ? '-' : ''}${symbol} ${group(negative ? rounded.slice(1) : rounded)}`;
}

/** A percent with one decimal and its sign: 42.4 → "42.4%", 100 → "100.0%", null → "0.0%". */
export function percentText(percent) {
  return `${(Math.round((percent ?? 0) * 10) / 10).toFixed(1)}%`;
}

/** "1 goal", "2 goals". */
export function count(n, noun) {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** The token in what was pasted: the whole field, or what follows "Bearer " (an Authorization header's value). */
export function tokenFrom(pasted) {
  return String(pasted).trim().replace(/^bearer\s+/i, '').trim();
}

// Exact decimal arithmetic on the digits (BigInt), for sums shown beside targets.
const decimalPattern = /^-?\d+(\.\d+)?$/;
/** Whether `value` is a plain decimal ("1250", "-0.5"). */
export const isDecimal = (value) => decimalPattern.test(String(value ?? '').trim());
const decimalsOf = (value) => (String(value).trim().split('.')[1] ?? '').length;
const scaled = (value, scale) => {
  const text = String(value).trim();
  const [whole, fraction = ''] = text.replace('-', '').split('.');
  const digits = BigInt(whole + fraction.padEnd(scale, '0'));
  return text.startsWith('-') ? -digits : digits;
};

/** The exact sum of decimal strings, with the most decimals any of them has: ["0.10", "0.2"] → "0.30". */
export function sumDecimals(values) {
  const scale = Math.max(0, ...values.map(decimalsOf));
  const sum = values.reduce((total, value) => total + scaled(value, scale), 0n);
  const digits = (sum < 0n ? -sum : sum).toString().padStart(scale + 1, '0');
  return `${sum < 0n ? '-' : ''}${scale > 0 ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits}`;
}

/** -1, 0 or 1 as decimal `a` is below, equal to or above `b` ("1000" equals "1000.00"); null unless both are decimals. */
export function compareDecimals(a, b) {
  if (!isDecimal(a) || !isDecimal(b)) return null;
  const scale = Math.max(decimalsOf(a), decimalsOf(b));
  const [x, y] = [scaled(a, scale), scaled(b, scale)];
  return x === y ? 0 : x < y ? -1 : 1;
}
