// Building the page's elements and putting the API's answers into words next to what caused them.
// Text is always set as text, never parsed as HTML.

/** h('div', {class: 'x'}, 'text', child…); attributes that are null, undefined or false are left out. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'style') el.style.cssText = value;
    else if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) if (child !== null && child !== undefined && child !== false) el.append(child instanceof Node ? child : String(child));
  return el;
}

const svgNs = 'http://www.w3.org/2000/svg';
/** An SVG element: s('rect', {x: 1}), s('text', {}, 'label'). */
export function s(tag, attrs = {}, text) {
  const el = document.createElementNS(svgNs, tag);
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, String(value));
  if (text !== undefined) el.textContent = text;
  return el;
}

/** A labelled field: the label's text is the control's accessible name. */
export function field(label, control, hint) {
  const id = control.id || `f-${Math.random().toString(36).slice(2, 10)}`;
  control.id = id;
  return h('div', { class: 'field' }, h('label', { for: id }, label), control, hint ? h('small', { class: 'muted' }, hint) : null, h('span', { class: 'field-error', role: 'alert', 'data-for': control.getAttribute('name') ?? '' }));
}

/**
 * A fieldset of rows the person adds ("Add …") and removes ("Remove"): `makeRow(item)` (`item`
 * null for a new, empty row) gives the row's `element`, its `controls` by field name and `read()`.
 * Each control is named by its row's place as the API names its problems ("memberships.1.to",
 * "rates.0.rate"), again after each change. `read()` gives the rows' items in order.
 */
export function rowEditor({ name, legend, hint, addLabel, items, makeRow }) {
  const list = h('div', { class: 'rows' });
  const rows = new Map();
  const renumber = () =>
    [...list.children].forEach((element, i) => {
      for (const [key, control] of Object.entries(rows.get(element).controls)) control.name = `${name}.${i}.${key}`;
    });
  const add = (item) => {
    const row = makeRow(item);
    const remove = () => {
      row.element.remove();
      rows.delete(row.element);
      renumber();
    };
    row.element.append(h('button', { type: 'button', class: 'secondary', onclick: remove }, 'Remove'));
    rows.set(row.element, row);
    list.append(row.element);
    renumber();
  };
  items.forEach(add);
  const fieldset = h(
    'fieldset',
    { class: name, name },
    h('legend', {}, legend),
    h('small', { class: 'muted' }, hint),
    list,
    h('button', { type: 'button', class: 'secondary', onclick: () => add(null) }, addLabel),
  );
  return { fieldset, read: () => [...list.children].map((element) => rows.get(element).read()) };
}

/** What an error means for the person who caused it, in words (never the raw JSON). */
export function inWords(error) {
  if (!error || typeof error.status !== 'number') return 'Could not reach the API. Check the connection and try again.';
  switch (error.status) {
    case 400:
      return error.code === 'bad_json' ? 'The page sent something the API could not read.' : `Please check the marked fields: ${error.message}.`;
    case 401:
      return 'The API refused the token (missing, expired or from elsewhere). Paste a new one.';
    case 403:
      return 'Your role may not do this.';
    case 404:
      return 'It does not exist any more: someone may have deleted it. Reload to see the latest.';
    case 409:
      return error.message;
    case 412:
      return 'Someone else changed this while you were editing it. Reload to see their change, then edit again.';
    case 413:
      return 'That is more than the API accepts in one request.';
    case 423:
      return `This goal is locked: ${error.message}. Unlock it first (admins and users who may lock targets).`;
    case 429:
      return 'Too many requests just now. Try again in a moment.';
    default:
      return 'Something went wrong on the server. Try again; if it goes on, tell your administrator.';
  }
}

/** The form's control an error path ("body.period.start", "params.id", "target") points at, or the nearest enclosing one. */
function controlFor(form, path) {
  const parts = String(path ?? '').split('.').filter((p) => p !== '');
  if (parts[0] === 'body' || parts[0] === 'query' || parts[0] === 'params') parts.shift();
  for (let n = parts.length; n > 0; n--) {
    const name = parts.slice(0, n).join('.');
    const control = form.querySelector(`[name="${CSS.escape(name)}"]`);
    if (control) return control;
  }
  return null;
}

/** Clears what showError put into `form`. */
export function clearErrors(form) {
  for (const el of form.querySelectorAll('.field-error')) el.textContent = '';
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  const summary = form.querySelector('.form-error');
  if (summary) summary.replaceChildren();
}

/**
 * Shows an API error in `form`: each detail next to the field it names (aria-invalid on the field),
 * the rest in the form's summary line (`.form-error`), with a "Reload" button on a stale edit (412)
 * when `reload` is given. The first marked field takes the focus unless `focus` is false (an error
 * of a preview that updates while the person types elsewhere).
 */
export function showError(form, error, { reload, focus = true } = {}) {
  clearErrors(form);
  const unplaced = [];
  for (const detail of error?.details ?? []) {
    const control = controlFor(form, detail.path);
    const slot = control?.closest('.field')?.querySelector('.field-error');
    if (!control || !slot) {
      const where = String(detail.path ?? '').replace(/^(body|query)\.?/, ''); // "body" alone: the whole request
      unplaced.push(where ? `${where}: ${detail.message}` : detail.message);
      continue;
    }
    control.setAttribute('aria-invalid', 'true');
    slot.textContent = slot.textContent ? `${slot.textContent}; ${detail.message}` : detail.message;
  }
  let summary = form.querySelector('.form-error');
  if (!summary) {
    summary = h('p', { class: 'form-error', role: 'alert' });
    form.append(summary);
  }
  const placed = (error?.details ?? []).length > unplaced.length;
  const words = error?.status === 400 && placed && unplaced.length === 0 ? 'Please check the marked fields.' : inWords(error);
  summary.replaceChildren(h('span', {}, [words, ...unplaced].join(' ')));
  if (error?.status === 412 && reload) summary.append(' ', h('button', { type: 'button', class: 'secondary', onclick: reload }, 'Reload'));
  if (focus) form.querySelector('[aria-invalid=true]')?.focus();
}

/**
 * Sends `form` with `send()` when it is submitted, its submit button disabled meanwhile: a refusal is
 * shown in the form (showError, "Reload" on a stale edit when `reload` is given), a success goes on
 * with `done()`.
 */
export function onSubmit(form, send, { reload, done } = {}) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = form.querySelector('[type=submit]');
    clearErrors(form);
    if (button) button.disabled = true;
    try {
      await send();
    } catch (error) {
      showError(form, error, { reload });
      return;
    } finally {
      if (button) button.disabled = false;
    }
    await done?.();
  });
}

/**
 * A modal dialog headed `title` (its accessible name), built by `build(dialog, close)`; removed from
 * the page when closed. Returns the dialog element.
 */
export function openDialog(title, build) {
  const headingId = `d-${Math.random().toString(36).slice(2, 10)}`;
  const dialog = h('dialog', { 'aria-labelledby': headingId, class: 'dialog' });
  const close = () => {
    dialog.close();
    dialog.remove();
  };
  dialog.append(h('div', { class: 'dialog-head' }, h('h2', { id: headingId }, title), h('button', { type: 'button', class: 'secondary', onclick: close }, 'Close')));
  build(dialog, close);
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  return dialog;
}
