// The console's "Calendrier" view: an administrator changes the tenant's business hours and
// closures and saves them; the server's refusals (invalid data, a save that crossed another) are
// shown without losing the edits; other agents see the calendar read-only.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ApiClient } from '../lib/server.mjs';
import { demoAgents, logIn, startStack, waitForFocus } from './helpers.mjs';

let stack;
before(async () => {
  stack = await startStack();
});
after(async () => {
  await stack?.close();
});

const CALENDAR_PATH = '/api/v1/tenant/calendar';

// Follows the navigation link and waits for the calendar itself (not only the heading).
async function openCalendar(page) {
  await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Calendrier' }).click();
  await page.getByRole('heading', { level: 1, name: 'Calendrier' }).waitFor();
  await page.getByRole('heading', { level: 2, name: 'Horaires d’ouverture' }).waitFor();
}

// The calendar as the API gives it to the page's session (the browser context's cookie).
async function calendarFromApi(page) {
  const response = await page.request.get(`${stack.url}${CALENDAR_PATH}`);
  assert.equal(response.status(), 200);
  return { calendar: await response.json(), etag: response.headers().etag };
}

function isCalendarPut(request) {
  return request.method() === 'PUT' && new URL(request.url()).pathname === CALENDAR_PATH;
}

function saveButton(page) {
  return page.getByRole('button', { name: 'Enregistrer', exact: true });
}

function savedStatus(page) {
  return page.getByRole('status').filter({ hasText: 'Calendrier enregistré.' });
}

