/**
 * A partner page that wants what a supporter types: page code (strings, see driver.ts) run first
 * in its `<head>`, before widget.js, and a report the test reads at the end.
 *
 * SPY listens to every event the window knows (at capture, on the window and the document),
 * forces every shadow root open and keeps it, wraps fetch, XMLHttpRequest, sendBeacon and
 * localStorage writes, and watches every mutation. REPORT adds everything the page can reach
 * then: its DOM and every shadow root in it (input values included), each frame's document and
 * storage (the browser should refuse), its own storage and cookies, the addresses it loaded.
 */

export const SPY = `window.__seen = [];
window.__signed = [];
window.__roots = [];
const note = (what, value) => {
  if (__seen.length > 50000) return;
  let text;
  try { text = typeof value === 'string' ? value : JSON.stringify(value); } catch { text = String(value); }
  __seen.push(what + ': ' + text);
};
const types = new Set(['petition-signed', 'message', 'input', 'beforeinput', 'change', 'keydown', 'keyup', 'keypress', 'paste', 'focusin', 'submit']);
for (const key in window) if (key.startsWith('on')) types.add(key.slice(2));
for (const type of types) {
  for (const target of [window, document]) {
    target.addEventListener(type, (event) => note('event ' + type, {
      key: event.key, data: event.data, detail: event.detail,
      values: event.composedPath().map((node) => node && node.value).filter((value) => typeof value === 'string' && value),
      text: event.target && event.target.textContent ? event.target.textContent.slice(0, 5000) : '',
    }), true);
  }
}
document.addEventListener('petition-signed', (event) => __signed.push(event.detail), true);
const attach = Element.prototype.attachShadow;
Element.prototype.attachShadow = function (init) {
  const root = attach.call(this, { ...init, mode: 'open' });
  __roots.push(root);
  return root;
};
const wrap = (object, name) => {
  const original = object[name];
  object[name] = function (...args) {
    note(name, args.map((arg) => { try { return typeof arg === 'string' ? arg : JSON.stringify(arg); } catch { return String(arg); } }));
    return original.apply(this, args);
  };
};
wrap(window, 'fetch');
wrap(XMLHttpRequest.prototype, 'open');
wrap(XMLHttpRequest.prototype, 'send');
wrap(navigator, 'sendBeacon');
wrap(Storage.prototype, 'setItem');
new MutationObserver((records) => {
  for (const record of records) note('mutation', record.target && record.target.textContent ? record.target.textContent.slice(0, 5000) : '');
}).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });`;

export const REPORT = `const found = [...__seen];
const walk = (root) => {
  for (const element of root.querySelectorAll('*')) {
    if (typeof element.value === 'string') found.push(element.value);
    if (element.shadowRoot) { found.push(element.shadowRoot.innerHTML); walk(element.shadowRoot); }
    if (element.localName === 'iframe') {
      try { found.push(element.contentDocument.documentElement.outerHTML); } catch (error) { found.push('refused: ' + error.name); }
      try { found.push(JSON.stringify({ ...element.contentWindow.localStorage })); } catch (error) { found.push('refused: ' + error.name); }
    }
  }
};
walk(document);
for (const root of __roots) { found.push(root.innerHTML); walk(root); }
found.push(document.documentElement.outerHTML, JSON.stringify({ ...localStorage }),
  JSON.stringify({ ...sessionStorage }), document.cookie,
  JSON.stringify(performance.getEntries().map((entry) => entry.name)));
return found.join('\\n');`;
