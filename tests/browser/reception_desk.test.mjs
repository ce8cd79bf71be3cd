// Journeys of issue 11 at the reception desk and on a request's page, walked as the agents would,
// at 1280 px and on a 375 px phone:
//   - item 1: the desk registers a call under one of the demo's types with that type's form (the
//     portal's field components); the server's reason for a refusal is shown beside its field
//     and in the error summary; a request without a type adds no type to the public form;
//   - item 3: an agent who assigns a request to themself is not told a colleague changed it;
//     a colleague's change is still announced;
//   - item 15: two people found at the desk are merged into one, and on a request's page a
//     duplicate request is merged into another; every step is kept in the requests' histories.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ApiClient } from '../lib/server.mjs';
import { assertNoAxeViolations, assertNoHorizontalScroll, demoAgents, ifMatchOf, logIn, startStack, waitForFocusedText } from './helpers.mjs';

const AXE = { bypassCSP: true };
const SIZES = [
  { label: '1280 px', viewport: { width: 1280, height: 800 } },
  { label: '375 px', viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true },
];

let stack;
let reception;
let caseAgent;
before(async () => {
  stack = await startStack();
  reception = new ApiClient(stack.url);
  assert.equal((await reception.login(demoAgents.reception.email)).status, 200);
  caseAgent = new ApiClient(stack.url);
  assert.equal((await caseAgent.login(demoAgents.caseAgent.email)).status, 200);
});
after(async () => {
  await stack?.close();
});

async function openDesk(size) {
  const page = await stack.newPage({ ...AXE, viewport: size.viewport, isMobile: size.isMobile ?? false, hasTouch: size.hasTouch ?? false });
  await logIn(page, stack.url, demoAgents.reception);
  await page.goto(`${stack.url}/console/accueil`);
  await page.getByRole('heading', { level: 1, name: 'Accueil des usagers' }).waitFor();
  return page;
}

const registered = (page) => page.getByRole('status').filter({ hasText: /Demande [A-Z0-9-]+ enregistrée\./ });
const codeOf = async (locator) => (await locator.innerText()).match(/Demande ([A-Z0-9-]+) enregistrée/)[1];

for (const size of SIZES) {
  test(`item 1: the desk registers a call with its type's form and shows the server's reason beside the field (${size.label})`, async () => {
    const page = await openDesk(size);
    const form = page.locator('form').filter({ has: page.getByRole('button', { name: 'Enregistrer' }) });
    await form.getByLabel('Canal').selectOption('phone');
    await form.getByLabel('Nom de l’usager').fill(`Lucie Bernard ${size.label}`);
    await form.getByLabel('Type de demande').selectOption({ label: 'Demande d’acte d’état civil' });
    // The type's own form, drawn as on the portal.
    const typeForm = page.getByRole('group', { name: 'Formulaire « Demande d’acte d’état civil »' });
    await typeForm.waitFor();
    await typeForm.getByRole('group', { name: /Acte demandé/ }).waitFor();
    await form.getByLabel('Objet').fill('Copie intégrale d’acte de naissance');
    await typeForm.getByRole('textbox', { name: /Nom et prénoms de la personne concernée/ }).fill('Lucie Bernard');
    await typeForm.getByLabel(/Date de l’événement/).fill('1990-04-02');

    // The desk does not know the type's rules; the server does, and its reason is placed.
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await waitForFocusedText(page, /Le formulaire contient 1 erreur/, 'the error summary takes the focus');
    const acte = typeForm.getByRole('group', { name: /Acte demandé/ });
    assert.match(await acte.locator('.field__error').innerText(), /Le champ « Acte demandé » est obligatoire\./);
    assert.equal(await page.getByText('Requête invalide').count(), 0, 'the generic title is not what the agent reads');
    await assertNoAxeViolations(page, `the desk with a server error (${size.label})`);
    // The summary's link leads to the field.
    await page.locator('.error-summary').getByRole('link', { name: /Acte demandé/ }).click();

    await acte.getByRole('radio').first().check();
    await typeForm.getByRole('group', { name: /Forme de l’acte/ }).getByRole('radio').first().check();
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await registered(page).waitFor();
    const code = await codeOf(registered(page));
    const record = await reception.request('GET', `/api/v1/requests/${code}`);
    assert.equal(record.data.category, 'Demande d’acte d’état civil');
    assert.equal(record.data.channel, 'phone');
    assert.equal(record.data.fields.personne, 'Lucie Bernard');
    assert.ok(typeof record.data.fields.acte === 'string' && record.data.fields.acte !== '');
    await assertNoAxeViolations(page, `the desk after registering (${size.label})`);
    await assertNoHorizontalScroll(page, `the desk (${size.label})`);

    // A request without a type: saved, and the public form offers no new type.
    const publicBefore = await (await fetch(`${stack.url}/api/v1/public/request-categories`)).json();
    await form.getByLabel('Nom de l’usager').fill(`Jean Sans Type ${size.label}`);
    await form.getByLabel('Type de demande').selectOption({ label: 'Autre demande (sans type)' });
    await form.getByLabel('Objet').fill('Question sur une démarche');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await registered(page).filter({ hasNotText: code }).waitFor();
    const publicAfter = await (await fetch(`${stack.url}/api/v1/public/request-categories`)).json();
    assert.deepEqual(
      publicAfter.items.map((c) => c.name),
      publicBefore.items.map((c) => c.name),
    );
    assert.ok(!publicAfter.items.some((c) => c.name === 'Demande générale'));
    await page.context().close();
  });
}

