// The mailbox page tells an administrator what goes wrong with mail (issue 11, items 10 and 11):
// the last sending failure (the SMTP server refuses or is gone) and the « Courriels
// automatiques » the intake kept out of the requests (auto-replies), at 1280 px and 375 px,
// against the real Dovecot of the mail tests. Skipped, saying so, when Dovecot or aiosmtpd are
// not installed.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ApiClient, demoPassword } from '../lib/server.mjs';
import { deliver, eventually, freePort, IMAP_PASSWORD, IMAP_USER, mailPeersSkip, startMailPeers, stopMailPeers } from '../lib/mail_peers.mjs';
import { assertNoAxeViolations, assertNoHorizontalScroll, demoAgents, logIn, startStack } from './helpers.mjs';

const AXE = { bypassCSP: true };
const ADDRESS = 'mairie@villebelle.test';
if (mailPeersSkip) console.log(`# mailbox problems skipped: ${mailPeersSkip}`);

let stack;
let api;
let treeRequest;
before(async () => {
  if (mailPeersSkip) return;
  const peers = await startMailPeers();
  process.env.GUICHET_MAIL_POLL_SECONDS = '1';
  stack = await startStack();
  api = new ApiClient(stack.url);
  assert.equal((await api.login(demoAgents.admin.email, demoPassword, { tenant: 'villebelle' })).status, 200);
  // Nothing listens on this SMTP port: every sending fails.
  const deadSmtp = await freePort();
  const added = await api.request('POST', '/api/v1/mailboxes', {
    json: {
      imap_url: `imap://127.0.0.1:${peers.imapPort}/INBOX`, user: IMAP_USER, password: IMAP_PASSWORD,
      smtp_url: `smtp://127.0.0.1:${deadSmtp}`, from_address: ADDRESS, from_name: 'Mairie de Villebelle',
    },
  });
  assert.equal(added.status, 201, JSON.stringify(added.data));
  const id = added.data.id;
  // An out-of-office reply reaches the mailbox; a citizen's portal request is to be acknowledged.
  deliver(`From: Agent absent <absent@example.org>
To: ${ADDRESS}
Subject: Absent du bureau
Message-ID: <oof-browser@example.org>
Auto-Submitted: auto-replied
Content-Type: text/plain; charset=utf-8

Je suis absent jusqu'au 4 janvier. Pour toute urgence, appelez le standard.
`);
  const portal = await fetch(`${stack.url}/api/v1/public/requests?tenant=villebelle`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ citizen: { name: 'Paul Portail', email: 'paul.portail@example.org' }, subject: 'Banc cassé', description: 'Le banc du square est cassé.' }),
  });
  assert.equal(portal.status, 201);
  // A citizen writes, then replies quoting their first message (as mail programs do).
  deliver(`From: Marc Leroy <marc.leroy@example.org>
To: ${ADDRESS}
Subject: Arbre tombé
Message-ID: <arbre-1@example.org>
Content-Type: text/plain; charset=utf-8

Un arbre est tombé sur le trottoir de la rue Haute.
`);
  deliver(`From: Marc Leroy <marc.leroy@example.org>
To: ${ADDRESS}
Subject: Re: Arbre tombé
Message-ID: <arbre-2@example.org>
In-Reply-To: <arbre-1@example.org>
References: <arbre-1@example.org>
Content-Type: text/plain; charset=utf-8

Il bloque maintenant la piste cyclable.

Le lun. 7 déc. 2026 à 10:12, Marc Leroy <marc.leroy@example.org> a écrit :
> Un arbre est tombé sur le trottoir de la rue Haute.
`);
  await eventually('the reply threaded', async () => {
    const list = (await api.request('GET', '/api/v1/requests?channel=email&all=1&limit=100')).data.items;
    const q = list.find((r) => r.subject === 'Arbre tombé');
    if (!q) return null;
    const full = (await api.request('GET', `/api/v1/requests/${q.id}`)).data;
    if (!full.timeline.some((e) => e.type === 'message_in' && /piste cyclable/.test(e.data.body))) return null;
    treeRequest = q.id;
    return q;
  }, 60000);
  await eventually('the failure and the automatic mail on the mailbox', async () => {
    const box = (await api.request('GET', `/api/v1/mailboxes/${id}`)).data;
    return box.last_send_error !== null && box.messages_automatic === 1 ? box : null;
  }, 60000);
});
after(async () => {
  if (mailPeersSkip) return;
  await stack?.close();
  await stopMailPeers();
});

for (const width of [1280, 375]) {
  test(`an administrator sees the sending failure and the automatic mails of a mailbox (${width} px)`, { skip: mailPeersSkip, timeout: 90000 }, async () => {
    const page = await stack.newPage({ ...AXE, viewport: { width, height: 900 } });
    await logIn(page, stack.url, demoAgents.admin);
    await page.goto(`${stack.url}/console/parametres-demandes`);
    await page.getByRole('heading', { level: 1, name: 'Paramètres des demandes' }).waitFor();
    const section = page.getByRole('region', { name: 'Courriels entrants', exact: true });
    const item = section.getByRole('list', { name: 'Boîtes aux lettres relevées' }).getByRole('listitem').first();
    await item.getByText(/Dernier échec d’envoi \(.+\) : /).waitFor();
    assert.match(await item.textContent(), /Les messages en attente partiront dès que le serveur SMTP les acceptera/);

    // The automatic mails, folded until asked for.
    const folder = item.getByText(`Courriels automatiques de ${ADDRESS} (1)`);
    await folder.click();
    const list = item.getByRole('list', { name: `Courriels automatiques de ${ADDRESS}` });
    await list.waitFor();
    const mail = list.getByRole('listitem');
    assert.equal(await mail.count(), 1);
    await mail.getByText('Absent du bureau').waitFor();
    await mail.getByText('De : Agent absent <absent@example.org>', { exact: false }).waitFor();
    await mail.getByText(/Reconnu comme automatique : Auto-Submitted: auto-replied/).waitFor();
    // Its text, folded too, opened from the keyboard.
    await mail.getByText('Afficher le texte').focus();
    await page.keyboard.press('Enter');
    await mail.getByText(/absent jusqu'au 4 janvier/).waitFor();

    await assertNoHorizontalScroll(page, `boîte aux lettres en échec à ${width} px`);
    await assertNoAxeViolations(page, `courriels automatiques à ${width} px`);

    // The agent's view of a reply folds the text it quotes.
    await page.goto(`${stack.url}/console/demandes/${treeRequest}`);
    const reply = page.getByText('Il bloque maintenant la piste cyclable.');
    await reply.waitFor();
    const quoted = page.getByText('Afficher le texte cité');
    assert.equal(await quoted.count(), 1, 'only the reply quotes');
    const quotedLine = page.getByText(/^Le lun\. 7 déc\. 2026 à 10:12, Marc Leroy/);
    assert.equal(await quotedLine.isVisible(), false, 'the quotation is folded');
    await quoted.click();
    await quotedLine.waitFor({ state: 'visible' });
    await assertNoAxeViolations(page, `texte cité à ${width} px`);
    await page.context().close();
  });
}
