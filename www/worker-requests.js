// Requests to a Web Worker and their answers, shared by the review and roster views: a request
// goes out as `{ ...message, id }`; the worker answers `{ type: 'reply', id, value }` or
// `{ type: 'failed', id, message }`, its message already in Chinese for the page to show.

/** When a worker cannot start at all (its script did not load or does not run here). */
export const WORKER_FAILED =
  '检查模块无法在此浏览器中启动。请刷新页面重试；如仍不能使用，请改用 Chrome、Edge 90 或更新版本，Firefox 115 或更新版本，或 Safari 15 或更新版本。';
/** When the chosen file cannot be read (moved, deleted, or locked by another program). */
export const FILE_UNREADABLE = '无法读取这个文件，可能已被移动、删除或正被其他程序占用。请重新选择文件。';

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
