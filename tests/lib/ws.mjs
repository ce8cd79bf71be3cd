// A minimal WebSocket client (RFC 6455, text frames) for API tests on Node 20, which has no
// WebSocket global. It speaks to the real server over a real socket; nothing is mocked.
import http from 'node:http';
import { randomBytes } from 'node:crypto';

export function connectWebSocket(url, headers = {}) {
  return new Promise((resolve, reject) => {
    const key = randomBytes(16).toString('base64');
    const req = http.request(url, {
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': key,
        ...headers,
      },
    });
    // Frames that arrived with the 101 response come in `head`.
    req.on('upgrade', (res, socket, head) => resolve(new TestWebSocket(socket, head)));
    req.on('response', (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => reject(Object.assign(new Error(`upgrade refused: ${res.statusCode}`), { status: res.statusCode, body })));
    });
    req.on('error', reject);
    req.end();
  });
}

class TestWebSocket {
  constructor(socket, head) {
    this.socket = socket;
    this.buffer = Buffer.alloc(0);
    this.messages = [];
    this.waiters = [];
    this.closed = false;
    socket.on('data', (chunk) => this.#onData(chunk));
    if (head && head.length) this.#onData(head);
    socket.on('close', () => {
      this.closed = true;
      for (const w of this.waiters) w.reject(new Error('socket closed'));
      this.waiters = [];
    });
  }

  #onData(chunk) {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      if (this.buffer.length < 2) return;
      const opcode = this.buffer[0] & 0x0f;
      let length = this.buffer[1] & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (this.buffer.length < 4) return;
        length = this.buffer.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (this.buffer.length < 10) return;
        length = Number(this.buffer.readBigUInt64BE(2));
        offset = 10;
      }
      if (this.buffer.length < offset + length) return;
      const payload = this.buffer.subarray(offset, offset + length);
      this.buffer = this.buffer.subarray(offset + length);
      if (opcode === 1) this.#deliver(JSON.parse(payload.toString('utf8')));
      if (opcode === 8) this.socket.end();
    }
  }

  #deliver(message) {
    this.messages.push(message);
    this.waiters = this.waiters.filter((w) => {
      if (!w.predicate(message)) return true;
      w.resolve(message);
      return false;
    });
  }

  // Resolves with the first message (already received or to come) that satisfies `predicate`.
  next(predicate, timeoutMs = 5000) {
    const found = this.messages.find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no matching WebSocket message')), timeoutMs);
      this.waiters.push({
        predicate,
        resolve: (m) => { clearTimeout(timer); resolve(m); },
        reject: (e) => { clearTimeout(timer); reject(e); },
      });
    });
  }

  send(object) {
    const payload = Buffer.from(JSON.stringify(object));
    const mask = randomBytes(4);
    const header = payload.length < 126 ? Buffer.from([0x81, 0x80 | payload.length])
      : Buffer.from([0x81, 0x80 | 126, payload.length >> 8, payload.length & 0xff]);
    const masked = Buffer.from(payload.map((b, i) => b ^ mask[i % 4]));
    this.socket.write(Buffer.concat([header, mask, masked]));
  }

  close() {
    this.socket.destroy();
  }
}