for (const size of SIZES) {
  test(`item 3: assigning a request to oneself is not announced as a colleague's change (${size.label})`, async () => {
    const created = await reception.request('POST', '/api/v1/requests', {
      json: { channel: 'phone', subject: `Banc cassé (${size.label})`, citizen: { name: 'Olivier Banc' } },
    });
    assert.equal(created.status, 201);
    const page = await stack.newPage({ ...AXE, viewport: size.viewport, isMobile: size.isMobile ?? false, hasTouch: size.hasTouch ?? false });
    await logIn(page, stack.url, demoAgents.caseAgent);
    // Every live announcement of the page, in order.
    await page.goto(`${stack.url}/console/demandes/${created.data.id}`);
    await page.getByRole('heading', { level: 1, name: new RegExp(created.data.tracking_code) }).waitFor();
    await page.evaluate(() => {
      window.announced = [];
      const region = document.querySelector('.live-announcement');
      new MutationObserver(() => {
        const text = region.textContent ?? '';
        if (text !== '') window.announced.push(text);
      }).observe(region, { childList: true, subtree: true, characterData: true });
    });
    // The live event of the agent's own change reaches the page before the answer to their
    // click (as on a slow phone connection): the answer is held until the page has reloaded the
    // request for that event.
    const id = created.data.id;
    const reloaded = page.waitForResponse((r) => r.request().method() === 'GET' && new URL(r.url()).pathname === `/api/v1/requests/${id}`);
    await page.route(`**/api/v1/requests/${id}/assign`, async (route) => {
      const response = await route.fetch();
      await reloaded;
      await route.fulfill({ response });
    });
    await page.getByRole('button', { name: 'M’attribuer la demande' }).click();
    await page.getByRole('status').filter({ hasText: 'La demande vous est attribuée.' }).waitFor();
    // The reload for the event came before the answer, so anything it announced is there now.
    assert.deepEqual(await page.evaluate(() => window.announced), [], 'nothing announced about the agent’s own change');
    // A colleague's note afterwards: its event comes after the agent's own on the same socket,
    // so once it is announced, the agent's own change was handled too.
    const note = await reception.request('POST', `/api/v1/requests/${created.data.id}/notes`, {
      json: { text: 'Rappeler l’usager.' },
      headers: await ifMatchOf(reception, `/api/v1/requests/${created.data.id}`),
    });
    assert.equal(note.status, 200);
    await page.locator('.live-announcement').filter({ hasText: 'modifiée par un collègue' }).waitFor();
    const announced = await page.evaluate(() => window.announced);
    assert.equal(announced.filter((a) => /collègue/.test(a)).length, 1, `announced: ${JSON.stringify(announced)}`);
    await page.getByText('Rappeler l’usager.').waitFor();
    await page.context().close();
  });
}

