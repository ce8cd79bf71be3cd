// Learning from use in the browser, against the real server and the demo commune: the portal's
// « Cette réponse vous a-t-elle aidé ? » under an answer and on an article reached from a search
// (voted with the keyboard, thanked politely, at 320 CSS pixels), the console's « Cet article a
// répondu » in the answer panel, and the « Apprentissage » page that lists the signals and resets
// them after a confirmation; axe-core on each.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertNoAxeViolations, assertNoHorizontalScroll, demoAgents, logIn, startStack, waitForFocus } from './helpers.mjs';

let stack;
before(async () => {
  stack = await startStack();
});
after(async () => {
  await stack?.close();
});

// Headless Chromium names itself in its User-Agent, and the server ignores votes from robots:
// these pages speak as an ordinary desktop browser would.
const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';
const AXE = { bypassCSP: true, userAgent: UA };
const NARROW = { ...AXE, viewport: { width: 320, height: 640 } };
const question = 'comment obtenir un acte de naissance ?';

async function signals(page) {
  return page.evaluate(async () => {
    const r = await fetch('/api/v1/kb/feedback', { credentials: 'same-origin' });
    return (await r.json()).items;
  });
}

test('portal: a citizen answers « Oui » by keyboard under an answer, at 320 px', async () => {
  const page = await stack.newPage(NARROW);
  await page.goto(`${stack.url}/`);
  const box = page.getByRole('combobox', { name: 'Votre question' });
  await box.fill(question);
  await box.press('Enter');
  const group = page.getByRole('group', { name: 'Cette réponse vous a-t-elle aidé ?' });
  await group.waitFor();
  await assertNoAxeViolations(page, 'answer with its vote');
  await assertNoHorizontalScroll(page, 'answer with its vote at 320 px');
  const yes = group.getByRole('button', { name: 'Oui' });
  await yes.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('status').filter({ hasText: 'Merci pour votre avis' }).waitFor();
  assert.equal(await group.count(), 0, 'the choices are gone once voted');
  await assertNoAxeViolations(page, 'answer after the vote');
  // The same browser is not asked again for the same question.
  await page.reload();
  await page.getByRole('combobox', { name: 'Votre question' }).fill(question);
  await page.getByRole('combobox', { name: 'Votre question' }).press('Enter');
  await page.getByRole('status').filter({ hasText: 'Merci pour votre avis' }).waitFor();
});

test('portal: an article reached from a search asks too, and « Non » is thanked', async () => {
  const page = await stack.newPage(NARROW);
  await page.goto(`${stack.url}/fiche?id=${encodeURIComponent('villebelle:acte-naissance')}&q=${encodeURIComponent('acte de naissance pour mon fils')}`);
  const group = page.getByRole('group', { name: 'Cette réponse vous a-t-elle aidé ?' });
  await group.waitFor();
  await assertNoAxeViolations(page, 'article with its vote');
  await assertNoHorizontalScroll(page, 'article with its vote at 320 px');
  await group.getByRole('button', { name: 'Non' }).focus();
  await page.keyboard.press('Space');
  await page.getByRole('status').filter({ hasText: /Merci pour votre avis.*autrement/ }).waitFor();
  // Without a question (reached otherwise), nothing is asked.
  await page.goto(`${stack.url}/fiche?id=${encodeURIComponent('villebelle:acte-naissance')}`);
  await page.getByRole('heading', { level: 1 }).waitFor();
  assert.equal(await page.getByRole('group', { name: 'Cette réponse vous a-t-elle aidé ?' }).count(), 0);
});

test('console: « Cet article a répondu », then « Apprentissage » lists and resets the signals', async () => {
  const page = await stack.newPage(AXE);
  await logIn(page, stack.url, demoAgents.manager);
  const panel = page.getByRole('region', { name: 'Accueil virtuel' });
  await panel.getByLabel('Question de l’usager').fill(question);
  await panel.getByLabel('Question de l’usager').press('Enter');
  const answered = panel.getByRole('button', { name: /^Cet article a répondu : Obtenir un acte de naissance/ });
  await answered.focus();
  await page.keyboard.press('Enter');
  await panel.getByRole('status').filter({ hasText: 'Merci, c’est noté' }).waitFor();
  await assertNoAxeViolations(page, 'answer panel after « Cet article a répondu »');

  await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Apprentissage' }).click();
  await page.getByRole('heading', { level: 1, name: 'Apprentissage de la recherche' }).waitFor();
  const table = page.getByRole('table', { name: 'Signaux appris, par question et par article' });
  await table.waitFor();
  const before = await signals(page);
  assert.ok(before.length >= 2, JSON.stringify(before));  // The citizens' and the agent's.
  assert.equal(await table.getByRole('row').count(), before.length + 1);
  await assertNoAxeViolations(page, 'Apprentissage');

  // Reset one line, by keyboard, after its confirmation.
  const agentSignal = before.find((s) => s.question === question && s.votes >= 2) ?? before[0];
  await page.getByRole('button', { name: `Réinitialiser le signal « ${agentSignal.question} » pour « ${agentSignal.article_title} »` }).click();
  const confirm = page.getByRole('button', { name: 'Confirmer' });
  await waitForFocus(page, confirm);
  await assertNoAxeViolations(page, 'Apprentissage, confirmation');
  await page.keyboard.press('Enter');
  await page.getByRole('status').filter({ hasText: 'Le signal est réinitialisé.' }).waitFor();
  const afterOne = await signals(page);
  assert.equal(afterOne.length, before.length - 1);
  assert.ok(!afterOne.some((s) => s.id === agentSignal.id));

  // Cancel keeps everything; confirm forgets all.
  await page.getByRole('button', { name: 'Tout réinitialiser' }).click();
  await page.getByRole('button', { name: 'Annuler' }).click();
  assert.equal((await signals(page)).length, afterOne.length);
  await page.getByRole('button', { name: 'Tout réinitialiser' }).click();
  await page.getByRole('button', { name: 'Confirmer' }).click();
  await page.getByText('Aucun signal pour l’instant').waitFor();
  assert.deepEqual(await signals(page), []);

  const narrow = await stack.newPage(NARROW);
  await logIn(narrow, stack.url, demoAgents.manager);
  await narrow.goto(`${stack.url}/console/apprentissage`);
  await narrow.getByRole('heading', { level: 1, name: 'Apprentissage de la recherche' }).waitFor();
  await assertNoHorizontalScroll(narrow, 'Apprentissage at 320 px');
});
