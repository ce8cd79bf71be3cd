// Vite build of the pages the C++ server serves from web/dist:
//   /               -> dist/index.html               (public portal home)
//   /accessibilite  -> dist/accessibilite/index.html (accessibility statement)
//   /fiche?id=…     -> dist/fiche/index.html         (an article of the knowledge base)
//   /lieux[?id=…]   -> dist/lieux/index.html         (places and opening hours, or one place)
//   /agenda         -> dist/agenda/index.html        (events of the next 30 days)
//   /demande        -> dist/demande/index.html       (submit a request)
//   /suivi          -> dist/suivi/index.html         (follow a request with its tracking code)
//   /console, /console/* -> dist/console/index.html  (agent console, a single-page app)
//   anything else   -> dist/404.html                 (page not found, with status 404)
// Hashed JavaScript and CSS go to dist/assets/, referenced with absolute /assets/ URLs.
//
// JSX is compiled by Vite's own transformer for Preact (automatic runtime); no framework plugin.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { strings } from './ui/strings/index.ts';

const root = fileURLToPath(new URL('.', import.meta.url));

// Looks up "a.b.c" in the strings catalogue; only plain strings may be used from HTML.
function lookUp(key: string): string {
  let value: unknown = strings;
  for (const part of key.split('.')) {
    value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[part] : undefined;
  }
  if (typeof value !== 'string') throw new Error(`strings.${key} is not a string (used in an HTML page)`);
  return value;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

// Fills %strings:key% placeholders in the HTML entry pages from the one catalogue of UI strings,
// so that the static text of the pages (title, noscript notice) is not written twice.
function catalogueStrings(): Plugin {
  return {
    name: 'guichet-catalogue-strings',
    transformIndexHtml(html) {
      return html.replace(/%strings:([A-Za-z0-9_.]+)%/g, (_, key: string) => escapeHtml(lookUp(key)));
    },
  };
}

// In development, answer the addresses the C++ server maps to pages the way it does.
function serverLikeRoutes(): Plugin {
  return {
    name: 'guichet-server-like-routes',
    configureServer(server) {
      server.middlewares.use((req, _res, next) => {
        const url = req.url ?? '/';
        const [pathname = '/', query] = url.split('?', 2);
        const search = query !== undefined ? `?${query}` : '';
        if (['/accessibilite', '/fiche', '/lieux', '/agenda', '/demande', '/suivi'].includes(pathname)) req.url = `${pathname}/index.html${search}`;
        else if (pathname === '/console' || (pathname.startsWith('/console/') && !pathname.includes('.'))) {
          req.url = `/console/index.html${search}`;
        }
        next();
      });
    },
  };
}

export default defineConfig({
  root,
  base: '/',
  appType: 'mpa',
  plugins: [catalogueStrings(), serverLikeRoutes()],
  oxc: {
    jsx: { runtime: 'automatic', importSource: 'preact' },
  },
  build: {
    outDir: resolve(root, 'dist'),
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2022',
    // Every browser the project supports knows <link rel=modulepreload>.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      input: {
        portal: resolve(root, 'index.html'),
        accessibility: resolve(root, 'accessibilite/index.html'),
        article: resolve(root, 'fiche/index.html'),
        places: resolve(root, 'lieux/index.html'),
        agenda: resolve(root, 'agenda/index.html'),
        request: resolve(root, 'demande/index.html'),
        follow: resolve(root, 'suivi/index.html'),
        console: resolve(root, 'console/index.html'),
        notFound: resolve(root, '404.html'),
      },
      output: {
        // Preact and the shared components (with the theme) in one cached chunk for all pages.
        // Leaflet and the code that draws maps (ui/location_map.*) stay out of it: they are
        // loaded on demand by the pages that show a map.
        codeSplitting: {
          groups: [{ name: 'shared', test: /[\\/](node_modules[\\/](?!leaflet[\\/])|ui[\\/](?!location_map\.))/ }],
        },
      },
    },
  },
  server: {
    // For development without the C++ server running on the same origin, point this at it:
    //   GUICHET_API=http://127.0.0.1:8080 npm run dev
    proxy: process.env['GUICHET_API']
      ? { '/api': { target: process.env['GUICHET_API'], ws: true, changeOrigin: false } }
      : {},
  },
});
