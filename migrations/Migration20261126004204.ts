import { Migration } from '@mikro-orm/migrations';

export class Migration20261126004204 extends Migration {
  override async up(): Promise<void> {
    // Web sessions, in the layout connect-pg-simple expects.
    this.addSql(
      `create table "session" ("sid" varchar not null collate "default", "sess" json not null, "expire" timestamp(6) not null, constraint "session_pkey" primary key ("sid"));`,
    );
    this.addSql(`create index "IDX_session_expire" on "session" ("expire");`);
    this.addSql(`create type "user_role" as enum ('owner', 'admin', 'finance', 'trainer');`);
    this.addSql(
      `create table "account" ("id" uuid not null, "name" varchar(200) not null, "time_zone" varchar(64) not null default 'Australia/Sydney', "currency" varchar(3) not null default 'AUD', "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "account_pkey" primary key ("id"));`,
    );

    this.addSql(
      `create table "user" ("id" uuid not null, "account_id" uuid not null, "email" varchar(254) not null, "name" varchar(200) not null, "role" "user_role" not null, "password_hash" varchar(255) not null, "must_change_password" boolean not null, "active" boolean not null, "last_sign_in_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "user_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "user" add constraint "user_email_unique" unique ("email");`);
    this.addSql(`create index "user_account_id_email_index" on "user" ("account_id", "email");`);

    this.addSql(
      `alter table "user" add constraint "user_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade on delete cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "session";`);
    this.addSql(`alter table "user" drop constraint "user_account_id_foreign";`);

    this.addSql(`drop table if exists "account" cascade;`);

    this.addSql(`drop table if exists "user" cascade;`);

    this.addSql(`drop type "user_role";`);
  }
}
