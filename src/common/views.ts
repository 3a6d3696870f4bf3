import type { NestExpressApplication } from '@nestjs/platform-express';
import hbs from 'hbs';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export const PROJECT_ROOT = join(__dirname, __filename.endsWith('.ts') ? '../..' : '../../..');
export const VIEWS_DIR = join(PROJECT_ROOT, 'views');
export const PUBLIC_DIR = join(PROJECT_ROOT, 'public');

/** Handlebars pages: a base layout, partials from views/partials (registered at boot) and small helpers. */
export function configureViews(app: NestExpressApplication): void {
  app.setBaseViewsDir(VIEWS_DIR);
  app.setViewEngine('hbs');
  // Pages wrap themselves in {{#> layouts/main}}…{{/layouts/main}}, so no template needs triple braces.
  app.set('view options', { layout: false });
  // Templates are compiled once, as partials are registered once at boot: editing a view needs a restart.
  app.set('view cache', true);
  registerPartials(join(VIEWS_DIR, 'partials'));
  registerPartials(join(VIEWS_DIR, 'layouts'), join(VIEWS_DIR));
  registerHelpers();
  app.useStaticAssets(PUBLIC_DIR, { prefix: '/assets/', maxAge: '1h', index: false });
}

function registerPartials(dir: string, root = dir): void {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      registerPartials(path, root);
    } else if (entry.endsWith('.hbs')) {
      hbs.registerPartial(relative(root, path).replace(/\.hbs$/, ''), readFileSync(path, 'utf8'));
    }
  }
}

function registerHelpers(): void {
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hbs.registerHelper('not', (a: unknown) => !a);
  hbs.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
  hbs.registerHelper('and', (...args: unknown[]) => args.slice(0, -1).every(Boolean));
  hbs.registerHelper('year', () => new Date().getFullYear());
}
