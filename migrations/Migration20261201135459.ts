import { Migration } from '@mikro-orm/migrations';

export class Migration20261201135459 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create type "sync_link_kind" as enum ('contact');`);
    this.addSql(`create type "sync_trigger" as enum ('manual', 'scheduled', 'resync', 'record');`);
    this.addSql(
      `create type "sync_run_status" as enum ('queued', 'running', 'succeeded', 'partially_succeeded', 'failed', 'paused');`,
    );
    this.addSql(`create type "sync_issue_severity" as enum ('failure', 'warning');`);
    this.addSql(
      `create table "sync_checkpoint" ("id" uuid not null, "account_id" uuid not null, "stream" varchar(40) not null, "high_water_mark" timestamptz null, "version" int not null default 1, "updated_at" timestamptz not null, constraint "sync_checkpoint_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "sync_checkpoint" add constraint "sync_checkpoint_account_id_stream_unique" unique ("account_id", "stream");`,
    );

    this.addSql(
      `create table "sync_link" ("id" uuid not null, "account_id" uuid not null, "kind" "sync_link_kind" not null, "local_id" uuid not null, "xero_id" varchar(64) not null, "content_hash" varchar(64) null, "xero_name" varchar(255) null, "last_synced_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "sync_link_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "sync_link" add constraint "sync_link_account_id_kind_xero_id_unique" unique ("account_id", "kind", "xero_id");`,
    );
    this.addSql(
      `alter table "sync_link" add constraint "sync_link_account_id_kind_local_id_unique" unique ("account_id", "kind", "local_id");`,
    );

    this.addSql(
      `create table "sync_run" ("id" uuid not null, "account_id" uuid not null, "trigger" "sync_trigger" not null, "status" "sync_run_status" not null default 'queued', "requested_by_id" uuid null, "record_ids" jsonb null, "counts" jsonb not null, "api_calls" int not null default 0, "attempts" int not null default 0, "started_at" timestamptz null, "finished_at" timestamptz null, "last_progress_at" timestamptz null, "resume_at" timestamptz null, "error" text null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "sync_run_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create unique index "sync_run_one_active_per_account" on "sync_run" ("account_id") where "status" in ('queued', 'running', 'paused');`,
    );
    this.addSql(
      `create index "sync_run_account_id_created_at_index" on "sync_run" ("account_id", "created_at");`,
    );

    this.addSql(
      `create table "sync_issue" ("id" uuid not null, "account_id" uuid not null, "run_id" uuid not null, "severity" "sync_issue_severity" not null, "kind" varchar(20) not null, "local_id" uuid not null, "label" varchar(255) not null, "xero_id" varchar(64) null, "message" text not null, "xero_message" text null, "hint" text null, "fix_in" varchar(20) not null, "created_at" timestamptz not null, constraint "sync_issue_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "sync_issue_run_id_created_at_index" on "sync_issue" ("run_id", "created_at");`,
    );

    this.addSql(
      `alter table "sync_checkpoint" add constraint "sync_checkpoint_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "sync_link" add constraint "sync_link_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "sync_run" add constraint "sync_run_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "sync_run" add constraint "sync_run_requested_by_id_foreign" foreign key ("requested_by_id") references "user" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "sync_issue" add constraint "sync_issue_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "sync_issue" add constraint "sync_issue_run_id_foreign" foreign key ("run_id") references "sync_run" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "xero_connection" add column "organisation" jsonb null, add column "organisation_refreshed_at" timestamptz null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "sync_issue" drop constraint "sync_issue_run_id_foreign";`);

    this.addSql(`drop table if exists "sync_checkpoint" cascade;`);

    this.addSql(`drop table if exists "sync_link" cascade;`);

    this.addSql(`drop table if exists "sync_run" cascade;`);

    this.addSql(`drop table if exists "sync_issue" cascade;`);

    this.addSql(
      `alter table "xero_connection" drop column "organisation", drop column "organisation_refreshed_at";`,
    );

    this.addSql(`drop type "sync_link_kind";`);
    this.addSql(`drop type "sync_trigger";`);
    this.addSql(`drop type "sync_run_status";`);
    this.addSql(`drop type "sync_issue_severity";`);
  }
}
