import { Migration } from '@mikro-orm/migrations';

export class Migration20261126004028 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create schema if not exists "xero_sandbox";`);
    this.addSql(
      `create table "xero_sandbox"."document" ("kind" text not null, "id" text not null, "tenant_id" text null, "data" jsonb not null, "updated_at" timestamptz not null default now(), constraint "document_pkey" primary key ("kind", "id"));`,
    );
    this.addSql(
      `create index "document_kind_tenant_id_index" on "xero_sandbox"."document" ("kind", "tenant_id");`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "xero_sandbox"."document" cascade;`);

    this.addSql(`drop schema if exists "xero_sandbox";`);
  }
}
