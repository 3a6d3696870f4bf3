import { Migration } from '@mikro-orm/migrations';

export class Migration20261201135046 extends Migration {
  override async up(): Promise<void> {
    // Before the rule existed two accounts could hold one organisation: the first to connect keeps it.
    this.addSql(
      `update "xero_connection" c set "status" = 'disconnected', "token_set" = null, "access_token_expires_at" = null, "last_error" = 'This Xero organisation is connected to another LRM account.' where c."status" <> 'disconnected' and exists (select 1 from "xero_connection" o where o."tenant_id" = c."tenant_id" and o."status" <> 'disconnected' and (coalesce(o."connected_at", o."created_at"), o."id") < (coalesce(c."connected_at", c."created_at"), c."id"));`,
    );
    this.addSql(
      `create unique index "xero_connection_live_tenant_unique" on "xero_connection" ("tenant_id") where "status" <> 'disconnected';`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "xero_connection_live_tenant_unique";`);
  }
}
