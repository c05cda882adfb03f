import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedFromTemplate, templateStamp } from './embedded.js';

/** A first start copies the build's template; anything doubtful leaves the folder to PGlite's initdb. */
describe('seedFromTemplate', () => {
  let root: string;
  let template: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-seed-'));
    template = path.join(root, 'template');
    fs.mkdirSync(path.join(template, 'base'), { recursive: true });
    fs.writeFileSync(path.join(template, 'PG_VERSION'), '17\n');
    fs.writeFileSync(path.join(template, 'base', 'x'), 'data');
    fs.writeFileSync(path.join(template, templateStamp.file), templateStamp.value());
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('copies the template into a new folder, without its stamp', () => {
    const dir = path.join(root, 'new', 'pgdata');
    seedFromTemplate(dir, template);
    expect(fs.readFileSync(path.join(dir, 'base', 'x'), 'utf8')).toBe('data');
    expect(fs.existsSync(path.join(dir, templateStamp.file))).toBe(false);
  });

  it('leaves an existing database, a non-empty folder, and another PGlite version’s template alone', () => {
    const existing = path.join(root, 'existing');
    fs.mkdirSync(existing);
    fs.writeFileSync(path.join(existing, 'PG_VERSION'), '17\n');
    seedFromTemplate(existing, template);
    expect(fs.readdirSync(existing)).toEqual(['PG_VERSION']);

    const busy = path.join(root, 'busy');
    fs.mkdirSync(busy);
    fs.writeFileSync(path.join(busy, 'something'), '');
    seedFromTemplate(busy, template);
    expect(fs.readdirSync(busy)).toEqual(['something']);

    fs.writeFileSync(path.join(template, templateStamp.file), JSON.stringify({ pglite: '0.0.0' }));
    const fresh = path.join(root, 'fresh');
    seedFromTemplate(fresh, template);
    expect(fs.existsSync(fresh)).toBe(false);

    seedFromTemplate(path.join(root, 'none'), path.join(root, 'no-template'));
    expect(fs.existsSync(path.join(root, 'none'))).toBe(false);
  });
});
