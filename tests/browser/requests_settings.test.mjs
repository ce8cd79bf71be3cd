// The settings of the requests (/console/parametres-demandes): an administrator creates a request
// type with a choice field and a pausing status, switches the deadline charter to a preset, adds a
// routing rule and edits an answer template; a reception agent does not see the section; the new
// type is offered on the portal with its choice field. Then a workflow is edited: a status added
// with its transitions and used by a request, statuses removed, and the removals the server
// refuses explained.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ApiClient } from '../lib/server.mjs';
import { assertNoAxeViolations, assertNoHorizontalScroll, demoAgents, ifMatchOf, logIn, startStack, waitForFocusedId } from './helpers.mjs';

const AXE = { bypassCSP: true };
const TYPE_NAME = 'Arbre dangereux';

let stack;
let admin;
let createdType;
before(async () => {
  stack = await startStack();
  admin = new ApiClient(stack.url);
  assert.equal((await admin.login(demoAgents.admin.email)).status, 200);
});
after(async () => {
  await stack?.close();
});

function section(page, name) {
  return page.getByRole('region', { name, exact: true });
}

test('an administrator sets up request types, the charter, routing and templates', async () => {
  const page = await stack.newPage(AXE);
  await logIn(page, stack.url, demoAgents.admin);
  await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Paramètres des demandes' }).click();
  await page.getByRole('heading', { level: 1, name: 'Paramètres des demandes' }).waitFor();
  const types = section(page, 'Types de demande');
  await types.waitFor();
  for (const name of ['Charte des délais', 'Orientation', 'Modèles de réponse', 'En-tête des courriers']) {
    await section(page, name).waitFor();
  }
  await assertNoAxeViolations(page, 'paramètres des demandes');

  // A new request type: the default workflow is there, a choice field is added.
  await types.getByRole('button', { name: 'Créer un type de demande' }).click();
  const form = types.getByRole('form', { name: 'Nouveau type de demande' });
  await form.waitFor();
  await waitForFocusedId(page, 'types-form-heading', 'focus moves to the form');
  await form.getByLabel('Nom', { exact: true }).fill(TYPE_NAME);
  await form.getByLabel('Description').fill('Un arbre penché ou des branches menaçantes.');
  await form.getByRole('button', { name: 'Ajouter un champ' }).click();
  const field = form.getByRole('group', { name: /^Champ 1/ });
  await field.getByLabel('Libellé').fill('État de l’arbre');
  assert.equal(await field.getByLabel(/Clé technique/).inputValue(), 'etat_de_l_arbre', 'the key is derived from the label');
  await field.getByLabel('Type de champ').selectOption('choice');
  // Saved without options: the API's problem is shown next to the form.
  await form.getByRole('button', { name: 'Enregistrer' }).click();
  await form.getByRole('alert').filter({ hasText: /n'a pas d'options/ }).waitFor();
  await field.getByLabel(/^Options/).fill('Penché\nBranches cassées\n');
  await field.getByLabel('Obligatoire').check();
  const answered = form.getByRole('group', { name: 'Statut « repondue »' });
  assert.equal(await answered.getByLabel('Libellé pour les agents').inputValue(), 'Répondue', 'the default workflow is prefilled');
  await answered.getByLabel('Libellé pour les agents').fill('Répondue, en attente de confirmation');
  await answered.getByLabel('Suspend les délais').check();
  await assertNoAxeViolations(page, 'paramètres des demandes (nouveau type)');
  await form.getByRole('button', { name: 'Enregistrer' }).click();
  await types.getByRole('status').filter({ hasText: `Le type « ${TYPE_NAME} » est créé.` }).waitFor();
  await waitForFocusedId(page, 'types-heading', 'focus returns to the section after saving');
  await types.getByRole('button', { name: `Modifier « ${TYPE_NAME} »` }).waitFor();
  const categories = await admin.request('GET', '/api/v1/request-categories');
  const created = categories.data.items.find((c) => c.name === TYPE_NAME);
  assert.ok(created, 'the type is saved');
  createdType = created;
  assert.deepEqual(created.fields[0].options, ['Penché', 'Branches cassées']);
  assert.equal(created.fields[0].required, true);
  const status = created.workflow.statuses.find((s) => s.key === 'repondue');
  assert.equal(status.pauses, true);
  assert.equal(status.internal_label, 'Répondue, en attente de confirmation');

  // The charter: apply the Services Publics + preset after confirming; the version goes up.
  const charter = section(page, 'Charte des délais');
  const before = (await admin.request('GET', '/api/v1/charter')).data.version;
  await charter.getByText(`Version en vigueur : ${before}`).waitFor();
  await charter.getByText(/gardent la version de la charte/).waitFor();
  await charter.getByLabel('Modèle', { exact: true }).selectOption('services_publics_plus');
  await charter.getByRole('button', { name: 'Appliquer le modèle' }).click();
  await charter.getByText(/Remplacer toutes les règles par le modèle « Services Publics \+ »/).waitFor();
  await waitForFocusedId(page, 'charter-confirm', 'focus moves to the question');
  await charter.getByRole('button', { name: 'Oui, appliquer' }).click();
  await charter.getByText(`Version en vigueur : ${before + 1}`).waitFor();
  await charter.getByRole('status').filter({ hasText: /Services Publics \+/ }).waitFor();
  assert.equal((await admin.request('GET', '/api/v1/charter')).data.preset, 'services_publics_plus');
  assert.ok((await charter.getByRole('row').count()) > 1, 'the rules are shown as a table');
  // Then a rule edited in the table: the charter becomes custom, one version more.
  await charter.getByLabel('Accusé de réception, règle 1, durée').fill('3');
  await charter.getByRole('button', { name: 'Enregistrer' }).click();
  await charter.getByRole('status').filter({ hasText: `La charte est enregistrée : version ${before + 2}.` }).waitFor();
  await charter.getByText(`Version en vigueur : ${before + 2}`).waitFor();
  const custom = (await admin.request('GET', '/api/v1/charter')).data;
  assert.equal(custom.preset, 'custom');
  assert.equal(custom.rules[0].acknowledgement.amount, 3);

  // Routing: a rule with keywords, moved and saved.
  const routing = section(page, 'Orientation');
  const rulesBefore = (await admin.request('GET', '/api/v1/routing')).data.rules.length;
  await routing.getByRole('button', { name: 'Ajouter une règle' }).click();
  const rule = routing.getByRole('group', { name: new RegExp(`^Règle ${rulesBefore + 1}`) });
  await rule.getByLabel('Nom de la règle').fill('Arbres');
  await rule.getByLabel(/Mots-clés/).fill('arbre, branche, élagage');
  await rule.getByLabel('Type de demande').selectOption({ label: TYPE_NAME });
  // A second rule, moved above the first with its button; focus follows the rule.
  await routing.getByRole('button', { name: 'Ajouter une règle' }).click();
  const second = routing.getByRole('group', { name: new RegExp(`^Règle ${rulesBefore + 2}`) });
  await second.getByLabel('Nom de la règle').fill('Voirie');
  await second.getByLabel(/Mots-clés/).fill('trottoir, nid de poule');
  await routing.getByRole('button', { name: `Monter la règle d’orientation ${rulesBefore + 2}` }).click();
  await routing.getByRole('group', { name: new RegExp(`^Règle ${rulesBefore + 1} : Voirie`) }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.value), 'Voirie', 'focus stays on the moved rule');
  await routing.getByRole('button', { name: 'Enregistrer' }).click();
  await routing.getByRole('status').filter({ hasText: 'L’orientation est enregistrée.' }).waitFor();
  const saved = (await admin.request('GET', '/api/v1/routing')).data.rules;
  const arbres = saved.find((r) => r.name === 'Arbres');
  assert.deepEqual(arbres.keywords, ['arbre', 'branche', 'élagage']);
  assert.equal(arbres.category_id, created.id);
  assert.deepEqual(saved.slice(-2).map((r) => r.name), ['Voirie', 'Arbres'], 'the order is kept');

  // A template: edit its subject, with the merge fields shown as help.
  const templates = section(page, 'Modèles de réponse');
  const list = (await admin.request('GET', '/api/v1/request-templates')).data.items;
  const first = list[0];
  await templates.getByRole('button', { name: `Modifier « ${first.name} »` }).click();
  const templateForm = templates.getByRole('form', { name: `Modifier le modèle « ${first.name} »` });
  await templateForm.getByText('{{demande.code}}').waitFor();
  await templateForm.getByLabel('Objet', { exact: true }).fill('Votre demande {{demande.code}} : nous y travaillons');
  await assertNoAxeViolations(page, 'paramètres des demandes (modèle)');
  await templateForm.getByRole('button', { name: 'Enregistrer' }).click();
  await templates.getByRole('status').filter({ hasText: `Le modèle « ${first.name} » est enregistré.` }).waitFor();
  const edited = (await admin.request('GET', `/api/v1/request-templates/${first.id}`)).data;
  assert.equal(edited.subject, 'Votre demande {{demande.code}} : nous y travaillons');

  // The letterhead.
  const letterhead = section(page, 'En-tête des courriers');
  await letterhead.getByLabel('Expéditeur').fill('Mairie de Villebelle');
  await letterhead.getByRole('button', { name: 'Enregistrer' }).click();
  await letterhead.getByRole('status').filter({ hasText: 'L’en-tête des courriers est enregistré.' }).waitFor();

  // At 320 CSS pixels, with a form open in every section that has one.
  await page.setViewportSize({ width: 320, height: 800 });
  await types.getByRole('button', { name: `Modifier « ${TYPE_NAME} »` }).click();
  await types.getByRole('form').waitFor();
  await assertNoHorizontalScroll(page, 'paramètres des demandes à 320 px');
  await assertNoAxeViolations(page, 'paramètres des demandes à 320 px');
  await page.close();
});

