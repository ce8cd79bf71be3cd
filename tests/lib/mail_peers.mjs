// Real mail peers for end-to-end tests: a Dovecot IMAP server and an aiosmtpd SMTP sink, both
// started on free localhost ports under a temporary directory, with one IMAP account.
//
// Contract: mailPeersSkip is false when Dovecot, aiosmtpd and curl are installed, else the reason
// (tests skip, saying so). startMailPeers() resolves once both listen; its deliver(raw) APPENDs a
// message to the account's INBOX (curl's IMAP upload), sent() lists the messages the sink
// received (raw, with an X-Envelope-To header first), stop() ends both and removes the directory.
import { spawn, execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, readdirSync, readFileSync, rmSync, chownSync, chmodSync, existsSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import net from 'node:net';
import path from 'node:path';

const DOVECOT = ['/usr/sbin/dovecot', '/usr/local/sbin/dovecot'].find((p) => existsSync(p));
const PYTHON = ['/usr/bin/python3', 'python3'].find(
  (p) => spawnSync(p, ['-c', 'import aiosmtpd'], { stdio: 'ignore' }).status === 0);
const CURL = spawnSync('curl', ['--version'], { stdio: 'ignore' }).status === 0;
export const mailPeersSkip = !DOVECOT ? 'Dovecot is not installed (apt-get install dovecot-imapd)'
  : !PYTHON ? 'aiosmtpd is not installed (apt-get install python3-aiosmtpd)'
    : !CURL ? 'curl is not installed' : false;

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export async function waitForPort(port, timeoutMs = 15000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => { socket.end(); resolve(true); });
      socket.on('error', () => resolve(false));
    });
    if (ok) return;
    await sleep(100);
  }
  throw new Error(`nothing listens on ${port}`);
}

export async function eventually(what, fn, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await fn();
    if (last) return last;
    await sleep(250);
  }
  throw new Error(`timed out waiting for ${what}`);
}

export const crlf = (text) => text.replace(/\r?\n/g, '\r\n');

let root, imapPort, smtpPort, sinkDir;
export const IMAP_USER = 'mairie';
export const IMAP_PASSWORD = 'Secret-Imap-2026';

function startDovecot() {
  const base = path.join(root, 'dovecot');
  for (const d of ['run', 'state', 'mail', 'home']) mkdirSync(path.join(base, d), { recursive: true });
  // Dovecot refuses to run its login processes, or mail, as root: under root its own users serve.
  const asRoot = process.getuid() === 0;
  const id = (flag, user) => Number(execFileSync('id', [flag, user], { encoding: 'utf8' }).trim());
  const uid = asRoot ? id('-u', 'dovecot') : process.getuid();
  const gid = asRoot ? id('-g', 'dovecot') : process.getgid();
  const me = userInfo().username;
  if (asRoot) {
    // Dovecot's own users read the passwd file and write the mail under the temp dir.
    chmodSync(root, 0o755);
    chownSync(path.join(base, 'mail'), uid, gid);
  }
  writeFileSync(path.join(base, 'passwd'),
    `${IMAP_USER}:{PLAIN}${IMAP_PASSWORD}:${uid}:${gid}::${path.join(base, 'home', IMAP_USER)}::\n`);
  const conf = path.join(base, 'dovecot.conf');
  writeFileSync(conf, `
base_dir = ${base}/run
state_dir = ${base}/state
log_path = ${base}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = 0
mail_location = maildir:${base}/mail/%u
default_internal_user = ${asRoot ? 'dovecot' : me}
default_login_user = ${asRoot ? 'dovenull' : me}
passdb {
  driver = passwd-file
  args = ${base}/passwd
}
userdb {
  driver = passwd-file
  args = ${base}/passwd
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${imapPort}
  }
}
service stats {
  unix_listener stats-reader {
    mode = 0600
  }
  unix_listener stats-writer {
    mode = 0600
  }
}
`);
  return spawn(DOVECOT, ['-F', '-c', conf], { stdio: 'ignore' });
}

