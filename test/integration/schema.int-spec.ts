import { MikroORM } from '@mikro-orm/postgresql';
import { createOrmOptions } from '../../src/mikro-orm.config';
import { createTestDatabase, TestDatabase } from '../support/test-database';

describe('migrations and entities', () => {
  let database: TestDatabase;
  let orm: MikroORM;

  beforeAll(async () => {
    database = await createTestDatabase({ empty: true });
    orm = await MikroORM.init(createOrmOptions(database.url));
  });
  afterAll(async () => {
    await orm.close(true);
    await database.drop();
  });

  it('applies every migration to an empty database, after which the entities need no schema change', async () => {
    const migrator = orm.getMigrator();
    const pendingBefore = await migrator.getPendingMigrations();
    await migrator.up();

    expect(await migrator.getPendingMigrations()).toHaveLength(0);
    expect(await migrator.getExecutedMigrations()).toHaveLength(pendingBefore.length);
    const diff = await orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false });
    expect(diff.trim()).toBe('');
  });
});