test('a reception agent does not see the settings', async () => {
  const page = await stack.newPage(AXE);
  await logIn(page, stack.url, demoAgents.reception);
  const nav = page.getByRole('navigation', { name: 'Navigation principale' });
  await nav.getByRole('link', { name: 'Demandes' }).waitFor();
  assert.equal(await nav.getByRole('link', { name: 'Paramètres des demandes' }).count(), 0);
  await page.goto(`${stack.url}/console/parametres-demandes`);
  await page.getByRole('heading', { level: 1, name: 'Page introuvable' }).waitFor();
  await page.close();
});

test('the new type is offered on the portal with its choice field', async () => {
  const page = await stack.newPage(AXE);
  await page.goto(`${stack.url}/demande`);
  await page.getByRole('heading', { level: 1, name: 'Faire une demande' }).waitFor();
  await page.getByRole('radio', { name: TYPE_NAME }).check();
  await page.getByRole('button', { name: 'Continuer' }).click();
  await page.getByRole('heading', { level: 1, name: `Votre demande : ${TYPE_NAME}` }).waitFor();
  await page.getByRole('group', { name: /État de l’arbre/ }).waitFor();
  await page.getByRole('radio', { name: 'Penché' }).waitFor();
  await page.getByRole('radio', { name: 'Branches cassées' }).waitFor();
  await page.close();
});

