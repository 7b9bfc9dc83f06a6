// Exchange rates, in the Settings region: each currency's dated rates into the default currency,
// for everyone to read. Admins add a currency's rates, edit them ("Add rate", "Save rates") and
// delete them; PUT /exchange-rates/{currency} replaces a currency's rates at the version read.
// (Not named exchange-rates.js: CloudFront sends /exchange-rates* to the API.)
import { api, ApiError } from './api.js';
import { field, h, openDialog, rowEditor } from './dom.js';
import { itemActions, submitDialog } from './org-forms.js';
import { isAdmin, state } from './session.js';

const currencyNames = new Intl.DisplayNames('en', { type: 'currency' });
/** "USD — US Dollar". */
const named = (code) => `${code} — ${currencyNames.of(code) ?? code}`;

/** The stored rates of `currency`, as the page last read them. */
const ratesOf = (currency) => (state.exchangeRates ?? []).find((entry) => entry.currency === currency);

/** One rate's row: "From" and "Rate". */
function rateRow(rate) {
  const from = h('input', { type: 'date', value: rate?.from ?? '' });
  const value = h('input', { value: rate?.rate ?? '', inputmode: 'decimal', autocomplete: 'off', spellcheck: 'false', placeholder: '1.0825' });
  return {
    element: h('div', { class: 'rate-row' }, field('From', from), field('Rate', value)),
    controls: { from, rate: value },
    // The rate as typed: a decimal string, sent exactly (the API says what is no decimal).
    read: () => ({ from: from.value, rate: value.value.trim() }),
  };
}

/** The rates' rows with "Add rate" (one empty row for a currency without rates); `read()` gives the rates in the order shown. */
const rateEditor = (rates) =>
  rowEditor({
    name: 'rates',
    legend: 'Rates',
    hint: `Units of ${state.settings?.defaultCurrency ?? 'the default currency'} for one unit of the currency, each from its date until the next one's.`,
    addLabel: 'Add rate',
    items: rates.length > 0 ? rates : [null],
    makeRow: rateRow,
  });

/** ISO 4217 codes the browser knows that may take rates: not the default currency, not one that has rates (edit those). */
function newCurrencies() {
  const taken = new Set((state.exchangeRates ?? []).map((entry) => entry.currency));
  return Intl.supportedValuesOf('currency').filter((code) => code !== state.settings?.defaultCurrency && !taken.has(code));
}

/** "Add exchange rates" (`stored` undefined) or "Edit exchange rates" of one currency, at the version read. */
function ratesDialog(stored) {
  openDialog(stored ? 'Edit exchange rates' : 'Add exchange rates', (dialog, close) => {
    const currency = stored
      ? h('select', { name: 'currency', disabled: true }, h('option', { value: stored.currency, selected: true }, named(stored.currency)))
      : h('select', { name: 'currency' }, h('option', { value: '' }, 'Choose a currency'), newCurrencies().map((code) => h('option', { value: code }, named(code))));
    const rates = rateEditor(stored?.rates ?? []);
    const form = h(
      'form',
      { novalidate: true },
      field('Currency', currency),
      rates.fieldset,
      h('div', { class: 'row' }, h('button', { type: 'submit' }, 'Save rates')),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const code = currency.value;
      const write = async () => {
        if (!code) throw new ApiError(400, { error: { code: 'validation_failed', message: 'Choose a currency', details: [{ path: 'params.currency', message: 'Choose a currency' }] } });
        await api('PUT', `/exchange-rates/${encodeURIComponent(code)}`, { rates: rates.read() }, { version: stored?.version ?? 0 });
      };
      // After "Reload": the dialog again with what is stored now (or a new one when the rates are gone).
      void submitDialog(form, close, write, () => ratesDialog(ratesOf(code)));
    });
    dialog.append(form);
  });
}

/** "Delete exchange rates": asks first; records in that currency then have no rate in metrics that convert. */
function deleteDialog(stored) {
  openDialog('Delete exchange rates', (dialog, close) => {
    const form = h(
      'form',
      {},
      h('p', {}, `Delete the ${stored.rates.length === 1 ? 'rate' : `${stored.rates.length} rates`} of ${named(stored.currency)}? Metrics that convert then skip records in ${stored.currency}.`),
      h('div', { class: 'row' }, h('button', { type: 'submit', class: 'danger' }, 'Delete')),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const write = () => api('DELETE', `/exchange-rates/${encodeURIComponent(stored.currency)}`, undefined, { version: stored.version });
      void submitDialog(form, close, write, () => ratesOf(stored.currency) && deleteDialog(ratesOf(stored.currency)));
    });
    dialog.append(form);
  });
}

/** One currency with its dated rates ("from 2026-01-01: 1 USD = 1.0825 EUR"), and an admin's "Edit" and "Delete". */
function currencyItem(entry, defaultCurrency) {
  const headingId = `rates-${entry.currency}`;
  return h(
    'li',
    { 'data-currency': entry.currency },
    h(
      'div',
      { class: 'item-head' },
      h('strong', { id: headingId }, named(entry.currency)),
      isAdmin() ? itemActions(headingId, [['Edit', () => ratesDialog(entry)], ['Delete', () => deleteDialog(entry)]]) : null,
    ),
    h(
      'ul',
      { class: 'rate-list' },
      entry.rates.map((rate) => h('li', {}, h('time', { datetime: rate.from }, `from ${rate.from}`), `: 1 ${entry.currency} = ${rate.rate} ${defaultCurrency}`)),
    ),
  );
}

/** The "Exchange rates" part of the Settings region. */
export function exchangeRatesPart() {
  const entries = state.exchangeRates;
  const defaultCurrency = state.settings?.defaultCurrency ?? '';
  const body =
    entries === null
      ? h('p', { class: 'muted' }, 'The exchange rates could not be read.')
      : entries.length === 0
        ? h('p', { class: 'muted' }, `No exchange rates yet: money metrics that convert skip records in currencies other than ${defaultCurrency}.`)
        : h('ul', { class: 'currency-rates' }, entries.map((entry) => currencyItem(entry, defaultCurrency)));
  return h(
    'div',
    { class: 'exchange-rates' },
    h('h3', {}, 'Exchange rates'),
    h('p', { class: 'muted' }, `Into ${defaultCurrency}, the default currency (always 1); each rate holds from its date until the next one's.`),
    body,
    isAdmin() ? h('div', { class: 'row' }, h('button', { type: 'button', class: 'secondary', onclick: () => ratesDialog(undefined) }, 'Add exchange rates')) : null,
  );
}
