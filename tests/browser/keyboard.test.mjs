// Keyboard use: the skip link comes first, and an agent can log in and out with the keyboard only.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { demoAgents, demoPassword, startStack } from './helpers.mjs';

let stack;
before(async () => {
  stack = await startStack();
});
after(async () => {
  await stack?.close();
});

function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (el === null || el === document.body) return null;
    const style = getComputedStyle(el);
    const label = el.id !== '' ? document.querySelector(`label[for="${el.id}"]`)?.textContent ?? '' : '';
    return {
      tag: el.tagName.toLowerCase(),
      id: el.id,
      text: (el.textContent ?? '').trim(),
      label: label.trim(),
      href: el.getAttribute('href'),
      outline: style.outlineStyle,
      visible: (() => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < window.innerHeight;
      })(),
    };
  });
}

// Presses Tab until the focused element satisfies `matches`, at most `limit` times.
async function tabTo(page, matches, limit = 15) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const el = await focused(page);
    if (el !== null && matches(el)) return el;
  }
  assert.fail(`Tab did not reach the expected element in ${limit} presses`);
}

for (const [label, path, ready] of [
  ['portal home', '/', (page) => page.getByRole('heading', { level: 1, name: /Villebelle/ }).waitFor()],
  ['accessibility statement', '/accessibilite', (page) => page.getByText(/Villebelle s’engage/).waitFor()],
  ['console', '/console', (page) => page.getByRole('button', { name: 'Se connecter' }).waitFor()],
]) {
  test(`the first Tab on the ${label} reaches a visible skip link to the main content`, async () => {
    const page = await stack.newPage();
    await page.goto(`${stack.url}${path}`);
    await ready(page);
    await page.keyboard.press('Tab');
    const el = await focused(page);
    assert.equal(el?.tag, 'a');
    assert.equal(el?.text, 'Aller au contenu principal');
    assert.equal(el?.href, '#contenu');
    assert.ok(el?.visible, 'the skip link shows when focused');
    assert.notEqual(el?.outline, 'none', 'the focus is visible');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'contenu');
    assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'MAIN');
    await page.context().close();
  });
}

test('an agent logs in and out with the keyboard only', async () => {
  const page = await stack.newPage();
  const agent = demoAgents.caseAgent;
  await page.goto(`${stack.url}/console`);
  await page.getByRole('button', { name: 'Se connecter' }).waitFor();

  const email = await tabTo(page, (el) => el.label === 'Adresse électronique');
  assert.notEqual(email.outline, 'none', 'the focused field shows its focus');
  await page.keyboard.type(agent.email);
  const password = await tabTo(page, (el) => el.label === 'Mot de passe', 1);
  assert.equal(password.tag, 'input');
  await page.keyboard.type(demoPassword);
  await page.keyboard.press('Enter');

  await page.getByRole('heading', { level: 1, name: 'Tableau de bord' }).waitFor();
  // Focus follows the change of view to the new page's heading.
  await page.waitForFunction(() => document.activeElement?.tagName === 'H1');

  // The user menu opens with the keyboard, and Escape closes it back onto its button.
  const menuButton = await tabTo(page, (el) => el.tag === 'button' && el.text.startsWith(agent.name));
  assert.notEqual(menuButton.outline, 'none');
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Se déconnecter' }).waitFor();
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Se déconnecter' }).waitFor({ state: 'hidden' });
  assert.match((await focused(page))?.text ?? '', new RegExp(agent.name));

  await page.keyboard.press('Enter');
  await tabTo(page, (el) => el.tag === 'button' && el.text === 'Se déconnecter', 3);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: /Connexion/ }).waitFor();
  await page.waitForFunction(() => document.activeElement?.tagName === 'H1');
  await page.context().close();
});
