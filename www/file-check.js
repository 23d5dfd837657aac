// What the two file views share, 计划审核 (review.js: a plan) and 车间核查 (workshop.js: a
// roster): a file picked or dropped, read and handed to a module Web Worker that checks it and
// answers requests about it (worker-requests.js), the progress while it works, the alert above
// the results, and a result saved as a download. Each piece is small and knows nothing of plans
// or rosters; the views keep their own state and words.
import { h } from './format.js';
import { FILE_UNREADABLE, WORKER_FAILED, workerRequests } from './worker-requests.js';
import { rulesInUse } from './rules-in-use.js';

/** The importers' default limit (50 MiB): a larger file is cut one byte past it, so that the
 * worker reports it as too large without the whole file being read into memory. */
export const MAX_BYTES = 50 * 1024 * 1024;

/**
 * Calls `onFile(file)` when a file is chosen in `input` or dropped on `drop`. `keepName`: the
 * input keeps the chosen (or dropped) file, and shows its name; without it the input is emptied
 * (the page shows the name itself, masked). A file dropped next to the zone, while `root` is
 * shown, must not make the browser leave the page. A file the input already holds (set before
 * its view's module was loaded) is taken too, once the caller has finished setting up.
 */
export function pickFiles({ root, input, drop, keepName, onFile }) {
  const take = () => {
    const chosen = input.files?.[0];
    if (!keepName) input.value = '';
    if (chosen) onFile(chosen);
  };
  input.addEventListener('change', take);
  if (input.files?.length) queueMicrotask(take);
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('dragging');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('dragging'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('dragging');
    const dropped = e.dataTransfer?.files;
    if (!dropped?.length) return;
    if (keepName) input.files = dropped;
    onFile(dropped[0]);
  });
  for (const type of ['dragover', 'drop']) {
    window.addEventListener(type, (e) => {
      if (!root.hidden && !drop.contains(e.target)) e.preventDefault();
    });
  }
}

/** The alert box above the results: `show(title, messages)`, `clear()`. */
export function alertBox(box) {
  return {
    show(title, messages) {
      box.replaceChildren(
        h('p', { class: 'alert-title' }, h('span', { 'aria-hidden': 'true', text: '! ' }), title),
        messages.length === 1
          ? h('p', { text: messages[0] })
          : h('ul', {}, messages.map((m) => h('li', { text: m }))));
      box.hidden = false;
    },
    clear() {
      box.hidden = true;
      box.replaceChildren();
    },
  };
}

/**
 * The progress box (`box`, holding `text`, the <progress> `bar` and the `cancel` button):
 * `start(text)` shows it with the bar indeterminate, `fraction(f)` sets the bar, `hide()`,
 * `cancelled(text)` leaves only the text.
 */
export function progressBox({ box, text, bar, cancel }) {
  return {
    box,
    text,
    start(message) {
      box.hidden = false;
      bar.hidden = false;
      cancel.hidden = false;
      bar.removeAttribute('value'); // indeterminate until there is a fraction
      text.textContent = message;
    },
    fraction(f) {
      bar.max = 1000;
      bar.value = Math.round(f * 1000);
    },
    hide() {
      box.hidden = true;
    },
    cancelled(message) {
      bar.hidden = true;
      cancel.hidden = true;
      text.textContent = message;
    },
  };
}

/**
 * One file at a time, checked in a module worker made from `url`. `start(file, message)` ends
 * the check before (if any), starts the worker and posts it `{ type: 'check', buffer, fileName,
 * rules, ...message() }` once the file is read (`message` is called then; `rules` is the text of
 * the page's rule book in use, null for the compiled-in one: rules-in-use.js). What the worker sends that
 * is not an answer to a request goes to `onMessage(msg)`; a failure (the worker's own `failed`,
 * a worker that cannot start, a file that cannot be read) to `onFail(text)`, in Chinese. Only
 * the current worker is heard. `ask(request)` asks it something (worker-requests.js); `stop()`
 * ends it and rejects open requests with `stopped`; `busy` says whether a worker is running.
 */
export function checkWorker({ url, noWorker, stopped, onMessage, onFail }) {
  let worker = null;
  const requests = workerRequests(() => worker, noWorker);
  const stop = () => {
    worker?.terminate();
    worker = null;
    requests.cancelAll(stopped);
  };
  return {
    get busy() {
      return worker !== null;
    },
    ask: (request) => requests.ask(request),
    stop,
    start(file, message) {
      stop();
      const w = new Worker(url, { type: 'module' });
      worker = w;
      w.addEventListener('message', (e) => {
        if (worker !== w || requests.settle(e.data)) return;
        if (e.data.type === 'failed') onFail(e.data.message);
        else onMessage(e.data);
      });
      w.addEventListener('error', () => {
        if (worker === w) onFail(WORKER_FAILED);
      });
      const part = file.size > MAX_BYTES ? file.slice(0, MAX_BYTES + 1) : file;
      part.arrayBuffer().then((buffer) => {
        if (worker !== w) return;
        w.postMessage({ type: 'check', buffer, fileName: file.name, rules: rulesInUse()?.json ?? null, ...message() }, [buffer]);
      }, () => {
        if (worker === w) onFail(FILE_UNREADABLE);
      });
    },
  };
}

/** Offers `blob` as a download named `fileName`. */
export function saveBlob(blob, fileName) {
  const a = h('a', { href: URL.createObjectURL(blob), download: fileName, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 60_000);
}