for (const size of SIZES) {
  test(`item 15: the desk merges two people, the request page merges a duplicate (${size.label})`, async () => {
    const tag = size.label.replace(/\D/g, '');
    const first = await reception.request('POST', '/api/v1/requests', {
      json: { channel: 'counter', subject: 'Poubelle cassée', citizen: { name: `Paul Durand${tag}`, email: `paul${tag}@a.example` } },
    });
    const second = await reception.request('POST', '/api/v1/requests', {
      json: { channel: 'phone', subject: 'Poubelle cassée, encore', citizen: { name: `Paul Durand${tag}`, email: `durand${tag}@b.example` } },
    });
    assert.equal(first.status, 201);
    assert.equal(second.status, 201);

    const page = await openDesk(size);
    await page.getByLabel('Nom, courriel, téléphone ou code de suivi').fill(`Paul Durand${tag}`);
    await page.getByRole('button', { name: 'Rechercher', exact: true }).click();
    await page.getByRole('heading', { name: 'Même personne ?' }).waitFor();
    assert.equal(await page.getByRole('heading', { name: `Demandes de Paul Durand${tag}` }).count(), 2, 'two people before the merge');
    await assertNoAxeViolations(page, `the desk with two people (${size.label})`);
    await page.getByLabel('Usager à rattacher').selectOption({ label: `Paul Durand${tag} (durand${tag}@b.example)` });
    await page.getByLabel('Usager à garder').selectOption({ label: `Paul Durand${tag} (paul${tag}@a.example)` });
    await page.getByRole('button', { name: 'Fusionner ces usagers' }).click();
    await page.getByRole('status').filter({ hasText: 'Usagers fusionnés' }).waitFor();
    assert.equal(await page.getByRole('heading', { name: `Demandes de Paul Durand${tag}` }).count(), 1, 'one person after the merge');
    const person = page.locator('.person').filter({ has: page.getByRole('heading', { name: `Demandes de Paul Durand${tag}` }) });
    await person.getByRole('link', { name: first.data.tracking_code }).waitFor();
    await person.getByRole('link', { name: second.data.tracking_code }).waitFor();
    await assertNoHorizontalScroll(page, `the desk after a merge (${size.label})`);

    // The request page: the history says so, and the duplicate goes into the other request.
    await person.getByRole('link', { name: second.data.tracking_code }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(second.data.tracking_code) }).waitFor();
    await page.getByText(`Paul Durand${tag} (durand${tag}@b.example) et Paul Durand${tag} (paul${tag}@a.example) sont la même personne`).waitFor();
    // Merging the same person again is refused, the reason beside the code.
    const citizenCode = page.getByLabel('Code de suivi d’une demande de l’autre usager');
    await citizenCode.fill(first.data.tracking_code);
    await page.getByRole('button', { name: 'Fusionner les deux usagers' }).click();
    await page.locator('#merge-citizen-code-error').filter({ hasText: 'déjà celles du même usager' }).waitFor();
    await page.getByLabel('Code de suivi de la demande à garder').fill(first.data.tracking_code);
    await page.getByRole('button', { name: 'Fusionner cette demande dans l’autre' }).click();
    await page.getByRole('status').filter({ hasText: `Demande fusionnée dans la demande ${first.data.tracking_code}.` }).waitFor();
    await page.getByText(`Close comme doublon de la demande ${first.data.tracking_code}.`).waitFor();
    const duplicate = await reception.request('GET', `/api/v1/requests/${second.data.id}`);
    assert.equal(duplicate.data.closed, true, 'the duplicate is closed');
    const kept = await reception.request('GET', `/api/v1/requests/${first.data.id}`);
    assert.ok(kept.data.timeline.some((e) => e.type === 'merge'), 'the kept request records the merge');
    assert.ok(kept.data.timeline.some((e) => e.type === 'citizen_merge'), 'and the person merge');
    await assertNoAxeViolations(page, `a request page after merges (${size.label})`);
    await assertNoHorizontalScroll(page, `a request page (${size.label})`);
    await page.context().close();
  });
}

// The same kind of fault on the portal: a refusal of the server (here the description's length,
// which the browser does not check) was shown on the recap page as « Requête invalide ». The
// citizen is brought back to the form, the reason beside the field it is about.
for (const size of SIZES) {
  test(`the portal brings a server refusal back beside its field (${size.label})`, async () => {
    const page = await stack.newPage({ ...AXE, viewport: size.viewport, isMobile: size.isMobile ?? false, hasTouch: size.hasTouch ?? false });
    await page.goto(`${stack.url}/demande`);
    await page.getByRole('radio', { name: /^Réclamation/ }).check();
    await page.getByRole('button', { name: 'Continuer' }).click();
    await page.getByRole('heading', { level: 1, name: /Votre demande : Réclamation/ }).waitFor();
    await page.getByLabel('Objet *').fill('Trop long');
    await page.getByLabel('Votre demande *').fill('x'.repeat(10001));
    await page.getByRole('group', { name: /Votre réclamation porte sur/ }).getByRole('radio').first().check();
    await page.getByLabel('Nom et prénom *').fill('Léa Dupont');
    await page.getByLabel('Adresse électronique *').fill('lea.dupont@example.org');
    await page.getByRole('button', { name: 'Vérifier ma demande' }).click();
    await page.getByRole('heading', { level: 1, name: 'Vérifiez votre demande' }).waitFor();
    await page.getByRole('button', { name: 'Envoyer la demande' }).click();
    await waitForFocusedText(page, /Le formulaire contient 1 erreur/, 'back on the form, the summary takes the focus');
    await page.locator('#demande-texte-error').filter({ hasText: /La description dépasse 10\s?000 caractères\./ }).waitFor();
    assert.equal(await page.getByText('Requête invalide').count(), 0);
    await assertNoAxeViolations(page, `the portal's form with a server refusal (${size.label})`);
    await assertNoHorizontalScroll(page, `the portal's form (${size.label})`);
    await page.context().close();
  });
}
