// The command line: clear errors, exit codes, and refusals that change nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { binary, makeDataDir } from '../lib/server.mjs';

function run(args, input) {
  return spawnSync(binary, args, { encoding: 'utf8', input });
}

test('version', () => {
  assert.match(run(['version']).stdout, /^guichet \d+\.\d+\.\d+/);
});

test('tenant create and list; a bad slug or zone is refused with a clear message', () => {
  const data = makeDataDir();
  const ok = run(['tenant', 'create', '--data', data, '--slug', 'mairie-test', '--name', 'Mairie test',
                  '--timezone', 'America/Cayenne', '--zone', 'guyane']);
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /les courriels diront « de la Mairie test »/, 'the article is derived from the name');
  const article = run(['tenant', 'create', '--data', data, '--slug', 'services', '--name', 'Services techniques', '--article', 'les']);
  assert.equal(article.status, 0, article.stderr);
  assert.match(article.stdout, /« des Services techniques »/);
  const wrongArticle = run(['tenant', 'create', '--data', data, '--slug', 'article', '--name', 'X', '--article', 'du']);
  assert.equal(wrongArticle.status, 1);
  assert.match(wrongArticle.stderr, /--article vaut la, le, l', les ou aucun/);
  const bad = run(['tenant', 'create', '--data', data, '--slug', 'Mauvais Slug', '--name', 'X']);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /identifiant « Mauvais Slug » n'est pas valide/);
  const zone = run(['tenant', 'create', '--data', data, '--slug', 'autre', '--name', 'X', '--zone', 'atlantide']);
  assert.match(zone.stderr, /zone de jours fériés « atlantide »/);
  const logo = run(['tenant', 'create', '--data', data, '--slug', 'logo', '--name', 'X', '--logo-url', 'http://insecure/l.png']);
  assert.match(logo.stderr, /https:\/\//);
  const list = run(['tenant', 'list', '--data', data]);
  assert.match(list.stdout, /mairie-test\s+Mairie test\s+America\/Cayenne\s+guyane/);
  assert.doesNotMatch(list.stdout, /autre|logo|article/);
  rmSync(data, { recursive: true, force: true });
});

test('agent create with a generated password, list, passwd from stdin', () => {
  const data = makeDataDir();
  run(['tenant', 'create', '--data', data, '--slug', 'mairie-test', '--name', 'Mairie test']);
  const created = run(['agent', 'create', '--data', data, '--tenant', 'mairie-test', '--email', 'Zoe@Mairie.example',
                       '--name', 'Zoé', '--roles', 'reception,manager']);
  assert.equal(created.status, 0, created.stderr);
  assert.match(created.stdout, /Mot de passe \(affiché une seule fois\) : \S{16}/);
  assert.match(run(['agent', 'list', '--data', data, '--tenant', 'mairie-test']).stdout, /zoe@mairie\.example\s+Zoé\s+reception,manager/);
  const weak = run(['agent', 'passwd', '--data', data, '--tenant', 'mairie-test', '--email', 'zoe@mairie.example', '--password-stdin'], 'court\n');
  assert.equal(weak.status, 1);
  assert.match(weak.stderr, /au moins 12 caractères/);
  const strong = run(['agent', 'passwd', '--data', data, '--tenant', 'mairie-test', '--email', 'zoe@mairie.example', '--password-stdin'], 'un mot de passe solide\n');
  assert.equal(strong.status, 0, strong.stderr);
  const roles = run(['agent', 'create', '--data', data, '--tenant', 'mairie-test', '--email', 'x@m.example', '--name', 'X', '--roles', 'chef']);
  assert.match(roles.stderr, /Rôles invalides/);
  const noTenant = run(['agent', 'list', '--data', data, '--tenant', 'inconnue']);
  assert.equal(noTenant.status, 1);
  assert.match(noTenant.stderr, /inconnue/);
  rmSync(data, { recursive: true, force: true });
});

test('usage errors exit 2', () => {
  assert.equal(run(['tenant', 'create', '--slug', 'x']).status, 2);
  assert.equal(run(['nonsense']).status, 2);
});

test('no command or an unknown one: said in French, with the commands to choose from', () => {
  const alone = run([]);
  assert.equal(alone.status, 2);
  assert.match(alone.stderr, /^Usage : guichet COMMANDE \[options\]/);
  assert.match(alone.stderr, /\n {2}serve +Démarre le serveur/);
  assert.doesNotMatch(alone.stderr, /subcommand is required/);
  const unknown = run(['frobnicate']);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /^guichet : commande inconnue « frobnicate »\./);
  assert.match(unknown.stderr, /\n {2}tenant /);
  const group = run(['tenant']);
  assert.equal(group.status, 2);
  assert.match(group.stderr, /^Usage : guichet tenant COMMANDE/);
  assert.match(group.stderr, /\n {2}create /);
  assert.match(group.stderr, /\n {2}list /);
});

