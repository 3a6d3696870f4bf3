import { Migration } from '@mikro-orm/migrations';

export class Migration20261126011203 extends Migration {
  override async up(): Promise<void> {
    // Trigram index for the learners search (LIKE on the generated search_text column).
    this.addSql(`create extension if not exists pg_trgm;`);
    this.addSql(
      `create table "invoice_counter" ("account_id" uuid not null, "prefix" varchar(20) not null default 'LRM-', "next_value" int not null default 1, constraint "invoice_counter_pkey" primary key ("account_id"));`,
    );

    this.addSql(
      `create table "learner" ("id" uuid not null, "account_id" uuid not null, "student_number" varchar(30) not null, "first_name" varchar(100) not null, "last_name" varchar(100) not null, "preferred_name" varchar(100) null, "email" varchar(254) null, "phone" varchar(50) null, "date_of_birth" date null, "street" varchar(200) null, "suburb" varchar(100) null, "state" varchar(50) null, "postcode" varchar(20) null, "country" varchar(100) null, "search_text" text generated always as (lower(first_name || ' ' || last_name || ' ' || coalesce(preferred_name, ''::character varying) || ' ' || coalesce(email, ''::character varying) || ' ' || student_number)) stored not null, "sync_to_xero" boolean not null default true, "archived" boolean not null default false, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "learner_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "learner_search_trgm" on "learner" using gin ("search_text" gin_trgm_ops);`);
    this.addSql(
      `create index "learner_account_id_student_number_id_index" on "learner" ("account_id", "student_number", "id");`,
    );
    this.addSql(
      `create index "learner_account_id_email_id_index" on "learner" ("account_id", "email", "id");`,
    );
    this.addSql(
      `create index "learner_account_id_created_at_index" on "learner" ("account_id", "created_at");`,
    );
    this.addSql(
      `create index "learner_account_id_last_name_first_name_id_index" on "learner" ("account_id", "last_name", "first_name", "id");`,
    );
    this.addSql(
      `alter table "learner" add constraint "learner_account_id_student_number_unique" unique ("account_id", "student_number");`,
    );

    this.addSql(
      `create table "invoice" ("id" uuid not null, "account_id" uuid not null, "learner_id" uuid not null, "number" varchar(50) not null, "issue_date" date not null, "due_date" date not null, "currency" varchar(3) not null, "status" text check ("status" in ('draft', 'awaiting_payment', 'paid', 'voided')) not null, "reference" varchar(255) null, "subtotal_cents" int not null, "tax_cents" int not null, "total_cents" int not null, "amount_paid_cents" int not null, "amount_due_cents" int not null, "origin" text check ("origin" in ('lrm', 'xero')) not null, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "invoice_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "invoice_learner_id_index" on "invoice" ("learner_id");`);
    this.addSql(
      `create index "invoice_account_id_status_issue_date_index" on "invoice" ("account_id", "status", "issue_date");`,
    );
    this.addSql(
      `create index "invoice_account_id_issue_date_number_index" on "invoice" ("account_id", "issue_date", "number");`,
    );
    this.addSql(
      `alter table "invoice" add constraint "invoice_account_id_number_unique" unique ("account_id", "number");`,
    );

    this.addSql(
      `create table "invoice_line" ("id" uuid not null, "invoice_id" uuid not null, "position" int not null, "description" varchar(500) not null, "quantity" int not null, "unit_amount_cents" int not null, "account_code" varchar(20) null, "tax_type" text check ("tax_type" in ('OUTPUT', 'EXEMPTOUTPUT', 'BASEXCLUDED')) null, "line_amount_cents" int not null, "tax_cents" int not null, constraint "invoice_line_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "invoice_line_invoice_id_position_index" on "invoice_line" ("invoice_id", "position");`,
    );

    this.addSql(
      `create table "learner_counter" ("account_id" uuid not null, "next_value" int not null default 1, constraint "learner_counter_pkey" primary key ("account_id"));`,
    );

    this.addSql(
      `create table "payment" ("id" uuid not null, "account_id" uuid not null, "invoice_id" uuid not null, "amount_cents" int not null, "date" date not null, "reference" varchar(255) null, "source" text check ("source" in ('lrm', 'xero')) not null default 'lrm', "external_id" varchar(64) null, "status" text check ("status" in ('active', 'deleted')) not null default 'active', "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "payment_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "payment_account_id_external_id_index" on "payment" ("account_id", "external_id");`,
    );
    this.addSql(`create index "payment_invoice_id_index" on "payment" ("invoice_id");`);

    this.addSql(
      `alter table "invoice_counter" add constraint "invoice_counter_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "learner" add constraint "learner_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "invoice" add constraint "invoice_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "invoice" add constraint "invoice_learner_id_foreign" foreign key ("learner_id") references "learner" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "invoice_line" add constraint "invoice_line_invoice_id_foreign" foreign key ("invoice_id") references "invoice" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "learner_counter" add constraint "learner_counter_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "payment" add constraint "payment_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "payment" add constraint "payment_invoice_id_foreign" foreign key ("invoice_id") references "invoice" ("id") on update cascade on delete cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "invoice" drop constraint "invoice_learner_id_foreign";`);

    this.addSql(`alter table "invoice_line" drop constraint "invoice_line_invoice_id_foreign";`);

    this.addSql(`alter table "payment" drop constraint "payment_invoice_id_foreign";`);

    this.addSql(`drop table if exists "invoice_counter" cascade;`);

    this.addSql(`drop table if exists "learner" cascade;`);

    this.addSql(`drop table if exists "invoice" cascade;`);

    this.addSql(`drop table if exists "invoice_line" cascade;`);

    this.addSql(`drop table if exists "learner_counter" cascade;`);

    this.addSql(`drop table if exists "payment" cascade;`);
  }
}
