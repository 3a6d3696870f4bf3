import { Migration } from '@mikro-orm/migrations';

export class Migration20261126005618 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create type "xero_connection_status" as enum ('connected', 'needs_reconnect', 'disconnected');`,
    );
    this.addSql(
      `create type "xero_connection_event_kind" as enum ('connected', 'reconnected', 'organisation_changed', 'needs_reconnect', 'disconnected');`,
    );
    this.addSql(
      `create table "pending_xero_link" ("id" uuid not null, "account_id" uuid not null, "user_id" uuid not null, "token_set" text not null, "organisations" jsonb not null, "chosen_connection_id" varchar(64) null, "expires_at" timestamptz not null, constraint "pending_xero_link_pkey" primary key ("id"));`,
    );

    this.addSql(
      `create table "oauth_attempt" ("state_hash" varchar(64) not null, "account_id" uuid not null, "user_id" uuid not null, "session_hash" varchar(64) not null, "code_verifier" text not null, "expires_at" timestamptz not null, "created_at" timestamptz not null, constraint "oauth_attempt_pkey" primary key ("state_hash"));`,
    );

    this.addSql(
      `create table "xero_connection" ("id" uuid not null, "account_id" uuid not null, "status" "xero_connection_status" not null default 'disconnected', "tenant_id" varchar(64) null, "tenant_name" varchar(255) null, "connection_id" varchar(64) null, "auth_event_id" varchar(64) null, "previous_tenant_id" varchar(64) null, "token_set" text null, "access_token_expires_at" timestamptz null, "scopes" jsonb null, "connected_by_id" uuid null, "connected_at" timestamptz null, "last_refreshed_at" timestamptz null, "last_error" text null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "xero_connection_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "xero_connection" add constraint "xero_connection_account_id_unique" unique ("account_id");`,
    );

    this.addSql(
      `create table "xero_connection_event" ("id" uuid not null, "account_id" uuid not null, "kind" "xero_connection_event_kind" not null, "tenant_name" varchar(255) null, "user_id" uuid null, "detail" text null, "occurred_at" timestamptz not null, constraint "xero_connection_event_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "xero_connection_event_account_id_occurred_at_index" on "xero_connection_event" ("account_id", "occurred_at");`,
    );

    this.addSql(
      `alter table "pending_xero_link" add constraint "pending_xero_link_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "pending_xero_link" add constraint "pending_xero_link_user_id_foreign" foreign key ("user_id") references "user" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "oauth_attempt" add constraint "oauth_attempt_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "oauth_attempt" add constraint "oauth_attempt_user_id_foreign" foreign key ("user_id") references "user" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "xero_connection" add constraint "xero_connection_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "xero_connection" add constraint "xero_connection_connected_by_id_foreign" foreign key ("connected_by_id") references "user" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "xero_connection_event" add constraint "xero_connection_event_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "xero_connection_event" add constraint "xero_connection_event_user_id_foreign" foreign key ("user_id") references "user" ("id") on update cascade on delete set null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "pending_xero_link" cascade;`);

    this.addSql(`drop table if exists "oauth_attempt" cascade;`);

    this.addSql(`drop table if exists "xero_connection" cascade;`);

    this.addSql(`drop table if exists "xero_connection_event" cascade;`);

    this.addSql(`drop type "xero_connection_status";`);
    this.addSql(`drop type "xero_connection_event_kind";`);
  }
}