test('a request of the new type shows its fields by their labels in the console', async () => {
  assert.ok(createdType, 'the first test created the type');
  const submitted = await fetch(`${stack.url}/api/v1/public/requests`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      category: createdType.id,
      subject: 'Arbre penché rue des Écoles',
      description: 'Le tilleul devant l’école penche vers la chaussée.',
      fields: { etat_de_l_arbre: 'Branches cassées' },
      citizen: { name: 'Jeanne Roux', email: 'jeanne.roux@example.org' },
    }),
  });
  const body = await submitted.text();
  assert.equal(submitted.status, 201, body);
  const { tracking_code: code } = JSON.parse(body);
  const id = (await admin.request('GET', `/api/v1/requests/${code}`)).data.id;
  const page = await stack.newPage(AXE);
  await logIn(page, stack.url, demoAgents.admin);
  await page.goto(`${stack.url}/console/demandes/${id}`);
  await page.getByRole('heading', { level: 1, name: new RegExp(code) }).waitFor();
  const term = page.getByRole('term').filter({ hasText: 'État de l’arbre' });
  await term.waitFor();
  assert.equal(await page.getByRole('term').filter({ hasText: 'etat_de_l_arbre' }).count(), 0, 'the key is not shown');
  await page.getByRole('definition').filter({ hasText: 'Branches cassées' }).waitFor();
  await page.close();
});

