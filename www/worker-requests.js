// Requests to a Web Worker and their answers, shared by the review and roster views: a request
// goes out as `{ ...message, id }`; the worker answers `{ type: 'reply', id, value }` or
// `{ type: 'failed', id, message }`.

/**
 * `worker()` gives the worker in use (or null); `noWorker` is the message when there is none.
 * Returns `ask(message)` (a promise of the reply), `settle(msg)` (true when `msg` answers a
 * request, which is then settled) and `cancelAll(reason)` (rejects every open request).
 */
export function workerRequests(worker, noWorker) {
  const open = new Map();
  let seq = 0;
  return {
    ask(message) {
      const id = ++seq;
      const w = worker();
      return new Promise((resolve, reject) => {
        if (!w) {
          reject(new Error(noWorker));
          return;
        }
        open.set(id, { resolve, reject });
        w.postMessage({ ...message, id });
      });
    },
    settle(msg) {
      if (msg.type === 'reply') {
        open.get(msg.id)?.resolve(msg.value);
        open.delete(msg.id);
        return true;
      }
      if (msg.type === 'failed' && msg.id && open.has(msg.id)) {
        open.get(msg.id).reject(new Error(msg.message));
        open.delete(msg.id);
        return true;
      }
      return false;
    },
    cancelAll(reason) {
      for (const { reject } of open.values()) reject(new Error(reason));
      open.clear();
    },
  };
}
