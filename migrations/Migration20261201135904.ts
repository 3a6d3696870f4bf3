import { Migration } from '@mikro-orm/migrations';

export class Migration20261201135904 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "form_submission" ("user_id" uuid not null, "token" varchar(64) not null, "location" text null, "created_at" timestamptz not null, constraint "form_submission_pkey" primary key ("user_id", "token"));`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "form_submission" cascade;`);
  }
}