test('an administrator adds a status with its transitions and removes statuses, within what the server allows', async () => {
  const TYPE = 'Éclairage public';
  const category = await admin.request('POST', '/api/v1/request-categories', {
    json: { name: TYPE, description: 'Lampadaires éteints.', kind: 'request', public: true, fields: [] },
  });
  assert.equal(category.status, 201, JSON.stringify(category.data));
  const typeId = category.data.id;
  const submitted = await fetch(`${stack.url}/api/v1/public/requests`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      category: typeId,
      subject: 'Lampadaire éteint rue des Lilas',
      description: 'Le lampadaire devant le 12 ne s’allume plus.',
      citizen: { name: 'Luc Girard', email: 'luc.girard@example.org' },
    }),
  });
  assert.equal(submitted.status, 201);
  const { tracking_code: code } = await submitted.json();
  const requestId = (await admin.request('GET', `/api/v1/requests/${code}`)).data.id;
  const moveTo = async (status) =>
    admin.request('POST', `/api/v1/requests/${requestId}/status`, { json: { status }, headers: await ifMatchOf(admin, `/api/v1/requests/${requestId}`) });

  const page = await stack.newPage(AXE);
  await logIn(page, stack.url, demoAgents.admin);
  await page.goto(`${stack.url}/console/parametres-demandes`);
  const types = section(page, 'Types de demande');
  const openForm = async () => {
    await types.getByRole('button', { name: `Modifier « ${TYPE} »` }).click();
    const form = types.getByRole('form', { name: `Modifier le type « ${TYPE} »` });
    await form.waitFor();
    return form;
  };
  const save = async (form) => {
    await form.getByRole('button', { name: 'Enregistrer' }).click();
  };
  const workflow = async () => (await admin.request('GET', `/api/v1/request-categories/${typeId}`)).data.workflow;
  const hasTransition = (w, from, to) => w.transitions.some((t) => t.from === from && t.to === to);

  // A new status: its key follows its label; it is reached from "En cours" and leads to "Répondue".
  let form = await openForm();
  await form.getByRole('button', { name: 'Ajouter un statut' }).click();
  const added = form.getByRole('group', { name: 'Nouveau statut' });
  await added.waitFor();
  // Focus moves to the new status's first input (focus follows the render: wait for it).
  await page.waitForFunction(() => {
    const input = document.activeElement;
    return input?.labels?.[0]?.textContent === 'Libellé pour les agents' && input.closest('fieldset')?.querySelector('legend')?.textContent === 'Nouveau statut';
  });
  await page.keyboard.type('Transmise au prestataire');
  const status = form.getByRole('group', { name: 'Statut « transmise_au_prestataire »' });
  await status.getByLabel('Libellé pour l’usager').fill('Transmise à une entreprise');
  assert.equal(await status.getByLabel(/Clé technique/).inputValue(), 'transmise_au_prestataire');
  await status.getByText(/Aucun passage ne mène à ce statut/).waitFor();
  await form.getByRole('group', { name: /^Depuis « En cours », on peut passer à/ }).getByLabel('Transmise au prestataire').check();
  await status.getByText(/Aucun passage ne mène à ce statut/).waitFor({ state: 'detached' });
  await status.getByRole('group', { name: /^Depuis « Transmise au prestataire », on peut passer à/ }).getByLabel('Répondue').check();
  await assertNoAxeViolations(page, 'circuit de traitement (nouveau statut)');
  await save(form);
  await types.getByRole('status').filter({ hasText: `Le type « ${TYPE} » est enregistré.` }).waitFor();
  let saved = await workflow();
  const transmitted = saved.statuses.find((s) => s.key === 'transmise_au_prestataire');
  assert.deepEqual(transmitted, { key: 'transmise_au_prestataire', public_label: 'Transmise à une entreprise', internal_label: 'Transmise au prestataire', terminal: false, pauses: false });
  assert.ok(hasTransition(saved, 'en_cours', 'transmise_au_prestataire'));
  assert.ok(hasTransition(saved, 'transmise_au_prestataire', 'repondue'));

  // The request takes the new way, through the API; the console offers the next step.
  assert.equal((await moveTo('transmise_au_prestataire')).status, 412, 'not allowed straight from "Nouvelle"');
  assert.equal((await moveTo('en_cours')).status, 200);
  const moved = await moveTo('transmise_au_prestataire');
  assert.equal(moved.status, 200, JSON.stringify(moved.data));
  assert.equal(moved.data.status, 'transmise_au_prestataire');
  const requestPage = await stack.newPage(AXE);
  await logIn(requestPage, stack.url, demoAgents.admin);
  await requestPage.goto(`${stack.url}/console/demandes/${requestId}`);
  await requestPage.getByRole('heading', { level: 1, name: new RegExp(code) }).waitFor();
  await requestPage.getByText('Transmise au prestataire', { exact: true }).first().waitFor();
  assert.deepEqual(await requestPage.getByLabel('Nouveau statut').locator('option').allInnerTexts(), ['Répondue']);
  await requestPage.context().close();

  // A status no request is in goes, with the transitions that cite it.
  form = await openForm();
  await form.getByRole('button', { name: 'Supprimer le statut « Rejetée »' }).click();
  await form.getByRole('status').filter({ hasText: /Le statut « Rejetée » est retiré du circuit/ }).waitFor();
  assert.equal(await form.getByRole('group', { name: 'Statut « rejetee »' }).count(), 0);
  await page.waitForFunction(() => document.activeElement?.textContent === 'Ajouter un statut'); // Focus stays in the workflow.
  assert.equal(await form.getByRole('group', { name: /^Depuis « Nouvelle »/ }).getByLabel('Rejetée').count(), 0);
  await save(form);
  await types.getByRole('status').filter({ hasText: `Le type « ${TYPE} » est enregistré.` }).waitFor();
  saved = await workflow();
  assert.equal(saved.statuses.some((s) => s.key === 'rejetee'), false);
  assert.equal(saved.transitions.some((t) => t.from === 'rejetee' || t.to === 'rejetee'), false);

  // The initial status cannot go; the form says why, at once.
  form = await openForm();
  await form.getByRole('button', { name: 'Supprimer le statut « Nouvelle »' }).click();
  await form.getByRole('alert').filter({ hasText: 'Ce statut ne peut pas être supprimé' }).filter({ hasText: /Choisissez d’abord un autre statut initial/ }).waitFor();
  await form.getByRole('group', { name: 'Statut « nouvelle »' }).waitFor();

  // A status an open request is still in: the server refuses, the form shows its explanation.
  await form.getByRole('button', { name: 'Supprimer le statut « Transmise au prestataire »' }).click();
  await save(form);
  const refusal = form.getByRole('alert').filter({ hasText: 'Le type de demande n’a pas pu être enregistré' });
  await refusal.filter({ hasText: /Le statut « Transmise au prestataire » ne peut pas être supprimé : une demande en cours y est encore/ }).waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'types-error'); // Focus moves to the error.
  assert.ok((await workflow()).statuses.some((s) => s.key === 'transmise_au_prestataire'), 'nothing was saved');
  await assertNoAxeViolations(page, 'circuit de traitement (suppression refusée)');
  await page.setViewportSize({ width: 320, height: 800 });
  await assertNoHorizontalScroll(page, 'circuit de traitement à 320 px');
  await form.getByRole('button', { name: 'Annuler' }).click();
  await page.close();
});