test('an administrator adds a Saturday slot and a closure, saves, and finds them after a reload', async () => {
  const page = await stack.newPage();
  await logIn(page, stack.url, demoAgents.admin);
  await openCalendar(page);
  assert.equal(new URL(page.url()).pathname, '/console/calendrier');
  assert.match(await page.title(), /^Calendrier — Espace agents — /);
  const nav = page.getByRole('navigation', { name: 'Navigation principale' });
  assert.equal(await nav.getByRole('link', { name: 'Calendrier' }).getAttribute('aria-current'), 'page');
  const before = await calendarFromApi(page);
  assert.deepEqual(before.calendar.business_hours.sa, []);

  // Saturday is closed; adding a slot (with the keyboard) puts focus in its first input.
  const saturday = page.getByRole('group', { name: 'Samedi' });
  await saturday.getByText('Fermé', { exact: true }).waitFor();
  await page.getByRole('button', { name: 'Ajouter une plage le samedi' }).focus();
  await page.keyboard.press('Enter');
  const start = page.getByLabel('Début de la plage 1 du samedi');
  await waitForFocus(page, start);
  assert.equal(await start.getAttribute('type'), 'time');
  await start.fill('09:00');
  await page.getByLabel('Fin de la plage 1 du samedi').fill('12:00');
  assert.equal(await saturday.getByText('Fermé', { exact: true }).count(), 0);

  // Enter in the closure form adds the closure; it does not save the calendar.
  const puts = [];
  page.on('request', (request) => isCalendarPut(request) && puts.push(request));
  const date = page.getByLabel('Date', { exact: true });
  assert.equal(await date.getAttribute('type'), 'date');
  await date.fill('2027-05-07');
  await page.getByLabel('Intitulé').fill("Pont de l'Ascension");
  await page.keyboard.press('Enter');
  const closures = page.getByRole('main').getByRole('listitem').filter({ hasText: "Pont de l'Ascension" });
  await closures.filter({ hasText: 'vendredi 7 mai 2027' }).waitFor();
  await waitForFocus(page, date);
  assert.equal(await date.inputValue(), '', 'the form is emptied for the next closure');
  await page.locator('[aria-live="polite"]').filter({ hasText: 'Fermeture du vendredi 7 mai 2027 ajoutée' }).waitFor({ state: 'attached' });
  await page.getByRole('button', { name: "Retirer la fermeture du vendredi 7 mai 2027 (Pont de l'Ascension)" }).waitFor();
  assert.equal(puts.length, 0, 'adding a closure sends nothing');

  // Saving sends the version read (If-Match) and the CSRF token, and says it is done.
  const [request] = await Promise.all([page.waitForRequest(isCalendarPut), saveButton(page).click()]);
  assert.equal(request.headers()['if-match'], before.etag);
  assert.ok(request.headers()['x-csrf-token'], 'the save carries X-CSRF-Token');
  assert.equal((await request.response())?.status(), 200);
  await savedStatus(page).waitFor();
  assert.equal(await page.getByRole('alert').filter({ hasText: /\S/ }).count(), 0);

  const saved = await calendarFromApi(page);
  assert.deepEqual(saved.calendar.business_hours.sa, [{ from: '09:00', to: '12:00' }]);
  assert.deepEqual(saved.calendar.closures, [{ date: '2027-05-07', name: "Pont de l'Ascension" }]);
  assert.deepEqual(saved.calendar.business_hours.mo, before.calendar.business_hours.mo, 'the rest is unchanged');
  assert.notEqual(saved.etag, before.etag);

  // A reload shows the saved calendar.
  await page.reload();
  await page.getByRole('heading', { level: 2, name: 'Horaires d’ouverture' }).waitFor();
  assert.equal(await page.getByLabel('Début de la plage 1 du samedi').inputValue(), '09:00');
  assert.equal(await page.getByLabel('Fin de la plage 1 du samedi').inputValue(), '12:00');
  await closures.filter({ hasText: 'vendredi 7 mai 2027' }).waitFor();

  // The subscription link gives the public iCalendar feed, closure included.
  const feed = page.getByRole('link', { name: 'S’abonner au calendrier des fermetures (iCalendar)' });
  assert.equal(await feed.getAttribute('href'), '/api/v1/tenant/calendar.ics?tenant=villebelle');
  const ics = await page.request.get(`${stack.url}${await feed.getAttribute('href')}`);
  assert.equal(ics.status(), 200);
  assert.match(ics.headers()['content-type'] ?? '', /^text\/calendar/);
  assert.match(await ics.text(), /SUMMARY:Pont de l'Ascension/);
  await page.context().close();
});

test('removing a slot or a closure moves focus to a control that is still there', async () => {
  const page = await stack.newPage();
  await logIn(page, stack.url, demoAgents.admin);
  await openCalendar(page);

  // Tuesday's second slot: focus goes to Tuesday's add button.
  await page.getByRole('button', { name: 'Retirer cette plage (plage 2 du mardi)' }).click();
  await waitForFocus(page, page.getByRole('button', { name: 'Ajouter une plage le mardi' }));
  assert.equal(await page.getByLabel('Début de la plage 2 du mardi').count(), 0);
  await page.getByRole('button', { name: 'Retirer cette plage (plage 1 du mardi)' }).click();
  await page.getByRole('group', { name: 'Mardi' }).getByText('Fermé', { exact: true }).waitFor();
  await waitForFocus(page, page.getByRole('button', { name: 'Ajouter une plage le mardi' }));

  // Two more closures; removing one moves focus to the next one's button, else to the previous
  // one's, and removing the last one to the date field.
  for (const [date, name] of [['2027-07-12', 'Pont du 14 juillet'], ['2027-08-16', 'Pont de l’Assomption']]) {
    await page.getByLabel('Date', { exact: true }).fill(date);
    await page.getByLabel('Intitulé').fill(name);
    await page.getByRole('button', { name: 'Ajouter la fermeture' }).click();
  }
  // The list is in date order, whatever the order of entry.
  assert.deepEqual(await page.getByRole('main').locator('li time').evaluateAll((els) => els.map((el) => el.getAttribute('datetime'))), [
    '2027-05-07',
    '2027-07-12',
    '2027-08-16',
  ]);
  const may = page.getByRole('button', { name: /^Retirer la fermeture du vendredi 7 mai 2027/ });
  const july = page.getByRole('button', { name: /^Retirer la fermeture du lundi 12 juillet 2027/ });
  const august = page.getByRole('button', { name: /^Retirer la fermeture du lundi 16 août 2027/ });
  await july.click();
  await waitForFocus(page, august);
  await august.click();
  await waitForFocus(page, may);
  await may.click();
  await waitForFocus(page, page.getByLabel('Date', { exact: true }));
  await page.getByText('Aucune fermeture exceptionnelle prévue.').waitFor();

  // An empty closure name is refused next to the field, without adding anything.
  await page.getByLabel('Date', { exact: true }).fill('2027-12-24');
  await page.getByRole('button', { name: 'Ajouter la fermeture' }).click();
  const nameField = page.getByLabel('Intitulé');
  await waitForFocus(page, nameField);
  assert.equal(await nameField.getAttribute('aria-invalid'), 'true');
  assert.match(await nameField.evaluate((el) => el.getAttribute('aria-describedby') ?? ''), /\S/);
  await page.getByText('Indiquez l’intitulé de la fermeture.').waitFor();
  await page.getByText('Aucune fermeture exceptionnelle prévue.').waitFor();
  // Nothing was saved.
  const { calendar } = await calendarFromApi(page);
  assert.equal(calendar.business_hours.tu.length, 2);
  assert.equal(calendar.closures.length, 1);
  await page.context().close();
});

test('an invalid calendar shows the server’s French message and is not saved', async () => {
  const page = await stack.newPage();
  await logIn(page, stack.url, demoAgents.admin);
  await openCalendar(page);
  const before = await calendarFromApi(page);

  // Monday's morning slot now ends after the afternoon one starts.
  const end = page.getByLabel('Fin de la plage 1 du lundi');
  await end.fill('14:00');
  const [response] = await Promise.all([
    page.waitForResponse((r) => isCalendarPut(r.request())),
    saveButton(page).click(),
  ]);
  assert.equal(response.status(), 400);
  const problem = await response.json();
  assert.match(problem.detail, /lundi/);
  const alert = page.getByRole('alert').filter({ hasText: problem.detail });
  await alert.waitFor();
  assert.match(await alert.innerText(), /n’a pas été enregistré/);
  assert.equal(await savedStatus(page).count(), 0);
  // The edit is still there, to be corrected.
  assert.equal(await end.inputValue(), '14:00');
  const after = await calendarFromApi(page);
  assert.equal(after.etag, before.etag);
  assert.deepEqual(after.calendar, before.calendar);

  // An incomplete slot is caught before it is sent, and its input gets the focus.
  await end.fill('12:00');
  await page.getByRole('button', { name: 'Ajouter une plage le dimanche' }).click();
  const sundayStart = page.getByLabel('Début de la plage 1 du dimanche');
  await waitForFocus(page, sundayStart);
  await saveButton(page).click();
  await page.getByRole('alert').filter({ hasText: 'Plage 1 du dimanche' }).waitFor();
  await waitForFocus(page, sundayStart);
  assert.equal(await sundayStart.getAttribute('aria-invalid'), 'true');
  assert.equal((await calendarFromApi(page)).etag, before.etag);
  await page.context().close();
});

test('a save that crosses another one is refused, and the calendar can be reloaded', async () => {
  const page = await stack.newPage();
  await logIn(page, stack.url, demoAgents.admin);
  await openCalendar(page);

  // Someone else saves in between, through the API.
  const other = new ApiClient(stack.url);
  assert.equal((await other.login(demoAgents.admin.email)).status, 200);
  const current = await other.request('GET', CALENDAR_PATH);
  const changed = {
    ...current.data,
    closures: [...current.data.closures, { date: '2027-11-12', name: 'Pont du 11 novembre' }],
  };
  const put = await other.request('PUT', CALENDAR_PATH, { json: changed, headers: { 'if-match': '*' } });
  assert.equal(put.status, 200);

  await page.getByLabel('Département').fill('92');
  const [response] = await Promise.all([
    page.waitForResponse((r) => isCalendarPut(r.request())),
    saveButton(page).click(),
  ]);
  assert.equal(response.status(), 412);
  const alert = page.getByRole('alert').filter({ hasText: 'modifié entre-temps' });
  await alert.waitFor();
  assert.equal(await savedStatus(page).count(), 0);
  // The other save is kept.
  const { calendar } = await calendarFromApi(page);
  assert.equal(calendar.department, '91');
  assert.ok(calendar.closures.some((c) => c.name === 'Pont du 11 novembre'));

  // Reloading shows the current calendar and lets the person save again.
  await alert.getByRole('button', { name: 'Recharger le calendrier' }).click();
  await page.getByRole('status').filter({ hasText: 'Calendrier rechargé' }).waitFor();
  await waitForFocus(page, page.getByRole('heading', { level: 1, name: 'Calendrier' }));
  assert.equal(await alert.count(), 0);
  assert.equal(await page.getByLabel('Département').inputValue(), '91');
  await page.getByRole('main').getByRole('listitem').filter({ hasText: 'Pont du 11 novembre' }).waitFor();
  await page.getByLabel('Département').fill('92');
  await saveButton(page).click();
  await savedStatus(page).waitFor();
  assert.equal((await calendarFromApi(page)).calendar.department, '92');
  await page.context().close();
});

test('a reception agent sees the calendar read-only', async () => {
  const page = await stack.newPage();
  await logIn(page, stack.url, demoAgents.reception);
  await openCalendar(page);
  await page.getByText('Seule l’administration de la mairie peut les modifier.').waitFor();
  assert.equal(await saveButton(page).count(), 0);
  const main = page.getByRole('main');
  assert.equal(await main.locator('input, select, textarea').count(), 0, 'no form fields');
  assert.equal(await main.getByRole('button').count(), 0, 'no buttons');

  // The settings read as terms and their values.
  const { calendar } = await calendarFromApi(page);
  const monday = calendar.business_hours.mo.map((s) => `de ${s.from} à ${s.to}`).join(' et ');
  const mondayRow = main.locator('dt', { hasText: 'Lundi' }).locator('xpath=following-sibling::dd[1]');
  assert.equal((await mondayRow.innerText()).trim(), monday);
  const sundayRow = main.locator('dt', { hasText: 'Dimanche' }).locator('xpath=following-sibling::dd[1]');
  assert.equal((await sundayRow.innerText()).trim(), 'Fermé');
  await main.locator('dd', { hasText: 'Zone C' }).waitFor();
  await main.getByRole('link', { name: 'S’abonner au calendrier des fermetures (iCalendar)' }).waitFor();
  await page.context().close();
});
