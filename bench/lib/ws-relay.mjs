// The bare `ws` relay the hub benchmarks measure the Berth hub against (bench/hub-fanout.mjs,
// bench/scale/curves/hub.mjs): every frame a publisher sends goes to every subscriber as is (no parsing), with
// corked sends — each subscriber socket corked once per event-loop turn and uncorked on the next tick, as the
// hub's CorkBatch does.
import { WebSocketServer } from 'ws';

/**
 * Starts a relay on 127.0.0.1 (random port). A connection whose URL contains `role=sub` subscribes (and gets
 * `{"type":"subscribed"}`); any other connection publishes.
 * @returns {Promise<{ wss: WebSocketServer, port: number, subscribers: Set<import('ws').WebSocket> }>}
 */
export async function startBareRelay({ perMessageDeflate = false } = {}) {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate });
  const subscribers = new Set();
  const corked = new Set();
  let uncorkScheduled = false;
  const uncorkAll = () => {
    uncorkScheduled = false;
    for (const c of corked) c._socket.uncork();
    corked.clear();
  };
  wss.on('connection', (ws, req) => {
    if (req.url?.includes('role=sub')) {
      subscribers.add(ws);
      ws.on('close', () => subscribers.delete(ws));
      ws.send('{"type":"subscribed"}');
      return;
    }
    ws.on('message', (data) => {
      for (const s of subscribers) {
        if (!corked.has(s)) {
          corked.add(s);
          s._socket.cork();
        }
        s.send(data, { binary: false });
      }
      if (!uncorkScheduled) {
        uncorkScheduled = true;
        process.nextTick(uncorkAll);
      }
    });
  });
  await new Promise((resolve) => wss.once('listening', resolve));
  return { wss, port: wss.address().port, subscribers };
}
