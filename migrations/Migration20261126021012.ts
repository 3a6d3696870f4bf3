import { Migration } from '@mikro-orm/migrations';

export class Migration20261126021012 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "sign_in_attempt" ("key" varchar(64) not null, "hits" int not null, "expires_at" timestamptz not null, "blocked_until" timestamptz null, constraint "sign_in_attempt_pkey" primary key ("key"));`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "sign_in_attempt" cascade;`);
  }
}