test('commands that only read do not create a database in a mistyped --data folder', () => {
  const parent = makeDataDir();
  const typo = path.join(parent, 'donnes');
  for (const args of [['tenant', 'list'], ['agent', 'list', '--tenant', 'villebelle'], ['mailbox', 'list'], ['export', 'articles', '--tenant', 'villebelle'], ['reindex']]) {
    const r = run([...args, '--data', typo]);
    assert.equal(r.status, 1, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /Aucune base de données dans le dossier .*donnes.* vérifiez l'option --data/);
    assert.equal(existsSync(typo), false, `${args.join(' ')} created nothing`);
  }
  // The commands that set a database up still create it.
  assert.equal(run(['migrate', '--data', typo]).status, 0);
  assert.equal(run(['tenant', 'list', '--data', typo]).status, 0);
  rmSync(parent, { recursive: true, force: true });
});

test('serve refuses a data directory it cannot write to', () => {
  const data = makeDataDir();
  const file = path.join(data, 'not-a-directory');
  writeFileSync(file, 'x');
  const r = run(['serve', '--data', path.join(file, 'sub'), '--port', '0']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /n'est pas accessible en écriture/);
  rmSync(data, { recursive: true, force: true });
});

test('serve refuses a port that is taken', async () => {
  const blocker = net.createServer();
  await new Promise((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const { port } = blocker.address();
  const data = makeDataDir();
  const r = run(['serve', '--data', data, '--port', String(port), '--bind', '127.0.0.1']);
  blocker.close();
  assert.equal(r.status, 1);
  assert.match(r.stderr, new RegExp(`Le port ${port} est déjà utilisé`));
  rmSync(data, { recursive: true, force: true });
});

test('a bad configuration file is refused naming the line', () => {
  const data = makeDataDir();
  const config = path.join(data, 'guichet.toml');
  writeFileSync(config, '[server]\nport = "huit"\n');
  const r = run(['migrate', '--data', data, '--config', config]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /server\.port/);
  writeFileSync(config, '[server]\nport = \n');
  assert.match(run(['migrate', '--data', data, '--config', config]).stderr, /guichet\.toml:2/);
  rmSync(data, { recursive: true, force: true });
});

test('a database written by a newer Guichet is refused and left untouched', () => {
  const data = makeDataDir();
  assert.equal(run(['migrate', '--data', data]).status, 0);
  const db = path.join(data, 'guichet.db');
  execFileSync('sqlite3', [db, "INSERT INTO schema_migrations VALUES ('identity', 99, 'future', 0)"]);
  const r = run(['migrate', '--data', data]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /version plus récente de Guichet/);
  const still = execFileSync('sqlite3', [db, "SELECT COUNT(*) FROM schema_migrations WHERE version = 99"], { encoding: 'utf8' });
  assert.equal(still.trim(), '1');
  rmSync(data, { recursive: true, force: true });
});
