// The browser tests' third-party modules, resolved from web/node_modules: the project has a single
// package.json (in web/), and `npm ci` there installs playwright-core and axe-core with the rest.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web');
const require = createRequire(path.join(webDir, 'package.json'));

export const { chromium } = require('playwright-core');
export const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
export const distDir = path.join(webDir, 'dist');
