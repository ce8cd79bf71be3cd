// Raw HTTP/1.1 over node:net, for tests that must send bytes exactly as written: fetch() and
// node:http normalise request targets ("//x", "/a/../b") or refuse odd ones, which would hide
// what the server does with them.
//
// Contract: rawExchange() writes `bytes` on a fresh connection to 127.0.0.1:port and resolves,
// once the server closes the connection (or after `timeoutMs`), with the first response parsed:
// { status, headers (lower-case names), body (Buffer, cut at Content-Length), raw (Buffer),
// closed (whether the server closed the connection) }. status is 0 when nothing came back.
// It never rejects on a reset: a connection the server drops is a valid outcome for these tests.
import net from 'node:net';

export function rawExchange(port, bytes, { timeoutMs = 5000 } = {}) {
  return new Promise((resolve) => {
    const chunks = [];
    let closed = false;
    const socket = net.connect({ host: '127.0.0.1', port });
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ ...parseResponse(Buffer.concat(chunks)), closed });
    };
    const timer = setTimeout(finish, timeoutMs);
    socket.on('connect', () => socket.write(bytes));
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', () => {});
    socket.on('close', () => {
      closed = true;
      finish();
    });
  });
}

// One request with "Connection: close"; `target` is sent byte for byte (as latin1).
export function rawRequest(port, method, target, { headers = {}, body, timeoutMs } = {}) {
  const lines = [`${method} ${target} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: close'];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  const payload = body === undefined ? Buffer.alloc(0) : Buffer.from(body);
  if (body !== undefined && !Object.keys(headers).some((h) => /^(content-length|transfer-encoding)$/i.test(h))) {
    lines.push(`Content-Length: ${payload.length}`);
  }
  const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
  return rawExchange(port, Buffer.concat([head, payload]), { timeoutMs });
}

function parseResponse(raw) {
  const end = raw.indexOf('\r\n\r\n');
  if (end < 0) return { status: 0, headers: {}, body: Buffer.alloc(0), raw };
  const [statusLine, ...fields] = raw.subarray(0, end).toString('latin1').split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0);
  const headers = {};
  for (const field of fields) {
    const colon = field.indexOf(':');
    if (colon > 0) headers[field.slice(0, colon).trim().toLowerCase()] = field.slice(colon + 1).trim();
  }
  let body = raw.subarray(end + 4);
  if (headers['content-length'] !== undefined) body = body.subarray(0, Number(headers['content-length']));
  return { status, headers, body, raw };
}
