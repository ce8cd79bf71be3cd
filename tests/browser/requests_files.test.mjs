// A citizen attaches files on the portal: a required document and a photo, checked before
// sending, listed in the recap, sent with the request; later, on /suivi, they see and download
// what they sent and reply with another file. The pages stay accessible and fit 320 px.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { ApiClient } from '../lib/server.mjs';
import { assertNoAxeViolations, assertNoHorizontalScroll, demoAgents, startStack, waitForFocusedId } from './helpers.mjs';

let stack;
let admin;
let category;
const pdf = Buffer.from('%PDF-1.4\n% justificatif de domicile\n' + ' '.repeat(2000));
const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]);

before(async () => {
  stack = await startStack();
  admin = new ApiClient(stack.url);
  assert.equal((await admin.login(demoAgents.admin.email)).status, 200);
  const created = await admin.request('POST', '/api/v1/request-categories', {
    json: {
      name: 'Inscription sur les listes électorales',
      description: 'Avec un justificatif de domicile.',
      public: true,
      fields: [{ key: 'justificatif', label: 'Justificatif de domicile', type: 'file', required: true, help: 'Facture ou quittance de moins de trois mois.' }],
    },
  });
  assert.equal(created.status, 201, JSON.stringify(created.data));
  category = created.data;
});
after(async () => {
  await stack?.close();
});

test('a citizen sends files with a request, downloads them on /suivi and replies with another', async () => {
  const page = await stack.newPage({ bypassCSP: true });
  await page.setViewportSize({ width: 320, height: 720 });
  await page.goto(`${stack.url}/demande?categorie=${category.id}`);
  await page.getByRole('heading', { level: 1, name: `Votre demande : ${category.name}` }).waitFor();

  await page.getByLabel('Objet *').fill('Inscription');
  await page.getByLabel('Votre demande *').fill('Je viens d’emménager rue des Lilas.');
  await page.getByLabel('Nom et prénom *').fill('Samir Haddad');
  await page.getByLabel('Adresse électronique *').fill('samir.haddad@example.org');

  // The required document is asked for before anything is sent.
  await page.getByRole('button', { name: 'Vérifier ma demande' }).click();
  await page.getByRole('link', { name: 'Joignez le fichier demandé pour « Justificatif de domicile ».' }).waitFor();

  // Files are added one choice after the other, and one can be taken back.
  const proof = page.getByLabel('Justificatif de domicile *');
  await proof.setInputFiles({ name: 'facture électricité.pdf', mimeType: 'application/pdf', buffer: pdf });
  const general = page.getByLabel('Documents ou photos (facultatif)', { exact: true });
  await general.setInputFiles({ name: 'erreur.jpg', mimeType: 'image/jpeg', buffer: jpeg });
  await general.setInputFiles({ name: 'boîte aux lettres.jpg', mimeType: 'image/jpeg', buffer: jpeg });
  await page.getByRole('button', { name: 'Retirer « erreur.jpg »' }).click();
  assert.equal(await page.getByRole('button', { name: /^Retirer/ }).count(), 2);
  await waitForFocusedId(page, 'demande-fichiers', 'focus goes back to the input');
  await assertNoAxeViolations(page, '/demande (fichiers choisis)');
  await assertNoHorizontalScroll(page, '/demande (fichiers choisis, 320 px)');

  await page.getByRole('button', { name: 'Vérifier ma demande' }).click();
  await page.getByRole('heading', { level: 1, name: 'Vérifiez votre demande' }).waitFor();
  const recap = page.locator('dl.recap');
  await recap.getByText(/facture électricité\.pdf \(2\s*ko\)/).waitFor();
  await recap.getByText(/boîte aux lettres\.jpg/).waitFor();
  assert.equal(await recap.getByText('erreur.jpg').count(), 0);
  await page.getByRole('button', { name: 'Envoyer la demande' }).click();
  await page.getByRole('heading', { level: 1, name: 'Votre demande est enregistrée' }).waitFor();
  const code = (await page.locator('.tracking-code__value').textContent()).trim();

  // The agents have the files, named in the field.
  const found = await admin.request('GET', `/api/v1/requests/${code}`);
  assert.equal(found.status, 200);
  assert.deepEqual(found.data.fields.justificatif, ['facture électricité.pdf']);
  assert.deepEqual(found.data.attachments.map((a) => a.filename).sort(), ['boîte aux lettres.jpg', 'facture électricité.pdf']);

  // On /suivi the citizen sees and downloads what they sent.
  await page.goto(`${stack.url}/suivi?code=${code}`);
  await page.getByLabel('Adresse électronique *').fill('samir.haddad@example.org');
  await page.getByRole('button', { name: 'Voir ma demande' }).click();
  await page.getByRole('heading', { level: 2, name: 'Documents transmis' }).waitFor();
  await page.getByText(/Documents joints\s*:\s*facture électricité\.pdf/).waitFor();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Télécharger « facture électricité.pdf »' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'facture électricité.pdf');
  assert.deepEqual(await readFile(await download.path()), pdf);
  await assertNoAxeViolations(page, '/suivi (documents)');
  await assertNoHorizontalScroll(page, '/suivi (documents, 320 px)');

  // A reply carries another file.
  await page.getByLabel('Votre message *').fill('Voici aussi ma pièce d’identité.');
  await page.getByLabel('Joindre des documents (facultatif)', { exact: true }).setInputFiles({ name: 'identité.pdf', mimeType: 'application/pdf', buffer: pdf });
  await page.getByRole('button', { name: 'Envoyer le message' }).click();
  await page.getByText('Votre message a été envoyé à la mairie.').waitFor();
  await page.getByText(/Documents joints\s*:\s*identité\.pdf/).waitFor();
  await page.getByRole('button', { name: 'Télécharger « identité.pdf »' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Retirer « identité.pdf »' }).count(), 0, 'the reply form is emptied');
});

test('a file too large is refused in the browser with the rule, before any upload', async () => {
  const page = await stack.newPage({ bypassCSP: true });
  await page.goto(`${stack.url}/demande?categorie=${category.id}`);
  await page.getByRole('heading', { level: 1, name: `Votre demande : ${category.name}` }).waitFor();
  await page.getByLabel('Justificatif de domicile *').setInputFiles({
    name: 'scan.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(11 * 1024 * 1024, 0x20),
  });
  await page.getByRole('button', { name: 'Vérifier ma demande' }).click();
  await page.getByRole('link', { name: /Le fichier « scan\.pdf » dépasse 10 Mo/ }).waitFor();
  const input = page.getByLabel('Justificatif de domicile *');
  assert.equal(await input.getAttribute('aria-invalid'), 'true');
});