function startSink() {
  const script = `
import os, sys, time, signal
from aiosmtpd.controller import Controller
out, port = sys.argv[1], int(sys.argv[2])
class Sink:
    async def handle_DATA(self, server, session, envelope):
        name = os.path.join(out, '%d' % time.time_ns())
        with open(name + '.tmp', 'wb') as f:
            f.write(('X-Envelope-From: <%s>\\r\\n' % (envelope.mail_from or '').strip('<>')).encode())
            f.write(('X-Envelope-To: %s\\r\\n' % ','.join(envelope.rcpt_tos)).encode())
            f.write(envelope.original_content or envelope.content)
        os.rename(name + '.tmp', name + '.eml')
        return '250 OK'
c = Controller(Sink(), hostname='127.0.0.1', port=port)
c.start()
print('ready', flush=True)
signal.sigwait([signal.SIGTERM, signal.SIGINT])
c.stop()
`;
  return spawn(PYTHON, ['-c', script, sinkDir, String(smtpPort)], { stdio: ['ignore', 'pipe', 'inherit'] });
}

// Delivers a message into the mailbox over IMAP (APPEND, with curl's IMAP upload).
export function deliver(raw) {
  const file = path.join(root, `append-${Date.now()}-${Math.random()}.eml`);
  writeFileSync(file, typeof raw === 'string' ? crlf(raw) : raw);
  execFileSync('curl', ['-sS', '-T', file, `imap://127.0.0.1:${imapPort}/INBOX`, '-u', `${IMAP_USER}:${IMAP_PASSWORD}`]);
  rmSync(file);
}

// Messages the SMTP sink received.
export function sent() {
  return readdirSync(sinkDir).filter((f) => f.endsWith('.eml')).sort()
    .map((f) => readFileSync(path.join(sinkDir, f), 'latin1'));
}
export const header = (raw, name) => {
  const m = raw.match(new RegExp(`^${name}:[ \\t]*(.*(?:\\r?\\n[ \\t].*)*)`, 'im'));
  return m ? m[1].replace(/\r?\n[ \t]+/g, ' ').trim() : null;
};
export const decodeQp = (text) => Buffer.from(text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g,
  (_, h) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');


let dovecotProcess, sinkProcess;

// Starts Dovecot and the sink (one set per test file: the module keeps their state).
export async function startMailPeers() {
  root = mkdtempSync(path.join(tmpdir(), 'guichet-mail-'));
  sinkDir = path.join(root, 'sink');
  mkdirSync(sinkDir);
  imapPort = await freePort();
  smtpPort = await freePort();
  dovecotProcess = startDovecot();
  sinkProcess = startSink();
  await new Promise((resolve, reject) => {
    sinkProcess.stdout.on('data', (d) => { if (String(d).includes('ready')) resolve(); });
    sinkProcess.on('exit', (code) => reject(new Error(`aiosmtpd exited with ${code}`)));
  });
  await waitForPort(imapPort);
  return { imapPort, smtpPort, user: IMAP_USER, password: IMAP_PASSWORD };
}

// Stops the SMTP sink alone (the server then fails to send), and starts it again on its port.
export async function stopSmtpSink() {
  if (!sinkProcess) return;
  const exited = new Promise((resolve) => sinkProcess.once('exit', resolve));
  sinkProcess.kill('SIGTERM');
  await exited;
  sinkProcess = null;
}
export async function startSmtpSink() {
  sinkProcess = startSink();
  await new Promise((resolve, reject) => {
    sinkProcess.stdout.on('data', (d) => { if (String(d).includes('ready')) resolve(); });
    sinkProcess.on('exit', (code) => reject(new Error(`aiosmtpd exited with ${code}`)));
  });
}

export async function stopMailPeers() {
  if (sinkProcess) sinkProcess.kill('SIGTERM');
  if (dovecotProcess) dovecotProcess.kill('SIGTERM');
  await sleep(300);
  if (root) rmSync(root, { recursive: true, force: true });
}
