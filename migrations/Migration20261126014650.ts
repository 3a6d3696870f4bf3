import { Migration } from '@mikro-orm/migrations';

export class Migration20261126014650 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "user" add column "sessions_valid_from" timestamptz not null default now();`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "user" drop column "sessions_valid_from";`);
  }
}
